import { describe, expect, it } from 'vitest';
import { defaultRateLimits, MemoryCounterStore, NETWORK_SHARE, networkOf, RateLimiter } from './rate-limit.ts';
import { clientAddress } from './client-address.ts';

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

describe('the in-process counter store, by class of key', () => {
  it('keeps each class apart: new addresses do not flush counters of accounts or sign-in guesses', async () => {
    const store = new MemoryCounterStore(100);
    await store.hit('mutation:account:acc-1', 5, 3_600_000, 0);
    await store.hit('guess:pair:10.0.0.1:abc', 3, 3_600_000, 0);
    for (let i = 0; i < 10_000; i++) await store.hit(`mutation:address:10.1.${i >> 8}.${i & 255}`, 1, 3_600_000, 1 + i);
    expect(store.size).toBe(102);
    expect((await store.hit('mutation:account:acc-1', 1, 3_600_000, 20_000)).count).toBe(6);
    expect((await store.hit('guess:pair:10.0.0.1:abc', 1, 3_600_000, 20_000)).count).toBe(4);
  });
});

describe('an IPv6 client', () => {
  const limits = { ...defaultRateLimits, 'mutation.address': { count: 3, windowSeconds: 600 } };

  it('is its /48 as well as its /64: one /64 after another gets 16 clients’ worth of a limit, then RATE_LIMITED', async () => {
    const limiter = new RateLimiter(limits, new MemoryCounterStore(), () => 0);
    let refusedAt = -1;
    for (let i = 0; i < 100 && refusedAt < 0; i++) {
      const address = `2001:db8:7:${i.toString(16)}::/64`;
      await limiter.take({ mutation: 1 }, address, null).catch(() => (refusedAt = i));
    }
    expect(refusedAt).toBe(3 * NETWORK_SHARE);
    // Another /48 is another client.
    await expect(limiter.take({ mutation: 1 }, '2001:db8:8:1::/64', null)).resolves.toBeUndefined();
    // IPv4 addresses stand alone.
    expect(networkOf('10.0.0.1')).toBeNull();
    expect(networkOf('2001:db8:7:ff::/64')).toBe('2001:db8:7::/48');
  });

  it('gains no free sign-in guesses from new /64s of its /48', async () => {
    const limiter = new RateLimiter(defaultRateLimits, new MemoryCounterStore(), () => 0);
    const guesses: string[] = [];
    for (let i = 0; i < 8; i++) {
      guesses.push(
        await limiter.guess('citizen@demo.egov.vn', `2001:db8:7:${i}::/64`).then(
          () => 'checked',
          (e: { extensions: { code: string } }) => e.extensions.code,
        ),
      );
    }
    // The free failures and the guess after them, then each must wait.
    expect(guesses).toEqual([...Array(defaultRateLimits['signIn.freeFailures'] + 1).fill('checked'), 'RATE_LIMITED', 'RATE_LIMITED']);
  });
});

describe('the client address behind proxies (TRUST_PROXY_HOPS)', () => {
  const from = (forwarded: string, hops = 1) =>
    clientAddress({ socket: { remoteAddress: '10.0.0.2' }, headers: { 'x-forwarded-for': forwarded } }, hops);

  it('is the entry the nearest proxy wrote, with or without a port, never one the client wrote', () => {
    expect(from('198.51.100.7, 203.0.113.9')).toBe('203.0.113.9');
    expect(from('198.51.100.7, 203.0.113.9:41234')).toBe('203.0.113.9');
    expect(from('198.51.100.7, [2001:db8:1:2::9]:443')).toBe('2001:db8:1:2::/64');
    // Not an address: the proxy's own, not the client-chosen one to its left.
    expect(from('198.51.100.7, unknown')).toBe('10.0.0.2');
    expect(from('198.51.100.7, 203.0.113.9', 0)).toBe('10.0.0.2');
  });
});
