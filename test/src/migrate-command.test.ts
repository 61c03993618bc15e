import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'egov-migrate-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (env: Record<string, string>) => {
  const result = spawnSync('pnpm', ['db:migrate'], {
    cwd: root,
    env: { ...process.env, AUTH_SECRET: 'cli-secret-cli-secret-cli-secret-cli', ...env },
    encoding: 'utf8',
  });
  return { status: result.status, output: result.stdout + result.stderr };
};

describe('pnpm db:migrate', () => {
  const migrations = readdirSync(join(root, 'schema/migrations/sqlite'))
    .filter((n) => /^\d+_/.test(n))
    .sort();

  it('applies every committed migration to a new database, then nothing', () => {
    const url = `file:${join(dir, 'cli.db')}`;
    const first = run({ DATABASE_URL: url });
    expect(first.status).toBe(0);
    expect(first.output).toContain(`Applied ${migrations.join(', ')} to file:${join(dir, 'cli.db')}`);
    const second = run({ DATABASE_URL: url });
    expect(second.status).toBe(0);
    expect(second.output).toContain('is up to date');
  });

  it('refuses a DATABASE_URL it cannot use, saying why', () => {
    const bad = run({ DATABASE_URL: 'mysql://localhost/egov' });
    expect(bad.status).not.toBe(0);
    expect(bad.output).toContain('DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)');
  });
});
