import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(new URL('./core/package.json', import.meta.url));

// API specs run once on SQLite and, when TEST_POSTGRES_URL names a server (`pnpm test:all`
// and CI start one), once more on PostgreSQL, each test app on a database of its own.
const postgres = process.env.TEST_POSTGRES_URL;

export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS (main) and ESM (module) builds. Node, and so Yoga, loads the
    // CommonJS one; without this alias Vite would give our code the other copy and
    // `instanceof GraphQLError` would fail across the two (errors would be masked).
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    pool: 'forks',
    // CI asks for a JSON report beside the console output, for its summary line.
    ...(process.env.VITEST_JSON ? { reporters: ['default', 'json'], outputFile: { json: process.env.VITEST_JSON } } : {}),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['core/**/*.test.ts', 'core/**/__tests__/*.spec.ts', 'sdk/**/*.test.ts', 'sandbox/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.pg.spec.ts'],
        },
      },
      ...(postgres
        ? [
            {
              extends: true,
              test: {
                name: 'postgresql',
                include: ['core/**/__tests__/*.spec.ts'],
                exclude: ['**/node_modules/**', 'core/src/db/__tests__/migrations.spec.ts'],
                env: { TEST_DB: 'postgresql' },
              },
            },
          ]
        : []),
    ],
  },
});
