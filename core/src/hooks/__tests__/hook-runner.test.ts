import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateWith } from '../../testing/hooks.ts';

const dir = join(import.meta.dirname, 'fixtures/hostile');
const context = { today: '2026-11-30' };

describe('running a plugin hook isolated', () => {
  it('stops a hook that never answers after the time limit, while the process goes on', async () => {
    const started = Date.now();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 50);
    await expect(validateWith(dir, 'loop.ts', {}, context, { timeoutMs: 1000, memoryMb: 64 })).rejects.toThrow(
      'validate hook took longer than 1000 ms',
    );
    clearInterval(timer);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(ticks).toBeGreaterThan(5); // this thread kept running meanwhile
  });

  it('stops a hook that eats memory at its heap limit', async () => {
    await expect(validateWith(dir, 'memory.ts', {}, context, { timeoutMs: 10_000, memoryMb: 32 })).rejects.toThrow(
      /validate hook exceeded its memory budget of 32 MB/,
    );
  });

  it('reports a hook that throws or answers nonsense', async () => {
    await expect(validateWith(dir, 'throws.ts', {}, context)).rejects.toThrow('validate hook threw: boom');
    await expect(validateWith(dir, 'garbage.ts', {}, context)).rejects.toThrow('returned something other than a list');
  });

  it('gives a hook none of the server environment', async () => {
    process.env.EGOV_TEST_SECRET = 'must-not-leak';
    const [problem] = await validateWith(dir, 'env.ts', {}, context);
    expect(problem?.message).toBe('env:{}');
  });

  it('refuses a hooks module outside the package', async () => {
    await expect(validateWith(dir, '../../../hook-runner.ts', {}, context)).rejects.toThrow('outside the package');
  });

  it('runs the judicial-record hook: a child gets a field error, an adult none', async () => {
    const plugin = join(import.meta.dirname, '../../../../plugins/judicial-record');
    expect(await validateWith(plugin, 'src/hooks.ts', { dateOfBirth: '1990-05-12' }, context)).toEqual([]);
    expect(await validateWith(plugin, 'src/hooks.ts', { dateOfBirth: '2015-01-01' }, context)).toEqual([
      { field: 'dateOfBirth', message: 'Người được cấp Phiếu lý lịch tư pháp phải từ đủ 14 tuổi', code: 'TOO_YOUNG' },
    ]);
    expect(await validateWith(plugin, 'src/hooks.ts', { dateOfBirth: '2030-01-01' }, context)).toEqual([
      { field: 'dateOfBirth', message: 'Ngày sinh phải trước ngày hôm nay' },
    ]);
  });
});
