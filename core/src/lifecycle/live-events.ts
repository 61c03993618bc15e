import type { DossierEvent, IntegrationEvent } from '@egov/schema/client';
import { createPubSub } from 'graphql-yoga';

/**
 * The one pub/sub of the platform: every stored lifecycle event, by aggregate and key (a
 * dossier's code, an integration request's id). In-process by default; the event target can
 * be a shared one (Redis) when several instances run. Events are published only after the
 * transaction that stored them commits, so subscribers never see what the database does not hold.
 */
export interface LiveTopics {
  dossier: [code: string, event: DossierEvent];
  integrationRequest: [id: string, event: IntegrationEvent];
}

export type Topic = keyof LiveTopics;

export type LiveEvents = ReturnType<typeof createLiveEvents>;

export function createLiveEvents() {
  return createPubSub<{ [T in Topic]: LiveTopics[T] }>();
}
