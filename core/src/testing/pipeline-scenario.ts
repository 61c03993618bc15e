import type { TestApp } from './test-app.ts';

// The steps of the plugin pipeline that API specs take again and again, as the agency and DoIC
// take them: record last year's numbers, file, check (and wait for the check), promote.

export const FILE_REQUEST = 'mutation ($input: IntegrationRequestInput!) { fileIntegrationRequest(input: $input) { request { id } } }';
export const CHECK_REQUEST = 'mutation ($id: ID!) { checkIntegrationRequest(requestId: $id) { request { id } } }';
export const PROMOTE_REQUEST = 'mutation ($id: ID!) { promotePlugin(requestId: $id) { request { status } } }';
export const RECORD_STATISTICS = 'mutation ($input: ProcedureStatisticInput!) { recordProcedureStatistics(input: $input) { year } }';

/** R5.1: enough in-person dossiers last year (2025) for a new level-3/4 service of `agencyCode`. */
export async function eligibleForNew(app: TestApp, admin: string, agencyCode: string, procedureCode: string): Promise<void> {
  const recorded = await app.gql(
    RECORD_STATISTICS,
    { input: { agencyCode, procedureCode, year: 2025, inPerson: 80, onlineLevel3: 0, total: 80 } },
    admin,
  );
  if (recorded.errors) throw new Error(`recording statistics failed: ${JSON.stringify(recorded.errors)}`);
}

/** Files a request as the agency's admin and has DoIC check it; its id once the check is done. */
export async function fileAndCheck(app: TestApp, tokens: { admin: string; doic: string }, input: Record<string, unknown>): Promise<string> {
  const filed = await app.gql<{ fileIntegrationRequest: { request: { id: string } } }>(FILE_REQUEST, { input }, tokens.admin);
  if (!filed.data) throw new Error(`filing failed: ${JSON.stringify(filed.errors)}`);
  const id = filed.data.fileIntegrationRequest.request.id;
  await app.gql(CHECK_REQUEST, { id }, tokens.doic);
  await app.checkQueue.idle();
  return id;
}
