import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNNER_UID, RunnerFailure, RunnerPool, type RunnerTask } from '../runner-pool.ts';

const hooks = (body: string): RunnerTask => ({
  code: `'use strict';\nmodule.exports.default = { validate(formData) { ${body} } };`,
  filename: 'hooks.js',
  hook: 'validate',
  argsJson: '[{}]',
});

const pool = new RunnerPool({ memoryMb: 64, size: 2 });
afterAll(() => pool.close());

describe('a plugin runner process', () => {
  it('answers a hook call with data', async () => {
    expect(await pool.run(hooks('return [{ field: "a", message: typeof process.env }];'), 5000)).toEqual({
      ok: true,
      value: [{ field: 'a', message: 'object' }],
    });
  });

  it('refuses 1 GB off the V8 heap at its OS memory limit, and the server process does not grow', async () => {
    const before = process.memoryUsage().rss;
    const answer = await pool.run(
      hooks('const block = new ArrayBuffer(1024 * 1024 * 1024); new Uint8Array(block).fill(1); return [];'),
      5000,
    );
    expect(answer).toEqual({ ok: false, message: 'Array buffer allocation failed' });
    // Many smaller blocks hit the same limit: the allocation fails in the hook, or V8 itself
    // runs out and the runner ends; either way the call fails with nothing kept.
    const many = await pool
      .run(hooks('const kept = []; for (let i = 0; i < 1024; i++) kept.push(new Uint8Array(1024 * 1024).fill(1)); return [];'), 10_000)
      .catch((error: Error) => error.message);
    expect([JSON.stringify({ ok: false, message: 'Array buffer allocation failed' }), 'exceeded its memory budget of 64 MB']).toContain(
      typeof many === 'string' ? many : JSON.stringify(many),
    );
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('ends a call at its time limit and serves the next call with a fresh runner', async () => {
    await expect(pool.run(hooks('for (;;) {}'), 300)).rejects.toThrow(new RunnerFailure('took longer than 300 ms'));
    expect(await pool.run(hooks('return [];'), 5000)).toEqual({ ok: true, value: [] });
  });

  it('fails only the call whose runner is killed from outside', async () => {
    const slow = pool.run(hooks('const until = Date.now() + 1500; while (Date.now() < until) {} return [];'), 5000);
    const other = pool.run(hooks('return [{ field: "b", message: "fine" }];'), 5000);
    await expect(other).resolves.toEqual({ ok: true, value: [{ field: 'b', message: 'fine' }] });
    // The runner still busy is the slow one's.
    expect(pool.busyPids).toHaveLength(1);
    process.kill(pool.busyPids[0]!, 'SIGKILL');
    await expect(slow).rejects.toThrow(/stopped \(SIGKILL\) without answering/);
    expect(await pool.run(hooks('return [];'), 5000)).toEqual({ ok: true, value: [] });
  });

  it('gives no call a runner that is exiting after its idle time', async () => {
    const short = new RunnerPool({ memoryMb: 64, size: 2, idleMs: 150 });
    try {
      const outcomes: unknown[] = [];
      for (let wait = 140; wait <= 170; wait += 3) {
        await short.run(hooks('return [];'), 5000);
        await new Promise((resolveLater) => setTimeout(resolveLater, wait));
        outcomes.push(await short.run(hooks('return [];'), 5000).catch((error: Error) => error.message));
      }
      expect(outcomes.every((o) => JSON.stringify(o) === JSON.stringify({ ok: true, value: [] }))).toBe(true);
    } finally {
      short.close();
    }
  });

  it('stops a runner that answers more than its limit', async () => {
    const small = new RunnerPool({ memoryMb: 64, size: 1, maxAnswerBytes: 64 * 1024 });
    try {
      await expect(small.run(hooks('return "x".repeat(200000);'), 5000)).rejects.toThrow('answered more than 65536 bytes');
      expect(await small.run(hooks('return [];'), 5000)).toEqual({ ok: true, value: [] });
    } finally {
      small.close();
    }
  });

  it('runs at most its size of calls at once; the others wait without their time running', async () => {
    const single = new RunnerPool({ memoryMb: 64, size: 1 });
    try {
      const spin = (ms: number) => hooks(`const until = Date.now() + ${ms}; while (Date.now() < until) {} return [];`);
      const calls = [single.run(spin(300), 1000), single.run(spin(300), 1000), single.run(spin(300), 1000)];
      expect(await Promise.all(calls)).toEqual([
        { ok: true, value: [] },
        { ok: true, value: [] },
        { ok: true, value: [] },
      ]);
      expect(single.pids.length).toBeLessThanOrEqual(1);
    } finally {
      single.close();
    }
  });
});

describe('runners shared by several plugins', () => {
  const spin = (ms: number, tag: string) =>
    hooks(`const until = Date.now() + ${ms}; while (Date.now() < until) {} return ${JSON.stringify(tag)};`);

  it('never run one plugin’s code in a process another plugin’s code ran in', async () => {
    const single = new RunnerPool({ memoryMb: 64, size: 1 });
    try {
      await single.run(hooks('return "a";'), 5000);
      const [first] = single.pids;
      await single.run(hooks('return "a";'), 5000);
      expect(single.pids).toEqual([first]); // the same code: the same runner
      await single.run(hooks('return "b";'), 5000);
      const [second] = single.pids;
      expect(second).not.toBe(first);
    } finally {
      single.close();
    }
  });

  it('refuse an import() that reaches the runner unbundled with an error of the plugin’s own realm', async () => {
    const answer = await pool.run(
      hooks("return import('node:fs').then(() => 'imported', (error) => String(error instanceof Error) + ' ' + error.message);"),
      5000,
    );
    expect(answer).toEqual({ ok: true, value: 'true capability denied: import()' });
  });

  it('leave a plugin nothing to run after it answered: no Atomics.waitAsync, FinalizationRegistry or WeakRef', async () => {
    expect(await pool.run(hooks('return typeof Atomics.waitAsync;'), 5000)).toEqual({ ok: true, value: 'undefined' });
    expect(await pool.run(hooks('new FinalizationRegistry(() => { for (;;) {} }); return 1;'), 5000)).toEqual({
      ok: false,
      message: 'capability denied: FinalizationRegistry',
    });
    expect(await pool.run(hooks('return new WeakRef({});'), 5000)).toEqual({ ok: false, message: 'capability denied: WeakRef' });
  });

  it('let another plugin’s call go before a slow plugin’s queue: it waits for one call at most', async () => {
    const single = new RunnerPool({ memoryMb: 64, size: 1 });
    try {
      const done: string[] = [];
      const slow = Array.from({ length: 4 }, (_, i) => single.run(spin(300, 'slow'), 5000).then(() => done.push(`slow ${i}`)));
      await new Promise((resolveSoon) => setTimeout(resolveSoon, 50));
      const quick = single.run(spin(0, 'quick'), 5000).then(() => done.push('quick'));
      await Promise.all([...slow, quick]);
      expect(done.indexOf('quick')).toBeLessThanOrEqual(1);
    } finally {
      single.close();
    }
  });

  it('refuse calls beyond a bounded queue, and fail a call that waited too long', async () => {
    const single = new RunnerPool({ memoryMb: 64, size: 1, maxWaiting: 2, maxWaitMs: 500 });
    try {
      const busy = single.run(spin(1500, 'busy'), 5000);
      await new Promise((resolveSoon) => setTimeout(resolveSoon, 100));
      const waiting = [single.run(spin(0, 'waiting'), 5000), single.run(spin(0, 'waiting'), 5000)];
      await expect(single.run(spin(0, 'waiting'), 5000)).rejects.toThrow('could not run: 2 calls of the same code are waiting already');
      for (const call of waiting) await expect(call).rejects.toThrow('could not run: no runner was free within 500 ms');
      expect(await busy).toEqual({ ok: true, value: 'busy' });
    } finally {
      single.close();
    }
  });
});

describe('what the runner process itself may do', () => {
  let dir: string;
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'egov-runner-probe-'));
    chmodSync(dir, 0o755); // the probe must be readable by the runner's user (nobody, under root)
    writeFileSync(join(dir, 'secret.txt'), 'canary-in-a-file', { mode: 0o600 });
    server = createServer((socket) => socket.end('canary-over-tcp'));
    await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // A probe started exactly as a runner is (its own script instead of runner.mjs): should a
  // plugin ever escape its context into the runner's realm, this is what it could do there.
  it('reads no file, starts no process, worker or addon, reaches no socket, sees no environment, and its memory is capped', async () => {
    const probe = join(dir, 'probe.mjs');
    writeFileSync(
      probe,
      `
      const attempt = async (what) => { try { return String(await what()).slice(0, 40); } catch (error) { return 'denied'; } };
      const fs = await import('node:fs');
      const results = {
        readSecret: await attempt(() => fs.readFileSync(${JSON.stringify(join(dir, 'secret.txt'))}, 'utf8')),
        readPasswd: await attempt(() => fs.readFileSync('/etc/passwd', 'utf8')),
        write: await attempt(() => fs.writeFileSync(${JSON.stringify(join(dir, 'written.txt'))}, 'x')),
        env: Object.keys(process.env).join(','),
        uid: String(process.getuid()),
        spawn: await attempt(async () => (await import('node:child_process')).execFileSync('/bin/true')),
        worker: await attempt(async () => new (await import('node:worker_threads')).Worker('0', { eval: true })),
        addon: await attempt(() => process.dlopen({ exports: {} }, '/nonexistent.node')),
        tcp: await attempt(() => new Promise((resolve, reject) => {
          import('node:net').then((net) => {
            const s = net.connect(${port}, '127.0.0.1');
            s.on('data', (d) => resolve(String(d)));
            s.on('error', reject);
          });
        })),
        offHeap: await attempt(() => new ArrayBuffer(1024 * 1024 * 1024).byteLength),
      };
      process.stdout.write(JSON.stringify(results));
      `,
      { mode: 0o644 },
    );
    const [file, ...args] = pool.runnerCommand(probe, []) as [string, ...string[]];
    const child = spawn(file, args, { env: {}, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await new Promise((resolveExit) => child.on('close', resolveExit));
    const results = JSON.parse(out) as Record<string, string>;
    expect(results).toMatchObject({
      readSecret: 'denied',
      readPasswd: 'denied',
      write: 'denied',
      env: '',
      spawn: 'denied',
      worker: 'denied',
      addon: 'denied',
      offHeap: 'denied',
    });
    // Without a network namespace (a host that allows none) the socket stays reachable from the
    // runner's realm, which plugin code never holds; the README says how to deploy then.
    if (pool.networkIsolated) expect(results.tcp).toBe('denied');
    // A server running as root runs plugin code as nobody.
    if (process.getuid?.() === 0) expect(results.uid).toBe(String(RUNNER_UID));
    else expect(results.uid).toBe(String(process.getuid?.()));
  });
});
