// Writes the manifest's JSON Schema to sdk/manifest.schema.json (see src/json-schema.ts).
import { writeFileSync } from 'node:fs';
import { manifestJsonSchema } from '../src/json-schema.ts';

const path = new URL('../manifest.schema.json', import.meta.url);
writeFileSync(path, `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`);
console.info(`wrote ${path.pathname}`);
