import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readdir, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { canonicalJson, digestManifest, sha256Of } from '../catalog/plugin-loader.ts';
import { validateManifest, type ServiceManifest } from '@egov/sdk';

// A plugin artifact: what the sandbox checked and what production runs, byte for byte. It holds
// the normalized manifest (the data the package's entry exported, validated), the hooks bundle,
// and the files the platform serves (form templates), each by its SHA-256. Its digest is the
// SHA-256 of its index (canonical JSON naming every part by its SHA-256), so one digest covers
// all of it. Stored as a folder `<digest>/` holding `artifact.json` and `blobs/<sha256>`.

export const ARTIFACT_FORMAT = 1;
/** The most an artifact's index may have (the manifest is bounded well below). */
const MAX_INDEX_BYTES = 2 * 1024 * 1024;
/** The most one file of an artifact (a form template) may have ... */
export const MAX_ARTIFACT_FILE_BYTES = 10 * 1024 * 1024;
/** ... and all its parts together. */
export const MAX_ARTIFACT_BYTES = 50 * 1024 * 1024;
/** The most files an artifact may serve. */
export const MAX_ARTIFACT_FILES = 100;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const part = z.strictObject({ sha256, bytes: z.number().int().nonnegative().max(MAX_ARTIFACT_FILE_BYTES) });

const indexSchema = z
  .strictObject({
    format: z.literal(ARTIFACT_FORMAT),
    code: z.string().max(40),
    version: z.string().max(64),
    agency: z.string().max(16),
    packageName: z.string().max(214),
    /** SHA-256 over the package's files, as checked (see digestPackage). */
    packageDigest: sha256,
    manifestDigest: sha256,
    manifest: z.unknown(),
    /** The bundle of the module `manifest.hooks` names. */
    hooks: part.extend({ source: z.string().max(300) }).nullable(),
    /** The files the platform serves, by their path in the package. */
    files: z
      .record(z.string().max(300), part)
      .refine((files) => Object.keys(files).length <= MAX_ARTIFACT_FILES, `at most ${MAX_ARTIFACT_FILES} files`),
  })
  .refine(
    (index) =>
      [...(index.hooks ? [index.hooks] : []), ...Object.values(index.files)].reduce((sum, p) => sum + p.bytes, 0) <= MAX_ARTIFACT_BYTES,
    `at most ${MAX_ARTIFACT_BYTES} bytes in all`,
  );

export type ArtifactIndex = Omit<z.output<typeof indexSchema>, 'manifest'> & { manifest: ServiceManifest };

/** An artifact in memory, as the builder makes it: its index and the bytes of each part. */
export interface Artifact {
  digest: string;
  index: ArtifactIndex;
  /** Every part's bytes, by SHA-256. */
  blobs: Map<string, Buffer>;
}

/** An artifact is missing, damaged or not what it claims. */
export class ArtifactError extends Error {
  override name = 'ArtifactError';
}

/** The artifact of an index and its parts' bytes, with its digest. */
export function makeArtifact(index: ArtifactIndex, blobs: Map<string, Buffer>): Artifact {
  return { digest: sha256Of(canonicalJson(index)), index, blobs };
}

/**
 * `use` of a regular file of at most `limit` bytes, opened without following a link; null when
 * the file is missing. Throws ArtifactError for anything else.
 */
async function withFile<T>(path: string, limit: number, use: (handle: FileHandle) => Promise<T>): Promise<T | null> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw new ArtifactError(`${path} cannot be read (${error.code ?? error.message})`);
  });
  if (!handle) return null;
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new ArtifactError(`${path} is not a file`);
    if (stats.size > limit) throw new ArtifactError(`${path} has more than ${limit} bytes`);
    return await use(handle);
  } finally {
    await handle.close();
  }
}

/** The bytes of a file (see withFile). */
const readBounded = (path: string, limit: number) => withFile(path, limit, (handle) => handle.readFile());

/** The SHA-256 of a file (see withFile), read in chunks. */
const hashFile = (path: string, limit: number) =>
  withFile(path, limit, async (handle) => {
    const hash = createHash('sha256');
    for await (const chunk of handle.createReadStream({ autoClose: false })) hash.update(chunk as Buffer);
    return hash.digest('hex');
  });

/**
 * Reads and verifies the artifact in `folder`: its index must parse, hold a valid manifest whose
 * digest it names, and every part must be present with the SHA-256 the index gives. With
 * `expectedDigest`, the index must have that digest. Throws ArtifactError.
 */
export async function readArtifactFolder(
  folder: string,
  expectedDigest?: string,
  options: { keepFiles?: boolean } = {},
): Promise<Artifact> {
  const bytes = await readBounded(join(folder, 'artifact.json'), MAX_INDEX_BYTES);
  if (!bytes) throw new ArtifactError(`no artifact in ${folder}`);
  const digest = sha256Of(bytes);
  if (expectedDigest !== undefined && digest !== expectedDigest)
    throw new ArtifactError(`the artifact's digest is ${digest}, not ${expectedDigest}`);
  let parsed: z.output<typeof indexSchema>;
  try {
    parsed = indexSchema.parse(JSON.parse(bytes.toString('utf8')));
  } catch {
    throw new ArtifactError('the artifact index is malformed');
  }
  if (canonicalJson(parsed) !== bytes.toString('utf8')) throw new ArtifactError('the artifact index is not in canonical form');
  const validated = validateManifest(parsed.manifest);
  if (!validated.ok)
    throw new ArtifactError(`the artifact's manifest is not valid: ${validated.issues[0]?.path}: ${validated.issues[0]?.message}`);
  if (digestManifest(validated.manifest) !== parsed.manifestDigest)
    throw new ArtifactError('the artifact manifest differs from its digest');
  const index: ArtifactIndex = { ...parsed, manifest: validated.manifest };
  const blobs = new Map<string, Buffer>();
  const seen = new Set<string>();
  for (const { sha256: hash, bytes } of [...(index.hooks ? [index.hooks] : []), ...Object.values(index.files)]) {
    if (seen.has(hash)) continue;
    seen.add(hash);
    const path = join(folder, 'blobs', hash);
    const keep = options.keepFiles !== false || hash === index.hooks?.sha256;
    // A part not kept is hashed as it is read, so verifying an artifact holds one chunk at a time.
    const blob = keep ? await readBounded(path, bytes) : null;
    const actual = keep ? (blob ? sha256Of(blob) : null) : await hashFile(path, bytes);
    if (actual === null) throw new ArtifactError(`the artifact lacks the part ${hash}`);
    if (actual !== hash) throw new ArtifactError(`the artifact's part ${hash} was changed`);
    if (blob) blobs.set(hash, blob);
  }
  return { digest, index, blobs };
}

/** Writes an artifact into `folder` (which must not exist yet): `artifact.json` and `blobs/`. */
export async function writeArtifactFolder(folder: string, artifact: Artifact): Promise<void> {
  await mkdir(join(folder, 'blobs'), { recursive: true });
  for (const [hash, blob] of artifact.blobs) await writeFile(join(folder, 'blobs', hash), blob, { flag: 'wx' });
  await writeFile(join(folder, 'artifact.json'), canonicalJson(artifact.index), { flag: 'wx' });
}

/**
 * The artifacts of a platform, by digest, under one folder (ARTIFACTS_DIR). Written once, never
 * changed; every read verifies the parts against the digest.
 */
export class ArtifactStore {
  constructor(readonly dir: string) {}

  folder(digest: string): string {
    if (!/^[0-9a-f]{64}$/.test(digest)) throw new ArtifactError(`${digest} is not an artifact digest`);
    return join(this.dir, digest);
  }

  /** Stores an artifact (already there: kept, after checking it is the same). Returns its digest. */
  async put(artifact: Artifact): Promise<string> {
    if (await this.has(artifact.digest)) return artifact.digest;
    const temporary = await this.staging();
    try {
      await writeArtifactFolder(temporary, artifact);
      await this.adopt(temporary, artifact.digest);
    } finally {
      await rm(temporary, { recursive: true, force: true });
    }
    return artifact.digest;
  }

  /**
   * Whether an artifact with this digest is stored: its index is there with that digest (every
   * read verifies the parts, so storing needs no more).
   */
  async has(digest: string): Promise<boolean> {
    const index = await readBounded(join(this.folder(digest), 'artifact.json'), MAX_INDEX_BYTES).catch(() => null);
    return index !== null && sha256Of(index) === digest;
  }

  /**
   * Reads and verifies a stored artifact (every part against its SHA-256). With `keepFiles`
   * false only the hooks bundle is kept in memory; read files with `blob`. Throws ArtifactError.
   */
  get(digest: string, options: { keepFiles?: boolean } = {}): Promise<Artifact> {
    return readArtifactFolder(this.folder(digest), digest, options);
  }

  /** One part of a stored artifact, as stored: check it against its SHA-256 before use. */
  async blob(digest: string, hash: string): Promise<Buffer | null> {
    if (!/^[0-9a-f]{64}$/.test(hash)) return null;
    return readBounded(join(this.folder(digest), 'blobs', hash), MAX_ARTIFACT_FILE_BYTES);
  }

  /** A new empty folder to write an artifact into (the sandbox's output), inside the store. */
  async staging(): Promise<string> {
    const folder = join(this.dir, '.staging', `${Date.now()}-${randomBytes(8).toString('hex')}`);
    await mkdir(folder, { recursive: true });
    await rm(folder, { recursive: true });
    return folder;
  }

  /**
   * Verifies the artifact written into a staging folder and moves it into the store under its
   * digest (which must be `expectedDigest`). Returns it; throws ArtifactError.
   */
  async adopt(folder: string, expectedDigest: string): Promise<Artifact> {
    const artifact = await readArtifactFolder(folder, expectedDigest);
    await mkdir(this.dir, { recursive: true });
    await rename(folder, this.folder(artifact.digest)).catch(async (error: NodeJS.ErrnoException) => {
      // Stored meanwhile by another check of the same package: the same bytes.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
      await rm(folder, { recursive: true, force: true });
    });
    return artifact;
  }

  /** Removes staging folders older than `ageMs` (by the host's clock, as their names), left by runs that stopped. */
  async sweepStaging(ageMs = 24 * 60 * 60 * 1000): Promise<void> {
    const now = new Date();
    const staging = join(this.dir, '.staging');
    for (const name of await readdir(staging).catch(() => [])) {
      const started = Number(name.split('-')[0]);
      if (Number.isFinite(started) && now.getTime() - started > ageMs) await rm(join(staging, name), { recursive: true, force: true });
    }
  }
}
