// A plugin runner: a process of its own that runs plugin code (a hook, or a manifest entry's
// top-level code with `hook` null) for the server, one call at a time (see runner-pool.ts).
// Plain JavaScript so that Node starts it without a loader. The pool starts it with an empty
// environment, Node's permission model (it may read this file and nothing else; no child
// processes, workers, addons or file writes), code generation from strings off, an OS limit on
// its data segment (which counts off-heap memory such as ArrayBuffers) and, where the host
// allows, in a network namespace of its own with no interface up.
//
// Calls arrive on stdin, one JSON line each: { id, code, filename, hook, argsJson }; each answer
// is one JSON line on stdout: { id, ok, ... }. The module (bundled as one CommonJS function body,
// with no Node built-in in it) does not run in this process's own realm, which has `process`,
// `fetch` and a `Function` that compiles code: it runs in a fresh `vm` context per call holding
// nothing but the ECMAScript built-ins, with code generation from strings and WebAssembly
// switched off, its built-ins frozen, and stand-ins that throw `capability denied: …` where a
// Node program would find `process`, `require` or `fetch`. No object of this realm ever enters
// that context (any of them would lead back to this realm's `Function`): the module goes in as
// a function compiled in the context, the arguments as a JSON string, and what comes out is a
// JSON string. The bundle must hold no `import()`: Node would reject it with an error of this
// realm (the bundler lowers each to a `require` call, which the context refuses). Nothing of a
// call survives into the next: each has its own context, and this realm holds no state of theirs.
import { compileFunction, createContext, Script } from 'node:vm';
import { createInterface } from 'node:readline';
import { hardenRealm, lockDown } from './lockdown.mjs';

const lockDownSource = `(${lockDown})()`;

/** A fresh context, locked down, and its `call`: made ahead of each call, so a call does not wait for it. */
function prepare() {
  const context = createContext(Object.create(null), { name: 'plugin code', codeGeneration: { strings: false, wasm: false } });
  const call = new Script(lockDownSource, { filename: 'runner-lockdown.js' }).runInContext(context);
  // Should an import() reach the runner after all (the bundler lowers each), it fails with an
  // error of the context, not one of this realm.
  const refuseImport = new Script('(function () { throw new Error("capability denied: import()"); })', {
    filename: 'runner-import.js',
  }).runInContext(context);
  return { context, call, refuseImport };
}
let prepared = null;

/** Runs one call in a fresh context; its answer as a JSON string (without the id). */
async function run({ code, filename, hook, argsJson }) {
  const subject = hook === null ? 'the module' : 'the hook';
  try {
    const { context, call, refuseImport } = prepared ?? prepare();
    prepared = null; // used once
    const load = compileFunction(code, ['module', 'exports'], { parsingContext: context, filename, importModuleDynamically: refuseImport });
    const read = call(load, hook, argsJson);
    // The context has no timers and no I/O: once the microtasks ran, the hook has settled or never will.
    await new Promise((resolve) => setImmediate(resolve));
    const outcome = read();
    return typeof outcome === 'string' ? outcome : JSON.stringify({ ok: false, message: 'its promise never settled' });
  } catch (error) {
    // An error of this realm (the bundle does not compile, the stack overflowed …): its message only.
    return JSON.stringify({ ok: false, message: typeof error?.message === 'string' ? error.message : `${subject} could not start` });
  }
}

// This realm's own I/O, taken before it is hardened: answers go out through a reference kept here.
const out = process.stdout;
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
let current = null;
let currentSubject = 'the hook';
const answer = (id, json) => out.write(`{"id":${JSON.stringify(id)},${json.slice(1)}\n`);

// Node's own handling of a stray error prints or serializes the value, which may call a custom
// inspect function of the plugin's with objects of this realm: a rejection or exception the code
// leaves unhandled fails the call here instead, without looking at the value, and ends this
// runner (the pool starts another), so nothing of it can reach a later call.
const strayFailure = () => {
  if (current !== null) answer(current, JSON.stringify({ ok: false, message: `${currentSubject} left an error unhandled` }));
  current = null;
  process.exitCode = 70;
  out.end(() => process.exit(70));
};
process.on('unhandledRejection', strayFailure);
process.on('uncaughtException', strayFailure);

hardenRealm();
prepared = prepare();
out.write('{"ready":true}\n');

// One call at a time: the pool sends the next only after this one's answer.
for await (const line of lines) {
  let task;
  try {
    task = JSON.parse(line);
  } catch {
    process.exit(65); // not the pool speaking
  }
  current = task.id;
  currentSubject = task.hook === null ? 'the module' : 'the hook';
  const json = await run(task);
  if (current === task.id) answer(task.id, json);
  current = null;
  // The next call's context, while the server reads this answer.
  prepared = prepare();
}
