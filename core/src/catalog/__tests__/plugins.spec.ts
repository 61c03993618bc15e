import { readFileSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../config.ts';
import { examplePluginPaths } from '../../seed/demo.ts';
import { checkFixtures } from '@egov/sdk';
import { fromProjectRoot, packageFixture } from '../../testing/package-fixture.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { ArtifactStore } from '../../plugin-artifact/artifact.ts';
import { buildPluginPackage } from '../../plugin-artifact/build.ts';
import { ManifestError } from '../plugin-loader.ts';
import { PluginRegistry } from '../plugin-registry.ts';

const here = dirname(fileURLToPath(import.meta.url));

describe('the example plugin packages', async () => {
  const paths = await examplePluginPaths(projectRoot);

  it('are at least five, over levels 2, 3 and 4 and several agencies', async () => {
    const manifests = await Promise.all(paths.map(async (p) => (await buildPluginPackage(projectRoot, p)).manifest));
    expect(manifests.length).toBeGreaterThanOrEqual(5);
    expect(new Set(manifests.map((m) => m.level))).toEqual(new Set([2, 3, 4]));
    expect(new Set(manifests.map((m) => m.agency)).size).toBeGreaterThanOrEqual(3);
  });

  it.each(paths)('%s loads, and its fixtures behave as declared', async (path) => {
    const { manifest, artifact } = await buildPluginPackage(projectRoot, path);
    expect(artifact.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(artifact.index.manifest).toEqual(manifest);
    expect(checkFixtures(manifest).filter((f) => !f.passed)).toEqual([]);
    for (const form of manifest.forms) {
      if (form.file) expect(readFileSync(join(projectRoot, path, form.file), 'utf8')).toContain('<html');
    }
  });

  it.each(paths)('%s imports nothing but the plugin SDK and its own files', async (path) => {
    const dir = join(projectRoot, path);
    const sources = (await readdir(dir, { recursive: true }))
      .filter((f) => /\.(c|m)?[jt]s$/.test(f) && !f.startsWith('node_modules'))
      .map((f) => join(dir, f));
    expect(sources.length).toBeGreaterThan(0);
    for (const file of sources) {
      const text = readFileSync(file, 'utf8');
      const specifiers = [
        ...text.matchAll(/\b(?:from|import)\s*['"]([^'"]+)['"]/g),
        ...text.matchAll(/\b(?:import|require)\s*\(\s*['"`]?([^'"`)]*)/g),
      ].map((m) => m[1] ?? '');
      for (const specifier of specifiers) {
        if (specifier.startsWith('.')) expect(resolve(dirname(file), specifier).startsWith(dir + sep), `${file}: ${specifier}`).toBe(true);
        else expect(['@egov/sdk', '@egov/sdk/hooks'], `${file}: ${specifier}`).toContain(specifier);
      }
    }
  });
});

describe('loading a plugin package', () => {
  it('refuses an invalid manifest with an error naming each bad field', async () => {
    const error = await buildPluginPackage(
      projectRoot,
      fromProjectRoot(await packageFixture(join(here, 'fixtures/online-fee-too-high'))),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).issues).toEqual([
      { path: 'legalBasis', message: 'is required' },
      { path: 'fees[0].online', message: 'online fee 20000 VND exceeds the in-person fee 10000 VND (R11.4)' },
    ]);
    expect((error as Error).message).toContain('fees[0].online: online fee 20000 VND exceeds');
  });

  it('refuses a manifest whose version differs from package.json', async () => {
    const error = (await buildPluginPackage(
      projectRoot,
      fromProjectRoot(await packageFixture(join(here, 'fixtures/version-mismatch'))),
    ).catch((e: unknown) => e)) as ManifestError;
    expect(error.issues).toEqual([{ path: 'version', message: 'is 1.0.0 but package.json says 2.0.0' }]);
  });

  it('refuses an entry point outside the package, without running it', async () => {
    const error = (await buildPluginPackage(here, 'fixtures/entry-escape').catch((e: unknown) => e)) as ManifestError;
    expect(error.issues).toEqual([
      { path: '(entry)', message: '../side-effect/index.ts cannot be imported: ../side-effect/index.ts is outside the package' },
    ]);
    expect((globalThis as { sideEffectRan?: boolean }).sideEffectRan).toBeUndefined();
  });

  it('refuses a path outside the plugin root', async () => {
    await expect(buildPluginPackage(here, '../../../../etc')).rejects.toThrow('outside the plugin root');
  });
});

describe('the registry at start', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.dispose());

  it('loads every live version once, parsing each manifest once and verifying its artifact', async () => {
    expect(await app.registry.loadedVersionIds()).toHaveLength(5);
    expect(app.registry.manifestParses).toBe(5);
  });

  it('serves no hooks or form files of an artifact that is missing, changed or not the promoted one, and still the promoted manifest', async () => {
    const live = await app.prisma.pluginVersion.findFirstOrThrow({ where: { code: 'DNG-STP-LLTP-01', status: 'LIVE' } });
    const store = new ArtifactStore(app.config.artifactsDir);
    const artifact = await store.get(live.artifactDigest!);
    const { id: _id, createdAt: _c, pluginId: _p, ...columns } = live;
    const version = async (code: string, changes: Partial<typeof columns>) => {
      const plugin = await app.prisma.servicePlugin.create({ data: { code, packageName: code, agencyId: live.agencyId } });
      return app.prisma.pluginVersion.create({ data: { ...columns, pluginId: plugin.id, liveKey: plugin.id, code, ...changes } });
    };
    const missing = await version('MISSING-01', { artifactDigest: 'f'.repeat(64) });
    const otherManifest = await version('OTHER-MANIFEST-01', { manifestDigest: '0'.repeat(64) });
    // A copy of the judicial-record artifact whose hooks bundle was changed on disk afterwards.
    const copy = new ArtifactStore(join(app.config.artifactsDir, '..', 'artifacts-copy'));
    await copy.put(artifact);
    await writeFile(join(copy.folder(artifact.digest), 'blobs', artifact.index.hooks!.sha256), 'module.exports = {}');
    const warnings: string[] = [];
    const registry = new PluginRegistry(copy, { warn: (m) => warnings.push(m) });
    await registry.loadLive(app.prisma);
    expect(warnings.sort()).toEqual(
      [
        `DNG-STP-LLTP-01@1.0.0: not serving its artifact ${artifact.digest}: the artifact's part ${artifact.index.hooks!.sha256} was changed`,
        `MISSING-01@1.0.0: not serving its artifact ${'f'.repeat(64)}: no artifact in ${copy.folder('f'.repeat(64))}`,
        `OTHER-MANIFEST-01@1.0.0: not serving its artifact ${artifact.digest}: the artifact's part ${artifact.index.hooks!.sha256} was changed`,
        ...(
          await app.prisma.pluginVersion.findMany({
            where: { status: 'LIVE', code: { notIn: ['DNG-STP-LLTP-01', 'MISSING-01', 'OTHER-MANIFEST-01'] } },
            select: { code: true, version: true, artifactDigest: true },
          })
        ).map(
          (v) => `${v.code}@${v.version}: not serving its artifact ${v.artifactDigest}: no artifact in ${copy.folder(v.artifactDigest!)}`,
        ),
      ].sort(),
    );
    expect(await registry.hooks(app.prisma, live.id)).toBeNull();
    expect(await registry.hooks(app.prisma, missing.id)).toBeNull();
    expect(await registry.formFile(app.prisma, live.id, 'forms/to-khai-lltp.html')).toBeNull();
    expect((await registry.manifest(app.prisma, missing.id)).title).toBe(live.title);
    // The untouched store serves the same versions, except the one whose manifest is not the artifact's.
    const sound = new PluginRegistry(store, { warn: (m) => warnings.push(m) });
    warnings.length = 0;
    await sound.loadLive(app.prisma);
    expect(warnings).toEqual([
      `MISSING-01@1.0.0: not serving its artifact ${'f'.repeat(64)}: no artifact in ${store.folder('f'.repeat(64))}`,
      `OTHER-MANIFEST-01@1.0.0: not serving its artifact ${artifact.digest}: its manifest is not the promoted one`,
    ]);
    expect((await sound.hooks(app.prisma, live.id))?.sha256).toBe(artifact.index.hooks!.sha256);
    expect(await sound.hooks(app.prisma, otherManifest.id)).toBeNull();
    await app.prisma.pluginVersion.deleteMany({ where: { code: { in: ['MISSING-01', 'OTHER-MANIFEST-01'] } } });
  });

  it('allows one live version per plugin, enforced by the database', async () => {
    const live = await app.prisma.pluginVersion.findFirstOrThrow({ where: { code: 'DNG-STP-LLTP-01', status: 'LIVE' } });
    const { id: _id, createdAt: _c, ...columns } = live;
    await expect(app.prisma.pluginVersion.create({ data: { ...columns, version: '1.0.1' } })).rejects.toThrow(/Unique constraint/);
  });
});
