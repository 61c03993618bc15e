import { RE2JS } from 're2js';

// Form field patterns are written by agencies and matched against citizens' values on the
// server's main thread. They are matched with RE2 (re2js), whose time is linear in the value's
// length whatever the pattern, never with the backtracking RegExp engine, on which a pattern
// such as `(a+)+$` takes exponential time on `aaaa…!` and blocks every request.

/** Compiled patterns by source; bounded so that checking many manifests cannot grow it without end. */
const compiled = new Map<string, RE2JS>();
const CACHE_SIZE = 1000;

/** The compiled form of a field pattern, compiled once; throws when RE2 cannot compile it. */
export function compilePattern(source: string): RE2JS {
  const cached = compiled.get(source);
  if (cached) return cached;
  const pattern = RE2JS.compile(source);
  if (compiled.size >= CACHE_SIZE) compiled.delete(compiled.keys().next().value!);
  compiled.set(source, pattern);
  return pattern;
}

/**
 * Why `source` cannot be a field pattern, or undefined when it can. It must compile as RE2 (no
 * backreferences, no lookaround, repetition counts up to 1000), which the platform matches
 * with, and as a JavaScript regular expression with the `u` flag, as clients (browsers) may
 * use the pattern the API shows them.
 */
export function patternProblem(source: string): string | undefined {
  try {
    new RegExp(source, 'u');
  } catch {
    return 'is not a valid regular expression';
  }
  try {
    compilePattern(source);
  } catch (error) {
    const reason = (error as Error).message.replace(/^error parsing regexp: /, '');
    return `cannot be matched in linear time (RE2 syntax; no backreferences or lookaround): ${reason}`;
  }
  return undefined;
}

/** Whether the whole of `value` matches `pattern`: the same as `^(?:pattern)$`, in linear time. */
export const matchesPattern = (pattern: string, value: string): boolean => compilePattern(pattern).testExact(value);
