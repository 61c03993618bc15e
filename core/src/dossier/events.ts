import type { DossierEvent } from '@egov/schema/client';
import { createPubSub } from 'graphql-yoga';

/**
 * Dossier events after they are stored: in-process by default. Every event carries its
 * per-dossier sequence number, so a subscriber can tell what it has already seen.
 */
export type DossierEvents = ReturnType<typeof createDossierEvents>;

export function createDossierEvents() {
  return createPubSub<{ dossierEvent: [code: string, event: DossierEvent & { dossierCode: string }] }>();
}
