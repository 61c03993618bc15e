// The plugin SDK: the only part of the core a plugin package may import.
//
//   import { defineService } from '@egov/sdk';
//   export default defineService({ sdk: '^1.0.0', code: 'DNG-STP-LLTP-01', ... });
import type { ServiceManifestInput } from './manifest.ts';

export {
  SDK_VERSION,
  checkFixtures,
  hookErrorCode,
  formatManifestIssues,
  formTemplateTypes,
  manifestSchema,
  validateManifest,
} from './manifest.ts';
export { manifestLimits, type ManifestLimits } from './limits.ts';
export { matchesPattern } from './pattern.ts';
export type { FixtureOutcome, ManifestIssue, ManifestResult, ServiceManifest, ServiceManifestInput } from './manifest.ts';
export { manifestJsonSchema } from './json-schema.ts';
export { attachmentFields, fieldTypes, formKeys, validateFormData } from './form.ts';
export { defineHooks } from './hooks.ts';
export type { HookContext, HookFieldError, ServiceHooks } from './hooks.ts';
export type { AttachmentValue, FieldError, FieldErrorCode, FieldType, FormDefinition, FormField } from './form.ts';

/**
 * Declares an online service. The default export of a plugin package. Type-checks the
 * manifest while you write it; the platform validates it again (with every rule) when the
 * package is checked in the sandbox and when it is loaded.
 */
export function defineService<const M extends ServiceManifestInput>(manifest: M): M {
  return manifest;
}
