import type { WorkingCalendar } from './calendar/working-calendar.ts';
import type { Catalog } from './catalog/catalog.ts';
import type { DossierActions } from './dossier/dossier-actions.ts';
import type { Accounts } from './identity/accounts.ts';
import type { Ports } from './lifecycle/lifecycle.ts';
import type { PipelineActions } from './plugin-pipeline/pipeline-actions.ts';

/**
 * What every resolver receives, built once per request (or per WebSocket operation): the
 * lifecycle engine's ports (the database, the clock, the live events and the viewer), who is
 * calling from where, and one object per domain. Each domain object is built once by
 * `createApp` with only what it needs (see its `...Deps`) and takes the request's ports with
 * every call, so domain code never sees the whole context and nothing imports this file but
 * the GraphQL layer.
 */
export interface Context extends Ports {
  /** Who is calling from where: `address` is the client's IP address (see `clientAddress`). */
  client: { address: string };
  /** When the viewer's token expires (live subscriptions end then). */
  sessionExpiresAt: Date | null;
  accounts: Accounts;
  catalog: Catalog;
  calendar: WorkingCalendar;
  dossierActions: DossierActions;
  pipelineActions: PipelineActions;
}
