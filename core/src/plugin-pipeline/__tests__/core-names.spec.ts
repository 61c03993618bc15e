import { printSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPluginPackage } from '../../plugin-artifact/build.ts';
import { fromProjectRoot, packageFixture } from '../../testing/package-fixture.ts';
import {
  CHECK_REQUEST as CHECK,
  FILE_REQUEST as FILE,
  PROMOTE_REQUEST as PROMOTE,
  RECORD_STATISTICS as STATS,
} from '../../testing/pipeline-scenario.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

// A service whose procedure code would give a core API name (DOSSIER → submitDossier) never
// joins the schema: the sandbox fails it (SCHEMA.NAMES), and promotion refuses it should a
// request reach it with a passed check all the same (one checked before the check existed).

let PACKAGE = '';
const REPORT = 'query ($id: ID!) { integrationRequest(id: $id) { status report { checks { id passed details } } } }';
const SUBMIT_DOSSIER_ARGS = '{ __type(name: "Mutation") { fields { name args { name } } } }';

type Errors = { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] };
const error = (result: Errors) => ({ code: result.errors?.[0]?.extensions?.code, message: result.errors?.[0]?.message });

describe('a service whose generated names would touch the core API', () => {
  let app: TestApp;
  let admin = '';
  let doic = '';
  let requestId = '';
  let coreSdl = '';

  beforeAll(async () => {
    app = await createTestApp({}, () => new Date('2026-11-30T09:00:00+07:00'));
    PACKAGE = fromProjectRoot(await packageFixture('sandbox/fixtures/hostile/core-name'));
    admin = await app.login('admin.ptt@demo.egov.vn');
    doic = await app.login('doic@demo.egov.vn');
    coreSdl = printSchema(app.liveSchema.current);
    // DoIC registers the procedure (R4.3): nothing in the registry stops a code like this one.
    const added = await app.gql(
      'mutation ($input: ProcedureInput!) { addProcedure(input: $input) { code } }',
      { input: { code: 'DOSSIER', name: 'Thủ tục thử', agencyCode: 'PTT', field: 'Hộ tịch' } },
      doic,
    );
    expect(added.errors).toBeUndefined();
    await app.gql(
      STATS,
      { input: { agencyCode: 'PTT', procedureCode: 'DOSSIER', year: 2025, inPerson: 50, onlineLevel3: 0, total: 50 } },
      admin,
    );
    const filed = await app.gql<{ fileIntegrationRequest: { request: { id: string } } }>(
      FILE,
      { input: { kind: 'NEW', serviceCode: 'DOSSIER', level: 3, packagePath: PACKAGE } },
      admin,
    );
    expect(filed.errors).toBeUndefined();
    requestId = filed.data!.fileIntegrationRequest.request.id;
  });
  afterAll(() => app.dispose());

  it('fails the check under SCHEMA.NAMES, and cannot be promoted', async () => {
    await app.gql(CHECK, { id: requestId }, doic);
    await app.checkQueue.idle();
    const read = await app.gql<{
      integrationRequest: { status: string; report: { checks: { id: string; passed: boolean; details: string[] }[] } };
    }>(REPORT, { id: requestId }, doic);
    const request = read.data!.integrationRequest;
    expect(request.status).toBe('CHECK_FAILED');
    // REQUEST.MATCH fails with any failed sandbox run: it has no manifest it trusts to compare.
    expect(request.report.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual(['SCHEMA.NAMES', 'REQUEST.MATCH']);
    expect(request.report.checks.find((c) => c.id === 'SCHEMA.NAMES')?.details).toEqual([
      "code DOSSIER gives submitDossier, which touches the core API's Mutation.submitDossier: choose a code whose GraphQL names differ from core ones",
    ]);
    expect(error(await app.gql(PROMOTE, { id: requestId }, doic)).code).toBe('INVALID_TRANSITION');
    expect(printSchema(app.liveSchema.current)).toBe(coreSdl);
  }, 120_000);

  it('is refused at promotion with a passed check all the same, the core API unchanged', async () => {
    // As if checked before SCHEMA.NAMES existed: a passing report and the artifact of exactly this package.
    const { artifact } = await buildPluginPackage(app.config.pluginRoot, PACKAGE);
    await app.artifacts.put(artifact);
    await app.prisma.integrationRequest.update({
      where: { id: requestId },
      data: {
        status: 'CHECK_PASSED',
        artifactDigest: artifact.digest,
        report: JSON.stringify({ verdict: 'PASSED', checks: [], artifactDigest: artifact.digest }),
      },
    });
    expect(error(await app.gql(PROMOTE, { id: requestId }, doic))).toEqual({
      code: 'CONFLICT',
      message:
        "The service's typed GraphQL input cannot join the schema: DOSSIER would add submitDossier, which touches the core API's Mutation.submitDossier",
    });
    expect(await app.prisma.pluginVersion.count({ where: { code: 'DOSSIER' } })).toBe(0);
    expect(printSchema(app.liveSchema.current)).toBe(coreSdl);
    const mutation = await app.gql<{ __type: { fields: { name: string; args: { name: string }[] }[] } }>(SUBMIT_DOSSIER_ARGS);
    expect(mutation.data!.__type.fields.find((f) => f.name === 'submitDossier')?.args).toEqual([{ name: 'input' }]);
  });
});
