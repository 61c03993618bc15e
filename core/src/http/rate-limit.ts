import { createHash } from 'node:crypto';
import { ApiError } from '../errors.ts';

/** A counter's state after a hit. */
export interface CounterHit {
  /** Hits in the current window, this one included. */
  count: number;
  /** When the current window ends (ms since the epoch). */
  resetAt: number;
  /** When the hit before this one was (ms since the epoch), or null for the window's first. */
  previousAt: number | null;
}

/**
 * Where rate-limit counters live. Each hit is counted atomically: concurrent hits on one key
 * see consecutive counts, so a burst cannot slip under a limit. The in-process store is the
 * default; several server processes would share one implemented on Redis or the database.
 */
export interface CounterStore {
  /** Adds `by` to `key` in its fixed window of `windowMs` (a window starts at its first hit). */
  hit(key: string, by: number, windowMs: number, now: number): Promise<CounterHit>;
  /** Forgets `key`. */
  reset(key: string): Promise<void>;
}

interface Entry {
  count: number;
  resetAt: number;
  lastAt: number;
}

/**
 * Counters in this process's memory. Keys are kept apart by their class (the first two parts of
 * the key: `signIn:address`, `mutation:account`, `guess:pair` ...), at most `maxKeysPerClass` of
 * each: when a class is full, its expired windows are dropped first, then its least recently
 * started. So an attacker cycling through addresses costs bounded memory, and forgets only
 * counters of its class: per-account counters (and sign-in guesses) cannot be flushed with
 * requests from new addresses.
 */
export class MemoryCounterStore implements CounterStore {
  readonly #classes = new Map<string, Map<string, Entry>>();
  readonly #sweptAt = new Map<string, number>();
  constructor(private readonly maxKeysPerClass = 25_000) {}

  async hit(key: string, by: number, windowMs: number, now: number): Promise<CounterHit> {
    const name = classOf(key);
    let entries = this.#classes.get(name);
    if (!entries) this.#classes.set(name, (entries = new Map()));
    let entry = entries.get(key);
    if (entry && entry.resetAt <= now) {
      entries.delete(key);
      entry = undefined;
    }
    if (!entry) {
      if (entries.size >= this.maxKeysPerClass) this.#evict(name, entries, now);
      entry = { count: 0, resetAt: now + windowMs, lastAt: -1 };
      entries.set(key, entry);
    }
    const previousAt = entry.lastAt < 0 ? null : entry.lastAt;
    entry.count += by;
    entry.lastAt = now;
    return { count: entry.count, resetAt: entry.resetAt, previousAt };
  }

  async reset(key: string): Promise<void> {
    this.#classes.get(classOf(key))?.delete(key);
  }

  /** Keys held, all classes together. */
  get size(): number {
    let size = 0;
    for (const entries of this.#classes.values()) size += entries.size;
    return size;
  }

  #evict(name: string, entries: Map<string, Entry>, now: number): void {
    // Expired windows first; a full scan costs O(keys), so it runs at most once a second a class.
    if (now - (this.#sweptAt.get(name) ?? Number.NEGATIVE_INFINITY) >= 1000) {
      this.#sweptAt.set(name, now);
      for (const [key, entry] of entries) if (entry.resetAt <= now) entries.delete(key);
    }
    // Then the oldest windows: Map iteration is in insertion order, so this is O(1) per key.
    while (entries.size >= this.maxKeysPerClass) {
      const oldest = entries.keys().next();
      if (oldest.done) break;
      entries.delete(oldest.value);
    }
  }
}

/** A key's class: its first two parts (`signIn:address:10.0.0.1` → `signIn:address`); '' for a key of fewer. */
function classOf(key: string): string {
  const first = key.indexOf(':');
  const second = first < 0 ? -1 : key.indexOf(':', first + 1);
  return second < 0 ? '' : key.slice(0, second);
}

/**
 * The IPv6 /48 of a client counted by its /64 (`2001:db8:1:2::/64` → `2001:db8:1::/48`); null for
 * IPv4. A /48 is one site: whoever holds one can send from 65,536 /64s, so besides each /64's
 * own limits, all of them together get NETWORK_SHARE times the limit.
 */
export function networkOf(address: string): string | null {
  const m = /^([0-9a-f]{1,4}):([0-9a-f]{1,4}):([0-9a-f]{1,4}):[0-9a-f]{1,4}::\/64$/.exec(address);
  return m ? `${m[1]}:${m[2]}:${m[3]}::/48` : null;
}

/** How many clients' worth of a limit one IPv6 /48 gets, all its /64s together. */
export const NETWORK_SHARE = 16;

/** A limit: at most `count` hits per `windowSeconds`. */
export interface Limit {
  count: number;
  windowSeconds: number;
}

/** What is limited. Each mutation field names its kind; others are `mutation`. */
export const rateLimitKinds = ['signIn', 'register', 'password', 'submit', 'mutation'] as const;
export type RateLimitKind = (typeof rateLimitKinds)[number];

/** Limits per client address and per signed-in account, by kind; null for none. */
export type RateLimits = Record<`${RateLimitKind}.${'address' | 'account'}`, Limit | null> & {
  /** Wrong sign-ins an (account, address) pair may make before each next guess waits. */
  'signIn.freeFailures': number;
  /** The longest wait between guesses of one (account, address) pair. */
  'signIn.maxDelaySeconds': number;
};

/**
 * The defaults (documented in the README): generous for an office of staff behind one
 * address, and low enough that a single client cannot run Argon2 or the submission path
 * flat out.
 */
export const defaultRateLimits: RateLimits = {
  'signIn.address': { count: 60, windowSeconds: 15 * 60 },
  'signIn.account': null,
  'signIn.freeFailures': 5,
  'signIn.maxDelaySeconds': 15 * 60,
  'register.address': { count: 20, windowSeconds: 3600 },
  'register.account': null,
  'password.address': { count: 20, windowSeconds: 3600 },
  'password.account': { count: 10, windowSeconds: 3600 },
  'submit.address': { count: 600, windowSeconds: 3600 },
  'submit.account': { count: 200, windowSeconds: 3600 },
  'mutation.address': { count: 1200, windowSeconds: 600 },
  'mutation.account': { count: 600, windowSeconds: 600 },
};

const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/**
 * Reads `RATE_LIMITS`: comma-separated `name=count/window` (window `30s`, `15m`, `1h`, `1d`)
 * or `name=off`, over the defaults; `signIn.freeFailures=<n>` and `signIn.maxDelay=<window>`
 * tune the sign-in slowdown; `off` alone turns every limit off.
 */
export function parseRateLimits(value: string | undefined): RateLimits {
  const limits: RateLimits = { ...defaultRateLimits };
  const text = (value ?? '').trim();
  if (text === '') return limits;
  if (/^off$/i.test(text)) {
    for (const kind of rateLimitKinds) limits[`${kind}.address`] = limits[`${kind}.account`] = null;
    return limits;
  }
  for (const item of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [name = '', setting = ''] = item.split('=').map((s) => s.trim());
    const seconds = (window: string) => {
      const m = /^(\d+)([smhd])$/.exec(window);
      if (!m || Number(m[1]) < 1) throw new Error(`RATE_LIMITS: ${item}: the window must be like 30s, 15m, 1h or 1d`);
      return Number(m[1]) * units[m[2]!]!;
    };
    if (name === 'signIn.freeFailures') {
      if (!/^\d+$/.test(setting) || Number(setting) > 1000) throw new Error(`RATE_LIMITS: ${item}: give a number from 0 to 1000`);
      limits['signIn.freeFailures'] = Number(setting);
    } else if (name === 'signIn.maxDelay') {
      limits['signIn.maxDelaySeconds'] = seconds(setting);
    } else if (name in defaultRateLimits && /\.(address|account)$/.test(name)) {
      if (/^off$/i.test(setting)) limits[name as keyof RateLimits & `${string}.${string}`] = null as never;
      else {
        const m = /^(\d+)\/(.+)$/.exec(setting);
        if (!m || Number(m[1]) < 1) throw new Error(`RATE_LIMITS: ${item}: give count/window such as 60/15m, or off`);
        (limits as Record<string, Limit | null | number>)[name] = { count: Number(m[1]), windowSeconds: seconds(m[2]!) };
      }
    } else {
      throw new Error(
        `RATE_LIMITS: ${item}: unknown limit "${name}"; known: ${Object.keys(defaultRateLimits).join(', ').replace('signIn.maxDelaySeconds', 'signIn.maxDelay')}`,
      );
    }
  }
  return limits;
}

/** RATE_LIMITED, with the seconds to wait (sent as `Retry-After` over HTTP). */
export function rateLimited(message: string, retryAfterSeconds: number): ApiError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new ApiError(
    'RATE_LIMITED',
    `${message}; try again in ${seconds} s`,
    { retryAfter: seconds },
    { status: 429, headers: { 'Retry-After': String(seconds) } },
  );
}

/**
 * Counts what clients do and refuses what is over a limit, before the work is done. One per
 * application; the counters live in its store.
 */
export class RateLimiter {
  constructor(
    readonly limits: RateLimits,
    private readonly store: CounterStore = new MemoryCounterStore(),
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Counts `hits` of each kind for this address and account, and throws RATE_LIMITED if any
   * limit is then exceeded. Every hit counts, refused or not, so hammering does not help.
   * Sign-ins are counted by `guess`, which knows the account they guess at.
   */
  async take(hits: Partial<Record<RateLimitKind, number>>, address: string, accountId: string | null): Promise<void> {
    const wait = await this.#count(hits, address, accountId, this.now());
    if (wait > 0) throw rateLimited('Too many requests from this client', wait);
  }

  /** Counts the hits; returns how long to wait (0: within every limit). */
  async #count(hits: Partial<Record<RateLimitKind, number>>, address: string, accountId: string | null, now: number): Promise<number> {
    let wait = 0;
    for (const [kind, n] of Object.entries(hits) as [RateLimitKind, number][]) {
      for (const [scope, id] of [
        ['address', address],
        ['account', accountId],
      ] as const) {
        const limit = this.limits[`${kind}.${scope}`];
        if (!limit || id === null || n <= 0) continue;
        const hit = await this.store.hit(`${kind}:${scope}:${id}`, n, limit.windowSeconds * 1000, now);
        if (hit.count > limit.count) wait = Math.max(wait, (hit.resetAt - now) / 1000);
        const network = scope === 'address' ? networkOf(id) : null;
        if (network) {
          const shared = await this.store.hit(`${kind}:network:${network}`, n, limit.windowSeconds * 1000, now);
          if (shared.count > limit.count * NETWORK_SHARE) wait = Math.max(wait, (shared.resetAt - now) / 1000);
        }
      }
    }
    return wait;
  }

  /**
   * Counts a sign-in guess of `login` from `address` before the password is checked. The
   * first `signIn.freeFailures` guesses since the last success go through at once; after them
   * each guess must wait twice as long as the one before (1 s, 2 s, 4 s ... up to
   * `signIn.maxDelaySeconds`) after the previous one, else RATE_LIMITED. Only this pair slows
   * down: the owner signing in from elsewhere is not locked out. The guess counts against the
   * address's `signIn.address` limit too; refused or not, every guess is counted.
   */
  async guess(login: string, address: string): Promise<void> {
    const now = this.now();
    const free = this.limits['signIn.freeFailures'];
    // The address first: a refused guess is not checked, so it stores nothing more.
    const addressWait = await this.#count({ signIn: 1 }, address, null, now);
    if (addressWait > 0) throw rateLimited('Too many sign-ins from this client', addressWait);
    const hit = await this.store.hit(this.#pairKey(login, address), 1, 24 * 3600 * 1000, now);
    if (hit.count <= free + 1 || hit.previousAt === null) return;
    const delay = Math.min(2 ** Math.min(hit.count - free - 2, 30), this.limits['signIn.maxDelaySeconds']);
    const since = (now - hit.previousAt) / 1000;
    if (since < delay) throw rateLimited('Too many wrong sign-ins from this client for this account', delay - since);
  }

  /** A right password: the pair starts afresh. */
  async signedIn(login: string, address: string): Promise<void> {
    await this.store.reset(this.#pairKey(login, address));
  }

  #pairKey(login: string, address: string): string {
    // Hashed: a key's size does not depend on what a caller typed. An IPv6 client is its /48
    // here: guessing from one /64 after another of it gains no free guesses.
    return `guess:pair:${networkOf(address) ?? address}:${createHash('sha256').update(login).digest('base64url').slice(0, 22)}`;
  }
}
