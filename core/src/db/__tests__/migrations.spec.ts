import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';
import { databaseTarget } from '../database.ts';
import { applyMigrations, databaseDrift, migrationNames, renderSchema } from '../migrate.ts';

const dir = mkdtempSync(join(tmpdir(), 'egov-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migrations on SQLite', () => {
  const target = databaseTarget(`file:${join(dir, 'fresh.db')}`);

  it('bring an empty database exactly to schema.prisma, and apply once', async () => {
    const names = await migrationNames('sqlite');
    expect(names.length).toBeGreaterThan(0);
    expect(await applyMigrations(target)).toEqual(names);
    expect(await databaseDrift(target)).toBe('');
    expect(await applyMigrations(target)).toEqual([]);
  });

  it('notice a database that differs from the schema', async () => {
    const db = new Database(join(dir, 'fresh.db'));
    db.exec('ALTER TABLE "Agency" ADD COLUMN "unexpected" TEXT');
    db.close();
    expect(await databaseDrift(target)).toContain('"Agency"');
  });

  it('exist for PostgreSQL with the same names', async () => {
    expect(await migrationNames('postgresql')).toEqual(await migrationNames('sqlite'));
  });
});

describe('renderSchema', () => {
  it('switches only the datasource provider', () => {
    const text = 'generator client {\n  provider = "prisma-client"\n}\ndatasource db {\n  provider = "sqlite"\n}\n';
    expect(renderSchema(text, 'postgresql')).toBe(text.replace('"sqlite"', '"postgresql"'));
  });
});

describe('/health and /ready', () => {
  it('answer 200 on a migrated database, and /ready 503 once a migration is missing', async () => {
    const app = await createTestApp({ seedDemo: false });
    try {
      expect((await app.yoga.fetch('http://test/health')).status).toBe(200);
      expect((await app.yoga.fetch('http://test/ready')).status).toBe(200);
      await app.prisma.$executeRaw`DELETE FROM _prisma_migrations`;
      const ready = await app.yoga.fetch('http://test/ready');
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ ready: false, reason: expect.stringContaining('migrations not applied') });
      expect((await app.yoga.fetch('http://test/health')).status).toBe(200);
    } finally {
      await app.dispose();
    }
  });
});
