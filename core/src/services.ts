import type { CalendarService } from './calendar/calendar-service.ts';
import type { LiveSchema } from './catalog/live-schema.ts';
import type { PluginRegistry } from './catalog/plugin-registry.ts';
import type { Config } from './config.ts';
import type { DossierCodePattern } from './dossier/dossier-code.ts';
import type { FileStore } from './dossier/files.ts';
import type { DeliveryGuard } from './dossier/result-delivery.ts';
import type { RateLimiter } from './http/rate-limit.ts';
import type { TokenService } from './identity/tokens.ts';
import type { ArtifactStore } from './plugin-artifact/artifact.ts';
import type { CheckQueue } from './plugin-pipeline/check-queue.ts';

/**
 * The application's services, built once by `createApp` and shared by every request. None of
 * them depends on the GraphQL context, so the context can name them without an import cycle.
 */
export interface Services {
  config: Config;
  registry: PluginRegistry;
  /** Checked plugin artifacts, by digest: what promotion installs and production runs. */
  artifacts: ArtifactStore;
  tokens: TokenService;
  /** The working-time calendar (deadlines in working hours and days). */
  calendar: CalendarService;
  /** Runs sandbox checks of integration requests in the background. */
  checkQueue: CheckQueue;
  /** The running GraphQL schema with the live services' typed inputs. */
  liveSchema: LiveSchema;
  /** Conditions results must meet before delivery (none yet; payments add one). */
  deliveryGuards: readonly DeliveryGuard[];
  /** Makes dossier codes. */
  codes: DossierCodePattern;
  /** Uploaded files, by SHA-256. */
  files: FileStore;
  /** Rate limits and the sign-in slowdown. */
  limiter: RateLimiter;
}
