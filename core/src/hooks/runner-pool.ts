import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Readable, Writable } from 'node:stream';

/** One call of plugin code: a bundle (one CommonJS function body) and what to run of it. */
export interface RunnerTask {
  code: string;
  /** The bundle's name in stack traces and error locations. */
  filename: string;
  /** The hook to call, or null to run the module's top-level code and answer its default export. */
  hook: string | null;
  /** The hook's arguments, as a JSON array. */
  argsJson: string;
  /** What identifies the code (its SHA-256): runners are reused only for the same code. @default the code itself */
  key?: string;
}

/** What a runner answers (see runner.mjs). */
export type RunnerAnswer = { ok: true; missing?: boolean; value?: unknown } | { ok: false; message: string; notData?: boolean };

/** The runner could not answer: timeout, memory budget, crash, an answer too large. */
export class RunnerFailure extends Error {
  override name = 'RunnerFailure';
}

export interface RunnerPoolOptions {
  /**
   * Memory for plugin code in each runner, in MB: the V8 heap limit, and with the runtime's own
   * needs (`runtimeMb`) the OS limit on the process's data segment, which counts off-heap
   * allocations (ArrayBuffers, buffers) too. @default 64
   */
  memoryMb?: number;
  /** What Node itself needs besides the plugin's memory, in MB. @default 96 */
  runtimeMb?: number;
  /** At most this many runners at once; further calls wait. @default max(2, CPU count) */
  size?: number;
  /** A runner is replaced after this many calls. @default 200 */
  maxCalls?: number;
  /** An idle runner exits after this long, in ms. @default 60000 */
  idleMs?: number;
  /** The most an answer may hold, in bytes. @default 4 MiB */
  maxAnswerBytes?: number;
  /**
   * `auto`: run each runner in a network namespace of its own when the host allows it (root, or
   * unprivileged user namespaces), else without (the JavaScript realm of plugin code reaches no
   * network API either way). `required`: refuse to run plugin code without it. `off`: never.
   * @default 'auto'
   */
  network?: 'auto' | 'required' | 'off';
  /** Run V8 without its JIT compilers (a smaller attack surface). @default true */
  jitless?: boolean;
  /** At most this many calls of the same code wait for a runner; more are refused at once. @default 1000 */
  maxWaiting?: number;
  /** A call waits at most this long for a runner, then fails. @default 10000 */
  maxWaitMs?: number;
}

const runnerFile = fileURLToPath(new URL('./runner.mjs', import.meta.url));
/** The system's folder for temporary files, as it was when the server started. */
const systemTmp = tmpdir();
/** The only files a runner may read: its own code. */
const runnerFiles = [runnerFile, fileURLToPath(new URL('./lockdown.mjs', import.meta.url))];

/**
 * The runner's code where its user can read it: as root (runners then run as RUNNER_UID, who
 * may not read the installation), a copy in a new folder of root's, readable but not writable by
 * others; otherwise the files as installed.
 */
let installed: { script: string; files: string[] } | undefined;
function runnerCode(): { script: string; files: string[] } {
  if (installed) return installed;
  if (!asRoot()) return (installed = { script: runnerFile, files: runnerFiles });
  const dir = mkdtempSync(join(systemTmp, 'egov-plugin-runner-'));
  const files = runnerFiles.map((file) => {
    const copy = join(dir, basename(file));
    copyFileSync(file, copy);
    chmodSync(copy, 0o444);
    return copy;
  });
  chmodSync(dir, 0o555);
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return (installed = { script: files[0]!, files });
}

/**
 * The user plugin code runs as when the server runs as root: nobody, who owns nothing and reads
 * none of the server's data (FILES_DIR, the token secret and the database are the server's own,
 * mode 0700/0600), should a plugin ever escape the runner's other limits.
 */
export const RUNNER_UID = 65534;
const asRoot = () => process.getuid?.() === 0;

/**
 * How to put a command in an empty network namespace on this host (and, as root, make it
 * RUNNER_UID there), or null when it cannot be done.
 */
let namespacePrefix: string[] | null | undefined;
function networkNamespace(): string[] | null {
  if (namespacePrefix !== undefined) return namespacePrefix;
  namespacePrefix = null;
  const unshare = ['/usr/bin/unshare', '/bin/unshare'].find((path) => spawnSync(path, ['--version'], { stdio: 'ignore' }).status === 0);
  if (unshare) {
    // As root a network namespace needs no more; otherwise a user namespace makes it possible.
    const candidates = asRoot()
      ? [['--net', '--setuid', String(RUNNER_UID), '--setgid', String(RUNNER_UID)]]
      : [['--net'], ['--net', '--map-root-user']];
    for (const flags of candidates) {
      if (spawnSync(unshare, [...flags, '--', '/bin/true'], { stdio: 'ignore', env: {} }).status === 0) {
        namespacePrefix = [unshare, ...flags, '--'];
        break;
      }
    }
  }
  return namespacePrefix;
}

interface Pending {
  resolve: (answer: RunnerAnswer) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** One runner process and its line protocol. */
class Runner {
  readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  readonly ready: Promise<void>;
  calls = 0;
  /** The code this runner last ran (null: none yet). */
  key: string | null = null;
  idleTimer: NodeJS.Timeout | null = null;
  private pending: Pending | null = null;
  private nextId = 1;
  private buffer = '';
  private stderr = '';
  private exited = false;
  private problem: string | null = null;

  constructor(
    command: string[],
    private readonly limits: { memoryMb: number; maxAnswerBytes: number },
    private readonly onExit: (runner: Runner) => void,
  ) {
    const [file, ...args] = command as [string, ...string[]];
    // As root without a namespace prefix (which changes user itself), the user changes here.
    const user = asRoot() && !command.includes('--setuid') ? { uid: RUNNER_UID, gid: RUNNER_UID } : {};
    this.child = spawn(file, args, { env: {}, stdio: ['pipe', 'pipe', 'pipe'], ...user });
    let started: () => void;
    let failedToStart: (error: Error) => void;
    this.ready = new Promise((resolveReady, rejectReady) => {
      started = resolveReady;
      failedToStart = rejectReady;
    });
    this.ready.catch(() => {});
    this.child.stdin.on('error', () => {}); // a runner that died; its exit says why
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => {
      if (this.problem !== null) return;
      // Only the new chunk is searched for the end of a line: a large answer costs one pass.
      const searchFrom = this.buffer.length;
      this.buffer += chunk;
      for (let newline = this.buffer.indexOf('\n', searchFrom); newline >= 0; newline = this.buffer.indexOf('\n')) {
        const line = this.buffer.slice(0, newline);
        this.buffer = this.buffer.slice(newline + 1);
        this.onLine(line, started);
      }
      if (this.buffer.length > this.limits.maxAnswerBytes) this.fail(`answered more than ${this.limits.maxAnswerBytes} bytes`);
    });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
    this.child.on('error', (error) => {
      this.problem ??= `could not start (${error.message})`;
    });
    this.child.on('close', (code, signal) => {
      this.exited = true;
      const why = this.problem ?? this.exitReason(code, signal);
      failedToStart(new RunnerFailure(why));
      this.settle((pending) => pending.reject(new RunnerFailure(why)));
      this.onExit(this);
    });
  }

  /** Whether this runner keeps the event loop alive: while it starts or has a call, not while idle. */
  hold(busy: boolean) {
    for (const handle of [this.child, this.child.stdin, this.child.stdout, this.child.stderr] as { ref(): void; unref(): void }[]) {
      if (busy) handle.ref();
      else handle.unref();
    }
  }

  get alive(): boolean {
    return !this.exited && this.problem === null && !this.retiring;
  }

  /** Asked to exit (idle too long): it takes no more calls. */
  retiring = false;

  private exitReason(code: number | null, signal: NodeJS.Signals | null): string {
    if (/heap out of memory|Fatal process out of memory|allocation failed/i.test(this.stderr))
      return `exceeded its memory budget of ${this.limits.memoryMb} MB`;
    return `stopped (${signal ?? `exit ${code}`}) without answering`;
  }

  private onLine(line: string, started: () => void) {
    let message: { ready?: boolean; id?: number } & Record<string, unknown>;
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      return this.fail('answered something that is not JSON');
    }
    if (message.ready === true) return started();
    if (!this.pending || message.id !== this.nextId - 1) return this.fail('answered a call it was not given');
    const { id: _id, ...answer } = message;
    this.settle((pending) => pending.resolve(answer as unknown as RunnerAnswer));
  }

  private settle(outcome: (pending: Pending) => void) {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    clearTimeout(pending.timer);
    outcome(pending);
  }

  /** Ends the runner; the call in progress fails with `problem`. */
  fail(problem: string) {
    this.problem ??= problem;
    this.child.kill('SIGKILL');
  }

  call(task: Omit<RunnerTask, 'key'>, timeoutMs: number): Promise<RunnerAnswer> {
    return new Promise((resolveCall, rejectCall) => {
      const id = this.nextId++;
      this.calls++;
      const timer = setTimeout(() => this.fail(`took longer than ${timeoutMs} ms`), timeoutMs);
      this.pending = { resolve: resolveCall, reject: rejectCall, timer };
      this.child.stdin.write(`${JSON.stringify({ id, ...task })}\n`);
    });
  }
}

/**
 * Runs plugin code outside the server process, in a small pool of runner processes
 * (runner.mjs), each used for one call at a time. A runner gets an empty environment, Node's
 * permission model (no file but its own script, no child process, worker, addon or write), an OS
 * limit on its data segment covering off-heap memory, a heap limit and, where the host allows, a
 * network namespace with no interface. A call that runs too long, exhausts its memory, crashes
 * or answers garbage ends its runner; the pool starts another, and no other call is affected.
 */
export class RunnerPool {
  private readonly memoryMb: number;
  private readonly runtimeMb: number;
  private readonly size: number;
  private readonly maxCalls: number;
  private readonly idleMs: number;
  private readonly maxAnswerBytes: number;
  private readonly network: 'auto' | 'required' | 'off';
  private readonly jitless: boolean;
  private readonly idle: Runner[] = [];
  private readonly all = new Set<Runner>();
  private readonly waiting: { key: string; resolve: (runner: Runner) => void; timer: NodeJS.Timeout }[] = [];
  /** Calls running, by the code they run; and when each code was last given a runner. */
  private readonly running = new Map<string, number>();
  private readonly served = new Map<string, number>();
  private turns = 0;
  private readonly maxWaiting: number;
  private readonly maxWaitMs: number;
  private command: string[] | null = null;

  constructor(options: RunnerPoolOptions = {}) {
    this.memoryMb = options.memoryMb ?? 64;
    this.runtimeMb = options.runtimeMb ?? 96;
    this.size = options.size ?? Math.max(2, availableParallelism());
    this.maxCalls = options.maxCalls ?? 200;
    this.idleMs = options.idleMs ?? 60_000;
    this.maxAnswerBytes = options.maxAnswerBytes ?? 4 * 1024 * 1024;
    this.network = options.network ?? 'auto';
    this.jitless = options.jitless ?? true;
    this.maxWaiting = options.maxWaiting ?? 1000;
    this.maxWaitMs = options.maxWaitMs ?? 10_000;
  }

  /** Whether runners get a network namespace of their own on this host. */
  get networkIsolated(): boolean {
    return this.network !== 'off' && networkNamespace() !== null;
  }

  /**
   * The command that starts a runner: `script` (runner.mjs; tests give a probe of their own) may
   * read itself and `readable`, and nothing else.
   */
  runnerCommand(script?: string, readable?: string[]): string[] {
    const own = script === undefined;
    if (own && this.command) return this.command;
    if (own) ({ script, files: readable } = runnerCode());
    readable ??= [];
    const isolation = this.network === 'off' ? null : networkNamespace();
    if (!isolation && this.network === 'required')
      throw new RunnerFailure('cannot run: this host gives plugin runners no network namespace (PLUGIN_NETWORK_ISOLATION=required)');
    const dataKb = (this.memoryMb + this.runtimeMb) * 1024;
    const node = [
      process.execPath,
      '--experimental-permission',
      ...[...new Set([script!, ...readable])].map((file) => `--allow-fs-read=${file}`),
      '--disallow-code-generation-from-strings',
      // So that the runner's own import() callback (which refuses) is called, see runner.mjs.
      '--experimental-vm-modules',
      // No JIT compiler: the part of V8 most of its exploitable bugs are in. Plugin code is small
      // and runs briefly; the interpreter is fast enough for it (see test/bench/hook-calls.ts).
      ...(this.jitless ? ['--jitless'] : []),
      `--max-old-space-size=${this.memoryMb}`,
      '--stack-size=984',
      '--no-warnings',
      script!,
    ];
    // The limits are set by the shell that then becomes the runner: no core dumps, the data
    // segment (heap, malloc and mmap'ed memory alike), few file descriptors.
    const limits = [
      '/bin/sh',
      '-c',
      'unset PWD OLDPWD; ulimit -c 0 && ulimit -d "$1" && ulimit -n 64 && shift && exec "$@"',
      'egov-plugin-runner',
      String(dataKb),
    ];
    const command = [...(isolation ?? []), ...limits, ...node];
    if (own) this.command = command;
    return command;
  }

  private start(): Runner {
    const runner = new Runner(this.runnerCommand(), { memoryMb: this.memoryMb, maxAnswerBytes: this.maxAnswerBytes }, (gone) => {
      this.all.delete(gone);
      const at = this.idle.indexOf(gone);
      if (at >= 0) this.idle.splice(at, 1);
      if (gone.idleTimer) clearTimeout(gone.idleTimer);
      this.dispatch(); // there may be room for a waiting call again
    });
    this.all.add(runner);
    return runner;
  }

  /**
   * A runner for a call of `key` now, or null: one that last ran the same code, or a fresh one;
   * a runner that ran other code is ended instead of reused (code of one plugin never runs in a
   * process another plugin's code ran in), and a fresh one started in its place.
   */
  private take(key: string): Runner | null {
    const same = this.idle.findIndex((r) => r.key === key);
    const fresh = same >= 0 ? same : this.idle.findIndex((r) => r.key === null);
    if (fresh >= 0) {
      const [runner] = this.idle.splice(fresh, 1) as [Runner];
      if (runner.idleTimer) clearTimeout(runner.idleTimer);
      runner.hold(true);
      return runner;
    }
    if (this.all.size >= this.size && this.idle.length > 0) {
      const stale = this.idle.shift()!;
      this.all.delete(stale); // its slot is free now; its exit handler finds nothing left to do
      stale.fail('replaced by a runner for other code');
    }
    return this.all.size < this.size ? this.start() : null;
  }

  /**
   * Hands free runners to waiting calls, fairly: the call whose code has the fewest calls running,
   * then whose code was served longest ago, goes first (the earliest among equals), so one slow
   * plugin with many calls waiting does not hold up another plugin's call for longer than one
   * call of it takes.
   */
  private dispatch(): void {
    const rank = (key: string) => [this.running.get(key) ?? 0, this.served.get(key) ?? 0] as const;
    while (this.waiting.length > 0) {
      let best = 0;
      for (let i = 1; i < this.waiting.length; i++) {
        const [running, served] = rank(this.waiting[i]!.key);
        const [bestRunning, bestServed] = rank(this.waiting[best]!.key);
        if (running < bestRunning || (running === bestRunning && served < bestServed)) best = i;
      }
      const waiter = this.waiting[best]!;
      const runner = this.take(waiter.key);
      if (!runner) return;
      this.waiting.splice(best, 1);
      clearTimeout(waiter.timer);
      this.served.set(waiter.key, ++this.turns);
      waiter.resolve(runner);
    }
  }

  private acquire(key: string): Promise<Runner> {
    if (this.waiting.length === 0) {
      const runner = this.take(key);
      if (runner) {
        this.served.set(key, ++this.turns);
        return Promise.resolve(runner);
      }
    }
    const queued = this.waiting.filter((w) => w.key === key).length;
    if (queued >= this.maxWaiting)
      return Promise.reject(new RunnerFailure(`could not run: ${queued} calls of the same code are waiting already`));
    return new Promise((resolveRunner, rejectRunner) => {
      const waiter = {
        key,
        resolve: resolveRunner,
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          rejectRunner(new RunnerFailure(`could not run: no runner was free within ${this.maxWaitMs} ms`));
        }, this.maxWaitMs),
      };
      this.waiting.push(waiter);
    });
  }

  private release(runner: Runner) {
    if (runner.alive && runner.calls < this.maxCalls) {
      this.idle.push(runner);
      runner.hold(false); // an idle runner does not keep the process alive
      runner.idleTimer = setTimeout(() => {
        // Out of the idle list first, so no call is given a runner that is on its way out.
        const at = this.idle.indexOf(runner);
        if (at >= 0) this.idle.splice(at, 1);
        runner.retiring = true;
        runner.child.stdin.end();
      }, this.idleMs);
      runner.idleTimer.unref();
    } else if (runner.alive) {
      runner.child.stdin.end(); // it exits; its exit handler hands the slot on
    }
    this.dispatch();
  }

  /** Starts `count` runners ahead of time, so the first calls do not wait for a process to start. */
  warm(count = 1): void {
    for (let i = this.all.size; i < Math.min(count, this.size); i++) {
      const runner = this.start();
      void runner.ready.then(
        () => this.release(runner),
        () => {},
      );
    }
  }

  /**
   * Runs one call. Its time limit starts once a runner is ready for it (waiting for a free runner
   * does not count, up to `maxWaitMs`). Rejects with RunnerFailure when the runner did not answer
   * properly, or none was free in time.
   */
  async run(task: RunnerTask, timeoutMs: number): Promise<RunnerAnswer> {
    const key = task.key ?? task.code;
    const runner = await this.acquire(key);
    this.running.set(key, (this.running.get(key) ?? 0) + 1);
    try {
      await runner.ready;
      runner.key = key;
      const { key: _key, ...sent } = task;
      return await runner.call(sent, timeoutMs);
    } finally {
      const left = this.running.get(key)! - 1;
      if (left > 0) this.running.set(key, left);
      else this.running.delete(key);
      this.release(runner);
    }
  }

  /** Ends every runner (tests, shutdown). */
  close(): void {
    for (const runner of this.all) runner.child.kill('SIGKILL');
  }

  /** The process IDs of the runners, and of those with a call (tests). */
  get pids(): number[] {
    return [...this.all].map((r) => r.child.pid).filter((pid): pid is number => pid !== undefined);
  }

  get busyPids(): number[] {
    return [...this.all]
      .filter((r) => !this.idle.includes(r))
      .map((r) => r.child.pid)
      .filter((pid): pid is number => pid !== undefined);
  }
}
