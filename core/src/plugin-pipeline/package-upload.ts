import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { extract, list } from 'tar';
import type { Config } from '../config.ts';
import { badInput } from '../errors.ts';

/** An uploaded `npm pack` tarball may have at most this many bytes ... */
export const MAX_TARBALL_BYTES = 20 * 1024 * 1024;
/** ... unpack to at most this many files ... */
const MAX_FILES = 2000;
/** ... and this many bytes. */
const MAX_UNPACKED_BYTES = 100 * 1024 * 1024;

const problem = (message: string) => badInput(message, [{ field: 'input.package', message }]);

/**
 * Keeps an uploaded `npm pack` tarball by its SHA-256 and unpacks it once into
 * `<PACKAGES_DIR>/<sha256>/` (the `package/` prefix stripped). Only regular files and folders
 * are taken: links, devices, absolute paths, paths with `..` and entries outside `package/` are
 * refused (the whole tarball, naming them, before anything is unpacked), and so are archives
 * that unpack beyond the file-count or size limits. Nothing of the package is run here (the
 * bundler gives its SDK imports the platform's shim; it needs no node_modules).
 */
export async function unpackTarball(
  config: Pick<Config, 'packagesDir' | 'pluginRoot'>,
  file: File,
): Promise<{ sourcePath: string; sha256: string }> {
  if (file.size > MAX_TARBALL_BYTES) throw problem(`the package is larger than ${MAX_TARBALL_BYTES / 1024 / 1024} MB`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw problem('is not a gzip tarball (npm pack output)');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const dir = join(config.packagesDir, sha256);
  const sourcePath = relative(config.pluginRoot, dir);
  if (
    await stat(join(dir, 'package.json')).then(
      () => true,
      () => false,
    )
  )
    return { sourcePath, sha256 };

  await mkdir(config.packagesDir, { recursive: true });
  const tarball = join(config.packagesDir, `${sha256}.tgz`);
  await writeFile(tarball, bytes);
  const temporary = `${dir}.${process.pid}.${Date.now()}.tmp`;
  await mkdir(temporary, { recursive: true });
  try {
    // Every entry's path as the archive names it, before tar would normalize it: an absolute path
    // or one that climbs out is refused, not rewritten.
    const escaping: string[] = [];
    await list({
      file: tarball,
      onReadEntry: (entry) => {
        const path = entry.path;
        const parts = path.replace(/\\/g, '/').split('/');
        if (path.startsWith('/') || /^[a-zA-Z]:/.test(path) || parts.includes('..') || parts[0] !== 'package') escaping.push(path);
        entry.resume();
      },
    }).catch((error: Error) => {
      throw problem(`cannot be unpacked: ${error.message}`);
    });
    if (escaping.length)
      throw problem(`holds entries outside its package/ folder (absolute or with ".."): ${escaping.slice(0, 5).join(', ')}`);
    const refused: string[] = [];
    let files = 0;
    let size = 0;
    await extract({
      file: tarball,
      cwd: temporary,
      strip: 1,
      preservePaths: false, // no absolute paths, no `..`
      noChmod: true,
      filter: (path, entry) => {
        const type = 'type' in entry ? entry.type : 'File';
        if (type !== 'File' && type !== 'Directory') {
          refused.push(`${path} (${type})`);
          return false;
        }
        files++;
        size += entry.size ?? 0;
        return files <= MAX_FILES && size <= MAX_UNPACKED_BYTES;
      },
    }).catch((error: Error) => {
      throw problem(`cannot be unpacked: ${error.message}`);
    });
    if (refused.length) throw problem(`holds entries that are not plain files: ${refused.slice(0, 5).join(', ')}`);
    if (files > MAX_FILES || size > MAX_UNPACKED_BYTES)
      throw problem(`unpacks to more than ${MAX_FILES} files or ${MAX_UNPACKED_BYTES / 1024 / 1024} MB`);
    if (
      !(await lstat(join(temporary, 'package.json')).then(
        (s) => s.isFile(),
        () => false,
      ))
    )
      throw problem('has no package/package.json');
    const leftovers = await readdir(temporary);
    if (leftovers.includes('node_modules')) throw problem('must not bundle node_modules');
    await rename(temporary, dir).catch(async (error: NodeJS.ErrnoException) => {
      // Unpacked by a concurrent upload of the same tarball meanwhile: theirs is the same.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } catch (error) {
    // A refused tarball is not kept.
    await rm(tarball, { force: true });
    throw error;
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
  return { sourcePath, sha256 };
}
