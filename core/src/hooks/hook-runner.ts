import { builtinModules } from 'node:module';
import { availableParallelism } from 'node:os';
import { isAbsolute, relative, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { build, type Message, type Plugin } from 'esbuild';
import { z } from 'zod';
import type { HookContext, HookFieldError } from '../sdk/index.ts';

export interface HookLimits {
  /** Wall-clock limit per call. @default 2000 */
  timeoutMs: number;
  /** Heap limit of the worker. @default 64 */
  memoryMb: number;
}

export const defaultHookLimits: HookLimits = { timeoutMs: 2000, memoryMb: 64 };

/**
 * A hook did not answer properly: timeout, crash, memory exhausted, a malformed answer, or it
 * reached for a capability hooks do not have (the message then says `capability denied: …`).
 */
export class HookFailure extends Error {
  override name = 'HookFailure';
}

const workerFile = new URL('./hook-worker.mjs', import.meta.url);
const compiled = new Map<string, Promise<string>>();

// A hook only computes on the data it is given: its module may bundle its own files, npm
// packages and the SDK, but no Node built-in (files, network, processes, `vm` …): importing
// one fails the build. The worker runs the bundle where no built-in exists anyway.
const builtinImport = new RegExp(`^(node:.*|(${builtinModules.join('|')})(/.*)?)$`);
const denyBuiltins: Plugin = {
  name: 'deny-node-builtins',
  setup(bundle) {
    bundle.onResolve({ filter: builtinImport }, ({ path }) => ({ errors: [{ text: `capability denied: imports node:${path.replace(/^node:/, '')}` }] }));
  },
};

/**
 * The hooks module bundled into one strict CommonJS function body (TypeScript compiled,
 * imports inlined, `import()` turned into the `require` the worker refuses), once per file:
 * a call then costs a worker and a context, not a compilation.
 */
function compile(packageDir: string, file: string): Promise<string> {
  let pending = compiled.get(file);
  if (!pending) {
    pending = build({
      entryPoints: [file],
      absWorkingDir: packageDir, // error locations relative to the package
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      supported: { 'dynamic-import': false }, // see hook-worker.mjs: no import() may reach the worker
      banner: { js: "'use strict';" }, // ES modules are strict; CommonJS output is not unless told
      plugins: [denyBuiltins],
      write: false,
      logLevel: 'silent',
    }).then((result) => result.outputFiles[0]!.text);
    pending.catch(() => compiled.delete(file));
    compiled.set(file, pending);
  }
  return pending;
}

/** The first problem esbuild reports, with its place; the first line of any other error. */
function firstProblem(error: Error & { errors?: Message[] }): string {
  const problem = error.errors?.[0];
  if (!problem) return error.message.split('\n')[0]!;
  return problem.location ? `${problem.text} (${problem.location.file}:${problem.location.line})` : problem.text;
}

// At most this many hooks run at once; the others wait their turn (their time limit starts
// when they run), so a burst of submissions cannot start a worker per request on a small host.
const slots = Math.max(2, availableParallelism());
let running = 0;
const waiting: (() => void)[] = [];
async function withSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= slots) await new Promise<void>((resolveSlot) => waiting.push(resolveSlot));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/**
 * Calls one hook of a plugin package in a fresh worker thread: its own heap (capped), a
 * wall-clock timeout after which it is terminated, and data-only messages in and out, so a
 * looping, crashing or memory-hungry hook fails alone while the server goes on.
 */
export function callHook(
  packageDir: string,
  hooksFile: string,
  hook: string,
  args: unknown[],
  limits: HookLimits = defaultHookLimits,
): Promise<{ missing: true } | { missing: false; value: unknown }> {
  const source = resolve(packageDir, hooksFile);
  const rel = relative(packageDir, source);
  if (rel.startsWith('..') || isAbsolute(rel)) return Promise.reject(new HookFailure(`hooks module ${hooksFile} is outside the package`));
  return compile(resolve(packageDir), source).then(
    (code) => withSlot(() => runInWorker(code, rel, hook, args, limits)),
    (error: Error) => Promise.reject(new HookFailure(`hooks module ${hooksFile} does not compile: ${firstProblem(error)}`)),
  );
}

function runInWorker(code: string, filename: string, hook: string, args: unknown[], limits: HookLimits): Promise<{ missing: true } | { missing: false; value: unknown }> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(workerFile, {
      // The arguments as JSON: the hook's context gets its own copies (see hook-worker.mjs).
      workerData: { code, filename, hook, argsJson: JSON.stringify(args) },
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: Math.min(16, limits.memoryMb), stackSizeMb: 4 },
      env: {}, // no secrets from the server's environment
      stdout: true,
      stderr: true,
    });
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(() => finish(() => reject(new HookFailure(`${hook} hook took longer than ${limits.timeoutMs} ms`))), limits.timeoutMs);
    worker.once('message', (message: { ok: boolean; missing?: boolean; value?: unknown; message?: string }) =>
      finish(() =>
        message.ok
          ? resolvePromise(message.missing ? { missing: true } : { missing: false, value: message.value })
          : reject(new HookFailure(`${hook} hook threw: ${message.message}`)),
      ),
    );
    worker.once('error', (error) => finish(() => reject(new HookFailure(`${hook} hook failed: ${error.message}`))));
    worker.once('exit', (code) => finish(() => reject(new HookFailure(`${hook} hook stopped (exit ${code}) without answering`))));
  });
}

const hookErrors = z
  .array(z.object({ field: z.string().max(100), message: z.string().min(1).max(500), code: z.string().max(40).optional() }))
  .max(100);

/** Runs a plugin's `validate` hook; the problems it reports, or HookFailure. */
export async function runValidateHook(
  packageDir: string,
  hooksFile: string,
  formData: Record<string, unknown>,
  context: HookContext,
  limits?: HookLimits,
): Promise<HookFieldError[]> {
  const result = await callHook(packageDir, hooksFile, 'validate', [formData, context], limits);
  if (result.missing) return [];
  const parsed = hookErrors.safeParse(result.value);
  if (!parsed.success) throw new HookFailure('validate hook returned something other than a list of { field, message } problems');
  return parsed.data;
}
