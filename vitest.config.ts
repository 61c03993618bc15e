import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(new URL('./core/package.json', import.meta.url));

export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS (main) and ESM (module) builds. Node, and so Yoga, loads the
    // CommonJS one; without this alias Vite would give our code the other copy and
    // `instanceof GraphQLError` would fail across the two (errors would be masked).
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['core/**/*.test.ts', 'core/**/__tests__/*.spec.ts', 'sandbox/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
