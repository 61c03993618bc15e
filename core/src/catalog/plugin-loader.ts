import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { loadManifestIsolated, ManifestLoadError } from '../hooks/hook-runner.ts';
import { formatManifestIssues, validateManifest, type ManifestIssue, type ServiceManifest } from '../sdk/index.ts';

/** A plugin package read from disk with its manifest validated. */
export interface LoadedPlugin {
  packageName: string;
  /** The package folder, relative to the plugin root. */
  sourcePath: string;
  manifest: ServiceManifest;
  /** SHA-256 of the canonical manifest JSON. */
  manifestDigest: string;
  /** SHA-256 over the package's files, see `digestPackage`. */
  packageDigest: string;
}

export class ManifestError extends Error {
  constructor(
    readonly sourcePath: string,
    readonly issues: ManifestIssue[],
  ) {
    super(`Invalid service manifest in ${sourcePath}:\n${formatManifestIssues(issues)}`);
    this.name = 'ManifestError';
  }
}

/** JSON with object keys sorted, so equal manifests always give the same digest. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export const digestManifest = (manifest: ServiceManifest) => createHash('sha256').update(canonicalJson(manifest)).digest('hex');

/** Not the package's content: at its top level only (the SDK link, version control). */
const notPackageContent = new Set(['node_modules', '.git']);

async function packageFiles(dir: string, base = dir): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((e) => dir !== base || !notPackageContent.has(e.name))
      .map(async (e) => (e.isDirectory() ? packageFiles(join(dir, e.name), base) : [relative(base, join(dir, e.name))])),
  );
  return nested.flat().sort();
}

/**
 * SHA-256 over every file of a package folder (its relative path and its bytes, in path
 * order; the top-level node_modules left out), so any change to any file changes it. Returns the file count
 * too.
 */
export async function digestPackage(dir: string): Promise<{ digest: string; files: number }> {
  const files = await packageFiles(dir);
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file}\0`).update(await readFile(join(dir, file))).update('\0');
  return { digest: hash.digest('hex'), files: files.length };
}

/** Whether `path` lies inside the folder `root` (the folder itself is not inside). */
export function insideFolder(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * A package folder inside the plugin root and the digest of its files; PackageChangedError
 * when `expectedDigest` is given and they differ. Reads files only: nothing is run.
 */
export async function verifyPackage(pluginRoot: string, sourcePath: string, expectedDigest?: string): Promise<{ dir: string; rel: string; packageDigest: string }> {
  const dir = resolve(pluginRoot, sourcePath);
  const rel = relative(pluginRoot, dir);
  if (!insideFolder(pluginRoot, dir)) throw new Error(`Plugin path ${sourcePath} is outside the plugin root`);
  const { digest: packageDigest } = await digestPackage(dir);
  if (expectedDigest !== undefined && packageDigest !== expectedDigest) {
    throw new PackageChangedError(`${rel} differs from the promoted package (sha256 ${packageDigest}, promoted ${expectedDigest})`);
  }
  return { dir, rel, packageDigest };
}

/**
 * Loads a plugin package (its `exports`/`main` entry, default export) and validates the
 * manifest. The entry is untrusted code: it runs isolated like a hook (loadManifestIsolated:
 * no Node built-in, process, network or code generation, time and heap limits) and only its
 * default export comes back, as JSON data. Throws ManifestError naming every bad field, or the
 * entry's problem when it cannot be loaded. With `expectedDigest`, the package's files are
 * digested first and nothing is bundled or run unless they match.
 */
export async function loadPluginPackage(pluginRoot: string, sourcePath: string, expectedDigest?: string): Promise<LoadedPlugin> {
  const { dir, rel, packageDigest } = await verifyPackage(pluginRoot, sourcePath, expectedDigest);
  const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
    name?: string;
    version?: string;
    main?: string;
    exports?: string | { '.'?: string };
  };
  const entry = resolve(dir, (typeof pkg.exports === 'string' ? pkg.exports : pkg.exports?.['.']) ?? pkg.main ?? 'index.js');
  if (!insideFolder(dir, entry)) throw new ManifestError(rel, [{ path: '(package.json)', message: 'the entry point must be inside the package' }]);
  let exported: unknown;
  try {
    exported = await loadManifestIsolated(dir, relative(dir, entry));
  } catch (error) {
    if (error instanceof ManifestLoadError) throw new ManifestError(rel, [{ path: '(entry)', message: error.message }]);
    throw error;
  }
  const result = validateManifest(exported);
  if (!result.ok) throw new ManifestError(rel, result.issues);
  if (pkg.version !== result.manifest.version)
    throw new ManifestError(rel, [{ path: 'version', message: `is ${result.manifest.version} but package.json says ${pkg.version}` }]);
  return {
    packageName: pkg.name ?? rel,
    sourcePath: rel,
    manifest: result.manifest,
    manifestDigest: digestManifest(result.manifest),
    packageDigest,
  };
}

export class PackageChangedError extends Error {
  override name = 'PackageChangedError';
}
