import type { ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Context } from '../context.ts';
import { sessionEnded, type LiveSessions, type SessionEnd } from '../identity/live-sessions.ts';

/**
 * A signed-in subscription (over WebSocket or SSE) lasts as long as its session: when the
 * token expires or the account is disabled, the subscriber gets one last result with the
 * error TOKEN_EXPIRED or ACCOUNT_DISABLED, and the subscription completes.
 */
export function useSessionEnd(sessions: LiveSessions): Plugin {
  return {
    onSubscribe({ args }) {
      const ctx = args.contextValue as unknown as Context;
      const viewer = ctx.viewer;
      if (!viewer) return;
      return {
        onSubscribeResult({ result, setResult }) {
          if (isAsyncIterable(result)) setResult(untilSessionEnds(result, sessions, viewer.id, ctx.sessionExpiresAt));
        },
      };
    },
  };
}

async function* untilSessionEnds(
  source: AsyncIterable<ExecutionResult>,
  sessions: LiveSessions,
  accountId: string,
  expiresAt: Date | null,
): AsyncGenerator<ExecutionResult> {
  let ended: (reason: SessionEnd) => void = () => {};
  const end = new Promise<{ ended: SessionEnd }>((resolve) => (ended = (reason) => resolve({ ended: reason })));
  const stop = sessions.watch(accountId, expiresAt, (reason) => ended(reason));
  const iterator = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), end]);
      if ('ended' in next) {
        yield { errors: [sessionEnded(next.ended)] };
        return;
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    stop();
    // Not awaited: the source may hold a pending next() that return() would wait for.
    void Promise.resolve(iterator.return?.()).catch(() => {});
  }
}
