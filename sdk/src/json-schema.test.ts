import { readFileSync, readdirSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { manifestJsonSchema } from './json-schema.ts';
import { SDK_VERSION } from './manifest.ts';

const root = new URL('../../', import.meta.url);
const committed = JSON.parse(readFileSync(new URL('sdk/manifest.schema.json', root), 'utf8')) as Record<string, unknown>;

describe('the manifest JSON Schema', () => {
  it('is committed as generated (run `pnpm --filter @egov/sdk json-schema`)', () => {
    expect(committed).toEqual(manifestJsonSchema());
  });

  it('takes every manifest of this repository and refuses what the SDK refuses on its face', async () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(committed);
    const plugins = readdirSync(new URL('plugins/', root));
    expect(plugins.length).toBeGreaterThan(3);
    for (const name of plugins) {
      const manifest = ((await import(new URL(`plugins/${name}/src/index.ts`, root).href)) as { default: unknown }).default;
      expect([name, validate(manifest), validate.errors ?? null]).toEqual([name, true, null]);
      const wrong = { ...(manifest as object), level: 5, colour: 'blue' };
      expect(validate(wrong)).toBe(false);
      expect(validate.errors?.map((e) => e.instancePath || e.params)).toEqual(
        expect.arrayContaining(['/level', { additionalProperty: 'colour' }]),
      );
    }
  });

  it('names the SDK version the package.json has', () => {
    const pkg = JSON.parse(readFileSync(new URL('sdk/package.json', root), 'utf8')) as { version: string };
    expect(SDK_VERSION).toBe(pkg.version);
    expect(committed.$id).toContain(pkg.version);
  });
});
