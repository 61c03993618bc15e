import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { digestPackage, HookFailure, runValidateHook } from '@egov/core';
import { scanCapabilities, type Capability } from './capability-scan.ts';
import { checkFixtures, SDK_VERSION, validateManifest, type ServiceManifest } from '@egov/core/sdk';
import semver from 'semver';

export type Severity = 'error' | 'warning' | 'info';

/** One check's outcome. `id` is stable: reports, tests and people refer to it. */
export interface CheckResult {
  id: string;
  title: string;
  severity: Severity;
  passed: boolean;
  details: string[];
}

export interface SandboxReport {
  packagePath: string;
  packageName: string | null;
  code: string | null;
  version: string | null;
  /** SHA-256 over the package's files (path and content), recorded for integrity. */
  digest: string;
  checks: CheckResult[];
  /** PASSED unless an error-severity check failed. */
  verdict: 'PASSED' | 'FAILED';
}

interface PackageJson {
  name?: string;
  version?: string;
  main?: string;
  exports?: string | { '.'?: string };
}

const result = (id: string, title: string, severity: Severity, details: string[]): CheckResult => ({
  id,
  title,
  severity,
  passed: details.length === 0,
  details,
});

/**
 * Runs the sandbox checks on a plugin package folder. These are the checks that need no
 * running platform; each has a stable ID and a severity, and the verdict fails on any error.
 */
export async function checkPackage(packageDir: string): Promise<SandboxReport> {
  const dir = resolve(packageDir);
  const checks: CheckResult[] = [];
  const { digest, files } = await digestPackage(dir);
  const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8').catch(() => '{}')) as PackageJson;

  // PKG.ENTRY: the package names an entry and its default export is the manifest.
  let exported: unknown;
  const entryProblems: string[] = [];
  const entry = (typeof pkg.exports === 'string' ? pkg.exports : pkg.exports?.['.']) ?? pkg.main;
  if (!pkg.name || !pkg.version) entryProblems.push('package.json must have a name and a version');
  if (!entry) entryProblems.push('package.json must name its entry in "exports" or "main"');
  else {
    try {
      exported = ((await import(pathToFileURL(join(dir, entry)).href)) as { default?: unknown }).default;
      if (exported === undefined) entryProblems.push(`${entry} has no default export`);
    } catch (error) {
      entryProblems.push(`${entry} cannot be imported: ${(error as Error).message}`);
    }
  }
  checks.push(result('PKG.ENTRY', 'Package entry exports a manifest', 'error', entryProblems));

  // MANIFEST.SCHEMA: the one manifest schema, with R4.4 completeness, the level ladder and R11.4.
  const validated = exported === undefined ? null : validateManifest(exported);
  checks.push(
    result(
      'MANIFEST.SCHEMA',
      'Manifest complete and consistent (R4.4, R4.5, R11.4, levels)',
      'error',
      validated === null ? ['no manifest to check'] : validated.ok ? [] : validated.issues.map((i) => `${i.path}: ${i.message}`),
    ),
  );
  const manifest: ServiceManifest | null = validated?.ok ? validated.manifest : null;

  if (manifest) {
    checks.push(
      result('MANIFEST.VERSION', 'Manifest version equals package.json version', 'error',
        manifest.version === pkg.version ? [] : [`manifest says ${manifest.version}, package.json says ${pkg.version}`]),
    );
    checks.push(
      result('SDK.COMPAT', `Written for this plugin SDK (${SDK_VERSION})`, 'error',
        semver.satisfies(SDK_VERSION, manifest.sdk) ? [] : [`sdk range ${manifest.sdk} does not include ${SDK_VERSION}`]),
    );
    const missing: string[] = [];
    for (const form of manifest.forms) {
      if (!form.file) continue;
      const size = await stat(join(dir, form.file)).then((s) => (s.isFile() ? s.size : -1), () => -1);
      if (size <= 0) missing.push(`forms "${form.code}": ${form.file} is missing or empty`);
    }
    checks.push(result('FORMS.FILES', 'Downloadable form files are in the package', 'error', missing));
    if (manifest.hooks) {
      const hooks = manifest.hooks;
      const present = await stat(join(dir, hooks)).then((s) => s.isFile(), () => false);
      checks.push(result('HOOKS.MODULE', 'The hooks module is in the package', 'error', present ? [] : [`hooks: ${hooks} is missing`]));
    }
    checks.push(
      result('FIXTURES.REPLAY', 'Sample submissions behave as declared', 'error',
        checkFixtures(manifest).filter((f) => !f.passed).map((f) => `${f.name}: ${f.detail}`)),
    );
  }
  // Static capability scan: one check per capability, each failing on any use.
  const findings = await scanCapabilities(dir);
  const capabilities: [Capability, string][] = [
    ['CAP.FS', 'No file-system access'],
    ['CAP.NET', 'No network access'],
    ['CAP.PROCESS', 'No processes, threads or process object'],
    ['CAP.ENV', 'No environment variables'],
    ['CAP.DYNAMIC_CODE', 'No eval, Function or run-time module loading'],
    ['CAP.PROTOTYPE', 'No changes to built-in prototypes'],
  ];
  for (const [id, title] of capabilities) {
    checks.push(result(id, title, 'error', findings.filter((f) => f.capability === id).map((f) => `${f.file}:${f.line}: ${f.what}`)));
  }

  // Hooks under budget: the validate hook runs on every fixture within the time and memory limits.
  if (manifest?.hooks) {
    const problems: string[] = [];
    for (const fixture of manifest.fixtures) {
      try {
        await runValidateHook(dir, manifest.hooks, fixture.formData, { today: new Date().toISOString().slice(0, 10) }, { timeoutMs: 2000, memoryMb: 64 });
      } catch (error) {
        problems.push(`${fixture.name}: ${error instanceof HookFailure ? error.message : String(error)}`);
      }
    }
    checks.push(result('HOOKS.BUDGET', 'Hooks answer every fixture within 2 s and 64 MB', 'error', problems));
  }
  checks.push(result('PKG.DIGEST', `Package digest recorded (${files} files)`, 'info', []));

  return {
    packagePath: packageDir,
    packageName: pkg.name ?? null,
    code: manifest?.code ?? null,
    version: manifest?.version ?? null,
    digest,
    checks,
    verdict: checks.some((c) => c.severity === 'error' && !c.passed) ? 'FAILED' : 'PASSED',
  };
}

export function formatReport(report: SandboxReport): string {
  const lines = [
    `Sandbox report for ${report.packageName ?? report.packagePath}${report.code ? ` (${report.code}@${report.version})` : ''}`,
    `digest sha256:${report.digest}`,
    ...report.checks.flatMap((c) => [
      `${c.passed ? 'PASS' : c.severity === 'error' ? 'FAIL' : 'WARN'}  ${c.id.padEnd(16)} ${c.title}`,
      ...c.details.map((d) => `      ${d}`),
    ]),
    `verdict: ${report.verdict}`,
  ];
  return lines.join('\n');
}
