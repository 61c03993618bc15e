import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BundleError } from '../plugin-artifact/bundler.ts';
import { validateWith } from '../testing/hooks.ts';
import { HookFailure } from './hook-runner.ts';

const context = { today: '2026-11-30' };
const fixture = (name: string) => join(import.meta.dirname, '__fixtures__', name);
const hostile = (name: string) => join(import.meta.dirname, '../../../sandbox/fixtures/hostile', name);
const judicialRecord = join(import.meta.dirname, '../../../plugins/judicial-record');

/** How a call ended: the problems the hook reported, or the message of its HookFailure. */
async function outcome(packageDir: string, formData: Record<string, unknown> = {}): Promise<unknown> {
  try {
    return await validateWith(packageDir, 'hooks.ts', formData, context);
  } catch (error) {
    if (error instanceof BundleError) return error.message;
    expect(error).toBeInstanceOf(HookFailure);
    return (error as HookFailure).message;
  }
}

// Behind the sandbox's static scan: whatever a hook's code turns out to do when it runs, it
// finds no file system, network, process, environment or code generation.
describe('a hook reaching for a capability at run time', () => {
  afterEach(() => {
    delete process.env.AUTH_SECRET;
  });

  it.each([
    {
      does: 'imports node:fs to read /etc/passwd',
      name: 'fs-import',
      message: 'hooks.ts cannot be bundled: capability denied: imports node:fs (hooks.ts:1)',
    },
    {
      does: 'gets fs from process.getBuiltinModule',
      name: 'get-builtin-module',
      message: 'validate hook threw: capability denied: process.getBuiltinModule',
    },
    {
      does: 'finds process on globalThis and asks for a binding',
      name: 'global-process',
      message: 'validate hook threw: capability denied: process.binding',
    },
    {
      does: 'calls (0, eval)',
      name: 'indirect-eval',
      message: 'validate hook threw: capability denied: eval/Function (code generation from strings)',
    },
    {
      does: 'calls new Function',
      name: 'new-function',
      message: 'validate hook threw: capability denied: eval/Function (code generation from strings)',
    },
    {
      does: 'takes the Function constructor of an object literal',
      name: 'constructor-escape',
      message: 'validate hook threw: capability denied: eval/Function (code generation from strings)',
    },
    {
      does: 'takes the Function constructor of its argument',
      name: 'argument-escape',
      message: 'validate hook threw: capability denied: eval/Function (code generation from strings)',
    },
    { does: 'calls fetch', name: 'fetch', message: 'validate hook threw: capability denied: fetch' },
    { does: 'imports a module named at run time', name: 'dynamic-import', message: 'validate hook threw: capability denied: require' },
  ])('is refused when it $does', async ({ name, message }) => {
    expect(await outcome(fixture(name), { module: 'node:fs' })).toBe(message);
  });

  it('is refused when it reads a variable of the environment, which it sees empty', async () => {
    process.env.AUTH_SECRET = 'must-not-leak';
    expect(await outcome(fixture('read-env'))).toBe('validate hook threw: capability denied: process.env.AUTH_SECRET');
    // The older hostile fixture enumerates the environment: there is nothing in it.
    expect(await validateWith(join(import.meta.dirname, '__tests__/fixtures/hostile'), 'env.ts', {}, context)).toEqual([
      { field: 'env', message: 'env:{}' },
    ]);
  });

  it('fails when it writes to a built-in prototype, and the server’s stay clean', async () => {
    expect(await outcome(fixture('prototype-pollution'))).toBe(
      'validate hook threw: Cannot add property polluted, object is not extensible',
    );
    expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('fails when it installs the stack trace hook that would hand it its callers', async () => {
    expect(await outcome(fixture('stack-trace-api'))).toBe(
      'validate hook threw: Cannot add property prepareStackTrace, object is not extensible',
    );
  });

  it('gives the text of an error thrown as one line of at most 500 characters', async () => {
    const dir = join(import.meta.dirname, '__fixtures__', 'multiline-error');
    expect(await outcome(dir)).toBe(
      `validate hook threw: ok    a) Result: Passed Signed off ${'x'.repeat(500 - 'ok    a) Result: Passed Signed off '.length)}`,
    );
  });

  it('sees errors without stacks, so no answer names a file of the host', async () => {
    const [problem] = (await outcome(fixture('stack-paths'))) as { message: string }[];
    expect(problem?.message).toMatch(/^Error: where am I \| SyntaxError: .*JSON/);
    expect(problem?.message).not.toContain('/');
  });

  it('fails, without Node handling its value, when it leaves a rejection unhandled', async () => {
    expect(await outcome(fixture('unhandled-rejection'))).toBe('validate hook threw: the hook left an error unhandled');
  });

  it.each([
    { name: 'read-passwd', message: 'hooks.ts cannot be bundled: capability denied: imports node:fs (hooks.ts:1)' },
    { name: 'open-socket', message: 'hooks.ts cannot be bundled: capability denied: imports node:net (hooks.ts:1)' },
    { name: 'spawn-process', message: 'hooks.ts cannot be bundled: capability denied: imports node:child_process (hooks.ts:1)' },
    { name: 'eval-fetched', message: 'validate hook threw: capability denied: fetch' },
    { name: 'read-env', message: 'validate hook threw: capability denied: process.env.AUTH_SECRET' },
    { name: 'prototype-pollution', message: 'validate hook threw: Cannot add property isAdmin, object is not extensible' },
  ])('is refused for the sandbox’s hostile package $name too', async ({ name, message }) => {
    expect(await outcome(hostile(name))).toBe(message);
  });
});

describe('a hook doing its ordinary work', () => {
  it('keeps error classes, own toString, async code, collections, Intl and JSON', async () => {
    expect(await outcome(fixture('ordinary-code'), { dateOfBirth: '1990-05-12' })).toEqual([
      { field: 'summary', message: '{"name":"RuleError","label":"labelled","codes":["a"],"day":"2026"} {"dateOfBirth":"1990-05-12"}' },
    ]);
  });

  it('runs the judicial-record hook: an adult passes, a 13-year-old is too young', async () => {
    expect(await validateWith(judicialRecord, 'src/hooks.ts', { dateOfBirth: '1990-05-12' }, context)).toEqual([]);
    expect(await validateWith(judicialRecord, 'src/hooks.ts', { dateOfBirth: '2013-06-01' }, context)).toEqual([
      { field: 'dateOfBirth', message: 'Người được cấp Phiếu lý lịch tư pháp phải từ đủ 14 tuổi', code: 'TOO_YOUNG' },
    ]);
  });
});
