import type { Ports } from './lifecycle/lifecycle.ts';
import type { Services } from './services.ts';

/**
 * What every resolver receives, built once per request (or per WebSocket operation): the
 * lifecycle engine's ports (the database, the clock, the live events and the viewer), who is
 * calling from where, and the application's services.
 */
export interface Context extends Ports {
  /** Who is calling from where: `address` is the client's IP address (see `clientAddress`). */
  client: { address: string };
  /** When the viewer's token expires (live subscriptions end then). */
  sessionExpiresAt: Date | null;
  services: Services;
}
