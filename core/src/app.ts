import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { PluginRegistry } from './catalog/plugin-registry.ts';
import type { Config } from './config.ts';
import type { Context } from './context.ts';
import { createPrismaClient, type PrismaClient } from './db/client.ts';
import { databaseTarget } from './db/database.ts';
import { applyMigrations, migrationNames } from './db/migrate.ts';
import { unauthenticated } from './errors.ts';
import { maskError } from './http/mask-error.ts';
import { useReadiness } from './http/use-readiness.ts';
import { useServicePages } from './http/use-service-pages.ts';
import { createTokenService, type TokenService } from './identity/tokens.ts';
import { loadViewer } from './identity/viewer.ts';
import { schema } from './schema.ts';
import { seedDemo } from './seed/demo.ts';

export interface AppOptions {
  /** Called for every SQL statement (tests count them). */
  onQuery?: (sql: string) => void;
  logger?: Pick<Console, 'info' | 'warn'>;
}

export interface App {
  yoga: YogaServerInstance<Record<string, unknown>, Context>;
  prisma: PrismaClient;
  registry: PluginRegistry;
  tokens: TokenService;
  config: Config;
  close(): Promise<void>;
}

/** Where a request's credentials are: the HTTP header, or graphql-ws connection parameters. */
function bearer(request: Request | undefined, connectionParams: Record<string, unknown> | undefined): string | null {
  const raw = (connectionParams?.authorization ?? connectionParams?.Authorization ?? request?.headers.get('authorization')) as
    | string
    | undefined;
  if (!raw) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(raw.trim());
  if (!match?.[1]) throw unauthenticated('Authorization must be "Bearer <token>"');
  return match[1];
}

/**
 * Builds the whole application without opening a socket: applies pending migrations, seeds
 * demo data into a new database when configured, loads the live plugins and returns the Yoga
 * instance. `server.ts` puts it on a port; API tests call `yoga.fetch` directly.
 */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? console;
  const target = databaseTarget(config.databaseUrl);
  const applied = await applyMigrations(target);
  if (applied.length) logger.info(`Applied migrations ${applied.join(', ')} to ${target.display}`);
  const prisma = createPrismaClient(target, options.onQuery ? { onQuery: options.onQuery } : {});
  if (config.seedDemo) await seedDemo(prisma, config, logger);
  const registry = new PluginRegistry(config.pluginRoot, logger);
  await registry.loadLive(prisma);
  const tokens = createTokenService(config.authSecret, config.tokenTtlSeconds);

  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: { title: 'Đà Nẵng online public services API', subscriptionsProtocol: 'WS' },
    maskedErrors: { isDev: !config.production && process.env.NODE_ENV === 'development', maskError },
    logging: config.production ? 'info' : 'warn',
    plugins: [useReadiness({ prisma, migrations: await migrationNames(target.provider) }), useServicePages({ prisma, registry, config })],
    context: async ({ request, connectionParams }) => {
      const token = bearer(request as Request | undefined, connectionParams as Record<string, unknown> | undefined);
      let viewer = null;
      if (token) {
        const accountId = await tokens.verify(token);
        viewer = accountId ? await loadViewer(prisma, accountId) : null;
        if (!viewer) throw unauthenticated('The token is invalid or expired; sign in again');
      }
      return { prisma, config, registry, tokens, viewer };
    },
  });

  return {
    yoga,
    prisma,
    registry,
    tokens,
    config,
    close: () => prisma.$disconnect(),
  };
}
