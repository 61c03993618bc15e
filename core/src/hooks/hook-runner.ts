import { createHash } from 'node:crypto';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { z } from 'zod';
import type { HookContext, HookFieldError } from '../sdk/index.ts';

export interface HookLimits {
  /** Wall-clock limit per call. @default 2000 */
  timeoutMs: number;
  /** Heap limit of the worker. @default 64 */
  memoryMb: number;
}

export const defaultHookLimits: HookLimits = { timeoutMs: 2000, memoryMb: 64 };

/** A hook did not answer properly: timeout, crash, memory exhausted or a malformed answer. */
export class HookFailure extends Error {
  override name = 'HookFailure';
}

const workerFile = new URL('./hook-worker.mjs', import.meta.url);
const compiledDir = join(tmpdir(), 'egov-hooks');
const compiled = new Map<string, Promise<string>>();

/**
 * The hooks module bundled into one JavaScript file (TypeScript compiled, imports inlined),
 * once per content: a worker then starts in ~0.1 s instead of compiling on every call.
 */
function compile(file: string): Promise<string> {
  let pending = compiled.get(file);
  if (!pending) {
    pending = (async () => {
      const result = await build({ entryPoints: [file], bundle: true, format: 'esm', platform: 'node', target: 'node20', write: false, logLevel: 'silent' });
      const code = result.outputFiles[0]!.contents;
      const out = join(compiledDir, `${createHash('sha256').update(code).digest('hex')}.mjs`);
      if (!(await stat(out).then(() => true, () => false))) {
        await mkdir(compiledDir, { recursive: true });
        const temporary = `${out}.${process.pid}.tmp`;
        await writeFile(temporary, code);
        await rename(temporary, out);
      }
      return out;
    })();
    pending.catch(() => compiled.delete(file));
    compiled.set(file, pending);
  }
  return pending;
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
  return compile(source).then(
    (file) => withSlot(() => runInWorker(file, hook, args, limits)),
    (error: Error) => Promise.reject(new HookFailure(`hooks module ${hooksFile} does not compile: ${error.message.split('\n')[0]}`)),
  );
}

function runInWorker(file: string, hook: string, args: unknown[], limits: HookLimits): Promise<{ missing: true } | { missing: false; value: unknown }> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(workerFile, {
      workerData: { file, hook, args },
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
