import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, sha256Of } from '../../catalog/plugin-loader.ts';
import { projectRoot } from '../../config.ts';
import { ArtifactError, ArtifactStore, MAX_ARTIFACT_BYTES, readArtifactFolder, writeArtifactFolder, type Artifact } from '../artifact.ts';
import { buildPluginPackage } from '../build.ts';

// An artifact is what was checked: any change to any part of it, or to its index, is found.

let dir = '';
let artifact: Artifact;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'egov-artifact-'));
  artifact = (await buildPluginPackage(projectRoot, 'plugins/judicial-record')).artifact;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The artifact written to a folder of its own, with `change` applied to what was written. */
async function written(name: string, change: (folder: string) => void = () => {}): Promise<string> {
  const folder = join(dir, name);
  await writeArtifactFolder(folder, artifact);
  change(folder);
  return folder;
}
const indexOf = (folder: string) => JSON.parse(readFileSync(join(folder, 'artifact.json'), 'utf8')) as Record<string, unknown>;
const rewriteIndex = (folder: string, index: Record<string, unknown>) => writeFileSync(join(folder, 'artifact.json'), canonicalJson(index));
const failure = (reading: Promise<unknown>) =>
  reading.then(
    () => 'read',
    (error: Error) => (error instanceof ArtifactError ? error.message : `unexpected: ${error.message}`),
  );

describe('a plugin artifact', () => {
  it('has one digest over its index, which names every part by its SHA-256, and reads back the same', async () => {
    expect(artifact.digest).toBe(sha256Of(canonicalJson(artifact.index)));
    expect(artifact.index.hooks).toMatchObject({ source: 'src/hooks.ts' });
    expect(Object.keys(artifact.index.files)).toEqual(['forms/to-khai-lltp.html']);
    const back = await readArtifactFolder(await written('sound'), artifact.digest);
    expect(back.index).toEqual(artifact.index);
    expect([...back.blobs.keys()].sort()).toEqual([...artifact.blobs.keys()].sort());
    // Built again from the same files: the same artifact.
    expect((await buildPluginPackage(projectRoot, 'plugins/judicial-record')).artifact.digest).toBe(artifact.digest);
  });

  it('is refused when any part or the index changed, a part is missing, or the digest is not the one expected', async () => {
    const hooks = artifact.index.hooks!.sha256;
    expect(await failure(readArtifactFolder(await written('other-digest'), 'a'.repeat(64)))).toBe(
      `the artifact's digest is ${artifact.digest}, not ${'a'.repeat(64)}`,
    );
    expect(
      await failure(
        readArtifactFolder(await written('changed-part', (f) => writeFileSync(join(f, 'blobs', hooks), 'module.exports = {}'))),
      ),
    ).toBe(`the artifact's part ${hooks} was changed`);
    expect(await failure(readArtifactFolder(await written('missing-part', (f) => rmSync(join(f, 'blobs', hooks)))))).toBe(
      `the artifact lacks the part ${hooks}`,
    );
    // An index that names other bytes for the manifest than it holds, or is not canonical.
    const lying = await written('lying-manifest', (f) => rewriteIndex(f, { ...indexOf(f), manifestDigest: '0'.repeat(64) }));
    expect(await failure(readArtifactFolder(lying))).toBe('the artifact manifest differs from its digest');
    const loose = await written('not-canonical', (f) => writeFileSync(join(f, 'artifact.json'), JSON.stringify(indexOf(f), null, 2)));
    expect(await failure(readArtifactFolder(loose))).toBe('the artifact index is not in canonical form');
    const invalid = await written('invalid-manifest', (f) => {
      const index = indexOf(f);
      const manifest = { ...(index.manifest as Record<string, unknown>), level: 9 };
      rewriteIndex(f, { ...index, manifest, manifestDigest: sha256Of(canonicalJson(manifest)) });
    });
    expect(await failure(readArtifactFolder(invalid))).toBe("the artifact's manifest is not valid: level: must be 1, 2, 3 or 4");
    const huge = await written('huge', (f) => {
      const index = indexOf(f);
      rewriteIndex(f, {
        ...index,
        files: {
          'forms/a.pdf': { sha256: 'b'.repeat(64), bytes: 9 * 1024 * 1024 },
          ...Object.fromEntries(
            Array.from({ length: 6 }, (_, i) => [`forms/${i}.pdf`, { sha256: `${i}`.repeat(64), bytes: 9 * 1024 * 1024 }]),
          ),
        },
      });
    });
    expect(MAX_ARTIFACT_BYTES).toBeLessThan(7 * 9 * 1024 * 1024);
    expect(await failure(readArtifactFolder(huge))).toBe('the artifact index is malformed');
  });

  it('is stored once under its digest, adopted only with the digest expected, and named only by a digest', async () => {
    const store = new ArtifactStore(join(dir, 'store'));
    expect(await store.put(artifact)).toBe(artifact.digest);
    expect(await store.put(artifact)).toBe(artifact.digest);
    expect((await store.get(artifact.digest, { keepFiles: false })).blobs.size).toBe(1); // the hooks bundle only
    const staging = await store.staging();
    await writeArtifactFolder(staging, artifact);
    expect(await failure(store.adopt(staging, 'c'.repeat(64)))).toBe(`the artifact's digest is ${artifact.digest}, not ${'c'.repeat(64)}`);
    expect(() => store.folder('../../etc')).toThrow(ArtifactError);
    expect(await store.blob(artifact.digest, '../artifact.json')).toBeNull();
  });
});
