import type { IntegrationRequest } from '@egov/schema/client';
import type { ArtifactIndex } from '../plugin-artifact/artifact.ts';
import type { ServiceManifest } from '@egov/sdk';
import { checkCatalog, type CheckResult } from './report.ts';

/** Checks the sandbox always reports for a package that passes; a report without one is not believed. */
const requiredChecks = [
  'PKG.FILES',
  'PKG.DEPS',
  'PKG.ENTRY',
  'MANIFEST.SCHEMA',
  'MANIFEST.VERSION',
  'SDK.COMPAT',
  'FORMS.FILES',
  'FIXTURES.REPLAY',
  'SCHEMA.DIFF',
  'SCHEMA.NAMES',
  'BUNDLE.CONFINED',
  'CAP.FS',
  'CAP.NET',
  'CAP.PROCESS',
  'CAP.ENV',
  'CAP.DYNAMIC_CODE',
  'CAP.PROTOTYPE',
  'TRIAL.RUN',
  'PKG.DIGEST',
  'ARTIFACT.DIGEST',
];

/** How a manifest differs from what the request names (code, agency, level, version); empty when it does not. */
export function manifestMismatch(request: IntegrationRequest, agencyCode: string, manifest: ServiceManifest): string[] {
  return [
    manifest.code !== request.serviceCode && `manifest code ${manifest.code} is not the requested ${request.serviceCode}`,
    manifest.agency !== agencyCode && `manifest agency ${manifest.agency} is not the requesting agency ${agencyCode}`,
    manifest.level !== request.level && `manifest level ${manifest.level} is not the requested level ${request.level}`,
    manifest.version !== request.version && `manifest version ${manifest.version} is not the filed version ${request.version}`,
  ].filter((problem): problem is string => typeof problem === 'string');
}

/**
 * What the platform checks itself, not taking the sandbox's word: the package's files are
 * still the ones filed, the artifact the sandbox built (verified against its digest, read as
 * data) is of those files and holds the service, agency, level and version asked for, and a
 * passing report holds every check it must.
 */
export function requestMatch(
  request: IntegrationRequest,
  agencyCode: string,
  facts: { digest: string; artifact: ArtifactIndex | null; artifactProblem: string | null; reportedIds: readonly string[]; live: boolean },
): CheckResult {
  const details: string[] = [];
  if (facts.digest !== request.packageDigest)
    details.push(`the package changed since it was filed (sha256 ${facts.digest || 'unreadable'}, filed ${request.packageDigest})`);
  const manifest = facts.artifact?.manifest;
  if (!facts.artifact || !manifest)
    details.push(`no checked artifact to compare with the request${facts.artifactProblem ? `: ${facts.artifactProblem}` : ''}`);
  else {
    if (facts.artifact.packageDigest !== request.packageDigest)
      details.push(`the artifact was built from other files (sha256 ${facts.artifact.packageDigest}, filed ${request.packageDigest})`);
    details.push(...manifestMismatch(request, agencyCode, manifest));
    const required = [
      ...requiredChecks,
      ...(facts.live ? ['VERSION.MONOTONIC'] : []),
      ...(manifest.hooks ? ['HOOKS.MODULE', 'HOOKS.BUDGET', 'HOOKS.ANSWERS'] : []),
    ];
    const missing = required.filter((id) => !facts.reportedIds.includes(id));
    if (missing.length) details.push(`the sandbox report lacks ${missing.join(', ')}`);
  }
  return { id: 'REQUEST.MATCH', title: checkCatalog['REQUEST.MATCH'].title.en, severity: 'error', passed: details.length === 0, details };
}
