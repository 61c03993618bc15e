import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPackage } from './checks.ts';

const root = resolve(import.meta.dirname, '../..');
const examples = readdirSync(join(root, 'plugins')).map((name) => join(root, 'plugins', name));
const fixture = (name: string) => join(root, 'sandbox/fixtures', name);

const failed = async (path: string) =>
  (await checkPackage(path)).checks.filter((c) => !c.passed).map((c) => [c.id, c.details]);

describe('sandbox checks', () => {
  it.each(examples)('pass every example plugin: %s', async (path) => {
    const report = await checkPackage(path);
    expect(report.checks.filter((c) => !c.passed)).toEqual([]);
    expect(report.verdict).toBe('PASSED');
    expect(report.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('fail an invalid manifest under MANIFEST.SCHEMA, naming each field', async () => {
    const report = await checkPackage(join(root, 'core/src/catalog/__tests__/fixtures/online-fee-too-high'));
    expect(report.verdict).toBe('FAILED');
    expect(await failed(report.packagePath)).toEqual([
      ['MANIFEST.SCHEMA', ['legalBasis: is required', 'fees[0].online: online fee 20000 VND exceeds the in-person fee 10000 VND (R11.4)']],
    ]);
  });

  it('fail a missing form file under FORMS.FILES', async () => {
    expect(await failed(fixture('missing-form-file'))).toEqual([['FORMS.FILES', ['forms "TK-KS": forms/missing.html is missing or empty']]]);
  });

  it('fail fixtures that do not behave as declared under FIXTURES.REPLAY', async () => {
    expect(await failed(fixture('wrong-fixtures'))).toEqual([
      ['FIXTURES.REPLAY', ['Hồ sơ hợp lệ bị coi là thiếu tên: expected childName:REQUIRED, got acceptance']],
    ]);
  });

  it('fail an SDK range this platform does not satisfy under SDK.COMPAT', async () => {
    expect(await failed(fixture('future-sdk'))).toEqual([['SDK.COMPAT', ['sdk range ^2.0.0 does not include 1.0.0']]]);
  });

  it('fail a folder that is not a package under PKG.ENTRY', async () => {
    const report = await checkPackage(join(root, 'sandbox/src'));
    expect(report.verdict).toBe('FAILED');
    expect(report.checks.find((c) => c.id === 'PKG.ENTRY')?.details).toEqual([
      'package.json must have a name and a version',
      'package.json must name its entry in "exports" or "main"',
    ]);
  });

  it('give the same digest for the same files and a different one when a file changes', async () => {
    const a = await checkPackage(examples[0]!);
    const b = await checkPackage(examples[0]!);
    const other = await checkPackage(examples[1]!);
    expect(a.digest).toBe(b.digest);
    expect(a.digest).not.toBe(other.digest);
  });
});
