import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../config.ts';
import { examplePluginPaths } from '../../seed/demo.ts';
import { checkFixtures } from '../../sdk/index.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { loadPluginPackage, ManifestError } from '../plugin-loader.ts';
import { PluginRegistry } from '../plugin-registry.ts';

const here = dirname(fileURLToPath(import.meta.url));

describe('the example plugin packages', async () => {
  const paths = await examplePluginPaths(projectRoot);

  it('are at least five, over levels 2, 3 and 4 and several agencies', async () => {
    const manifests = await Promise.all(paths.map(async (p) => (await loadPluginPackage(projectRoot, p)).manifest));
    expect(manifests.length).toBeGreaterThanOrEqual(5);
    expect(new Set(manifests.map((m) => m.level))).toEqual(new Set([2, 3, 4]));
    expect(new Set(manifests.map((m) => m.agency)).size).toBeGreaterThanOrEqual(3);
  });

  it.each(paths)('%s loads, and its fixtures behave as declared', async (path) => {
    const { manifest, manifestDigest } = await loadPluginPackage(projectRoot, path);
    expect(manifestDigest).toMatch(/^[0-9a-f]{64}$/);
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
        else expect(['@egov/core/sdk', '@egov/core/sdk/hooks'], `${file}: ${specifier}`).toContain(specifier);
      }
    }
  });
});

describe('loading a plugin package', () => {
  it('refuses an invalid manifest with an error naming each bad field', async () => {
    const error = await loadPluginPackage(here, 'fixtures/online-fee-too-high').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).issues).toEqual([
      { path: 'legalBasis', message: 'is required' },
      { path: 'fees[0].online', message: 'online fee 20000 VND exceeds the in-person fee 10000 VND (R11.4)' },
    ]);
    expect((error as Error).message).toContain('fees[0].online: online fee 20000 VND exceeds');
  });

  it('refuses a manifest whose version differs from package.json', async () => {
    const error = (await loadPluginPackage(here, 'fixtures/version-mismatch').catch((e: unknown) => e)) as ManifestError;
    expect(error.issues).toEqual([{ path: 'version', message: 'is 1.0.0 but package.json says 2.0.0' }]);
  });

  it('refuses an entry point outside the package, without running it', async () => {
    const error = (await loadPluginPackage(here, 'fixtures/entry-escape').catch((e: unknown) => e)) as ManifestError;
    expect(error.issues).toEqual([{ path: '(package.json)', message: 'the entry point must be inside the package' }]);
    expect((globalThis as { sideEffectRan?: boolean }).sideEffectRan).toBeUndefined();
  });

  it('refuses a path outside the plugin root', async () => {
    await expect(loadPluginPackage(here, '../../../../etc')).rejects.toThrow('outside the plugin root');
  });
});

describe('the registry at start', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.dispose());

  it('loads every live version once, parsing each manifest once', () => {
    expect(app.registry.loadedVersionIds).toHaveLength(5);
    expect(app.registry.manifestParses).toBe(5);
  });

  it('does not import a package whose files differ from the promoted ones, and serves the promoted manifest', async () => {
    const live = await app.prisma.pluginVersion.findFirstOrThrow({ where: { code: 'DNG-PTT-HT-KS-01', status: 'LIVE' } });
    // A live version whose files on disk are not the ones that were promoted.
    const plugin = await app.prisma.servicePlugin.create({ data: { code: 'SIDE-EFFECT-01', packageName: 'fixture-side-effect', agencyId: live.agencyId } });
    const { id: _id, createdAt: _c, pluginId: _p, ...columns } = live;
    const tampered = await app.prisma.pluginVersion.create({
      data: { ...columns, pluginId: plugin.id, liveKey: plugin.id, code: 'SIDE-EFFECT-01', sourcePath: 'core/src/catalog/__tests__/fixtures/side-effect', packageDigest: '0'.repeat(64) },
    });
    const warnings: string[] = [];
    const registry = new PluginRegistry(app.config.pluginRoot, { warn: (m) => warnings.push(m) });
    await registry.loadLive(app.prisma);
    expect(warnings).toEqual([expect.stringContaining('SIDE-EFFECT-01@1.0.0: not loading core/src/catalog/__tests__/fixtures/side-effect: core/src/catalog/__tests__/fixtures/side-effect differs from the promoted package')]);
    expect((globalThis as { sideEffectRan?: boolean }).sideEffectRan).toBeUndefined();
    expect(registry.package(tampered.id)).toBeUndefined();
    expect(registry.package(live.id)).toBeDefined();
    expect((await registry.manifest(app.prisma, tampered.id)).title).toBe('Đăng ký khai sinh');
  });

  it('allows one live version per plugin, enforced by the database', async () => {
    const live = await app.prisma.pluginVersion.findFirstOrThrow({ where: { code: 'DNG-STP-LLTP-01', status: 'LIVE' } });
    const { id: _id, createdAt: _c, ...columns } = live;
    await expect(app.prisma.pluginVersion.create({ data: { ...columns, version: '1.0.1' } })).rejects.toThrow(/Unique constraint/);
  });
});
