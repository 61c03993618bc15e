import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { projectRoot } from '../config.ts';

export type Provider = 'sqlite' | 'postgresql';

export interface DatabaseTarget {
  provider: Provider;
  /** The URL as configured, with any password hidden, for logs and errors. */
  display: string;
  adapterFactory(): SqlMigrationAwareDriverAdapterFactory;
}

/**
 * Reads a `DATABASE_URL`: `file:<path>` (relative to the repository root) selects the embedded SQLite
 * database, `postgresql://` or `postgres://` selects PostgreSQL.
 */
export function databaseTarget(url: string, baseDir = projectRoot): DatabaseTarget {
  if (url.startsWith('file:')) {
    const raw = url.slice('file:'.length);
    const file = raw === ':memory:' || isAbsolute(raw) ? raw : resolve(baseDir, raw);
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    return {
      provider: 'sqlite',
      display: `file:${file}`,
      // WAL lets readers go on while one writer commits; the busy timeout makes concurrent
      // writers wait for the lock instead of failing with SQLITE_BUSY.
      adapterFactory: () => new PrismaBetterSqlite3({ url: `file:${file}`, timeout: 10_000 }),
    };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    return {
      provider: 'postgresql',
      display: url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@'),
      adapterFactory: () => new PrismaPg({ connectionString: url }),
    };
  }
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL), got "${url}"`);
}
