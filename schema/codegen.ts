import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed operations for the end-to-end tests, from the committed SDL (`pnpm codegen`).
// A test fails when the committed output and a fresh run differ.
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['test/src/**/*.ts', '!test/src/gql/**'],
  ignoreNoDocuments: false,
  // ESM import paths (.js) in the generated files.
  emitLegacyCommonJSImports: false,
  generates: {
    'test/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
      },
    },
  },
};

export default config;
