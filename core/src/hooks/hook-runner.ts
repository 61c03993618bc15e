import { z } from 'zod';
import type { HookContext, HookFieldError } from '@egov/sdk';
import { RunnerFailure, RunnerPool, type RunnerAnswer, type RunnerTask } from './runner-pool.ts';

/** Plugin code as the runners take it: one module bundled by the confined bundler (plugin-artifact/bundler.ts). */
export interface PluginBundle {
  code: string;
  /** The module's name in error locations, e.g. `src/hooks.ts`. */
  filename: string;
  /** SHA-256 of `code`. */
  sha256: string;
}

export interface HookLimits {
  /** Wall-clock limit per call. @default 2000 */
  timeoutMs: number;
  /** Memory of the runner process for plugin code, heap and off-heap alike. @default 64 */
  memoryMb: number;
}

export const defaultHookLimits: HookLimits = { timeoutMs: 2000, memoryMb: 64 };

/**
 * For loading a manifest entry: a hook's memory, more time. Manifests are loaded when a package
 * is checked or built, when several may load at once on a busy host; a request never waits for one.
 */
export const defaultManifestLimits: HookLimits = { timeoutMs: 5000, memoryMb: 64 };

/**
 * A hook did not answer properly: timeout, crash, memory exhausted, a malformed answer, or it
 * reached for a capability hooks do not have (the message then says `capability denied: …`).
 */
export class HookFailure extends Error {
  override name = 'HookFailure';
}

/**
 * A package's manifest entry could not be loaded (it does not compile, reaches for a
 * capability, runs too long, or exports no data); the message names the entry and the problem.
 */
export class ManifestLoadError extends Error {
  override name = 'ManifestLoadError';
}

// The runner pools, one per memory budget (a runner's memory limit is set when it starts).
const pools = new Map<number, RunnerPool>();
export function runnerPool(memoryMb: number): RunnerPool {
  let pool = pools.get(memoryMb);
  if (!pool) {
    pool = new RunnerPool({ memoryMb, network: runnerNetwork() });
    pools.set(memoryMb, pool);
  }
  return pool;
}

/** PLUGIN_NETWORK_ISOLATION: auto (default), required or off; see RunnerPoolOptions.network. */
function runnerNetwork(): 'auto' | 'required' | 'off' {
  const value = process.env.PLUGIN_NETWORK_ISOLATION;
  return value === 'required' || value === 'off' ? value : 'auto';
}

/** Runs a task in a runner of the pool for its memory budget; what went wrong with the runner becomes `failure`. */
async function runIsolated(task: RunnerTask, limits: HookLimits, failure: (problem: string) => Error): Promise<RunnerAnswer> {
  try {
    const answer = await runnerPool(limits.memoryMb).run(task, limits.timeoutMs);
    // An allocation the OS limit refused surfaces in the plugin's code as a RangeError.
    if (!answer.ok && /^(Array buffer allocation failed|Invalid array buffer length)|out of memory/i.test(answer.message)) {
      throw failure(`exceeded its memory budget of ${limits.memoryMb} MB (${answer.message})`);
    }
    return answer;
  } catch (error) {
    if (error instanceof RunnerFailure) throw failure(error.message);
    throw error;
  }
}

/**
 * Calls one hook of a bundled hooks module in a runner process (see RunnerPool): an empty
 * environment, no file, process or network access, capped memory (heap and off-heap), a
 * wall-clock timeout after which the runner is killed, and data-only messages in and out, so a
 * looping, crashing or memory-hungry hook fails alone while the server goes on.
 */
export async function callHook(
  bundle: PluginBundle,
  hook: string,
  args: unknown[],
  limits: HookLimits = defaultHookLimits,
): Promise<{ missing: true } | { missing: false; value: unknown }> {
  // The arguments as JSON: the hook's context gets its own copies (see runner.mjs).
  const task = { code: bundle.code, filename: bundle.filename, hook, argsJson: JSON.stringify(args), key: bundle.sha256 };
  const answer = await runIsolated(task, limits, (problem) => new HookFailure(`${hook} hook ${problem}`));
  if (!answer.ok) throw new HookFailure(`${hook} hook threw: ${answer.message}`);
  return answer.missing ? { missing: true } : { missing: false, value: answer.value };
}

// Manifests already evaluated, by the bundle's SHA-256: the same code gives the same data.
// Only data is kept: a failure may be the host's (a timeout under load) and is tried again.
const manifests = new Map<string, Promise<RunnerAnswer>>();

/**
 * Evaluates a bundled manifest entry the way hooks run (see callHook and runner.mjs): its
 * top-level code in a locked-down context in a runner process with a time and memory limit.
 * Returns its default export (of an ES module; a CommonJS module's exports) as JSON data:
 * anything that is not JSON is dropped, and nothing of the package's code comes back. Throws
 * ManifestLoadError.
 */
export async function evaluateManifest(bundle: PluginBundle, limits: HookLimits = defaultManifestLimits): Promise<unknown> {
  const entry = bundle.filename;
  let pending = manifests.get(bundle.sha256);
  if (!pending) {
    const task = { code: bundle.code, filename: entry, hook: null, argsJson: '[]', key: bundle.sha256 };
    pending = runIsolated(task, limits, (problem) => new Error(`its top-level code ${problem}`));
    manifests.set(bundle.sha256, pending);
    const forget = () => manifests.delete(bundle.sha256);
    pending.then((answer) => answer.ok || forget(), forget);
  }
  const answer = await pending.catch((error: Error) => {
    throw new ManifestLoadError(`${entry} cannot be imported: ${error.message}`);
  });
  if (!answer.ok) {
    throw new ManifestLoadError(
      answer.notData
        ? `${entry} exports a default that is not JSON data (${answer.message})`
        : `${entry} cannot be imported: ${answer.message}`,
    );
  }
  if (answer.missing) throw new ManifestLoadError(`${entry} has no default export`);
  return structuredClone(answer.value); // each caller its own copy
}

const hookErrors = z
  .array(z.object({ field: z.string().max(100), message: z.string().min(1).max(500), code: z.string().max(40).optional() }))
  .max(100);

/** Runs a plugin's `validate` hook; the problems it reports, or HookFailure. */
export async function runValidateHook(
  bundle: PluginBundle,
  formData: Record<string, unknown>,
  context: HookContext,
  limits?: HookLimits,
): Promise<HookFieldError[]> {
  const result = await callHook(bundle, 'validate', [formData, context], limits);
  if (result.missing) return [];
  const parsed = hookErrors.safeParse(result.value);
  if (!parsed.success) throw new HookFailure('validate hook returned something other than a list of { field, message } problems');
  return parsed.data;
}
