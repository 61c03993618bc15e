import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../config.ts';
import { defaultManifestLimits, ManifestLoadError } from '../../hooks/hook-runner.ts';
import { buildPluginPackage } from '../../plugin-artifact/build.ts';
import { validateManifest } from '@egov/sdk';
import { examplePluginPaths } from '../../seed/demo.ts';
import { loadManifestIsolated } from '../../testing/hooks.ts';
import { fromProjectRoot, packageFixture } from '../../testing/package-fixture.ts';
import { ManifestError } from '../plugin-loader.ts';

let readsPasswd = '';
const marker = '/tmp/egov-manifest-ran-with-powers'; // what that fixture writes if it ran with powers
let loops = '';
beforeAll(async () => {
  readsPasswd = fromProjectRoot(await packageFixture('sandbox/fixtures/hostile/manifest-reads-passwd'));
  loops = fromProjectRoot(await packageFixture('core/src/catalog/__fixtures__/manifest-loops'));
});

/** The error a load ends with (the test fails if it succeeds). */
const failure = (loading: Promise<unknown>) =>
  loading.then(
    (value) => expect.unreachable(`loaded ${JSON.stringify(value).slice(0, 80)}`),
    (error: unknown) => error as Error,
  );

// A package's manifest entry is untrusted code: the server loads it the way hooks run, so its
// top-level code finds no capabilities and only its default export comes back, as data.
describe('loading a manifest entry isolated', () => {
  beforeEach(() => rm(marker, { force: true }));

  it('refuses an entry that reads /etc/passwd at top level through process, which never ran with the server’s powers', async () => {
    const error = await failure(buildPluginPackage(projectRoot, readsPasswd));
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).issues).toEqual([
      { path: '(entry)', message: 'index.ts cannot be imported: capability denied: process.getBuiltinModule' },
    ]);
    const direct = await failure(loadManifestIsolated(join(projectRoot, readsPasswd), './index.ts'));
    expect(direct).toBeInstanceOf(ManifestLoadError);
    expect(direct.message).toBe('index.ts cannot be imported: capability denied: process.getBuiltinModule');
    expect(existsSync(marker)).toBe(false);
    const firstLine = readFileSync('/etc/passwd', 'utf8').split('\n')[0]!;
    expect(error.message).not.toContain(firstLine);
  });

  it('stops an entry that loops at top level at the time limit, while the process carries on', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 50);
    const started = Date.now();
    const error = await failure(loadManifestIsolated(join(projectRoot, loops), 'index.ts', { timeoutMs: 1000, memoryMb: 64 }));
    expect(error.message).toBe('index.ts cannot be imported: its top-level code took longer than 1000 ms');
    expect(Date.now() - started).toBeLessThan(4000);
    expect(ticks).toBeGreaterThan(5); // this thread kept running meanwhile
    // The same through the server's loader, with the default limit.
    const again = Date.now();
    const loaded = await failure(buildPluginPackage(projectRoot, loops));
    expect((loaded as ManifestError).issues).toEqual([
      {
        path: '(entry)',
        message: `index.ts cannot be imported: its top-level code took longer than ${defaultManifestLimits.timeoutMs} ms`,
      },
    ]);
    expect(Date.now() - again).toBeLessThan(defaultManifestLimits.timeoutMs + 3000);
    clearInterval(timer);
    expect((await buildPluginPackage(projectRoot, 'plugins/judicial-record')).manifest.code).toBe('DNG-STP-LLTP-01');
  }, 20_000);

  it('loads the example plugins exactly as importing them did', async () => {
    const paths = await examplePluginPaths(projectRoot);
    expect(paths).toHaveLength(5);
    for (const path of paths) {
      const entry = join(projectRoot, path, 'src/index.ts');
      const imported = ((await import(pathToFileURL(entry).href)) as { default: unknown }).default;
      const expected = validateManifest(imported);
      if (!expected.ok) throw new Error(`${path}: the example manifest is valid`);
      expect((await buildPluginPackage(projectRoot, path)).manifest, path).toStrictEqual(expected.manifest);
      expect(await loadManifestIsolated(join(projectRoot, path), 'src/index.ts'), path).toStrictEqual(JSON.parse(JSON.stringify(imported)));
    }
  });
});

describe('a manifest entry that is not a manifest', () => {
  const folders: string[] = [];
  afterAll(() => Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true }))));
  /** A package folder of its own (no node_modules) with one entry file; the entry's outcome. */
  async function load(source: string, file = 'index.js'): Promise<unknown> {
    const dir = await mkdtemp(join(tmpdir(), 'egov-manifest-'));
    folders.push(dir);
    await writeFile(join(dir, file), source);
    return loadManifestIsolated(dir, file).catch((error: unknown) => {
      expect(error).toBeInstanceOf(ManifestLoadError);
      return (error as Error).message;
    });
  }

  it.each([
    {
      is: 'imports a Node built-in',
      source: "import { readFileSync } from 'node:fs';\nexport default { p: readFileSync('/etc/passwd', 'utf8') };",
      outcome: 'index.js cannot be imported: capability denied: imports node:fs (index.js:1)',
    },
    {
      is: 'imports a module named at run time',
      source: "const m = 'node:fs';\nimport(m).then((fs) => fs.readFileSync('/etc/passwd'));\nexport default {};",
      outcome: 'index.js cannot be imported: the module left an error unhandled',
    },
    {
      is: 'awaits at top level',
      source: 'export default await Promise.resolve({});',
      outcome: 'index.js cannot be imported: Top-level await is currently not supported with the "cjs" output format (index.js:1)',
    },
    {
      is: 'reads the environment',
      source: 'export default { secret: process.env.AUTH_SECRET };',
      outcome: 'index.js cannot be imported: capability denied: process.env.AUTH_SECRET',
    },
    {
      is: 'compiles code from a string',
      source: "export default new Function('return 1')();",
      outcome: 'index.js cannot be imported: capability denied: eval/Function (code generation from strings)',
    },
    { is: 'throws', source: "throw new Error('boom');", outcome: 'index.js cannot be imported: boom' },
    {
      is: 'does not parse',
      source: 'export default {',
      outcome: 'index.js cannot be imported: Expected identifier but found end of file (index.js:1)',
    },
    { is: 'exports no default', source: 'export const code = "X";', outcome: 'index.js has no default export' },
    {
      is: 'exports a function',
      source: 'export default () => ({});',
      outcome: 'index.js exports a default that is not JSON data (a function)',
    },
    {
      is: 'exports a BigInt',
      source: 'export default { fee: 10n };',
      outcome: 'index.js exports a default that is not JSON data (Do not know how to serialize a BigInt)',
    },
    {
      is: 'reaches for a capability in a getter',
      source: 'export default { get title() { return process.env.AUTH_SECRET; } };',
      outcome: 'index.js exports a default that is not JSON data (capability denied: process.env.AUTH_SECRET)',
    },
    {
      is: 'imports a part of the SDK that is not for manifests',
      source: "import { validateManifest } from '@egov/sdk';\nexport default validateManifest({});",
      outcome: 'index.js cannot be imported: No matching export in "@egov/sdk" for import "validateManifest" (index.js)',
    },
  ])('fails when it $is, saying so', async ({ source, outcome }) => {
    expect(await load(source)).toEqual(outcome);
  });

  it('fails when it eats memory, at the heap limit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'egov-manifest-'));
    folders.push(dir);
    await writeFile(join(dir, 'index.js'), 'const hoard = [];\nfor (;;) hoard.push(new Array(1e6).fill(1));\nexport default hoard;');
    await expect(loadManifestIsolated(dir, 'index.js', { timeoutMs: 10_000, memoryMb: 32 })).rejects.toThrow(
      'index.js cannot be imported: its top-level code exceeded its memory budget of 32 MB',
    );
  });

  it('keeps only what is JSON data: functions and undefined are dropped, dates become strings', async () => {
    const source = 'export default { code: "X", level: 3, when: new Date(0), check() {}, note: undefined, list: [1, undefined] };';
    expect(await load(source)).toStrictEqual({ code: 'X', level: 3, when: '1970-01-01T00:00:00.000Z', list: [1, null] });
  });

  it('resolves the plugin SDK without the package’s node_modules, and takes a CommonJS module’s exports', async () => {
    expect(await load("import { defineService } from '@egov/sdk';\nexport default defineService({ code: 'X' });", 'index.ts')).toEqual({
      code: 'X',
    });
    expect(await load("module.exports = { code: 'Y' };", 'index.cjs')).toEqual({ code: 'Y' });
  });

  it('loads a changed entry afresh, and gives each caller its own copy', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'egov-manifest-'));
    folders.push(dir);
    await writeFile(join(dir, 'index.js'), 'export default { title: "first", tags: ["a"] };');
    const first = (await loadManifestIsolated(dir, 'index.js')) as { title: string; tags: string[] };
    first.tags.push('changed by a caller');
    expect(await loadManifestIsolated(dir, 'index.js')).toEqual({ title: 'first', tags: ['a'] });
    await writeFile(join(dir, 'index.js'), 'export default { title: "second", tags: ["a"] };');
    expect(await loadManifestIsolated(dir, 'index.js')).toEqual({ title: 'second', tags: ['a'] });
  });

  it('refuses an entry outside the package without reading it', async () => {
    await expect(loadManifestIsolated(join(projectRoot, loops), '../../../hooks/hook-runner.ts')).rejects.toThrow(
      '../../../hooks/hook-runner.ts is outside the package',
    );
  });
});
