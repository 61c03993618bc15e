import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { compilePattern, matchesPattern, patternProblem } from './pattern.ts';

/**
 * Runs `work` and returns how long it took, in ms. Under a watchdog: should a backtracking
 * engine come back, the test fails after `budgetMs` (the watchdog interrupts even a running
 * regular expression) instead of hanging the run.
 */
function timed(work: () => unknown, budgetMs: number): { ms: number; result: unknown } {
  const start = performance.now();
  const result: unknown = runInNewContext('work()', { work }, { timeout: budgetMs });
  return { ms: performance.now() - start, result };
}

const median = (runs: number[]) => runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;

describe('field patterns', () => {
  it('match the whole value, like ^(?:pattern)$', () => {
    expect(matchesPattern('[A-Z]{3}', 'ABC')).toBe(true);
    expect(matchesPattern('[A-Z]{3}', 'xABCx')).toBe(false);
    expect(matchesPattern('a|ab', 'ab')).toBe(true); // the alternation is grouped, not just its first branch anchored
    expect(matchesPattern('Hộ kinh doanh .+', 'Hộ kinh doanh Minh Anh')).toBe(true);
    expect(matchesPattern('.', '😀')).toBe(true); // one code point, as with the u flag
  });

  it('are refused when RE2 cannot match them in linear time, saying why', () => {
    expect(patternProblem('(a)\\1')).toBe(
      'cannot be matched in linear time (RE2 syntax; no backreferences or lookaround): invalid escape sequence: `\\1`',
    );
    expect(patternProblem('(?=a)a')).toMatch(/^cannot be matched in linear time .*`\(\?=`$/);
    expect(patternProblem('(?<!a)b')).toMatch(/^cannot be matched in linear time/);
    expect(patternProblem('(a{1000}){1000}')).toMatch(/invalid repeat count/);
    expect(patternProblem('([')).toBe('is not a valid regular expression');
    expect(patternProblem('(a+)+$')).toBeUndefined(); // ambiguous, yet linear under RE2
  });

  it('are compiled once', () => {
    expect(compilePattern('[0-9]{6}')).toBe(compilePattern('[0-9]{6}'));
  });

  it('take milliseconds on a 100 KB hostile value, as a trivial pattern does', () => {
    // Backtracking, (a+)+$ on "aaaa…!" takes 2^n steps: 30 characters already take seconds.
    const hostile = `${'a'.repeat(100_000)}!`;
    compilePattern('(a+)+$');
    compilePattern('a+');
    const catastrophic: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < 5; i++) {
      const run = timed(() => matchesPattern('(a+)+$', hostile), 1000);
      expect(run.result).toBe(false);
      catastrophic.push(run.ms);
      baseline.push(timed(() => matchesPattern('a+', hostile), 1000).ms);
    }
    console.info(`(a+)+$ on 100 KB: ${median(catastrophic).toFixed(2)} ms; a+ on the same value: ${median(baseline).toFixed(2)} ms`);
    expect(median(catastrophic)).toBeLessThan(50);
    expect(median(catastrophic)).toBeLessThan(5 * median(baseline) + 5);
  });

  it('grow linearly with the value, not quadratically', () => {
    const pattern = '(?:.*a){10}b'; // polynomial for a backtracking engine
    const cost = (n: number) => median([0, 1, 2, 3, 4].map(() => timed(() => matchesPattern(pattern, 'a'.repeat(n)), 1000).ms));
    cost(1000); // warm up
    const small = cost(10_000);
    const large = cost(100_000);
    console.info(`${pattern}: 10 KB ${small.toFixed(2)} ms, 100 KB ${large.toFixed(2)} ms`);
    expect(large).toBeLessThan(30 * small + 5); // 10× the value, far less than 100× the time
  });
});
