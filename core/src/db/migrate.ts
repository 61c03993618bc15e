import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatabaseTarget, Provider } from './database.ts';
import { withSchemaEngine, type SchemaEngine } from './schema-engine.ts';

// Migrations live beside the Prisma schema, one folder per provider, because SQL differs:
//   schema/migrations/<provider>/<timestamp>_<name>/migration.sql
// `schema/migrations/schema.snapshot.prisma` is the schema the latest migration leads to, so a
// new migration is the diff snapshot → schema, computed without any database.
const schemaPackage = resolve(dirname(fileURLToPath(import.meta.url)), '../../../schema');
export const prismaSchemaPath = join(schemaPackage, 'prisma/schema.prisma');
export const migrationsRoot = join(schemaPackage, 'migrations');
const snapshotPath = join(migrationsRoot, 'schema.snapshot.prisma');
const noFilter = { externalTables: [], externalEnums: [] };

/** The schema text with its datasource set to `provider`. */
export function renderSchema(text: string, provider: Provider): string {
  const rendered = text.replace(/(datasource\s+db\s*\{[^}]*provider\s*=\s*)"[a-z]+"/, `$1"${provider}"`);
  if (!rendered.includes(`provider = "${provider}"`)) throw new Error('schema.prisma has no datasource provider line');
  return rendered;
}

async function schemaFile(provider: Provider, path = prismaSchemaPath) {
  return { path: 'schema.prisma', content: renderSchema(await readFile(path, 'utf8'), provider) };
}

async function migrationList(provider: Provider) {
  const baseDir = join(migrationsRoot, provider);
  const entries = await readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const lockPath = join(baseDir, 'migration_lock.toml');
  return {
    baseDir,
    lockfile: { path: 'migration_lock.toml', content: await readFile(lockPath, 'utf8').catch(() => null) },
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
export async function migrationNames(provider: Provider): Promise<string[]> {
  return (await migrationList(provider)).migrationDirectories.map((d) => d.path);
}

async function withEngine<T>(target: DatabaseTarget, run: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  return withSchemaEngine(target.adapterFactory(), await schemaFile(target.provider), run);
}

/** Applies the committed migrations the database does not have yet; returns their names. */
export async function applyMigrations(target: DatabaseTarget): Promise<string[]> {
  const migrationsList = await migrationList(target.provider);
  const output = await withEngine(target, (engine) => engine.applyMigrations({ migrationsList, filters: noFilter }));
  return output.appliedMigrationNames;
}

/**
 * The SQL that would bring the database to the current schema; empty when the two agree.
 * Used by the drift test after applying every migration to a fresh database.
 */
export async function databaseDrift(target: DatabaseTarget): Promise<string> {
  const schema = await schemaFile(target.provider);
  const result = await withEngine(target, (engine) =>
    engine.diff({
      from: { tag: 'schemaDatasource', files: [schema], configDir: schemaPackage },
      to: { tag: 'schemaDatamodel', files: [schema] },
      script: true,
      exitCode: null,
      filters: noFilter,
    }),
  );
  return stripComments(result.stdout ?? '');
}

function stripComments(sql: string): string {
  return sql
    .split('\n')
    .filter((line) => !/^\s*--/.test(line) && line.trim() !== '')
    .join('\n');
}

/** The SQL that takes `provider` from the schema `previous` (empty: no schema) to the current one. */
async function schemaChange(target: DatabaseTarget, previous: string): Promise<string> {
  const to = await schemaFile(target.provider);
  const result = await withEngine(target, (engine) =>
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
 * snapshot forward. `targetFor` gives an (unconnected) database of each provider for the engine.
 * Returns the folders written (none when the schema did not change).
 */
export async function createMigration(
  name: string,
  targetFor: (provider: Provider) => DatabaseTarget,
  now = new Date(),
): Promise<string[]> {
  const previous = await readFile(snapshotPath, 'utf8').catch(() => '');
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const folder = `${stamp}_${name.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}`;
  const written: string[] = [];
  for (const provider of ['sqlite', 'postgresql'] as const) {
    const sql = await schemaChange(targetFor(provider), previous);
    if (!sql) continue;
    const dir = join(migrationsRoot, provider, folder);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'migration.sql'), sql);
    await writeFile(
      join(migrationsRoot, provider, 'migration_lock.toml'),
      `# Written by \`pnpm db:migration\`; do not edit.\nprovider = "${provider}"\n`,
    );
    written.push(dir);
  }
  if (written.length) await writeFile(snapshotPath, await readFile(prismaSchemaPath, 'utf8'));
  return written;
}

/** True when schema.prisma has changes no migration covers yet. */
export async function schemaHasUnmigratedChanges(): Promise<boolean> {
  const [current, snapshot] = await Promise.all([
    readFile(prismaSchemaPath, 'utf8'),
    readFile(snapshotPath, 'utf8').catch(() => ''),
  ]);
  return current !== snapshot;
}
