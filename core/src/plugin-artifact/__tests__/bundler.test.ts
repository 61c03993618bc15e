import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleModule, BundleError, MAX_FILE_BYTES } from '../bundler.ts';

// The bundler reads nothing but the package's own source: whatever a module asks for, the
// answer is the package's file, or a refusal naming what was asked.

let root = '';
let pkg = '';
const write = (path: string, text: string) => writeFileSync(join(pkg, path), text);

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'egov-bundler-'));
  pkg = join(root, 'pkg');
  mkdirSync(join(pkg, 'src/nested/node_modules/lib'), { recursive: true });
  mkdirSync(join(pkg, 'node_modules/@egov/sdk'), { recursive: true });
  mkdirSync(join(pkg, 'node_modules/@egov/core/sdk'), { recursive: true });
  // A parent folder's tsconfig.json and the package's own, both pointing at the host.
  writeFileSync(join(root, 'tsconfig.json'), '{ "extends": "/etc/passwd" }');
  write('tsconfig.json', '{ "extends": "/etc/hostname", "compilerOptions": { "paths": { "secret": ["/etc/passwd"] } } }');
  write('package.json', '{ "name": "p", "version": "1.0.0", "imports": { "#secret": "/etc/passwd" } }');
  write(
    'src/index.ts',
    "import { defineService } from '@egov/sdk';\nimport data from './data.json';\nimport { helper } from './helper';\nexport default defineService({ data, helper: helper() });\n",
  );
  write('src/helper.ts', 'export const helper = () => 42;\n');
  write('src/data.json', '{ "a": 1 }');
  write('src/notes.txt', 'not code');
  write('src/nested/node_modules/lib/index.js', 'module.exports = { lib: true };');
  // A package shipping its own "SDK" in node_modules, to be picked up instead of the platform's.
  write('node_modules/@egov/sdk/index.js', 'export const defineService = () => ({ stolen: process.env });');
  write('node_modules/@egov/core/sdk/index.js', 'export const defineService = () => ({ stolen: process.env });');
  write('node_modules/evil.js', 'module.exports = 1;');
  symlinkSync('/etc/passwd', join(pkg, 'src/passwd.js'));
  symlinkSync('/etc', join(pkg, 'src/etc'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The bundle of a module whose source is `source`, or the refusals and problems it ends with. */
async function outcome(source: string): Promise<{ files: string[] } | { refused: string[]; problems: string[] }> {
  write('src/entry.ts', source);
  try {
    const bundle = await bundleModule(pkg, 'src/entry.ts');
    return { files: bundle.files };
  } catch (error) {
    if (!(error instanceof BundleError)) throw error;
    return { refused: error.refused, problems: error.problems };
  }
}

describe('the confined bundler', () => {
  it('bundles the package’s own TypeScript and JSON, with the SDK as the platform’s shim, and lists what it read', async () => {
    const bundle = await bundleModule(pkg, 'src/index.ts');
    expect(bundle.files).toEqual(['src/data.json', 'src/helper.ts', 'src/index.ts']);
    expect(bundle.filename).toBe('src/index.ts');
    expect(bundle.code).toContain('defineService = (manifest) => manifest');
    expect(bundle.code).not.toContain('stolen');
  });

  it('takes the SDK under the name packages written before it was a package of its own use (@egov/core/sdk)', async () => {
    expect(await outcome("import { defineService } from '@egov/core/sdk';\nexport default defineService({ a: 1 });\n")).toEqual({
      files: ['src/entry.ts'],
    });
    expect(await outcome("import { defineHooks } from '@egov/core/sdk/hooks';\nexport default defineHooks({});\n")).toEqual({
      files: ['src/entry.ts'],
    });
  });

  it.each([
    [
      'an absolute path',
      "import x from '/etc/passwd'; export default x;",
      '"/etc/passwd" is outside the package: only the package\'s own files can be imported (src/entry.ts)',
    ],
    [
      'a file: URL',
      "import x from 'file:///etc/passwd'; export default x;",
      '"file:///etc/passwd" is outside the package: only the package\'s own files can be imported (src/entry.ts)',
    ],
    [
      'a path out of the package',
      "import x from '../../etc/passwd'; export default x;",
      '"../../etc/passwd" is outside the package (src/entry.ts)',
    ],
    [
      'require of an absolute path',
      "export default require('/etc/passwd');",
      '"/etc/passwd" is outside the package: only the package\'s own files can be imported (src/entry.ts)',
    ],
    ['require.resolve', "export default require.resolve('./data.json');", 'require.resolve is not allowed (src/entry.ts)'],
    ['a link to a file', "import x from './passwd.js'; export default x;", 'src/passwd.js is a link (src/entry.ts)'],
    ['a path through a linked folder', "import x from './etc/passwd'; export default x;", 'src/etc is a link (src/entry.ts)'],
    [
      'a text file',
      "import x from './notes.txt'; export default x;",
      'src/notes.txt: only JavaScript, TypeScript and JSON files can be imported (src/entry.ts)',
    ],
    [
      'a bare name',
      "import x from 'secret'; export default x;",
      '"secret" is not the SDK or a file of the package: a plugin imports nothing else (src/entry.ts)',
    ],
    [
      'a package.json import map',
      "import x from '#secret'; export default x;",
      '"#secret" is not the SDK or a file of the package: a plugin imports nothing else (src/entry.ts)',
    ],
    [
      'the package’s top-level node_modules',
      "import x from '../node_modules/evil.js'; export default x;",
      "node_modules/evil.js is in the package's node_modules, which is not its content (src/entry.ts)",
    ],
  ])('refuses %s, saying what was asked', async (_what, source, refusal) => {
    expect(await outcome(source)).toEqual({ refused: [refusal], problems: [] });
  });

  it('refuses a Node built-in as a capability, and reports a syntax error with its place', async () => {
    expect(await outcome("import fs from 'node:fs'; export default fs;")).toEqual({
      refused: [],
      problems: ['capability denied: imports node:fs (src/entry.ts:1)'],
    });
    expect(await outcome('export default {;')).toEqual({ refused: [], problems: ['Expected identifier but found ";" (src/entry.ts:1)'] });
  });

  it('takes a nested node_modules folder as ordinary files of the package, imported by path only', async () => {
    expect(await outcome("import lib from './nested/node_modules/lib/index.js'; export default lib;")).toEqual({
      files: ['src/entry.ts', 'src/nested/node_modules/lib/index.js'],
    });
    expect(await outcome("import lib from 'lib'; export default lib;")).toEqual({
      refused: ['"lib" is not the SDK or a file of the package: a plugin imports nothing else (src/entry.ts)'],
      problems: [],
    });
  });

  it('refuses a source file over its size limit', async () => {
    write('src/big.ts', `export default "${'x'.repeat(MAX_FILE_BYTES)}";`);
    expect(await outcome("import big from './big.ts'; export default big;")).toEqual({
      refused: [],
      problems: [`src/big.ts has more than ${MAX_FILE_BYTES} bytes`],
    });
  });

  it('reads no file for a require or import whose path is computed, whatever it would match', async () => {
    // esbuild's own bundler would list and read every file such a pattern matches, anywhere.
    writeFileSync(join(root, 'secret.json'), '{ "canary": "outside-the-package" }');
    write('src/inside.json', '{ "canary": "inside-but-not-named" }');
    for (const source of [
      "const n = 'secret'; export default require(`../../${n}.json`);",
      "const n = 'inside'; export default (require)(`./${n}.json`);",
      "export default (n: string) => import(`./${n}.json`, { with: { type: 'text' } });",
      "const base = './'; export default require(base + 'inside.json');",
    ]) {
      write('src/entry.ts', source);
      const bundle = await bundleModule(pkg, 'src/entry.ts');
      expect(bundle.files).toEqual(['src/entry.ts']);
      expect(bundle.code).not.toContain('canary');
    }
  });

  it('takes only calls of require as imports: not a method named require, and a bad escape is a problem, not a crash', async () => {
    write('src/entry.ts', "const o = { require: (p: string) => p };\nexport default o.require('./inside.json');");
    expect((await bundleModule(pkg, 'src/entry.ts')).files).toEqual(['src/entry.ts']);
    expect(await outcome('export const x = () => require("\\v");')).toEqual({
      refused: [],
      problems: ['a require whose path is not a plain string (src/entry.ts)'],
    });
  });

  it('bundles a module that starts with a hashbang line', async () => {
    write('src/tool.ts', '#!/usr/bin/env node\nexport const tool = 1;\n');
    write('src/entry.ts', "import { tool } from './tool.ts';\nexport default tool;");
    expect((await bundleModule(pkg, 'src/entry.ts')).code).not.toContain('#!');
  });

  it('takes an import attribute as nothing more: the loader is the file’s extension’s', async () => {
    write('src/entry.ts', "import data from './data.json' with { type: 'text' };\nexport default data;");
    const bundle = await bundleModule(pkg, 'src/entry.ts');
    expect(bundle.files).toEqual(['src/data.json', 'src/entry.ts']);
    expect(bundle.code).toContain('module.exports = { a: 1 }');
  });

  it('leaves a dynamic import of a computed name to the runner, which refuses it', async () => {
    const done = await outcome('export default (name: string) => import(name);');
    expect(done).toEqual({ files: ['src/entry.ts'] });
  });
});
