import { GraphQLError } from 'graphql';
import type { PrismaClient } from '../db/client.ts';

export type SessionEnd = 'TOKEN_EXPIRED' | 'ACCOUNT_DISABLED';

interface Watch {
  accountId: string;
  end(reason: SessionEnd): void;
  timer: NodeJS.Timeout | undefined;
}

/** What a subscriber gets last when its session ends: sign in again to go on. */
export function sessionEnded(reason: SessionEnd): GraphQLError {
  return new GraphQLError(reason === 'TOKEN_EXPIRED' ? 'The token expired; sign in again to go on following' : 'The account was disabled', {
    extensions: { code: reason },
  });
}

/**
 * The signed-in sessions that live operations (subscriptions) run under. Each ends when its
 * token expires (a timer), or when its account is disabled: `disabled(id)` ends them at once,
 * and a sweep every `sweepSeconds` asks the database about all watched accounts in one query
 * (so a change made elsewhere is seen too).
 */
export class LiveSessions {
  readonly #watches = new Set<Watch>();
  #sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly sweepSeconds = 30,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Calls `end` once, when the session ends; the returned function stops watching. */
  watch(accountId: string, expiresAt: Date | null, end: (reason: SessionEnd) => void): () => void {
    const watch: Watch = { accountId, end: () => {}, timer: undefined };
    const stop = () => {
      if (watch.timer) clearTimeout(watch.timer);
      this.#watches.delete(watch);
      if (this.#watches.size === 0 && this.#sweeper) {
        clearInterval(this.#sweeper);
        this.#sweeper = undefined;
      }
    };
    watch.end = (reason) => {
      stop();
      end(reason);
    };
    if (expiresAt && expiresAt.getTime() <= this.now().getTime()) {
      end('TOKEN_EXPIRED');
      return () => {};
    }
    this.#watches.add(watch);
    if (expiresAt) {
      // A timer holds at most 2^31-1 ms (24.8 days); tokens may live 30 days: re-armed.
      const arm = () => {
        const left = expiresAt.getTime() - this.now().getTime();
        if (left <= 0) return watch.end('TOKEN_EXPIRED');
        watch.timer = setTimeout(arm, Math.min(left, 2 ** 31 - 1));
        watch.timer.unref();
      };
      arm();
    }
    if (!this.#sweeper && this.sweepSeconds > 0) {
      this.#sweeper = setInterval(() => void this.sweep().catch(() => {}), this.sweepSeconds * 1000);
      this.#sweeper.unref();
    }
    return stop;
  }

  /** Ends every session of the account now (called where an account is disabled). */
  disabled(accountId: string): void {
    for (const watch of [...this.#watches]) if (watch.accountId === accountId) watch.end('ACCOUNT_DISABLED');
  }

  /** Ends the sessions of watched accounts that are disabled or gone. */
  async sweep(): Promise<void> {
    const ids = [...new Set([...this.#watches].map((w) => w.accountId))];
    if (!ids.length) return;
    const active = await this.prisma.account.findMany({ where: { id: { in: ids }, disabledAt: null }, select: { id: true } });
    const alive = new Set(active.map((a) => a.id));
    for (const id of ids) if (!alive.has(id)) this.disabled(id);
  }

  get size(): number {
    return this.#watches.size;
  }

  close(): void {
    for (const watch of this.#watches) if (watch.timer) clearTimeout(watch.timer);
    this.#watches.clear();
    if (this.#sweeper) clearInterval(this.#sweeper);
    this.#sweeper = undefined;
  }
}
