import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPackage } from './checks.ts';

const hostile = (name: string) => join(resolve(import.meta.dirname, '..'), 'fixtures/hostile', name);

// Each deliberately bad plugin is caught by the check named for what it does.
describe('hostile plugin packages', () => {
  it.each([
    ['read-passwd', ['CAP.FS']],
    ['open-socket', ['CAP.NET']],
    ['read-env', ['CAP.ENV']],
    ['spawn-process', ['CAP.PROCESS']],
    ['eval-fetched', ['CAP.NET', 'CAP.DYNAMIC_CODE', 'HOOKS.BUDGET']],
    ['prototype-pollution', ['CAP.PROTOTYPE']],
    ['infinite-loop', ['HOOKS.BUDGET']],
    ['memory-bomb', ['HOOKS.BUDGET']],
    ['lying-level', ['MANIFEST.SCHEMA']],
    ['lying-fees', ['MANIFEST.SCHEMA']],
  ])('%s fails with %j', async (name, ids) => {
    const report = await checkPackage(hostile(name));
    expect(report.verdict).toBe('FAILED');
    expect(report.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual(ids);
  }, 30_000);

  it('say what the lying manifests lie about', async () => {
    const level = await checkPackage(hostile('lying-level'));
    expect(level.checks.find((c) => c.id === 'MANIFEST.SCHEMA')?.details).toEqual([
      'form: a level-4 service needs an e-form (R4.5)',
      'fees[0].online: a level-4 service must give the online amount (R11.3)',
      'fixtures: needs at least one sample that must be accepted',
      'fixtures: needs at least one sample that must be rejected',
    ]);
    const fees = await checkPackage(hostile('lying-fees'));
    expect(fees.checks.find((c) => c.id === 'MANIFEST.SCHEMA')?.details).toEqual(['fees[0].online: online fee 250000 VND exceeds the in-person fee 200000 VND (R11.4)']);
  });

  it('names the file and line of what it found', async () => {
    const report = await checkPackage(hostile('read-passwd'));
    expect(report.checks.find((c) => c.id === 'CAP.FS')?.details).toEqual(['hooks.ts:1: imports node:fs']);
  });
});
