import { createHash } from 'node:crypto';
import { builtinModules } from 'node:module';
import { isAbsolute, relative, resolve } from 'node:path';
import { build, type Message, type Plugin } from 'esbuild';
import { z } from 'zod';
import type { HookContext, HookFieldError } from '../sdk/index.ts';
import { RunnerFailure, RunnerPool, type RunnerAnswer, type RunnerTask } from './runner-pool.ts';

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

const compiled = new Map<string, Promise<string>>();

// A hook only computes on the data it is given: its module may bundle its own files, npm
// packages and the SDK, but no Node built-in (files, network, processes, `vm` …): importing
// one fails the build. The runner runs the bundle where no built-in exists anyway.
const builtinImport = new RegExp(`^(node:.*|(${builtinModules.join('|')})(/.*)?)$`);
const denyBuiltins: Plugin = {
  name: 'deny-node-builtins',
  setup(bundle) {
    bundle.onResolve({ filter: builtinImport }, ({ path }) => ({ errors: [{ text: `capability denied: imports node:${path.replace(/^node:/, '')}` }] }));
  },
};

// What a manifest entry gets for the plugin SDK: `defineService` and `defineHooks` only give
// types, so at run time they are identities. The real SDK bundles zod and semver, whose code
// reads `process.env` (denied in the context) and would make each load slow; the host
// validates the manifest afterwards anyway. Importing anything else of the SDK fails the build.
const sdkShims: Record<string, string> = {
  '@egov/core/sdk': 'export const defineService = (manifest) => manifest;\nexport const defineHooks = (hooks) => hooks;\n',
  '@egov/core/sdk/hooks': 'export const defineHooks = (hooks) => hooks;\n',
};
const sdkShim: Plugin = {
  name: 'egov-sdk-shim',
  setup(bundle) {
    bundle.onResolve({ filter: /^@egov\/core\/sdk(\/hooks)?$/ }, ({ path }) => ({ path, namespace: 'egov-sdk' }));
    bundle.onLoad({ filter: /.*/, namespace: 'egov-sdk' }, ({ path }) => ({ contents: sdkShims[path], loader: 'js' }));
  },
};

/**
 * A module bundled into one strict CommonJS function body (TypeScript compiled, imports
 * inlined, `import()` turned into the `require` the runner refuses).
 */
async function bundle(packageDir: string, file: string, plugins: Plugin[]): Promise<string> {
  const result = await build({
    entryPoints: [file],
    absWorkingDir: packageDir, // error locations relative to the package
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    supported: { 'dynamic-import': false }, // see runner.mjs: no import() may reach the runner
    banner: { js: "'use strict';" }, // ES modules are strict; CommonJS output is not unless told
    plugins,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** The hooks module bundled once per file: a call then costs a context, not a compilation. */
function compile(packageDir: string, file: string): Promise<string> {
  let pending = compiled.get(file);
  if (!pending) {
    pending = bundle(packageDir, file, [denyBuiltins]);
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
 * Calls one hook of a plugin package in a runner process (see RunnerPool): an empty
 * environment, no file, process or network access, capped memory (heap and off-heap), a
 * wall-clock timeout after which the runner is killed, and data-only messages in and out, so a
 * looping, crashing or memory-hungry hook fails alone while the server goes on.
 */
export async function callHook(
  packageDir: string,
  hooksFile: string,
  hook: string,
  args: unknown[],
  limits: HookLimits = defaultHookLimits,
): Promise<{ missing: true } | { missing: false; value: unknown }> {
  const source = resolve(packageDir, hooksFile);
  const rel = relative(packageDir, source);
  if (rel.startsWith('..') || isAbsolute(rel)) throw new HookFailure(`hooks module ${hooksFile} is outside the package`);
  const code = await compile(resolve(packageDir), source).catch((error: Error) => {
    throw new HookFailure(`hooks module ${hooksFile} does not compile: ${firstProblem(error)}`);
  });
  // The arguments as JSON: the hook's context gets its own copies (see runner.mjs).
  const task = { code, filename: rel, hook, argsJson: JSON.stringify(args) };
  const answer = await runIsolated(task, limits, (problem) => new HookFailure(`${hook} hook ${problem}`));
  if (!answer.ok) throw new HookFailure(`${hook} hook threw: ${answer.message}`);
  return answer.missing ? { missing: true } : { missing: false, value: answer.value };
}

// Manifests already loaded, by the bundle's SHA-256: the same code gives the same data, so a
// package loaded again costs a build, not a call.
// Only data is kept: a failure may be the host's (a timeout under load) and is tried again.
const manifests = new Map<string, Promise<RunnerAnswer>>();

/**
 * Loads a plugin package's manifest entry the way hooks run (see callHook and runner.mjs):
 * bundled with no Node built-in and the SDK as a shim, its top-level code run in a locked-down
 * context in a runner process with a time and memory limit. Returns its default export (of an ES
 * module; a CommonJS module's exports) as JSON data: anything that is not JSON is dropped, and
 * nothing of the package's code comes back. Throws ManifestLoadError.
 */
export async function loadManifestIsolated(packageDir: string, entryFile: string, limits: HookLimits = defaultManifestLimits): Promise<unknown> {
  const source = resolve(packageDir, entryFile);
  const rel = relative(resolve(packageDir), source);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw new ManifestLoadError(`the entry ${entryFile} is outside the package`);
  const code = await bundle(resolve(packageDir), source, [sdkShim, denyBuiltins]).catch((error: Error) => {
    throw new ManifestLoadError(`${entryFile} cannot be imported: ${firstProblem(error)}`);
  });
  const key = createHash('sha256').update(code).digest('hex');
  let pending = manifests.get(key);
  if (!pending) {
    const task = { code, filename: rel, hook: null, argsJson: '[]' };
    pending = runIsolated(task, limits, (problem) => new Error(`its top-level code ${problem}`));
    manifests.set(key, pending);
    const forget = () => manifests.delete(key);
    pending.then((answer) => answer.ok || forget(), forget);
  }
  const answer = await pending.catch((error: Error) => {
    throw new ManifestLoadError(`${entryFile} cannot be imported: ${error.message}`);
  });
  if (!answer.ok) {
    throw new ManifestLoadError(answer.notData ? `${entryFile} exports a default that is not JSON data (${answer.message})` : `${entryFile} cannot be imported: ${answer.message}`);
  }
  if (answer.missing) throw new ManifestLoadError(`${entryFile} has no default export`);
  return structuredClone(answer.value); // each caller its own copy
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
