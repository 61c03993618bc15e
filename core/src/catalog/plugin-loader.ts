import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatManifestIssues, validateManifest, type ManifestIssue, type ServiceManifest } from '../sdk/index.ts';

/** A plugin package read from disk with its manifest validated. */
export interface LoadedPlugin {
  packageName: string;
  /** The package folder, relative to the plugin root. */
  sourcePath: string;
  manifest: ServiceManifest;
  /** SHA-256 of the canonical manifest JSON. */
  manifestDigest: string;
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

/**
 * Imports a plugin package (its `exports`/`main` entry, default export) and validates the
 * manifest. Throws ManifestError naming every bad field.
 */
export async function loadPluginPackage(pluginRoot: string, sourcePath: string): Promise<LoadedPlugin> {
  const dir = resolve(pluginRoot, sourcePath);
  const rel = relative(pluginRoot, dir);
  if (rel.startsWith('..') || isAbsolute(rel)) throw new Error(`Plugin path ${sourcePath} is outside the plugin root`);
  const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
    name?: string;
    version?: string;
    main?: string;
    exports?: string | { '.'?: string };
  };
  const entry = (typeof pkg.exports === 'string' ? pkg.exports : pkg.exports?.['.']) ?? pkg.main ?? 'index.js';
  const module = (await import(pathToFileURL(join(dir, entry)).href)) as { default?: unknown };
  const result = validateManifest(module.default);
  if (!result.ok) throw new ManifestError(rel, result.issues);
  if (pkg.version !== result.manifest.version)
    throw new ManifestError(rel, [{ path: 'version', message: `is ${result.manifest.version} but package.json says ${pkg.version}` }]);
  return {
    packageName: pkg.name ?? rel,
    sourcePath: rel,
    manifest: result.manifest,
    manifestDigest: digestManifest(result.manifest),
  };
}
