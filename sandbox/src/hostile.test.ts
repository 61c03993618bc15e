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
  ])('%s fails with %j', async (name, ids) => {
    const report = await checkPackage(hostile(name));
    expect(report.verdict).toBe('FAILED');
    expect(report.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual(ids);
  }, 30_000);

  it('names the file and line of what it found', async () => {
    const report = await checkPackage(hostile('read-passwd'));
    expect(report.checks.find((c) => c.id === 'CAP.FS')?.details).toEqual(['hooks.ts:1: imports node:fs']);
  });
});
