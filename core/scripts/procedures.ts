// `pnpm procedures:import <file>`: imports a CSV or JSON file of procedures (R4.3) into the
// registry at DATABASE_URL, as DoIC's `importProcedures` does: the same checks, all rows or none.
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { GraphQLError } from 'graphql';
import { loadConfig } from '../src/config.ts';
import { createPrismaClient } from '../src/db/client.ts';
import { databaseTarget } from '../src/db/database.ts';
import { applyMigrations } from '../src/db/migrate.ts';
import { IMPORT_LIMITS } from '../src/procedures/procedure-file.ts';
import { importProcedureFile } from '../src/procedures/procedure-register.ts';

const [command, file] = process.argv.slice(2);
if (command !== 'import' || !file) {
  console.error('usage: procedures import <file.csv | file.json>');
  process.exit(2);
}
// pnpm runs scripts from the workspace root; the path is the one the operator typed.
const path = resolve(process.env.INIT_CWD ?? process.cwd(), file);
const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
  console.error(`Cannot read ${path}: ${error.code ?? error.message}`);
  process.exit(1);
});
if (bytes.byteLength > IMPORT_LIMITS.maxBytes) {
  console.error(`${path} has ${bytes.byteLength} bytes; an import takes at most ${IMPORT_LIMITS.maxBytes}`);
  process.exit(1);
}

const config = loadConfig();
const target = databaseTarget(config.databaseUrl);
// As the server does when it starts: the registry's table comes with a migration.
const applied = await applyMigrations(target);
if (applied.length) console.log(`Applied ${applied.join(', ')} to ${target.display}`);
const prisma = createPrismaClient(target);
try {
  const counts = await importProcedureFile(prisma, { name: basename(path), bytes: new Uint8Array(bytes) }, new Date());
  console.log(
    `Imported ${basename(path)} into ${target.display}: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged`,
  );
} catch (error) {
  if (!(error instanceof GraphQLError)) throw error;
  console.error(`Nothing was imported from ${basename(path)}:`);
  const fields = (error.extensions.fields as { row?: number; field: string; message: string }[] | undefined) ?? [];
  for (const p of fields) console.error(`  ${p.row ? `row ${p.row}, ` : ''}${p.field}: ${p.message}`);
  if (!fields.length) console.error(`  ${error.message}`);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
