import { realpath } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { digestManifest, digestPackage, insideFolder, ManifestError, sha256Of } from '../catalog/plugin-loader.ts';
import { evaluateManifest, ManifestLoadError, type HookLimits } from '../hooks/hook-runner.ts';
import { validateManifest, type ServiceManifest } from '@egov/sdk';
import { ARTIFACT_FORMAT, makeArtifact, MAX_ARTIFACT_BYTES, MAX_ARTIFACT_FILE_BYTES, type Artifact } from './artifact.ts';
import { bundleModule, BundleError, readPackageFile, type Bundle } from './bundler.ts';

// Building a plugin package into its artifact (see artifact.ts), in steps the sandbox reports
// one by one: the entry bundled (confined to the package), its top-level code run in a runner
// process for its default export, that validated as the manifest, the hooks module bundled,
// the form templates read. Nothing here runs plugin code in this process.

/** package.json of a plugin, read as data. */
export interface PackageJson {
  name?: string;
  version?: string;
  main?: string;
  exports?: string | { '.'?: string };
  files?: unknown;
  scripts?: Record<string, unknown>;
  dependencies?: Record<string, unknown>;
  optionalDependencies?: Record<string, unknown>;
  peerDependencies?: Record<string, unknown>;
  bundledDependencies?: unknown;
  bundleDependencies?: unknown;
}

/** The most package.json may have. */
const MAX_PACKAGE_JSON_BYTES = 64 * 1024;

/** package.json as an object, or null when it is missing, too large or not a JSON object. */
export async function readPackageJson(dir: string): Promise<PackageJson | null> {
  try {
    const parsed: unknown = JSON.parse(
      (await readPackageFile(await realpath(dir), 'package.json', MAX_PACKAGE_JSON_BYTES)).toString('utf8'),
    );
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as PackageJson) : null;
  } catch {
    return null;
  }
}

/** The entry package.json names (`exports`, else `main`), relative to the package. */
export function packageEntry(pkg: PackageJson | null): string | undefined {
  return pkg ? ((typeof pkg.exports === 'string' ? pkg.exports : pkg.exports?.['.']) ?? pkg.main) : undefined;
}

/** A module of the package bundled; BundleError's problems and refusals as one message. */
export async function bundlePackageModule(dir: string, file: string): Promise<Bundle> {
  const rel = relative(resolve(dir), resolve(dir, file));
  if (!insideFolder(resolve(dir), resolve(dir, file))) throw new BundleError(file, [`${file} is outside the package`], []);
  return bundleModule(dir, rel);
}

/** The manifest entry bundled and run in a runner: its default export. Throws ManifestLoadError. */
export async function loadEntry(dir: string, entry: string, limits?: HookLimits): Promise<{ bundle: Bundle; exported: unknown }> {
  let bundle: Bundle;
  try {
    bundle = await bundlePackageModule(dir, entry);
  } catch (error) {
    if (error instanceof BundleError)
      throw new ManifestLoadError(`${entry} cannot be imported: ${[...error.refused, ...error.problems][0]}`);
    throw error;
  }
  return { bundle, exported: await evaluateManifest(bundle, limits) };
}

/** The form templates the manifest names, read from the package (bounded each and together, no link followed). */
export async function formFiles(dir: string, manifest: ServiceManifest): Promise<Map<string, Buffer>> {
  const root = await realpath(dir);
  const files = new Map<string, Buffer>();
  let total = 0;
  for (const form of manifest.forms) {
    if (!form.file || files.has(form.file)) continue;
    const bytes = await readPackageFile(root, form.file, MAX_ARTIFACT_FILE_BYTES);
    total += bytes.length;
    if (total > MAX_ARTIFACT_BYTES / 2)
      throw new Error(`the form files have more than ${MAX_ARTIFACT_BYTES / 2 / 1024 / 1024} MB together`);
    files.set(form.file, bytes);
  }
  return files;
}

/** The artifact of a checked package: its manifest, hooks bundle and form files, one digest. */
export function assembleArtifact(parts: {
  manifest: ServiceManifest;
  packageName: string;
  packageDigest: string;
  hooks: Bundle | null;
  files: Map<string, Buffer>;
}): Artifact {
  const blobs = new Map<string, Buffer>();
  const part = (bytes: Buffer) => {
    const hash = sha256Of(bytes);
    blobs.set(hash, bytes);
    return { sha256: hash, bytes: bytes.length };
  };
  const m = parts.manifest;
  return makeArtifact(
    {
      format: ARTIFACT_FORMAT,
      code: m.code,
      version: m.version,
      agency: m.agency,
      packageName: parts.packageName,
      packageDigest: parts.packageDigest,
      manifestDigest: digestManifest(m),
      manifest: m,
      hooks: parts.hooks ? { source: parts.hooks.filename, ...part(Buffer.from(parts.hooks.code, 'utf8')) } : null,
      files: Object.fromEntries([...parts.files].sort(([a], [b]) => (a < b ? -1 : 1)).map(([path, bytes]) => [path, part(bytes)])),
    },
    blobs,
  );
}

/** A package built into its artifact. */
export interface BuiltPackage {
  packageName: string;
  /** The package folder, relative to the plugin root. */
  sourcePath: string;
  manifest: ServiceManifest;
  packageDigest: string;
  artifact: Artifact;
}

// Packages already built in this process, by their files' digest: the same files give the same
// artifact (the demo seed builds the example packages for every new database).
const built = new Map<string, Promise<Artifact>>();

/**
 * Builds a package folder under `pluginRoot` into its artifact, every step as the sandbox takes
 * it; for packages the platform ships (the demo seed) and the version in production a check
 * compares with. Throws ManifestError naming every problem.
 */
export async function buildPluginPackage(pluginRoot: string, sourcePath: string): Promise<BuiltPackage> {
  const dir = resolve(pluginRoot, sourcePath);
  const rel = relative(pluginRoot, dir);
  if (!insideFolder(pluginRoot, dir)) throw new ManifestError(sourcePath, [{ path: '(package)', message: 'is outside the plugin root' }]);
  const { digest: packageDigest } = await digestPackage(dir);
  const pkg = await readPackageJson(dir);
  const entry = packageEntry(pkg);
  if (!pkg || !entry) throw new ManifestError(rel, [{ path: '(package.json)', message: 'must name its entry in "exports" or "main"' }]);
  let pending = built.get(packageDigest);
  if (!pending) {
    pending = (async () => {
      let exported: unknown;
      try {
        exported = (await loadEntry(dir, entry)).exported;
      } catch (error) {
        if (error instanceof ManifestLoadError) throw new ManifestError(rel, [{ path: '(entry)', message: error.message }]);
        throw error;
      }
      const result = validateManifest(exported);
      if (!result.ok) throw new ManifestError(rel, result.issues);
      const manifest = result.manifest;
      if (pkg.version !== manifest.version)
        throw new ManifestError(rel, [{ path: 'version', message: `is ${manifest.version} but package.json says ${pkg.version}` }]);
      let hooks: Bundle | null = null;
      try {
        hooks = manifest.hooks ? await bundlePackageModule(dir, manifest.hooks) : null;
        return assembleArtifact({ manifest, packageName: pkg.name ?? rel, packageDigest, hooks, files: await formFiles(dir, manifest) });
      } catch (error) {
        throw new ManifestError(rel, [{ path: hooks ? 'forms' : 'hooks', message: (error as Error).message }]);
      }
    })();
    built.set(packageDigest, pending);
    pending.catch(() => built.delete(packageDigest));
  }
  const artifact = await pending;
  return { packageName: artifact.index.packageName, sourcePath: rel, manifest: artifact.index.manifest, packageDigest, artifact };
}
