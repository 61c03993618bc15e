import { PrismaClient } from '@egov/schema/client';
import { PrismaClient as PostgresPrismaClient } from '@egov/schema/client-postgresql';
import type { DatabaseTarget } from './database.ts';

export type { PrismaClient };

export interface ClientOptions {
  /** Called once per SQL statement Prisma sends; used by tests that count statements. */
  onQuery?: (sql: string) => void;
}

/**
 * One Prisma client per process, on the driver adapter the database URL selects. A Prisma 7
 * client is generated for one provider, so there are two generated clients with the same API;
 * the code is typed against the SQLite one.
 */
export function createPrismaClient(target: DatabaseTarget, options: ClientOptions = {}): PrismaClient {
  const settings = {
    adapter: target.adapterFactory(),
    log: options.onQuery ? [{ emit: 'event' as const, level: 'query' as const }] : [],
  };
  const client =
    target.provider === 'postgresql' ? (new PostgresPrismaClient(settings) as unknown as PrismaClient) : new PrismaClient(settings);
  if (options.onQuery) {
    const onQuery = options.onQuery;
    client.$on('query' as never, ((event: { query: string }) => onQuery(event.query)) as never);
  }
  return client;
}
