import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { formatManifestIssues, type ManifestIssue, type ServiceManifest } from '@egov/sdk';

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

/** SHA-256, hex: of uploads, bundles, artifact parts and indexes, manifests. */
export const sha256Of = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

export const digestManifest = (manifest: ServiceManifest) => sha256Of(canonicalJson(manifest));

/** Not the package's content: at its top level only (the SDK link, version control). */
const notPackageContent = new Set(['node_modules', '.git']);

/** A package holds a link or a special file: it has no digest (PKG.FILES says which). */
export class PackageContentError extends Error {
  override name = 'PackageContentError';
}

async function packageFiles(dir: string, base = dir): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((e) => dir !== base || !notPackageContent.has(e.name))
      .map(async (e) => {
        const path = relative(base, join(dir, e.name));
        if (e.isDirectory()) return packageFiles(join(dir, e.name), base);
        if (!e.isFile()) throw new PackageContentError(`${path} is ${e.isSymbolicLink() ? 'a link' : 'not a regular file'}`);
        return [path];
      }),
  );
  return nested.flat().sort();
}

/**
 * SHA-256 over every file of a package folder (its relative path and its bytes, in path
 * order; the top-level node_modules and .git left out), so any change to any file changes it.
 * Returns the file count too. A package holding a link or a special file has none:
 * PackageContentError (nothing is read through a link, which could lead to /dev/zero).
 */
export async function digestPackage(dir: string): Promise<{ digest: string; files: number }> {
  const files = await packageFiles(dir);
  const hash = createHash('sha256');
  for (const file of files) {
    const handle = await open(join(dir, file), constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      hash
        .update(`${file}\0`)
        .update(await handle.readFile())
        .update('\0');
    } finally {
      await handle.close();
    }
  }
  return { digest: hash.digest('hex'), files: files.length };
}

/** Whether `path` lies inside the folder `root` (the folder itself is not inside). */
export function insideFolder(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
