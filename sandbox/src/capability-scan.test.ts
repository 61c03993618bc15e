import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { digestPackage } from '@egov/core';
import { scanCapabilities } from './capability-scan.ts';
import { checkPackage } from './checks.ts';

const dir = mkdtempSync(join(tmpdir(), 'egov-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the capability scan', () => {
  it('reads code hidden in a nested node_modules folder, and skips only the top-level SDK link', async () => {
    mkdirSync(join(dir, 'src/node_modules/helper'), { recursive: true });
    mkdirSync(join(dir, 'node_modules/@egov/core'), { recursive: true });
    writeFileSync(join(dir, 'src/index.ts'), "import helper from './node_modules/helper/index.js';\nexport default helper;\n");
    writeFileSync(
      join(dir, 'src/node_modules/helper/index.js'),
      "import { readFileSync } from 'node:fs';\nexport default readFileSync('/etc/passwd', 'utf8');\n",
    );
    writeFileSync(join(dir, 'node_modules/@egov/core/index.js'), "import 'node:fs';\n");
    const findings = await scanCapabilities(dir);
    expect(findings).toEqual([{ capability: 'CAP.FS', file: 'src/node_modules/helper/index.js', line: 1, what: 'imports node:fs' }]);
  });

  it('flags aliases of the global object, getBuiltinModule and constructor.constructor', async () => {
    writeFileSync(
      join(dir, 'src/index.ts'),
      "const g = globalThis;\nexport const x = [].constructor.constructor('return 1');\nexport const y = Math.max(globalThis.Math.PI, 1);\n",
    );
    writeFileSync(join(dir, 'src/node_modules/helper/index.js'), 'export default (p) => p.getBuiltinModule;\n');
    const findings = await scanCapabilities(dir);
    expect(findings.map((f) => `${f.capability} ${f.file}:${f.line}`)).toEqual([
      'CAP.DYNAMIC_CODE src/index.ts:1',
      'CAP.DYNAMIC_CODE src/index.ts:2',
      'CAP.PROCESS src/node_modules/helper/index.js:1',
    ]);
  });

  it('flags require called through parentheses, aliased or passed around, and require.resolve', async () => {
    writeFileSync(
      join(dir, 'src/index.ts'),
      "const n = 'x';\nexport const a = (require)(`./data/${n}`);\nconst r = require;\nexport const b = require.resolve('./x');\nexport const c = require('./fine.json');\n",
    );
    writeFileSync(join(dir, 'src/node_modules/helper/index.js'), 'export default 1;\n');
    const findings = await scanCapabilities(dir);
    expect(findings.map((f) => `${f.capability} ${f.file}:${f.line} ${f.what}`)).toEqual([
      'CAP.DYNAMIC_CODE src/index.ts:2 loads a module named at run time',
      'CAP.DYNAMIC_CODE src/index.ts:3 uses require other than to call it',
      'CAP.DYNAMIC_CODE src/index.ts:4 uses require other than to call it',
    ]);
  });

  it('counts a nested node_modules folder in the digest and in PKG.FILES, unlike the top-level SDK link', async () => {
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'x', version: '1.0.0', type: 'module', exports: './src/index.ts', files: ['src/index.ts'] }),
    );
    const before = await digestPackage(dir);
    writeFileSync(join(dir, 'node_modules/@egov/core/index.js'), '// changed\n');
    expect((await digestPackage(dir)).digest).toBe(before.digest);
    writeFileSync(join(dir, 'src/node_modules/helper/index.js'), 'export default 2;\n');
    expect((await digestPackage(dir)).digest).not.toBe(before.digest);
    const report = await checkPackage(dir);
    expect(report.checks.find((c) => c.id === 'PKG.FILES')?.details).toEqual(['src/node_modules/helper/index.js: not declared in "files"']);
  });
});
