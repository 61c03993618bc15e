import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../testing/test-database.ts';
import { databaseTarget, type Provider } from '../database.ts';
import { applyMigrations, createMigration, databaseDrift, migrationNames, projectLayout, schemaHasUnmigratedChanges } from '../migrate.ts';

// `pnpm db:migration`, exercised on a copy of the schema and its migrations. Runs in the
// PostgreSQL test project: writing the PostgreSQL flavour needs a server.
const dir = mkdtempSync(join(tmpdir(), 'egov-authoring-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writing a migration after a schema change', () => {
  const layout = { schemaPath: join(dir, 'schema.prisma'), migrationsRoot: join(dir, 'migrations') };
  cpSync(projectLayout.schemaPath, layout.schemaPath);
  cpSync(projectLayout.migrationsRoot, layout.migrationsRoot, { recursive: true });
  const pg = process.env.TEST_POSTGRES_URL ?? '';
  const targetFor = (provider: Provider) => databaseTarget(provider === 'sqlite' ? 'file::memory:' : pg);

  it('writes nothing while the schema matches the last migration', async () => {
    expect(await createMigration('nothing', targetFor, { layout })).toEqual([]);
  });

  it('writes the SQLite and PostgreSQL migrations, which bring new databases to the schema', async () => {
    writeFileSync(
      layout.schemaPath,
      `${readFileSync(layout.schemaPath, 'utf8')}\nmodel Holiday {\n  id   String   @id\n  day  DateTime @unique\n  name String\n}\n`,
    );
    expect(await schemaHasUnmigratedChanges(layout)).toBe(true);
    const written = await createMigration('add holidays', targetFor, { layout, now: new Date('2030-01-02T03:04:05Z') });
    expect(written).toEqual([
      join(layout.migrationsRoot, 'sqlite/20300102030405_add_holidays'),
      join(layout.migrationsRoot, 'postgresql/20300102030405_add_holidays'),
    ]);
    for (const folder of written) expect(readFileSync(join(folder, 'migration.sql'), 'utf8')).toContain('CREATE TABLE "Holiday"');
    expect(await schemaHasUnmigratedChanges(layout)).toBe(false);

    const sqlite = databaseTarget(`file:${join(dir, 'fresh.db')}`);
    expect(await applyMigrations(sqlite, layout)).toEqual(await migrationNames('sqlite', layout));
    expect(await databaseDrift(sqlite, layout)).toBe('');

    const database = await testDatabase('');
    try {
      expect(await applyMigrations(databaseTarget(database.url), layout)).toContain('20300102030405_add_holidays');
    } finally {
      await database.drop();
    }
    expect(existsSync(join(projectLayout.migrationsRoot, 'sqlite/20300102030405_add_holidays'))).toBe(false);
  });
});
