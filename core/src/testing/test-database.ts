import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Whether this test run targets PostgreSQL (the `postgresql` test project) instead of SQLite. */
export const testOnPostgres = () => process.env.TEST_DB === 'postgresql';

async function admin(baseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, empty database for one test app: a SQLite file at `sqliteFile`, or, in the
 * PostgreSQL project, a new database on the server at TEST_POSTGRES_URL, dropped afterwards.
 */
export async function testDatabase(sqliteFile: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (!testOnPostgres()) return { url: `file:${sqliteFile}`, drop: async () => {} };
  const base = process.env.TEST_POSTGRES_URL;
  if (!base) throw new Error('TEST_DB=postgresql needs TEST_POSTGRES_URL (see .ci/postgres.sh)');
  const name = `egov_test_${randomBytes(6).toString('hex')}`;
  await admin(base, `CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
