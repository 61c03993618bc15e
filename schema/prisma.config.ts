import { defineConfig } from 'prisma/config';

// Used by `prisma generate` only. Migrations are applied by our own runner on the
// Rust-free schema engine (core/src/db/migrate.ts), so no datasource URL is needed here.
export default defineConfig({
  schema: 'prisma/schema.prisma',
});
