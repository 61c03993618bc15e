import { useReadinessCheck, type Plugin } from 'graphql-yoga';
import type { PrismaClient } from '../db/client.ts';

export interface ReadinessOptions {
  prisma: PrismaClient;
  /** Every migration the code expects; the database must have applied all of them. */
  migrations: readonly string[];
  /** @default '/ready' */
  endpoint?: string;
}

/**
 * `GET /ready`: 200 only when the database answers and every committed migration is applied,
 * so a load balancer sends no traffic to an instance whose database is behind.
 */
export function useReadiness({ prisma, migrations, endpoint = '/ready' }: ReadinessOptions): Plugin {
  return useReadinessCheck({
    endpoint,
    async check() {
      try {
        const rows = await prisma.$queryRaw<{ migration_name: string }[]>`
          SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
        const applied = new Set(rows.map((r) => r.migration_name));
        const missing = migrations.filter((m) => !applied.has(m));
        if (missing.length === 0) return true;
        return Response.json({ ready: false, reason: `migrations not applied: ${missing.join(', ')}` }, { status: 503 });
      } catch {
        return Response.json({ ready: false, reason: 'database unreachable' }, { status: 503 });
      }
    },
  });
}
