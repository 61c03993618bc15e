import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatabaseTarget, Provider } from './database.ts';
import { withSchemaEngine, type SchemaEngine } from './schema-engine.ts';

// Migrations live beside the Prisma schema, one folder per provider, because SQL differs:
//   schema/migrations/<provider>/<timestamp>_<name>/migration.sql
// `schema/migrations/schema.snapshot.prisma` is the schema the latest migration leads to, so a
// new migration is the diff snapshot → schema, computed without any database.

/** Where a schema and its migrations are. The project's own by default; tests use copies. */
export interface MigrationLayout {
  schemaPath: string;
  migrationsRoot: string;
}

const schemaPackage = resolve(dirname(fileURLToPath(import.meta.url)), '../../../schema');
export const projectLayout: MigrationLayout = {
  schemaPath: join(schemaPackage, 'prisma/schema.prisma'),
  migrationsRoot: join(schemaPackage, 'migrations'),
};
const snapshotPath = (layout: MigrationLayout) => join(layout.migrationsRoot, 'schema.snapshot.prisma');
const noFilter = { externalTables: [], externalEnums: [] };

/** The schema text with its datasource set to `provider`. */
export function renderSchema(text: string, provider: Provider): string {
  const rendered = text.replace(/(datasource\s+db\s*\{[^}]*provider\s*=\s*)"[a-z]+"/, `$1"${provider}"`);
  if (!rendered.includes(`provider = "${provider}"`)) throw new Error('schema.prisma has no datasource provider line');
  return rendered;
}

async function schemaFile(provider: Provider, layout: MigrationLayout) {
  return { path: 'schema.prisma', content: renderSchema(await readFile(layout.schemaPath, 'utf8'), provider) };
}

async function migrationList(provider: Provider, layout: MigrationLayout) {
  const baseDir = join(layout.migrationsRoot, provider);
  const entries = await readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return {
    baseDir,
    lockfile: { path: 'migration_lock.toml', content: await readFile(join(baseDir, 'migration_lock.toml'), 'utf8').catch(() => null) },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      names.map(async (name) => ({
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: await readFile(join(baseDir, name, 'migration.sql'), 'utf8').then(
            (value) => ({ tag: 'ok' as const, value }),
            (error: Error) => ({ tag: 'error' as const, value: error.message }),
          ),
        },
      })),
    ),
  };
}

/** The names of all committed migrations for `provider`, oldest first. */
export async function migrationNames(provider: Provider, layout = projectLayout): Promise<string[]> {
  return (await migrationList(provider, layout)).migrationDirectories.map((d) => d.path);
}

async function withEngine<T>(target: DatabaseTarget, layout: MigrationLayout, run: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  return withSchemaEngine(target.adapterFactory(), await schemaFile(target.provider, layout), run);
}

/** Applies the committed migrations the database does not have yet; returns their names. */
export async function applyMigrations(target: DatabaseTarget, layout = projectLayout): Promise<string[]> {
  const migrationsList = await migrationList(target.provider, layout);
  const output = await withEngine(target, layout, (engine) => engine.applyMigrations({ migrationsList, filters: noFilter }));
  return output.appliedMigrationNames;
}

function stripComments(sql: string): string {
  return sql
    .split('\n')
    .filter((line) => !/^\s*--/.test(line) && line.trim() !== '')
    .join('\n');
}

/**
 * The SQL that would bring the database to the current schema; empty when the two agree.
 * Used by the drift test after applying every migration to a fresh database. (SQLite only:
 * the engine cannot introspect PostgreSQL through the pg adapter.)
 */
export async function databaseDrift(target: DatabaseTarget, layout = projectLayout): Promise<string> {
  const schema = await schemaFile(target.provider, layout);
  const result = await withEngine(target, layout, (engine) =>
    engine.diff({
      from: { tag: 'schemaDatasource', files: [schema], configDir: dirname(layout.schemaPath) },
      to: { tag: 'schemaDatamodel', files: [schema] },
      script: true,
      exitCode: null,
      filters: noFilter,
    }),
  );
  return stripComments(result.stdout ?? '');
}

/** The SQL that takes `provider` from the schema `previous` (empty: no schema) to the current one. */
async function schemaChange(target: DatabaseTarget, previous: string, layout: MigrationLayout): Promise<string> {
  const to = await schemaFile(target.provider, layout);
  const result = await withEngine(target, layout, (engine) =>
    engine.diff({
      from: previous
        ? { tag: 'schemaDatamodel', files: [{ path: 'previous.prisma', content: renderSchema(previous, target.provider) }] }
        : { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [to] },
      script: true,
      exitCode: null,
      filters: noFilter,
    }),
  );
  const sql = result.stdout ?? '';
  return stripComments(sql) === '' ? '' : sql;
}

/**
 * Writes a new migration for every provider from the change since the last one, and moves the
 * snapshot forward. `targetFor` gives a database of each provider for the engine to diff with
 * (nothing is written to it). Returns the folders written (none when the schema did not change).
 */
export async function createMigration(
  name: string,
  targetFor: (provider: Provider) => DatabaseTarget,
  options: { now?: Date; layout?: MigrationLayout } = {},
): Promise<string[]> {
  const layout = options.layout ?? projectLayout;
  const previous = await readFile(snapshotPath(layout), 'utf8').catch(() => '');
  const stamp = (options.now ?? new Date()).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const folder = `${stamp}_${name.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}`;
  const changes: [Provider, string][] = [];
  // Compute every provider's SQL before writing anything, so a failure leaves no half migration.
  for (const provider of ['sqlite', 'postgresql'] as const)
    changes.push([provider, await schemaChange(targetFor(provider), previous, layout)]);
  const written: string[] = [];
  for (const [provider, sql] of changes) {
    if (!sql) continue;
    const dir = join(layout.migrationsRoot, provider, folder);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'migration.sql'), sql);
    await writeFile(
      join(layout.migrationsRoot, provider, 'migration_lock.toml'),
      `# Written by \`pnpm db:migration\`; do not edit.\nprovider = "${provider}"\n`,
    );
    written.push(dir);
  }
  if (written.length) await writeFile(snapshotPath(layout), await readFile(layout.schemaPath, 'utf8'));
  return written;
}

/** True when schema.prisma has changes no migration covers yet. */
export async function schemaHasUnmigratedChanges(layout = projectLayout): Promise<boolean> {
  const [current, snapshot] = await Promise.all([
    readFile(layout.schemaPath, 'utf8'),
    readFile(snapshotPath(layout), 'utf8').catch(() => ''),
  ]);
  return current !== snapshot;
}
