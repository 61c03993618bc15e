import { z } from 'zod';
import { manifestSchema, SDK_VERSION } from './manifest.ts';

/**
 * The manifest as a JSON Schema (draft 2020-12), for editors and tools: what `defineService`
 * takes, with each field's description. The rules a JSON Schema cannot say (a fee online never
 * above the fee in person, the level ladder, patterns RE2 can compile ...) are checked by
 * `validateManifest` only. Written to `sdk/manifest.schema.json` by `pnpm --filter @egov/sdk
 * json-schema`.
 */
export function manifestJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(manifestSchema, { io: 'input', unrepresentable: 'any' });
  return {
    $schema: schema.$schema,
    $id: `https://dichvucong.danang.gov.vn/schemas/plugin-manifest-${SDK_VERSION}.json`,
    title: `Service manifest (@egov/sdk ${SDK_VERSION})`,
    description: 'The default export of a service plugin package: defineService({ … }).',
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
}
