// `pnpm bench:hooks`: what one plugin hook call costs, p50 and p99, measured in one run for:
//  - in-process: the hook's bundle called directly in a vm context of this process (no
//    isolation at all), the floor;
//  - worker per call: a fresh worker thread per call running the same locked-down vm context,
//    which is how hooks ran before they moved to runner processes;
//  - runner pool: the runner processes hooks run in now (permission model, OS memory limit,
//    network namespace where the host allows), without JIT as in production, and with JIT.
// Every variant runs the judicial-record validate hook on the same form data, one call at a
// time; figures are printed with their ratio to the worker-per-call baseline.
import { createContext, Script } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { bundleModule, projectRoot, runValidateHook, type PluginBundle } from '@egov/core';
import { RunnerPool } from '../../core/src/hooks/runner-pool.ts';

const CALLS = Number(process.env.BENCH_CALLS ?? 300);
const formData = { dateOfBirth: '1990-05-12' };
const context = { today: '2026-12-01' };
const lockdown = fileURLToPath(new URL('../../core/src/hooks/lockdown.mjs', import.meta.url));

const bundle: PluginBundle = await bundleModule(join(projectRoot, 'plugins/judicial-record'), 'src/hooks.ts');

/** The code a worker ran per call before runner processes: a locked-down context, the bundle, the hook. */
const workerSource = `
const { workerData, parentPort } = require('node:worker_threads');
const { compileFunction, createContext, Script } = require('node:vm');
import(${JSON.stringify(lockdown)}).then(async ({ lockDown }) => {
  const context = createContext(Object.create(null), { codeGeneration: { strings: false, wasm: false } });
  const call = new Script('(' + lockDown + ')()').runInContext(context);
  const load = compileFunction(workerData.code, ['module', 'exports'], { parsingContext: context });
  const read = call(load, 'validate', workerData.argsJson);
  await new Promise((resolve) => setImmediate(resolve));
  parentPort.postMessage(read());
});`;

function workerCall(): Promise<unknown> {
  return new Promise((resolveCall, rejectCall) => {
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: { code: bundle.code, argsJson: JSON.stringify([formData, context]) },
      resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
      env: {},
      execArgv: [],
    });
    worker.once('message', (answer: string) => {
      void worker.terminate();
      resolveCall(JSON.parse(answer));
    });
    worker.once('error', rejectCall);
  });
}

/** The same hook in a context of this process: no isolation, the floor. */
function inProcessCall(): unknown {
  const sandbox = createContext({});
  const module = { exports: {} as { default?: { validate(data: unknown, ctx: unknown): unknown } } };
  new Script(`(function (module, exports) {${bundle.code}\n})`).runInContext(sandbox)(module, module.exports);
  return module.exports.default!.validate(formData, context);
}

async function measure(name: string, call: () => unknown): Promise<{ name: string; p50: number; p99: number }> {
  for (let i = 0; i < 10; i++) await call(); // warm-up: processes started, code compiled
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { name, p50: at(0.5), p99: at(0.99) };
}

const jitless = new RunnerPool({ memoryMb: 64, size: 1 });
const jit = new RunnerPool({ memoryMb: 64, size: 1, jitless: false });
const results = [
  await measure('in-process vm context (no isolation)', inProcessCall),
  await measure('worker thread per call (before)', workerCall),
  await measure('runner pool, no JIT (now)', () => runValidateHook(bundle, formData, context)),
  await measure('runner pool, no JIT, own pool', () =>
    jitless.run({ code: bundle.code, filename: bundle.filename, hook: 'validate', argsJson: JSON.stringify([formData, context]) }, 2000),
  ),
  await measure('runner pool, with JIT', () =>
    jit.run({ code: bundle.code, filename: bundle.filename, hook: 'validate', argsJson: JSON.stringify([formData, context]) }, 2000),
  ),
];
jitless.close();
jit.close();
const baseline = results[1]!;
console.log(`hook call cost over ${CALLS} calls (judicial-record validate), network namespace: ${jitless.networkIsolated ? 'yes' : 'no'}`);
console.log('variant'.padEnd(42), 'p50 ms'.padStart(9), 'p99 ms'.padStart(9), 'p50 vs before'.padStart(15), 'p99 vs before'.padStart(15));
for (const r of results) {
  console.log(
    r.name.padEnd(42),
    r.p50.toFixed(2).padStart(9),
    r.p99.toFixed(2).padStart(9),
    `${(r.p50 / baseline.p50).toFixed(2)}x`.padStart(15),
    `${(r.p99 / baseline.p99).toFixed(2)}x`.padStart(15),
  );
}
process.exit(0);
