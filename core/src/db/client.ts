import { PrismaClient } from '@egov/schema/client';
import type { DatabaseTarget } from './database.ts';

export type { PrismaClient };
export type Db = PrismaClient;

export interface ClientOptions {
  /** Called once per SQL statement Prisma sends; used by tests that count statements. */
  onQuery?: (sql: string) => void;
}

/** One Prisma client per process, on the driver adapter the database URL selects. */
export function createPrismaClient(target: DatabaseTarget, options: ClientOptions = {}): PrismaClient {
  const client = new PrismaClient({
    adapter: target.adapterFactory(),
    log: options.onQuery ? [{ emit: 'event', level: 'query' }] : [],
  });
  if (options.onQuery) {
    const onQuery = options.onQuery;
    client.$on('query' as never, ((event: { query: string }) => onQuery(event.query)) as never);
  }
  return client;
}
