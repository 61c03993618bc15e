import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import {
  assembleArtifact,
  baseSchema,
  bundlePackageModule,
  BundleError,
  buildPluginPackage,
  checkCatalog,
  checkOutcome,
  checkTitle,
  digestPackage,
  evaluateManifest,
  formFiles,
  HookFailure,
  insideFolder,
  localDate,
  ManifestLoadError,
  packageEntry,
  readArtifactFolder,
  readPackageJson,
  reportVerdict,
  runValidateHook,
  schemaWithServices,
  writeArtifactFolder,
  type Artifact,
  type Bundle,
  type CheckId,
  type CheckResult,
  type Language,
  type PackageJson,
  type SandboxReport,
  type Severity,
} from '@egov/core';
import {
  checkFixtures,
  formKeys,
  hookErrorCode,
  SDK_VERSION,
  validateManifest,
  type HookFieldError,
  type ServiceManifest,
} from '@egov/sdk';
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { RE2JS } from 're2js';
import semver from 'semver';
import { scanCapabilities, type Capability } from './capability-scan.ts';
import { formTemplateProblems } from './form-templates.ts';
import { schemaNamesCheck } from './schema-names.ts';

// The report types live in core (the server stores and renders reports); re-exported for the
// sandbox's own modules and its index.
export type { CheckResult, SandboxReport, Severity } from '@egov/core';

export interface CheckOptions {
  /**
   * The version in production, for VERSION.MONOTONIC and SCHEMA.DIFF: its manifest as the
   * platform stored it, or a path: a JSON file holding that manifest, an artifact folder, or a
   * package folder (built like the candidate). Without it there is nothing to compare and those
   * checks say so.
   */
  live?: string | ServiceManifest;
  /** Where to write the artifact when the package passes (a folder that does not exist yet). */
  artifactOut?: string;
  /** Called as each check finishes, in report order (the CLI streams them). */
  onProgress?: (check: CheckResult) => void;
  /**
   * The trial run (TRIAL.RUN, R13.4): installs the candidate on a throw-away platform and runs
   * a dossier journey. Called only when a valid manifest was found and no error-severity check
   * failed before it, so code already found hostile is not run further.
   */
  trial?: (artifact: Artifact) => Promise<CheckResult>;
}

/** A check from the catalog, its English title, passed when it found nothing. */
const result = (id: CheckId, severity: Severity, details: string[]): CheckResult => ({
  id,
  title: checkCatalog[id].title.en,
  severity,
  passed: details.length === 0,
  details,
});

/** A passed check that still has something to say (info checks). */
const note = (id: CheckId, severity: Severity, details: string[]): CheckResult => ({ ...result(id, severity, []), details });

/**
 * Runs the sandbox checks on a plugin package folder. These are the checks that need no
 * running platform (plus the trial run when `options.trial` is given); each has a stable ID
 * and a severity, and the verdict fails on any failed error check.
 */
export async function checkPackage(packageDir: string, options: CheckOptions = {}): Promise<SandboxReport> {
  const dir = resolve(packageDir);
  const checks: CheckResult[] = [];
  const add = (check: CheckResult) => {
    checks.push(check);
    options.onProgress?.(check);
  };
  const tree = await walk(dir);
  // The digest reads every file: not through a link, which could lead to /dev/zero or a folder.
  const { digest, files } = tree.odd.length === 0 ? await digestPackage(dir) : { digest: '', files: tree.files.length };
  const pkg = await readPackageJson(dir);

  // Package hygiene first, before any of its code is bundled or run.
  add(result('PKG.FILES', 'error', undeclaredFiles(tree, pkg)));
  add(result('PKG.DEPS', 'error', await dependencyProblems(dir, pkg)));

  // PKG.ENTRY: the package names an entry inside it; bundled (confined to the package) and run
  // in a runner process, its default export is the manifest. Only data comes back.
  const confinement: string[] = [];
  const bundles: Bundle[] = [];
  const bundle = async (file: string): Promise<Bundle> => {
    try {
      const made = await bundlePackageModule(dir, file);
      bundles.push(made);
      return made;
    } catch (error) {
      if (error instanceof BundleError) confinement.push(...error.refused);
      throw error;
    }
  };
  let exported: unknown;
  const entryProblems: string[] = [];
  const entry = packageEntry(pkg)?.replace(/^(\.\/)+/, '');
  if (!pkg?.name || !pkg.version) entryProblems.push('package.json must have a name and a version');
  if (!entry) entryProblems.push('package.json must name its entry in "exports" or "main"');
  else if (!insideFolder(dir, resolve(dir, entry))) entryProblems.push(`the entry ${entry} is outside the package`);
  else {
    try {
      exported = await evaluateManifest(await bundle(entry));
    } catch (error) {
      entryProblems.push(
        error instanceof BundleError
          ? bundleProblem(entry, error)
          : error instanceof ManifestLoadError
            ? error.message
            : `${entry} cannot be imported: ${(error as Error).message}`,
      );
    }
  }
  add(result('PKG.ENTRY', 'error', entryProblems));

  // MANIFEST.SCHEMA: the one manifest schema, with R4.4 completeness, the level ladder and R11.4.
  const validated = exported === undefined ? null : validateManifest(exported);
  add(
    result(
      'MANIFEST.SCHEMA',
      'error',
      validated === null ? ['no manifest to check'] : validated.ok ? [] : validated.issues.map((i) => `${i.path}: ${i.message}`),
    ),
  );
  const manifest: ServiceManifest | null = validated?.ok ? validated.manifest : null;

  let hooks: Bundle | null = null;
  let forms: Map<string, Buffer> | null = null;
  if (manifest) {
    add(
      result(
        'MANIFEST.VERSION',
        'error',
        manifest.version === pkg?.version ? [] : [`manifest says ${manifest.version}, package.json says ${pkg?.version}`],
      ),
    );
    const live = options.live === undefined ? undefined : await liveManifest(options.live);
    if (live) add(result('VERSION.MONOTONIC', 'error', versionProblems(manifest, live)));
    add(
      result(
        'SDK.COMPAT',
        'error',
        semver.satisfies(SDK_VERSION, manifest.sdk) ? [] : [`sdk range ${manifest.sdk} does not include ${SDK_VERSION}`],
      ),
    );
    const missing: string[] = [];
    for (const form of manifest.forms) {
      if (!form.file) continue;
      const size = await stat(join(dir, form.file)).then(
        (s) => (s.isFile() ? s.size : -1),
        () => -1,
      );
      if (size <= 0) missing.push(`forms "${form.code}": ${form.file} is missing or empty`);
    }
    missing.push(...(await formTemplateProblems(dir, manifest)));
    if (missing.length === 0) {
      try {
        forms = await formFiles(dir, manifest);
      } catch (error) {
        missing.push((error as Error).message);
      }
    }
    add(result('FORMS.FILES', 'error', missing));
    if (manifest.hooks) {
      const hooksFile = manifest.hooks;
      const problems: string[] = [];
      if (
        !(await stat(join(dir, hooksFile)).then(
          (s) => s.isFile(),
          () => false,
        ))
      )
        problems.push(`hooks: ${hooksFile} is missing`);
      else {
        try {
          hooks = await bundle(hooksFile);
        } catch (error) {
          if (!(error instanceof BundleError)) throw error;
          // A Node built-in it imports is the static scan's finding (CAP.*), with file and line.
          if (error.refused.length > 0 || error.problems.some((p) => !p.startsWith('capability denied: imports')))
            problems.push(bundleProblem(hooksFile, error));
        }
      }
      add(result('HOOKS.MODULE', 'error', problems));
    }
    add(
      live
        ? await schemaDiff(live, manifest)
        : note('SCHEMA.DIFF', 'info', ['no version in production given (--live): nothing to compare']),
    );
    add(schemaNamesCheck(manifest));
  }

  // BUNDLE.CONFINED: what the bundles read is the package's own source, and every file of it is
  // one the package lists and this check scans (below): what is checked is what runs.
  const listed = new Set(tree.files.map((f) => f.split(sep).join('/')));
  for (const made of bundles)
    for (const file of made.files) if (!listed.has(file)) confinement.push(`${file}: bundled, but not a file of the package`);
  add(result('BUNDLE.CONFINED', 'error', [...new Set(confinement)]));

  // Static capability scan: one check per capability, each failing on any use.
  const findings = await scanCapabilities(dir);
  const capabilities: Capability[] = ['CAP.FS', 'CAP.NET', 'CAP.PROCESS', 'CAP.ENV', 'CAP.DYNAMIC_CODE', 'CAP.PROTOTYPE'];
  for (const id of capabilities) {
    add(
      result(
        id,
        'error',
        findings.filter((f) => f.capability === id).map((f) => `${f.file}:${f.line}: ${f.what}`),
      ),
    );
  }

  // Hooks under budget: the validate hook runs on every fixture within the time and memory
  // limits. Not when the scan found the package reaching for capabilities: code already found
  // hostile is not run (the runner would deny it anyway, and report it a second time).
  // Nor when a link may bring in code the scan did not read.
  // What the hooks answer each fixture is part of replaying it (FIXTURES.REPLAY, below).
  let hookAnswers: (HookFieldError[] | undefined)[] | undefined;
  if (manifest?.hooks && hooks && findings.length === 0 && tree.odd.length === 0) {
    const problems: string[] = [];
    hookAnswers = [];
    for (const fixture of manifest.fixtures) {
      try {
        hookAnswers.push(
          await runValidateHook(hooks, fixture.formData, { today: localDate(new Date()) }, { timeoutMs: 2000, memoryMb: 64 }),
        );
      } catch (error) {
        hookAnswers.push(undefined);
        problems.push(`${fixture.name}: ${error instanceof HookFailure ? error.message : String(error)}`);
      }
    }
    add(result('HOOKS.BUDGET', 'error', problems));
    // What the hooks answer reaches citizens and client apps: problems of fields the e-form has,
    // with codes of one shape (the shape a fixture may expect).
    const keys = formKeys(manifest.form);
    const odd = new Set<string>();
    manifest.fixtures.forEach((fixture, i) => {
      for (const p of hookAnswers?.[i] ?? []) {
        if (!keys.has(p.field))
          odd.add(`${fixture.name}: the hooks name the field "${p.field.slice(0, 64)}", which the e-form does not have`);
        if (p.code !== undefined && !hookErrorCode.test(p.code))
          odd.add(`${fixture.name}: the hooks' code "${p.code}" is not upper-case letters, digits and _ (such as UNDERAGE)`);
      }
    });
    add(result('HOOKS.ANSWERS', 'error', [...odd]));
  }
  if (manifest)
    add(
      result(
        'FIXTURES.REPLAY',
        'error',
        checkFixtures(manifest, hookAnswers)
          .filter((f) => !f.passed)
          .map((f) => `${f.name}: ${f.detail}`),
      ),
    );
  // The artifact: exactly what was checked, what the trial run installs and production runs.
  const artifact =
    manifest && forms && (!manifest.hooks || hooks) && digest && pkg?.name
      ? assembleArtifact({ manifest, packageName: pkg.name, packageDigest: digest, hooks, files: forms })
      : null;
  if (artifact && options.trial && reportVerdict(checks) === 'PASSED') add(await options.trial(artifact));
  add(
    digest
      ? note('PKG.DIGEST', 'info', [`sha256:${digest} over ${files} files`])
      : result('PKG.DIGEST', 'info', ['not computed: the package has links or special files (PKG.FILES)']),
  );
  const passed = reportVerdict(checks) === 'PASSED';
  if (artifact && passed) {
    if (options.artifactOut) await writeArtifactFolder(options.artifactOut, artifact);
    add(
      note('ARTIFACT.DIGEST', 'info', [
        `sha256:${artifact.digest}`,
        `manifest sha256:${artifact.index.manifestDigest}`,
        ...(artifact.index.hooks
          ? [`hooks ${artifact.index.hooks.source}: sha256:${artifact.index.hooks.sha256} (${artifact.index.hooks.bytes} bytes)`]
          : []),
        ...Object.entries(artifact.index.files).map(([path, part]) => `${path}: sha256:${part.sha256} (${part.bytes} bytes)`),
      ]),
    );
  }

  return {
    packagePath: packageDir,
    packageName: pkg?.name ?? null,
    code: manifest?.code ?? null,
    version: manifest?.version ?? null,
    title: manifest?.title ?? null,
    manifest,
    digest,
    artifactDigest: artifact && passed ? artifact.digest : null,
    checks,
    verdict: reportVerdict(checks),
  };
}

/** A bundling failure in one line: what was refused (BUNDLE.CONFINED lists them all), else the first problem. */
function bundleProblem(file: string, error: BundleError): string {
  if (error.refused.length > 0) return `${file} reads what is not its own source (see BUNDLE.CONFINED)`;
  return `${file} cannot be bundled: ${error.problems[0] ?? error.message}`;
}

// ---- PKG.FILES -------------------------------------------------------------------------

/** The package's files as digestPackage walks them (the top-level node_modules and .git left out), with symlinks and other non-files apart. */
async function walk(dir: string, base = dir): Promise<{ files: string[]; odd: string[] }> {
  const files: string[] = [];
  const odd: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (dir === base && (entry.name === 'node_modules' || entry.name === '.git')) continue;
    const path = join(dir, entry.name);
    const rel = relative(base, path);
    if (entry.isSymbolicLink()) odd.push(`${rel}: a symbolic link (it could point outside the package)`);
    else if (entry.isDirectory()) {
      const nested = await walk(path, base);
      files.push(...nested.files);
      odd.push(...nested.odd);
    } else if (entry.isFile()) files.push(rel);
    else odd.push(`${rel}: not a regular file`);
  }
  return { files: files.sort(), odd: odd.sort() };
}

/** npm includes these whatever "files" says. */
const alwaysIncluded = /^(package\.json|(readme|license|licence|changelog)(\.[^/]*)?)$/i;

/** A path without backslashes, leading `./` and trailing slashes (no regular expression: this is the package's data). */
function normalize(path: string): string {
  let clean = path.replaceAll('\\', '/');
  while (clean.startsWith('./')) clean = clean.slice(2);
  let end = clean.length;
  while (end > 0 && clean[end - 1] === '/') end--;
  return clean.slice(0, end);
}

/** The most "files" entries and characters per entry a package.json may have. */
const MAX_FILES_ENTRIES = 200;
const MAX_FILES_ENTRY_LENGTH = 300;

/**
 * An npm "files" entry (a file, a folder, or a simple glob with `*`, `**`, `?`) as a test on a
 * relative path. Globs are matched with RE2 (linear time): "files" is the package's data, and a
 * glob such as `**a**a**a…b` would take exponential time with a backtracking engine.
 */
function filesEntry(pattern: string): (file: string) => boolean {
  const clean = normalize(pattern);
  if (!clean.includes('*') && !clean.includes('?')) return (file) => file === clean || file.startsWith(`${clean}/`);
  const glob = new Map([
    ['**/', '(?:.*/)?'],
    ['**', '.*'],
    ['*', '[^/]*'],
    ['?', '[^/]'],
  ]);
  const source = clean
    .split(/(\*\*\/?|\*|\?)/)
    .map((part) => glob.get(part) ?? part.replace(/[.+^${}()|[\]\\]/g, '\\$&'))
    .join('');
  const regex = RE2JS.compile(`(?:${source})(?:/.*)?`); // a matched folder brings its contents
  return (file) => regex.testExact(file);
}

/** R13.4: a package holds what it declares and nothing else (no stray secrets, scripts or binaries). */
function undeclaredFiles({ files, odd }: { files: string[]; odd: string[] }, pkg: PackageJson | null): string[] {
  const declared = pkg?.files;
  if (!Array.isArray(declared) || declared.length === 0 || !declared.every((f): f is string => typeof f === 'string'))
    return ['package.json must list the package\'s files in "files"', ...odd];
  if (declared.length > MAX_FILES_ENTRIES || declared.some((f) => f.length > MAX_FILES_ENTRY_LENGTH))
    return [`"files" may have at most ${MAX_FILES_ENTRIES} entries of at most ${MAX_FILES_ENTRY_LENGTH} characters`, ...odd];
  const include = declared.filter((f) => !f.startsWith('!')).map(filesEntry);
  const exclude = declared.filter((f) => f.startsWith('!')).map((f) => filesEntry(f.slice(1)));
  if (pkg?.main) include.push(filesEntry(pkg.main));
  const covered = (file: string) =>
    alwaysIncluded.test(file) || (include.some((test) => test(file)) && !exclude.some((test) => test(file)));
  return [...odd, ...files.filter((file) => !covered(file.replace(/\\/g, '/'))).map((file) => `${file}: not declared in "files"`)];
}

// ---- PKG.DEPS --------------------------------------------------------------------------

/**
 * The only package a plugin may depend on: the SDK, which the platform provides (a peer
 * dependency: the platform's own copy is used). `@egov/core` is the name packages written
 * before the SDK was a package of its own depend on.
 */
const SDK_PACKAGES = ['@egov/sdk', '@egov/core'];
const SDK_PACKAGE = SDK_PACKAGES[0]!;
const lifecycleScripts = [
  'preinstall',
  'install',
  'postinstall',
  'preprepare',
  'prepare',
  'postprepare',
  'prepublish',
  'prepack',
  'postpack',
];

/** Dependencies would bring code nobody checked; install scripts run it at install time. devDependencies are never installed. */
async function dependencyProblems(dir: string, pkg: PackageJson | null): Promise<string[]> {
  if (!pkg) return [];
  const problems: string[] = [];
  for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies'] as const) {
    const deps = pkg[field];
    for (const name of deps && typeof deps === 'object' ? Object.keys(deps) : []) {
      if (!SDK_PACKAGES.includes(name)) problems.push(`${field}: ${name} (only ${SDK_PACKAGE} is allowed)`);
    }
  }
  for (const field of ['bundledDependencies', 'bundleDependencies'] as const) {
    const bundled = pkg[field];
    const names = bundled === true ? Object.keys(pkg.dependencies ?? {}) : Array.isArray(bundled) ? bundled.map(String) : [];
    for (const name of names) if (!SDK_PACKAGES.includes(name)) problems.push(`${field}: ${name} (only ${SDK_PACKAGE} is allowed)`);
  }
  for (const script of lifecycleScripts) {
    if (pkg.scripts && Object.hasOwn(pkg.scripts, script)) problems.push(`scripts.${script}: install-time scripts are not allowed`);
  }
  // npm runs `node-gyp rebuild` on install for a package with a binding.gyp, script or not.
  if (
    await stat(join(dir, 'binding.gyp')).then(
      () => true,
      () => false,
    )
  )
    problems.push('binding.gyp: native builds at install time are not allowed');
  return problems;
}

// ---- VERSION.MONOTONIC and SCHEMA.DIFF ----------------------------------------------------

type Live = { manifest: ServiceManifest } | { error: string };

async function liveManifest(live: string | ServiceManifest): Promise<Live> {
  if (typeof live !== 'string') {
    const validated = validateManifest(live);
    return validated.ok ? { manifest: validated.manifest } : { error: 'the manifest in production is not valid' };
  }
  try {
    const path = resolve(live);
    if (path.endsWith('.json')) return liveManifest(JSON.parse(await readFile(path, 'utf8')) as ServiceManifest);
    if (
      await stat(join(path, 'artifact.json')).then(
        () => true,
        () => false,
      )
    )
      return { manifest: (await readArtifactFolder(path)).index.manifest };
    return { manifest: (await buildPluginPackage(dirname(path), basename(path))).manifest };
  } catch (error) {
    return { error: `the package in production (${live}) cannot be loaded: ${(error as Error).message.split('\n')[0]}` };
  }
}

/** An update (R7.1) is the same service under a higher version than production's. */
function versionProblems(candidate: ServiceManifest, live: Live): string[] {
  if ('error' in live) return [live.error];
  const problems: string[] = [];
  if (candidate.code !== live.manifest.code) problems.push(`code ${candidate.code} is not the code in production, ${live.manifest.code}`);
  if (!semver.gt(candidate.version, live.manifest.version))
    problems.push(`version ${candidate.version} is not greater than the version in production, ${live.manifest.version}`);
  return problems;
}

/** Whether `to` may break `from`'s API under semver: a new major version (or a new minor one before 1.0.0). */
const isMajorBump = (from: string, to: string) =>
  semver.major(to) > semver.major(from) || (semver.major(from) === 0 && semver.major(to) === 0 && semver.minor(to) > semver.minor(from));

/**
 * The GraphQL API the version would add (its typed `submit<Service>` mutation and form input
 * type) compared with production's. A breaking change fails the check unless the version is a
 * new major one, like any public API; then it stays listed as a warning for client
 * developers, as do dangerous changes.
 */
async function schemaDiff(live: Live, candidate: ServiceManifest): Promise<CheckResult> {
  if ('error' in live) return result('SCHEMA.DIFF', 'error', [live.error]);
  const before = live.manifest;
  if (before.code !== candidate.code)
    return note('SCHEMA.DIFF', 'info', [`the version in production is another service (${before.code}): nothing to compare`]);
  const changes = await diff(schemaWithServices(baseSchema, [before]), schemaWithServices(baseSchema, [candidate]));
  const breaking = changes.filter((c) => c.criticality.level === CriticalityLevel.Breaking).map((c) => `breaking: ${c.message}`);
  const dangerous = changes.filter((c) => c.criticality.level === CriticalityLevel.Dangerous).map((c) => `dangerous: ${c.message}`);
  if (breaking.length === 0) return result('SCHEMA.DIFF', dangerous.length > 0 ? 'warning' : 'error', dangerous);
  const versions = `${before.version} → ${candidate.version}`;
  return isMajorBump(before.version, candidate.version)
    ? result('SCHEMA.DIFF', 'warning', [
        ...breaking,
        ...dangerous,
        `${versions} is a new major version: tell client developers about the breaking changes`,
      ])
    : result('SCHEMA.DIFF', 'error', [...breaking, ...dangerous, `a breaking change needs a new major version; ${versions} is not one`]);
}

// ---- output ------------------------------------------------------------------------------

const label = { passed: 'PASS', failed: 'FAIL', warning: 'WARN' } as const;

/** The report as people read it in a terminal, check titles in the given language. */
export function formatReport(report: SandboxReport, language: Language = 'en'): string {
  const lines = [
    `Sandbox report for ${report.packageName ?? report.packagePath}${report.code ? ` (${report.code}@${report.version})` : ''}`,
    `digest sha256:${report.digest}`,
    ...report.checks.flatMap((c) => [
      `${label[checkOutcome(c)]}  ${c.id.padEnd(17)} ${checkTitle(c, language)}`,
      ...c.details.map((d) => `      ${d}`),
    ]),
    `verdict: ${report.verdict}`,
  ];
  return lines.join('\n');
}
