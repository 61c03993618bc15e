import { createFetch } from '@whatwg-node/fetch';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { WorkingCalendar } from './calendar/working-calendar.ts';
import { LiveSchema } from './catalog/live-schema.ts';
import { PluginRegistry } from './catalog/plugin-registry.ts';
import type { Config } from './config.ts';
import type { Context } from './context.ts';
import { Catalog } from './catalog/catalog.ts';
import { DossierActions } from './dossier/dossier-actions.ts';
import { Accounts } from './identity/accounts.ts';
import { PipelineActions } from './plugin-pipeline/pipeline-actions.ts';
import { createPrismaClient, type PrismaClient } from './db/client.ts';
import { databaseTarget } from './db/database.ts';
import { applyMigrations, migrationNames } from './db/migrate.ts';
import { DossierCodePattern } from './dossier/dossier-code.ts';
import type { DeliveryGuard } from './dossier/result-delivery.ts';
import { FileStore } from './dossier/files.ts';
import { unauthenticated } from './errors.ts';
import { maskError } from './http/mask-error.ts';
import { useErrorCodes } from './http/use-error-codes.ts';
import { useLiveSchema } from './http/use-live-schema.ts';
import { useReadiness } from './http/use-readiness.ts';
import { useCsrfPrevention } from './http/use-csrf-prevention.ts';
import { useQueryLimits } from './http/use-query-limits.ts';
import { useMalformedRequests } from './http/use-malformed-requests.ts';
import { useRequestLimits } from './http/use-request-limits.ts';
import { multipartLimits, useMultipartRequests } from './http/multipart.ts';
import { MemoryCounterStore, RateLimiter, type CounterStore } from './http/rate-limit.ts';
import { clientAddress, useRateLimits } from './http/use-rate-limits.ts';
import { useSessionEnd } from './http/use-session-end.ts';
import { LiveSessions } from './identity/live-sessions.ts';
import { createLiveEvents, type LiveEvents } from './lifecycle/live-events.ts';
import { dossiers } from './dossier/dossier-lifecycle.ts';
import { integrationRequests } from './plugin-pipeline/integration-lifecycle.ts';
import { useSecurityHeaders } from './http/use-security-headers.ts';
import { useResultDownloads } from './http/use-result-downloads.ts';
import { useServicePages } from './http/use-service-pages.ts';
import { createTokenSigner, type TokenSigner } from './identity/tokens.ts';
import { loadViewer, type Viewer } from './identity/viewer.ts';
import { ArtifactStore } from './plugin-artifact/artifact.ts';
import { CheckQueue } from './plugin-pipeline/check-queue.ts';
import { schema } from './schema.ts';
import { seedDemo } from './seed/demo.ts';

export interface AppOptions {
  /** Called for every SQL statement (tests count them). */
  onQuery?: (sql: string) => void;
  logger?: Pick<Console, 'info' | 'warn'>;
  /** The time source. @default () => new Date() */
  clock?: () => Date;
  /** Where rate-limit counters live. @default in this process's memory */
  counters?: CounterStore;
  /** Conditions a result must meet before delivery. @default [] */
  deliveryGuards?: DeliveryGuard[];
}

export interface App {
  yoga: YogaServerInstance<Record<string, unknown>, Context>;
  prisma: PrismaClient;
  registry: PluginRegistry;
  artifacts: ArtifactStore;
  tokens: TokenSigner;
  config: Config;
  clock: () => Date;
  calendar: WorkingCalendar;
  /** The one pub/sub of stored lifecycle events. */
  events: LiveEvents;
  checkQueue: CheckQueue;
  liveSchema: LiveSchema;
  limiter: RateLimiter;
  /** The sessions live subscriptions run under (`disabled(accountId)` ends an account's at once). */
  sessions: LiveSessions;
  /** Checks an `Authorization` value (see `credentials`); throws UNAUTHENTICATED for a bad one. */
  authenticate(authorization: unknown): Promise<Viewer | null>;
  /** Flags every dossier and integration request past the deadline of its status (once each). */
  sweepOverdue(): Promise<void>;
  close(): Promise<void>;
}

/** The credentials of a request: the HTTP header, or graphql-ws connection parameters. */
export function credentials(request: Request | undefined, connectionParams: Record<string, unknown> | undefined): unknown {
  return connectionParams?.authorization ?? connectionParams?.Authorization ?? request?.headers.get('authorization') ?? null;
}

/**
 * The viewer an `Authorization` value names: null without one, UNAUTHENTICATED for a value
 * that is not `Bearer <valid token>` of an active account.
 */
async function authenticateSession(
  prisma: PrismaClient,
  tokens: TokenSigner,
  authorization: unknown,
): Promise<{ viewer: Viewer; expiresAt: Date } | null> {
  if (authorization === null || authorization === undefined || authorization === '') return null;
  const match = typeof authorization === 'string' ? /^Bearer\s+(\S+)$/i.exec(authorization.trim()) : null;
  if (!match?.[1]) throw unauthenticated('Authorization must be "Bearer <token>"');
  const session = await tokens.verifySession(match[1]);
  const viewer = session ? await loadViewer(prisma, session.accountId) : null;
  if (!viewer || !session) throw unauthenticated('The token is invalid or expired; sign in again');
  return { viewer, expiresAt: session.expiresAt };
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
  const artifacts = new ArtifactStore(config.artifactsDir);
  if (config.seedDemo) await seedDemo(prisma, config, artifacts, logger);
  const registry = new PluginRegistry(artifacts, logger);
  await registry.loadLive(prisma);
  const calendar = new WorkingCalendar(prisma, config.shifts);
  await calendar.reload();
  const clock = options.clock ?? (() => new Date());
  const events = createLiveEvents();
  const files = new FileStore(config.filesDir);
  const codes = new DossierCodePattern(config.dossierCodePattern);
  const deliveryGuards = options.deliveryGuards ?? [];
  const tokens = createTokenSigner(config.authSecret, config.tokenTtlSeconds, clock);
  const liveSchema = new LiveSchema(schema, prisma, registry);
  await liveSchema.refresh();
  const limiter = new RateLimiter(config.rateLimits, options.counters ?? new MemoryCounterStore(), () => clock().getTime());
  const sessions = new LiveSessions(prisma, 30, clock);
  const checkQueue = new CheckQueue({ prisma, events, registry, artifacts, config, clock, logger });

  // The domains, built once with what each needs; every request's context shares them.
  const domains = {
    accounts: new Accounts({ tokens, limiter }),
    catalog: new Catalog({ registry, publicUrl: config.publicUrl }),
    calendar,
    dossierActions: new DossierActions({ registry, files, calendar, codes, deliveryGuards, tokens, publicUrl: config.publicUrl }),
    pipelineActions: new PipelineActions({ config, calendar, checkQueue, artifacts, liveSchema, registry }),
  };

  const yoga = createYoga<Record<string, unknown>, Context>({
    schema: liveSchema.current,
    graphqlEndpoint: '/graphql',
    // The form parser stops at multipart.ts's counts and sizes (instead of reading tens of
    // thousands of parts); parseMultipartRequest answers each with 400 BAD_REQUEST or 413.
    fetchAPI: createFetch({ formDataLimits: multipartLimits }),
    // Bodies are bounded by use-request-limits.ts (1 MB, multipart 60 MB) before they are read.
    maxRequestBodySize: multipartLimits.totalBytes,
    landingPage: false,
    graphiql: config.graphiql ? { title: 'Đà Nẵng online public services API', subscriptionsProtocol: 'WS' } : false,
    maskedErrors: {
      isDev: !config.production && process.env.NODE_ENV === 'development',
      maskError: (error, message, isDev) =>
        maskError(error, message, isDev, {
          log: (refusal) => logger.warn(`Refused an operation: ${refusal}`),
          hideSuggestions: !config.introspection,
        }),
    },
    logging: config.production ? 'info' : 'warn',
    // Same origin only unless CORS_ORIGINS names the sites whose pages may call the API.
    // (Decided per request: given a list, Yoga answers an origin not on it with `null` and credentials.)
    cors: (request) => {
      const origin = request.headers.get('origin');
      return origin !== null && config.corsOrigins.includes(origin)
        ? {
            origin: [origin],
            credentials: true,
            methods: ['GET', 'POST'],
            allowedHeaders: ['authorization', 'content-type', 'graphql-require-preflight'],
          }
        : false;
    },
    plugins: [
      useLiveSchema(liveSchema),
      useRequestLimits({ maxMultipartBytes: multipartLimits.totalBytes }),
      useCsrfPrevention(),
      useMalformedRequests(),
      useMultipartRequests(),
      useErrorCodes(),
      useRateLimits(limiter),
      useSessionEnd(sessions),
      ...useQueryLimits(config.queryLimits, {
        log: (message) => logger.warn(`Refused an operation: ${message}`),
        introspection: config.introspection,
      }),
      useReadiness({ prisma, migrations: await migrationNames(target.provider) }),
      useServicePages({ prisma, registry, config }),
      useResultDownloads({ prisma, tokens, files, deliveryGuards }),
      // Last: its onResponse sees the answer as the others left it (some replace it).
      useSecurityHeaders({ hsts: config.publicUrl.startsWith('https://') }),
    ],
    context: async ({ request, connectionParams, req }) => {
      const authorization = credentials(request as Request | undefined, connectionParams as Record<string, unknown> | undefined);
      const client = { address: clientAddress(req as Parameters<typeof clientAddress>[0], config.trustProxyHops) };
      const session = await authenticateSession(prisma, tokens, authorization);
      return {
        prisma,
        clock,
        events,
        viewer: session?.viewer ?? null,
        client,
        ...domains,
        sessionExpiresAt: session?.expiresAt ?? null,
      };
    },
  });

  return {
    yoga,
    prisma,
    registry,
    artifacts,
    tokens,
    config,
    clock,
    calendar,
    events,
    checkQueue,
    liveSchema,
    limiter,
    sessions,
    async sweepOverdue() {
      const deps = { prisma, clock, events, calendar };
      await dossiers.sweepOverdue(deps);
      await integrationRequests.sweepOverdue(deps);
    },
    authenticate: async (authorization) => (await authenticateSession(prisma, tokens, authorization))?.viewer ?? null,
    async close() {
      sessions.close();
      await checkQueue.idle();
      await prisma.$disconnect();
    },
  };
}
