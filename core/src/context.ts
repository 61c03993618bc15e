import type { CalendarService } from './calendar/calendar-service.ts';
import type { Config } from './config.ts';
import type { LiveSchema } from './catalog/live-schema.ts';
import type { PluginRegistry } from './catalog/plugin-registry.ts';
import type { PrismaClient } from './db/client.ts';
import type { DossierCodePattern } from './dossier/dossier-code.ts';
import type { DeliveryGuard } from './dossier/result-delivery.ts';
import type { FileStore } from './dossier/files.ts';
import type { RateLimiter } from './http/rate-limit.ts';
import type { TokenService } from './identity/tokens.ts';
import type { Viewer } from './identity/viewer.ts';
import type { LiveEvents } from './lifecycle/live-events.ts';
import type { ArtifactStore } from './plugin-artifact/artifact.ts';
import type { CheckQueue } from './plugin-pipeline/check-queue.ts';

/** What every resolver receives. Built once per request (or per WebSocket operation). */
export interface Context {
  prisma: PrismaClient;
  config: Config;
  registry: PluginRegistry;
  /** Checked plugin artifacts, by digest: what promotion installs and production runs. */
  artifacts: ArtifactStore;
  tokens: TokenService;
  /** The working-time calendar (deadlines in working hours and days). */
  calendar: CalendarService;
  /** Stored lifecycle events (dossiers, integration requests), published to subscribers. */
  events: LiveEvents;
  /** Runs sandbox checks of integration requests in the background. */
  pipeline: CheckQueue;
  /** The running GraphQL schema with the live services' typed inputs. */
  liveSchema: LiveSchema;
  /** Conditions results must meet before delivery (none yet; payments add one). */
  deliveryGuards: readonly DeliveryGuard[];
  /** Makes dossier codes. */
  codes: DossierCodePattern;
  /** Uploaded files, by SHA-256. */
  files: FileStore;
  /** The current time; domain code takes it from here so tests can move it. */
  clock: () => Date;
  /** Who is calling from where: `address` is the client's IP address (see `clientAddress`). */
  client: { address: string };
  /** Rate limits and the sign-in slowdown. */
  limiter: RateLimiter;
  /** The signed-in account, or null for anonymous callers. */
  viewer: Viewer | null;
  /** When the viewer's token expires (live subscriptions end then). */
  sessionExpiresAt: Date | null;
}
