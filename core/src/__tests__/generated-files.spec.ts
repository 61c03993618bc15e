import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import codegenConfig from '../../../schema/codegen.ts';
import { projectRoot } from '../config.ts';
import { schemaHasUnmigratedChanges } from '../db/migrate.ts';
import { printSdl } from '../schema.ts';

// Generated files are committed; these tests fail when one drifts from its source.
describe('generated files', () => {
  it('schema/schema.graphql is the SDL the code defines (run `pnpm schema:print`)', () => {
    expect(readFileSync(join(projectRoot, 'schema/schema.graphql'), 'utf8')).toBe(printSdl());
  });

  it('test/src/gql matches a fresh codegen run (run `pnpm codegen`)', async () => {
    const cwd = process.cwd();
    process.chdir(projectRoot);
    try {
      const outputs = (await generate({ ...codegenConfig, silent: true }, false)) as { filename: string; content: string }[];
      expect(outputs.length).toBeGreaterThan(0);
      for (const { filename, content } of outputs) {
        expect(readFileSync(join(projectRoot, filename), 'utf8'), filename).toBe(content);
      }
    } finally {
      process.chdir(cwd);
    }
  });

  it('every change to schema.prisma has a migration (run `pnpm db:migration <name>`)', async () => {
    expect(await schemaHasUnmigratedChanges()).toBe(false);
  });
});
