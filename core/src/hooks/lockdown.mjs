// What plugin code runs inside (see runner.mjs): the lock-down of a fresh `vm` context, and the
// hardening of the realm around it. Plain JavaScript, imported by the runner before any plugin
// code arrives.

/**
 * Evaluated in the hook's context (from its source text, so it must not use anything of this
 * module), before any plugin code: replaces the capabilities with stand-ins, freezes the
 * built-ins, and returns `call(load, hook, argsJson)`, which runs the module and the hook and
 * gives back a function reading the outcome, a JSON string, once the hook has settled. With
 * `hook` null it runs only the module, and the outcome holds its default export.
 */
export function lockDown() {
  'use strict';
  // Captured now: the hook may replace any global of its context (only its own) before these run.
  const { Error, EvalError, JSON, Promise, Proxy, Reflect, RegExp, Set, String, Symbol, TypeError } = globalThis;
  const { create, defineProperty, freeze, getOwnPropertyDescriptor, getPrototypeOf, hasOwn } = Object;
  const { apply, defineProperty: tryToDefine, ownKeys } = Reflect;
  const { parse, stringify } = JSON;
  const then = Promise.prototype.then;
  const test = RegExp.prototype.test;

  const denied = (what) => new Error(`capability denied: ${what}`);
  // A function (callable and constructible) that refuses.
  const deniedFunction = (name) => {
    const standIn = {
      [name]: function () {
        throw denied(name);
      },
    }[name];
    freeze(standIn.prototype);
    return freeze(standIn);
  };
  // An object that looks empty (so `JSON.stringify(process.env)` is `{}`) and refuses any member
  // but the `allowed` ones; symbols and `toJSON` read as absent so that it converts and prints.
  const deniedObject = (name, allowed = {}) =>
    new Proxy(freeze(create(null)), {
      get(_, key) {
        if (typeof key === 'symbol' || key === 'toJSON') return undefined;
        if (hasOwn(allowed, key)) return allowed[key];
        throw denied(`${name}.${key}`);
      },
      set(_, key) {
        throw denied(`${name}.${String(key)}`);
      },
      defineProperty(_, key) {
        throw denied(`${name}.${String(key)}`);
      },
      deleteProperty(_, key) {
        throw denied(`${name}.${String(key)}`);
      },
    });

  // Assigning `error.name = …` or `this.constructor = …` where the prototype holds that property
  // read-only throws in strict code (the "override mistake"). Ordinary code does this, so on
  // the built-in prototypes these properties become accessors that add the own property to the
  // object assigned to instead, as SES does; only assigning to the prototype itself is refused.
  const overridable = new Set(['constructor', 'name', 'message', 'toString', 'toLocaleString', 'valueOf', 'toJSON']);
  const makeOverridable = (prototype, key, { value, enumerable }) =>
    defineProperty(prototype, key, {
      get: () => value,
      set(next) {
        if (this === prototype) throw denied(`changes to built-in prototypes (${key})`);
        if (!tryToDefine(this, key, { value: next, writable: true, enumerable: true, configurable: true })) {
          throw new TypeError(`Cannot assign to read only property '${key}'`);
        }
      },
      enumerable,
      configurable: false,
    });

  // Nothing of a call may run after it answered (in a runner that then serves another call):
  // no host timer exists in the context, and the two ways to schedule work for later without one
  // go too. Atomics.waitAsync resolves after a timeout; a FinalizationRegistry calls back when
  // the garbage collector runs. (WeakRef goes with it: plugin data needs neither.)
  Reflect.deleteProperty(globalThis.Atomics, 'waitAsync');

  // Errors carry no stack: a stack names the runner's own files (host paths), which plugin code
  // could otherwise put into an answer people read. Messages stay.
  Error.stackTraceLimit = 0;

  // Every built-in reachable from the global object or from syntax (the prototypes of async and
  // generator functions and of iterators), with their prototypes and accessors, is frozen:
  // writing `Object.prototype.x` or `Error.prepareStackTrace` throws (the module is strict).
  const seen = new Set();
  const pending = [
    ...ownKeys(globalThis).map((key) => getOwnPropertyDescriptor(globalThis, key).value),
    async function () {},
    function* () {},
    async function* () {},
    (function* () {})(),
    (async function* () {})(),
    [][Symbol.iterator](),
    new Map().entries(),
    new Set().values(),
    ''[Symbol.iterator](),
    ''.matchAll(/x/g),
  ];
  while (pending.length > 0) {
    const value = pending.pop();
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null || value === globalThis || seen.has(value)) continue;
    seen.add(value);
    const isPrototype = hasOwn(value, 'constructor');
    for (const key of ownKeys(value)) {
      const descriptor = getOwnPropertyDescriptor(value, key);
      pending.push(descriptor.value, descriptor.get, descriptor.set);
      if (isPrototype && descriptor.writable && overridable.has(key)) makeOverridable(value, key, descriptor);
    }
    pending.push(getPrototypeOf(value));
    freeze(value);
  }

  // Where a Node program finds its capabilities, stand-ins that say what was refused.
  const standIns = {
    process: deniedObject('process', { env: deniedObject('process.env') }),
    require: deniedFunction('require'),
    fetch: deniedFunction('fetch'),
    WebSocket: deniedFunction('WebSocket'),
    EventSource: deniedFunction('EventSource'),
    XMLHttpRequest: deniedFunction('XMLHttpRequest'),
    WebAssembly: deniedObject('WebAssembly'),
    FinalizationRegistry: deniedFunction('FinalizationRegistry'),
    WeakRef: deniedFunction('WeakRef'),
    // Instead of V8's console of the context: hooks may log, nobody reads it.
    console: freeze({ log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} }),
  };
  for (const name of ownKeys(standIns))
    defineProperty(globalThis, name, { value: standIns[name], writable: false, enumerable: false, configurable: false });

  // An error's text goes into reports and answers people read: one line, bounded.
  const { replace, slice } = String.prototype;
  const oneLine = (text) => apply(slice, apply(replace, text, [/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ']), [0, 500]);
  const describe = (error) => {
    try {
      if (error instanceof EvalError && apply(test, /code generation from strings/i, [error.message]))
        return 'capability denied: eval/Function (code generation from strings)';
      return oneLine(error instanceof Error ? String(error.message) : String(error));
    } catch {
      return 'an error that cannot be read';
    }
  };
  const answer = (outcome) => {
    try {
      return stringify(outcome);
    } catch (error) {
      return stringify({ ok: false, message: `answered something that is not data (${describe(error)})` });
    }
  };

  // A manifest entry's default export, as `import()` would give it (`default` of an ES module as
  // esbuild marks it, a CommonJS module's exports), turned into JSON here, where its getters and
  // `toJSON` run under the same restrictions as the rest of its code.
  const exportedData = (exports) => {
    const value =
      (typeof exports === 'object' || typeof exports === 'function') && exports !== null && exports.__esModule ? exports.default : exports;
    if (value === undefined) return answer({ ok: true, missing: true });
    let json;
    try {
      json = stringify(value);
    } catch (error) {
      return answer({ ok: false, notData: true, message: describe(error) });
    }
    if (json === undefined) return answer({ ok: false, notData: true, message: `a ${typeof value}` });
    return `{"ok":true,"value":${json}}`;
  };

  return (load, hookName, argsJson) => {
    let outcome;
    try {
      const module = { exports: {} };
      load(module, module.exports);
      if (hookName === null) {
        outcome = exportedData(module.exports);
        return () => outcome;
      }
      const hooks = module.exports.default;
      if (!hooks || typeof hooks[hookName] !== 'function') {
        outcome = answer({ ok: true, missing: true });
      } else {
        const value = hooks[hookName](...parse(argsJson));
        // Settles in microtasks, whether the hook answered a value, a promise or a thenable.
        apply(then, new Promise((resolve) => resolve(value)), [
          (result) => (outcome = answer({ ok: true, value: result })),
          (error) => (outcome = answer({ ok: false, message: describe(error) })),
        ]);
      }
    } catch (error) {
      outcome = answer({ ok: false, message: describe(error) });
    }
    return () => outcome;
  };
}

// A second line of defence, should a value of this realm ever reach the hook anyway: here too
// no function compiles code from strings, and neither `process` nor the globals reach files,
// bindings, other processes or the network. (This module keeps what it already imported.)
export function hardenRealm() {
  const refuse = (what) => () => {
    throw new Error(`capability denied: ${what}`);
  };
  for (const example of [function () {}, async function () {}, function* () {}, async function* () {}]) {
    Object.defineProperty(Object.getPrototypeOf(example), 'constructor', { value: refuse('Function') });
  }
  for (const name of ['getBuiltinModule', 'binding', '_linkedBinding', 'dlopen', 'kill', 'abort', 'loadEnvFile', 'report']) {
    Object.defineProperty(process, name, { get: refuse(`process.${name}`) });
  }
  Object.defineProperty(process, 'env', { value: Object.freeze({}) });
  for (const name of ['fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest', 'eval']) delete globalThis[name];
}
