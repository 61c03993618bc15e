import { baseSchema, checkCatalog, coreNameClashes, type CheckResult } from '@egov/core';
import type { ServiceManifest } from '@egov/sdk';

/**
 * SCHEMA.NAMES: the names the service would add to the GraphQL API (its `submit<Service>`
 * mutation and `<Service>FormInput` type, from its code) touch no type name or root field of
 * the core API, even in case only. Promotion refuses such a service too; this tells the agency
 * at check time, naming what to change.
 */
export function schemaNamesCheck(manifest: ServiceManifest): CheckResult {
  const details = coreNameClashes(baseSchema, manifest).map(
    ({ generated, core }) =>
      `code ${manifest.code} gives ${generated}, which touches the core API's ${core}: choose a code whose GraphQL names differ from core ones`,
  );
  return { id: 'SCHEMA.NAMES', title: checkCatalog['SCHEMA.NAMES'].title.en, severity: 'error', passed: details.length === 0, details };
}
