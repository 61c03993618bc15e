// `pnpm schema:print`: writes the GraphQL SDL the code defines to schema/schema.graphql.
// A test fails when the committed file and the code differ.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/config.ts';
import { printSdl } from '../src/schema.ts';

const file = join(projectRoot, 'schema/schema.graphql');
writeFileSync(file, printSdl());
console.log(`Wrote ${file}`);
