// Database commands of the workspace: `pnpm db:migrate` applies the committed migrations to
// DATABASE_URL; `pnpm db:migration <name>` writes a new migration (SQLite and PostgreSQL) from
// the changes made to schema/prisma/schema.prisma since the last one.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { loadConfig, projectRoot } from '../src/config.ts';
import { databaseTarget } from '../src/db/database.ts';
import { applyMigrations, createMigration } from '../src/db/migrate.ts';

const [command, name] = process.argv.slice(2);
if (command === 'migrate') {
  const config = loadConfig();
  const target = databaseTarget(config.databaseUrl);
  const applied = await applyMigrations(target);
  console.log(applied.length ? `Applied ${applied.join(', ')} to ${target.display}` : `${target.display} is up to date`);
} else if (command === 'migration' && name) {
  // The engine only diffs schema texts here, but its PostgreSQL flavour insists on a reachable
  // server (nothing is written to it): MIGRATION_PG_URL, or the local test server, started here.
  const pgUrl =
    process.env.MIGRATION_PG_URL ??
    execFileSync('bash', [join(projectRoot, 'scripts/postgres-test-server.sh')], { encoding: 'utf8' }).trim();
  const written = await createMigration(name, (provider) => databaseTarget(provider === 'sqlite' ? 'file::memory:' : pgUrl));
  console.log(written.length ? `Wrote\n  ${written.join('\n  ')}` : 'No schema change since the last migration.');
} else {
  console.error('usage: db migrate | db migration <name>');
  process.exit(2);
}
