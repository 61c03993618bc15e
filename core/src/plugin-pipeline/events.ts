import type { IntegrationEvent } from '@egov/schema/client';
import { createPubSub } from 'graphql-yoga';

/**
 * Integration request events after they are stored (steps, and each finished sandbox check):
 * in-process. Each carries its per-request sequence number.
 */
export type IntegrationEvents = ReturnType<typeof createIntegrationEvents>;

export function createIntegrationEvents() {
  return createPubSub<{ integrationEvent: [requestId: string, event: IntegrationEvent] }>();
}
