// How the hostile corpus (./corpus.ts) is sent: each request over its own transport (node:http
// for HTTP, node:net for raw bytes, the `ws` package for graphql-ws), read into an `Outcome`;
// the server they go to, in a child process (test/bench/hostile-server.ts); and the poller that
// watches /health and a simple query meanwhile.
import { fork, type ChildProcess } from 'node:child_process';
import { request as httpRequest, Agent } from 'node:http';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import {
  ACCEPT,
  SIMPLE_QUERY,
  type CaseContext,
  type HttpSpec,
  type Outcome,
  type RawSpec,
  type RequestSpec,
  type WsMessage,
  type WsSession,
  type WsSpec,
} from './corpus.ts';

/** The part of an answer kept as text (for leak checks); the rest is only counted. */
const KEEP_BYTES = 1024 * 1024;
/** An answer is read no further than this. */
const READ_LIMIT = 32 * 1024 * 1024;
/** Answers larger than this are scanned for codes instead of parsed. */
const PARSE_LIMIT = 1024 * 1024;

export interface SendOptions {
  timeoutMs: number;
  /** The address to connect from (127.x.y.z): rate limits count per client address. */
  localAddress?: string | undefined;
}

/** Sends one case's request and reads the answer. Never throws. */
export async function send(spec: RequestSpec, ctx: CaseContext, options: SendOptions): Promise<Outcome> {
  const started = performance.now();
  try {
    const outcome =
      spec.kind === 'http'
        ? await sendHttp(spec, ctx, options)
        : spec.kind === 'raw'
          ? await sendRaw(spec, ctx, options)
          : await sendWs(spec, ctx, options);
    return { ...outcome, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { ...emptyOutcome(), status: -2, note: String((error as Error)?.message ?? error), ms: Math.round(performance.now() - started) };
  }
}

const emptyOutcome = (): Outcome => ({ status: 0, codes: [], hasData: false, bytes: 0, text: '', headers: {}, ms: 0 });

/** Collects an answer's bytes: the first MB as text, the rest counted. */
class Collector {
  bytes = 0;
  readonly #chunks: Buffer[] = [];
  #kept = 0;
  add(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.#kept < KEEP_BYTES) {
      const part = chunk.subarray(0, KEEP_BYTES - this.#kept);
      this.#chunks.push(part);
      this.#kept += part.length;
    }
  }
  get buffer(): Buffer {
    return Buffer.concat(this.#chunks);
  }
  get full(): boolean {
    return this.bytes >= READ_LIMIT;
  }
}

function sendHttp(spec: HttpSpec, ctx: CaseContext, { timeoutMs, localAddress }: SendOptions): Promise<Outcome> {
  return new Promise((resolve) => {
    const body =
      spec.body === undefined
        ? undefined
        : typeof spec.body === 'string'
          ? Buffer.from(spec.body)
          : Buffer.from(spec.body.buffer, spec.body.byteOffset, spec.body.byteLength);
    const headers: Record<string, string | string[]> = { ...spec.headers };
    const named = (name: string) => Object.keys(headers).some((h) => h.toLowerCase() === name);
    if (body && !spec.chunked && !named('content-length')) headers['content-length'] = String(body.length);
    let settled = false;
    let response: { status: number; headers: Record<string, string> } | undefined;
    const collector = new Collector();
    const finish = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(outcome);
    };
    const answered = () => finish(analyse(response!.status, response!.headers, collector));
    const req = httpRequest(
      { host: '127.0.0.1', port: ctx.port, method: spec.method, path: spec.path, headers, agent: false, localAddress },
      (res) => {
        response = {
          status: res.statusCode ?? 0,
          headers: Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')])),
        };
        const sse = response.headers['content-type']?.includes('text/event-stream') ?? false;
        // An event stream ends with `event: complete`, or stays open: it is read for a while only.
        const sseTimer = sse ? setTimeout(answered, 3000) : undefined;
        res.on('data', (chunk: Buffer) => {
          collector.add(chunk);
          if (collector.full) answered();
          if (sse && /event: complete/.test(chunk.toString())) answered();
        });
        res.on('end', () => {
          clearTimeout(sseTimer);
          answered();
        });
        res.on('error', () => (response ? answered() : undefined));
      },
    );
    const timer = setTimeout(
      () =>
        finish({
          ...(response ? analyse(response.status, response.headers, collector) : emptyOutcome()),
          status: -1,
          note: `no answer within ${timeoutMs} ms`,
        }),
      timeoutMs,
    );
    req.on('error', (error) => {
      // The server may answer (413) and hang up before a large body is written: the answer counts.
      if (response) answered();
      else
        setTimeout(
          () => finish({ ...emptyOutcome(), status: -2, note: `${(error as NodeJS.ErrnoException).code ?? ''} ${error.message}`.trim() }),
          50,
        );
    });
    if (body && spec.chunked) {
      req.write(body);
      req.end();
    } else req.end(body);
  });
}

function sendRaw(spec: RawSpec, ctx: CaseContext, { timeoutMs, localAddress }: SendOptions): Promise<Outcome> {
  return new Promise((resolve) => {
    const collector = new Collector();
    let settled = false;
    let waitTimer: NodeJS.Timeout | undefined;
    const socket: Socket = connect({ host: '127.0.0.1', port: ctx.port, ...(localAddress ? { localAddress } : {}) });
    const finish = (timedOut = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(waitTimer);
      socket.destroy();
      const outcome = parseRawResponse(collector);
      resolve(timedOut && outcome.status === 0 ? { ...outcome, status: -1, note: `no answer within ${timeoutMs} ms` } : outcome);
    };
    const timer = setTimeout(() => finish(true), timeoutMs);
    socket.on('data', (chunk) => {
      collector.add(chunk);
      if (rawResponseComplete(collector.buffer) || collector.full) finish();
    });
    socket.on('close', () => finish());
    socket.on('error', () => finish());
    socket.once('connect', async () => {
      for (const [i, chunk] of spec.chunks.entries()) {
        if (settled || socket.destroyed) return;
        if (i > 0 && spec.pauseMs) await new Promise((r) => setTimeout(r, spec.pauseMs));
        socket.write(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk);
      }
      if (spec.halfClose) socket.end();
      waitTimer = setTimeout(() => finish(), spec.waitMs);
    });
  });
}

/** Whether the bytes hold one whole HTTP response. */
function rawResponseComplete(buffer: Buffer): boolean {
  const end = buffer.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const head = buffer.subarray(0, end).toString('latin1');
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (length) return buffer.length >= end + 4 + Number(length[1]);
  if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) return buffer.includes('\r\n0\r\n\r\n', end);
  return /^HTTP\/1\.\d (1\d\d|204|304)/.test(head);
}

/** The first HTTP response in the bytes. */
function parseRawResponse(collector: Collector): Outcome {
  const buffer = collector.buffer;
  const end = buffer.indexOf('\r\n\r\n');
  const status = /^HTTP\/1\.\d (\d{3})/.exec(buffer.subarray(0, 20).toString('latin1'));
  if (!status || end < 0)
    return {
      ...emptyOutcome(),
      bytes: collector.bytes,
      text: buffer.toString('utf8'),
      note: buffer.length ? 'not an HTTP response' : 'no answer',
    };
  const lines = buffer.subarray(0, end).toString('latin1').split('\r\n').slice(1);
  const headers = Object.fromEntries(
    lines.map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  let body = buffer.subarray(end + 4);
  if (headers['content-length'] !== undefined) body = body.subarray(0, Number(headers['content-length']));
  else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) body = dechunk(body);
  const one = new Collector();
  one.add(body);
  // The first answer's own size, not the pipelined ones after it.
  return { ...analyse(Number(status[1]), headers, one), bytes: end + 4 + body.length };
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < data.length) {
    const eol = data.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = parseInt(data.subarray(at, eol).toString('latin1'), 16);
    if (!size) break;
    parts.push(data.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** Reads codes and data out of an HTTP answer (JSON, or an event stream). */
function analyse(status: number, headers: Record<string, string>, collector: Collector): Outcome {
  const text = collector.buffer.toString('utf8');
  const outcome: Outcome = { ...emptyOutcome(), status, headers, text, bytes: collector.bytes };
  const results: unknown[] = [];
  if (headers['content-type']?.includes('text/event-stream')) {
    for (const line of text.split('\n')) if (line.startsWith('data:') && line.length > 6) results.push(tryJson(line.slice(5).trim()));
  } else if (text.trim()) {
    results.push(collector.bytes <= PARSE_LIMIT ? tryJson(text) : undefined);
  }
  for (const result of results) readResult(result, outcome);
  // Too large to parse (or cut short): its codes as they appear.
  if (results.some((r) => r === undefined) && outcome.codes.length === 0) scanCodes(text, outcome);
  return outcome;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Adds the errors' codes and whether there is data, for one GraphQL result (or list of errors). */
function readResult(result: unknown, outcome: Outcome): void {
  if (!result || typeof result !== 'object') return;
  const errors = Array.isArray(result) ? result : (result as { errors?: unknown }).errors;
  if (Array.isArray(errors)) {
    for (const e of errors) {
      const code = (e as { extensions?: { code?: unknown } } | null)?.extensions?.code;
      outcome.codes.push(typeof code === 'string' ? code : null);
    }
  }
  if (!Array.isArray(result) && hasValue((result as { data?: unknown }).data)) outcome.hasData = true;
}

const hasValue = (data: unknown): boolean =>
  data !== null &&
  data !== undefined &&
  (typeof data !== 'object' || Object.values(data as object).some((v) => v !== null && v !== undefined));

function scanCodes(text: string, outcome: Outcome): void {
  const errors = text.match(/"message":/g)?.length ?? 0;
  const codes = [...text.matchAll(/"code":"([A-Z_]+)"/g)].map((m) => m[1]!);
  outcome.codes.push(...codes, ...Array<null>(Math.max(0, errors - codes.length)).fill(null));
  if (/"data":\{"[^"]+":[^n]/.test(text)) outcome.hasData = true;
}

async function sendWs(spec: WsSpec, ctx: CaseContext, { timeoutMs, localAddress }: SendOptions): Promise<Outcome> {
  const protocol = spec.protocol === undefined ? 'graphql-transport-ws' : spec.protocol;
  const socket = new WebSocket(`ws://127.0.0.1:${ctx.port}/graphql`, protocol === null ? [] : [protocol], {
    localAddress,
    handshakeTimeout: timeoutMs,
    maxPayload: 256 * 1024 * 1024,
  });
  const outcome: Outcome = { ...emptyOutcome(), counts: {} };
  const messages: WsMessage[] = [];
  const collector = new Collector();
  let closeCode: number | null = null;
  let failure: string | undefined;
  let lastActivity = performance.now();
  const waiters = new Set<() => void>();
  const wake = () => {
    lastActivity = performance.now();
    for (const w of waiters) w();
  };
  socket.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
    const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    collector.add(buffer);
    collector.add(Buffer.from('\n'));
    const parsed = (isBinary ? undefined : tryJson(buffer.toString('utf8'))) as WsMessage | undefined;
    const message: WsMessage = parsed && typeof parsed === 'object' && typeof parsed.type === 'string' ? parsed : { type: 'raw' };
    messages.push(message);
    outcome.counts![message.type] = (outcome.counts![message.type] ?? 0) + 1;
    if (message.type === 'error') readResult(message.payload, outcome);
    if (message.type === 'next') readResult(message.payload, outcome);
    wake();
  });
  socket.on('close', (code) => {
    closeCode = code;
    wake();
  });
  socket.on('error', (error) => {
    failure ??= error.message;
    wake();
  });
  socket.on('unexpected-response', (_req, res) => {
    failure = `HTTP ${res.statusCode} to the upgrade`;
    socket.terminate();
  });

  const until = (done: () => boolean, ms: number) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (done() || closeCode !== null || failure) {
          waiters.delete(check);
          clearTimeout(t);
          resolve();
        }
      };
      const t = setTimeout(() => {
        waiters.delete(check);
        resolve();
      }, ms);
      waiters.add(check);
      check();
    });
  const opened = await new Promise<boolean>((resolve) => {
    socket.once('open', () => resolve(true));
    socket.once('close', () => resolve(false));
    socket.once('error', () => resolve(false));
  });
  const session: WsSession = {
    messages,
    get closed() {
      return closeCode !== null;
    },
    send(data) {
      if (socket.readyState === WebSocket.OPEN) socket.send(data);
    },
    sendJson(message) {
      session.send(JSON.stringify(message));
    },
    async init(payload) {
      session.sendJson(payload === undefined ? { type: 'connection_init' } : { type: 'connection_init', payload });
      await until(() => messages.some((m) => m.type === 'connection_ack'), Math.min(timeoutMs, 5000));
      return messages.some((m) => m.type === 'connection_ack');
    },
    subscribe(id, payload) {
      session.sendJson({ type: 'subscribe', id, payload });
    },
    until,
  };
  const deadline = performance.now() + timeoutMs;
  let timedOut = false;
  if (opened) {
    const script = spec.script(session);
    const limit = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs));
    timedOut = (await Promise.race([script.then(() => 'done' as const), limit])) === 'timeout';
    // Then wait until the server has been quiet a while (or closed).
    const settle = spec.settleMs ?? 300;
    while (!timedOut && closeCode === null && !failure && performance.now() - lastActivity < settle) {
      if (performance.now() > deadline) {
        timedOut = true;
        break;
      }
      await until(() => false, Math.max(10, settle - (performance.now() - lastActivity)));
    }
  }
  const serverClosed = closeCode;
  if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) {
    socket.close(1000);
    setTimeout(() => socket.terminate(), 500).unref();
  }
  outcome.text = collector.buffer.toString('utf8');
  outcome.bytes = collector.bytes;
  if (serverClosed !== null) outcome.status = serverClosed;
  else if (failure && !opened) {
    outcome.status = -2;
    outcome.note = failure;
  } else if (timedOut) {
    outcome.status = -1;
    outcome.note = `the conversation did not end within ${timeoutMs} ms`;
  } else outcome.status = 0;
  return outcome;
}

// ---------------------------------------------------------------------------------------------
// Client addresses

/**
 * Loopback addresses to send from: Linux answers on all of 127.0.0.0/8, so each case can come
 * from an address of its own and the server's per-address rate limits count each case apart
 * (the poller's too). Elsewhere only 127.0.0.1 exists: then no address is chosen.
 */
export async function loopbackAliases(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress: '127.0.0.2' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The n-th client address (n from 0). */
export const clientAddress = (n: number) => `127.1.${(n >> 8) & 255}.${(n & 255) + 1}`;

// ---------------------------------------------------------------------------------------------
// The server process

export interface ServerProcess {
  ctx: CaseContext;
  child: ChildProcess;
  /** The server's CPU time so far (µs), read over IPC. */
  cpu(): Promise<{ user: number; system: number; rss: number }>;
  /** Whether the process is still running. */
  readonly alive: boolean;
  /** Its last lines of output. */
  output(): string;
  stop(): Promise<void>;
}

const serverScript = fileURLToPath(new URL('../../bench/hostile-server.ts', import.meta.url));
const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Starts test/bench/hostile-server.ts (a test app listening on 127.0.0.1) and waits until it listens. */
export function startServerProcess({ timeoutMs = 90_000 }: { timeoutMs?: number } = {}): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const child = fork(serverScript, [], {
      cwd: projectRoot,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, NODE_ENV: 'test' },
    });
    const lines: string[] = [];
    const keep = (data: Buffer) => {
      lines.push(...data.toString().split('\n').filter(Boolean));
      lines.splice(0, Math.max(0, lines.length - 200));
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    let alive = true;
    child.once('exit', () => (alive = false));
    const cpuWaiters: ((value: { user: number; system: number; rss: number }) => void)[] = [];
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start within ${timeoutMs} ms:\n${lines.join('\n')}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before it listened:\n${lines.join('\n')}`));
    });
    child.on('message', (message: { type: string; context?: CaseContext; user?: number; system?: number; rss?: number }) => {
      if (message.type === 'cpu') cpuWaiters.shift()?.({ user: message.user!, system: message.system!, rss: message.rss! });
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve({
          ctx: message.context!,
          child,
          get alive() {
            return alive;
          },
          output: () => lines.join('\n'),
          cpu: () =>
            new Promise((resolveCpu, rejectCpu) => {
              if (!alive) return rejectCpu(new Error('the server is not running'));
              cpuWaiters.push(resolveCpu);
              child.send({ type: 'cpu' });
            }),
          async stop() {
            if (!alive) return;
            const exited = new Promise<void>((r) => child.once('exit', () => r()));
            child.send({ type: 'stop' });
            const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
            await exited;
            clearTimeout(killer);
          },
        });
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Liveness

export interface LivenessWindow {
  /** /health answers, each its latency in ms (a failure counts its time until it failed). */
  health: number[];
  /** What went wrong with /health or the simple query. */
  failures: string[];
  /** Simple queries answered with data. */
  queries: number;
}

type Window = LivenessWindow & { inflight: Set<Promise<void>> };

/** One GET or POST from the poller; the status and body, or the failure. */
function pollRequest(
  port: number,
  method: 'GET' | 'POST',
  path: string,
  body: string | undefined,
  localAddress: string | undefined,
  timeoutMs: number,
  agent: Agent | false = false,
  retried = false,
): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = body
      ? { 'content-type': 'application/json', accept: ACCEPT, 'content-length': String(Buffer.byteLength(body)) }
      : {};
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, agent, localAddress, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', (e) => resolve({ error: e.message }));
    });
    req.on('timeout', () => {
      req.destroy();
      resolve({ error: `no answer within ${timeoutMs} ms` });
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed for idling just as this request went out: as
      // browsers do (and Node's documentation advises), sent again once, on a fresh socket.
      if (req.reusedSocket && e.code === 'ECONNRESET' && !retried)
        resolve(pollRequest(port, method, path, body, localAddress, timeoutMs, agent, true));
      else resolve({ error: e.message });
    });
    req.end(body);
  });
}

/**
 * Hits GET /health every `healthEveryMs` and runs the simple query every `queryEveryMs`, each
 * request attributed to the window open when it started. `window()` closes the current window
 * (waiting for its requests still in flight) and opens the next.
 */
export class Poller {
  #current: Window = Poller.#fresh();
  // Idle sockets are closed after 1 s, before the server closes them (5 s), which could race a request.
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 4, timeout: 1000 });
  #running = false;
  #loops: Promise<void>[] = [];
  /** Every latency seen since start, for overall figures. */
  readonly allHealth: number[] = [];

  constructor(
    private port: number,
    private readonly options: { healthEveryMs?: number; queryEveryMs?: number; timeoutMs?: number; localAddress?: string | undefined } = {},
  ) {}

  static #fresh(): Window {
    return { health: [], failures: [], queries: 0, inflight: new Set<Promise<void>>() };
  }

  /** Points the poller at another port (the server was restarted). */
  retarget(port: number): void {
    this.port = port;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    const { healthEveryMs = 20, queryEveryMs = 50, timeoutMs = 5000, localAddress } = this.options;
    const loop = async (everyMs: number, once: (w: Window) => Promise<void>) => {
      while (this.#running) {
        const started = performance.now();
        const w = this.#current;
        const p = once(w);
        w.inflight.add(p);
        await p;
        w.inflight.delete(p);
        const wait = everyMs - (performance.now() - started);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    };
    this.#loops = [
      loop(healthEveryMs, async (w) => {
        const started = performance.now();
        const answer = await pollRequest(this.port, 'GET', '/health', undefined, localAddress, timeoutMs, this.#agent);
        const ms = performance.now() - started;
        w.health.push(ms);
        this.allHealth.push(ms);
        if ('error' in answer) w.failures.push(`/health: ${answer.error}`);
        else if (answer.status !== 200) w.failures.push(`/health: HTTP ${answer.status}`);
      }),
      loop(queryEveryMs, async (w) => {
        const answer = await pollRequest(
          this.port,
          'POST',
          '/graphql',
          JSON.stringify({ query: SIMPLE_QUERY }),
          localAddress,
          timeoutMs,
          this.#agent,
        );
        if ('error' in answer) w.failures.push(`simple query: ${answer.error}`);
        else if (answer.status !== 200 || !answer.body.includes('"edges":[{"node":{"code"'))
          w.failures.push(`simple query: HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
        else w.queries++;
      }),
    ];
  }

  /** Closes the current window and opens the next. */
  async window(): Promise<LivenessWindow> {
    const closed = this.#current;
    this.#current = Poller.#fresh();
    await Promise.all([...closed.inflight]);
    return { health: closed.health, failures: closed.failures, queries: closed.queries };
  }

  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all(this.#loops);
    this.#agent.destroy();
  }
}

/** Percentile (0-100) of the values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Whether the server answers /health within `timeoutMs`. */
export async function healthy(port: number, timeoutMs = 3000): Promise<boolean> {
  const answer = await pollRequest(port, 'GET', '/health', undefined, undefined, timeoutMs);
  return !('error' in answer) && answer.status === 200;
}
