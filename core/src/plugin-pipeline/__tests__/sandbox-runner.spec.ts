import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../config.ts';
import { packageFixture } from '../../testing/package-fixture.ts';
import type { CheckResult } from '../report.ts';
import { runSandbox, SandboxFailure } from '../sandbox-runner.ts';

// The sandbox runs as a child process and reports over stdout; the package it checks is bundled
// there and runs in its runners, so the server trusts only lines carrying the key it handed over
// on stdin.
const artifactOut = () => join(mkdtempSync(join(tmpdir(), 'egov-artifact-')), 'out');
describe('the sandbox runner', () => {
  it('ignores reports a package forges on stdout and streams the real checks', async () => {
    const streamed: CheckResult[] = [];
    const report = await runSandbox({
      packageDir: await packageFixture('sandbox/fixtures/hostile/forged-report'),
      artifactOut: artifactOut(),
      onCheck: (check) => void streamed.push(check),
      timeoutMs: 120_000,
    });
    expect(report.verdict).toBe('FAILED');
    expect(report.checks.find((c) => c.id === 'MANIFEST.SCHEMA')?.passed).toBe(false);
    expect(streamed.map((c) => c.id)).toEqual(report.checks.map((c) => c.id));
  }, 120_000);

  it.each([
    ['infinite-loop', ['HOOKS.BUDGET']],
    ['memory-bomb', ['HOOKS.BUDGET']],
    ['read-passwd', ['CAP.FS']],
    ['spawn-process', ['CAP.PROCESS']],
  ])(
    'catches hostile %s through the child process with %j, while this process stays responsive',
    async (name, ids) => {
      // The event loop of the process that runs the check (the API server) keeps ticking.
      let last = performance.now();
      let worst = 0;
      const ticker = setInterval(() => {
        const at = performance.now();
        worst = Math.max(worst, at - last - 10);
        last = at;
      }, 10);
      try {
        const report = await runSandbox({
          packageDir: await packageFixture(`sandbox/fixtures/hostile/${name}`),
          artifactOut: artifactOut(),
          onCheck: () => {},
          timeoutMs: 120_000,
        });
        expect(report.verdict).toBe('FAILED');
        expect(report.checks.filter((c) => c.severity === 'error' && !c.passed).map((c) => c.id)).toEqual(ids);
      } finally {
        clearInterval(ticker);
      }
      console.info(`${name}: the checking process's event loop was late by ${worst.toFixed(1)} ms at most`);
    },
    120_000,
  );

  it('fails with SandboxFailure, not a hang, when the harness runs out of time', async () => {
    const started = Date.now();
    const outcome = runSandbox({
      packageDir: join(projectRoot, 'plugins/judicial-record'),
      artifactOut: artifactOut(),
      onCheck: () => {},
      timeoutMs: 300,
    });
    await expect(outcome).rejects.toBeInstanceOf(SandboxFailure);
    await expect(outcome).rejects.toThrow('the sandbox took longer than 0 s');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
