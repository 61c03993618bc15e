import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageFixture } from '@egov/core/testing/package-fixture';
import { checkPackage } from './checks.ts';

const root = resolve(import.meta.dirname, '../..');
const marker = '/tmp/egov-manifest-ran-with-powers'; // what the fixture writes if it runs with powers

// PKG.ENTRY loads the manifest entry as the server does: isolated, whatever the scan found.
describe('PKG.ENTRY', () => {
  it('fails an entry that reaches for the file system at top level, without it running with the sandbox’s powers', async () => {
    await rm(marker, { force: true });
    const report = await checkPackage(await packageFixture(join(root, 'sandbox/fixtures/hostile/manifest-reads-passwd')));
    expect(report.checks.find((c) => c.id === 'PKG.ENTRY')?.details).toEqual([
      'index.ts cannot be imported: capability denied: process.getBuiltinModule',
    ]);
    expect(report.checks.find((c) => c.id === 'MANIFEST.SCHEMA')?.details).toEqual(['no manifest to check']);
    expect(report.verdict).toBe('FAILED');
    expect(existsSync(marker)).toBe(false);
    expect(JSON.stringify(report)).not.toContain(readFileSync('/etc/passwd', 'utf8').split('\n')[0]!);
  });
});
