import { describe, expect, it } from 'vitest';
import { testDatabase } from '../../testing/test-database.ts';
import { databaseTarget } from '../database.ts';
import { applyMigrations, migrationNames } from '../migrate.ts';

// Runs in the PostgreSQL test project only. (The drift check of the SQLite spec needs schema
// introspection, which the schema engine cannot do through adapter-pg: it fails on the
// catalog's internal "char" columns. The API specs run on a database built by these migrations.)
describe('migrations on PostgreSQL', () => {
  it('apply to an empty database, and only once', async () => {
    const database = await testDatabase('');
    try {
      const target = databaseTarget(database.url);
      expect(target.provider).toBe('postgresql');
      expect(await applyMigrations(target)).toEqual(await migrationNames('postgresql'));
      expect(await applyMigrations(target)).toEqual([]);
    } finally {
      await database.drop();
    }
  });
});
