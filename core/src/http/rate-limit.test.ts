import { describe, expect, it } from 'vitest';
import { MemoryCounterStore } from './rate-limit.ts';

describe('the in-process counter store', () => {
  it('keeps at most its number of keys, dropping the oldest windows first', async () => {
    const store = new MemoryCounterStore(3);
    for (const key of ['a', 'b', 'c', 'd']) await store.hit(key, 1, 60_000, 1_000);
    expect(store.size).toBe(3);
    // `a` was the oldest: it starts again from one.
    expect((await store.hit('a', 1, 60_000, 2_000)).count).toBe(1);
    expect((await store.hit('d', 1, 60_000, 2_000)).count).toBe(2);
  });

  it('drops expired windows before live ones', async () => {
    const store = new MemoryCounterStore(3);
    await store.hit('live', 1, 60_000, 0);
    await store.hit('short', 1, 1_000, 0);
    await store.hit('other', 1, 60_000, 0);
    await store.hit('new', 1, 60_000, 5_000);
    expect(store.size).toBe(3);
    expect((await store.hit('live', 1, 60_000, 5_000)).count).toBe(2);
  });

  it('takes a flood of new keys when full of live ones, counting each key right', async () => {
    const store = new MemoryCounterStore(1_000);
    for (let i = 0; i < 50_000; i++) await store.hit(`k${i}`, 1, 3_600_000, 10_000 + i);
    expect(store.size).toBe(1_000);
    expect((await store.hit('k49999', 1, 3_600_000, 70_000)).count).toBe(2);
    expect((await store.hit('k0', 1, 3_600_000, 70_000)).count).toBe(1);
  });
});
