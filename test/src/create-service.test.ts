import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createService } from '../../sdk/scripts/create-service.ts';

// A plugin package written outside this repository, with nothing installed beside it, is
// checked and run exactly like one inside: the platform gives it the SDK. And what
// `pnpm create-service` writes passes the sandbox as it is.

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const tsx = (script: string, ...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', join(root, script), ...args], { cwd: root, maxBuffer: 16 * 1024 * 1024 }).then(
    (done) => ({ code: 0, stdout: done.stdout, stderr: done.stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
/** The sandbox CLI's report of the package in `dir`, every check included (the trial run too). */
async function check(dir: string): Promise<{ verdict: string; failed: [string, string[]][]; ids: string[] }> {
  const { stdout } = await tsx('sandbox/src/cli.ts', 'check', dir, '--json');
  const report = JSON.parse(stdout) as { verdict: string; checks: { id: string; passed: boolean; details: string[] }[] };
  return {
    verdict: report.verdict,
    failed: report.checks.filter((c) => !c.passed).map((c) => [c.id, c.details]),
    ids: report.checks.map((c) => c.id),
  };
}

const outside = await mkdtemp(join(tmpdir(), 'egov-outside-'));
afterAll(() => rm(outside, { recursive: true, force: true }));

describe('a plugin package outside the repository', () => {
  it('passes the sandbox like the same package inside: hooks, fixtures, trial run', async () => {
    const copy = join(outside, 'judicial-record');
    await cp(join(root, 'plugins/judicial-record'), copy, { recursive: true, filter: (source) => !source.includes('node_modules') });
    const report = await check(copy);
    expect(report.failed).toEqual([]);
    expect(report.ids).toEqual(expect.arrayContaining(['HOOKS.BUDGET', 'FIXTURES.REPLAY', 'TRIAL.RUN']));
    expect(report.verdict).toBe('PASSED');
  }, 120_000);
});

describe('pnpm create-service', () => {
  it('writes a package that passes the sandbox as generated', async () => {
    const made = await tsx(
      'sdk/scripts/create-service.ts',
      'DNG-STP-XN-99',
      '--agency',
      'STP',
      '--title',
      'Cấp giấy xác nhận',
      '--dir',
      outside,
    );
    expect(made).toMatchObject({ code: 0, stdout: expect.stringContaining('dng-stp-xn-99') });
    const dir = join(outside, 'dng-stp-xn-99');
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg).toMatchObject({ name: '@egov-plugin/dng-stp-xn-99', version: '1.0.0', peerDependencies: { '@egov/sdk': '^1.0.0' } });
    expect(pkg).not.toHaveProperty('dependencies');
    const report = await check(dir);
    expect(report.failed).toEqual([]);
    expect(report.ids).toEqual(expect.arrayContaining(['HOOKS.BUDGET', 'FIXTURES.REPLAY', 'TRIAL.RUN']));
    expect(report.verdict).toBe('PASSED');
  }, 120_000);

  it('writes, for this repository’s plugins/, the same package with the SDK linked for types, which passes too', async () => {
    const dir = createService(outside, { code: 'DNG-STP-XN-98', agency: 'STP', title: 'Thử', name: 'in-workspace', workspace: true });
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg).toMatchObject({ peerDependencies: { '@egov/sdk': '^1.0.0' }, devDependencies: { '@egov/sdk': 'workspace:^' } });
    const report = await check(dir);
    expect(report.failed).toEqual([]);
    expect(report.verdict).toBe('PASSED');
  }, 120_000);

  it('refuses a bad code or agency, and a folder that exists, writing nothing', async () => {
    expect(await tsx('sdk/scripts/create-service.ts', 'not a code', '--dir', outside)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('must be 3-40 upper-case letters'),
    });
    expect(await tsx('sdk/scripts/create-service.ts', 'DNG-X-01', '--agency', 'stp', '--dir', outside)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('agency code "stp"'),
    });
    await tsx('sdk/scripts/create-service.ts', 'DNG-X-02', '--dir', outside);
    expect(await tsx('sdk/scripts/create-service.ts', 'DNG-X-02', '--dir', outside)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('exists already'),
    });
    expect(await tsx('sdk/scripts/create-service.ts')).toMatchObject({ code: 2, stderr: expect.stringContaining('usage:') });
  });
});
