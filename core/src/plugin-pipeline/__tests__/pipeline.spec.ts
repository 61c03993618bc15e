import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromProjectRoot, packageFixture } from '../../testing/package-fixture.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { integrationRequests } from '../integration-lifecycle.ts';

// The promotion pipeline of Art. 5-8 through the API, with the real sandbox (a child process
// running every check and a trial run) on the test fixture packages of test/fixtures/plugins.

let now = new Date('2026-11-30T09:00:00+07:00'); // a Monday
const clock = () => now;
const CODE = 'DNG-PTT-HT-XNHN-01';
const V1 = 'test/fixtures/plugins/marital-status-1.0.0';
/** Fixture packages that build on 1.0.0, copied with it (see packageFixture). */
let V2 = '';
let WRONG_AGENCY = '';
beforeAll(async () => {
  V2 = fromProjectRoot(await packageFixture('test/fixtures/plugins/marital-status-1.1.0'));
  WRONG_AGENCY = fromProjectRoot(await packageFixture('test/fixtures/plugins/marital-status-wrong-agency'));
});

const FILE = `mutation ($input: IntegrationRequestInput!) {
  fileIntegrationRequest(input: $input) { request { id kind status serviceCode version level dueAt pendingOn overdue plugin { packageName digest } } }
}`;
const CHECK = 'mutation ($id: ID!) { checkIntegrationRequest(requestId: $id) { request { id status } } }';
const PROMOTE = 'mutation ($id: ID!) { promotePlugin(requestId: $id) { request { id status dueAt installedAt } } }';
const ACCEPT = 'mutation ($id: ID!, $note: String!) { acceptIntegration(requestId: $id, note: $note) { request { status dueAt } } }';
const ANNOUNCE = 'mutation ($id: ID!, $note: String!) { announceService(requestId: $id, note: $note) { request { status dueAt } } }';
const RETIRE = 'mutation ($id: ID!) { retireService(requestId: $id) { request { status } } }';
const ROLLBACK = 'mutation ($id: ID!, $reason: String!) { rollbackPlugin(requestId: $id, reason: $reason) { request { status } } }';
const REQUEST = `query ($id: ID!) { integrationRequest(id: $id) {
  status overdue history { type status note check { id passed } }
  report { verdict digest checker signedOffBy technical { passed recommendation } installation(language: EN) { passed recommendation } checks { id severity passed } vi: text(language: VI) en: text(language: EN) }
} }`;
const STATS = 'mutation ($input: ProcedureStatisticInput!) { recordProcedureStatistics(input: $input) { procedureCode year inPerson } }';

type Request = { id: string; status: string; dueAt: string | null };
const code = (r: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code;

describe('the plugin pipeline', () => {
  let app: TestApp;
  const token: Record<string, string> = {};
  beforeAll(async () => {
    app = await createTestApp({ tokenTtlSeconds: 30 * 24 * 3600 }, clock);
    for (const who of ['admin.ptt', 'admin.stp', 'doic', 'citizen', 'reception.ptt', 'infocenter'])
      token[who] = await app.login(`${who}@demo.egov.vn`);
  });
  afterAll(() => app.dispose());

  const file = (who: string, input: Record<string, unknown>) =>
    app.gql<{ fileIntegrationRequest: { request: Request & Record<string, unknown> } }>(FILE, { input }, token[who]);
  const step = (mutation: string, who: string, variables: Record<string, unknown>) =>
    app.gql<Record<string, { request: Request }>>(mutation, variables, token[who]);
  const read = (id: string, who = 'doic') =>
    app.gql<{
      integrationRequest: {
        status: string;
        overdue: boolean;
        history: { type: string; status: string; note: string | null; check: { id: string; passed: boolean } | null }[];
        report: Record<string, unknown> | null;
      };
    }>(REQUEST, { id }, token[who]);
  const checked = async (id: string) => {
    await app.checkQueue.idle();
    return (await read(id)).data!.integrationRequest;
  };

  let newId = '';

  it('refuses a NEW level-3 service without last year’s 50 in-person dossiers (R5.1), and files it with them', async () => {
    const input = { kind: 'NEW', serviceCode: CODE, level: 3, packagePath: V1 };
    const refused = await file('admin.ptt', input);
    expect(code(refused)).toBe('NOT_ELIGIBLE');
    expect(refused.errors![0]!.message).toContain('no dossier statistics recorded for 2025');

    const stats = { agencyCode: 'PTT', procedureCode: CODE, year: 2025, inPerson: 49, onlineLevel3: 0, total: 49 };
    expect(code(await app.gql(STATS, { input: stats }, token['admin.stp']))).toBe('FORBIDDEN'); // another agency's admin
    await app.gql(STATS, { input: stats }, token['admin.ptt']);
    expect((await file('admin.ptt', input)).errors![0]!.message).toContain('49 in-person dossiers in 2025 (R5.1 needs 50)');
    await app.gql(STATS, { input: { ...stats, inPerson: 50, total: 50 } }, token['admin.ptt']);

    expect(code(await file('citizen', input))).toBe('FORBIDDEN');
    expect(code(await file('doic', input))).toBe('FORBIDDEN');
    const filed = await file('admin.ptt', input);
    expect(filed.errors).toBeUndefined();
    const request = filed.data!.fileIntegrationRequest.request;
    expect(request).toMatchObject({
      kind: 'NEW',
      status: 'FILED',
      serviceCode: CODE,
      version: '1.0.0',
      level: 3,
      pendingOn: 'DOIC',
      overdue: false,
    });
    expect(request.dueAt).toBe('2026-12-07T10:00:00.000Z'); // the end of the 5th working day after: Monday 7 December 17:00
    expect((request.plugin as { digest: string }).digest).toMatch(/^[0-9a-f]{64}$/);
    newId = request.id;
    // One open request per service at a time.
    expect(code(await file('admin.ptt', input))).toBe('CONFLICT');
  });

  it('lets only DoIC start the check, and only the requesting agency and DoIC see the request', async () => {
    for (const who of ['admin.ptt', 'citizen', 'reception.ptt']) expect(code(await step(CHECK, who, { id: newId }))).toBe('FORBIDDEN');
    expect(code(await read(newId, 'admin.stp'))).toBe('NOT_FOUND');
    expect(code(await read(newId, 'infocenter'))).toBe('FORBIDDEN');
    expect((await read(newId, 'admin.ptt')).data!.integrationRequest.status).toBe('FILED');
    expect(code(await step(PROMOTE, 'doic', { id: newId }))).toBe('INVALID_TRANSITION'); // not checked yet
  });

  it('checks the package in the sandbox, records every check and the Appendix II report', async () => {
    const started = await step(CHECK, 'doic', { id: newId });
    expect(started.data!.checkIntegrationRequest!.request.status).toBe('CHECKING');
    const request = await checked(newId);
    expect(request.status).toBe('CHECK_PASSED');
    const checks = request.history.filter((e) => e.type === 'CHECK').map((e) => e.check!.id);
    expect(checks).toEqual(expect.arrayContaining(['MANIFEST.SCHEMA', 'CAP.FS', 'FIXTURES.REPLAY', 'TRIAL.RUN', 'REQUEST.MATCH']));
    expect(request.history.map((e) => e.type).filter((t) => t !== 'CHECK')).toEqual(['FILED', 'CHECK_STARTED', 'CHECK_PASSED']);
    const report = request.report as {
      verdict: string;
      checker: string;
      signedOffBy: string | null;
      technical: { passed: boolean };
      installation: { passed: boolean };
      vi: string;
      en: string;
    };
    expect(report).toMatchObject({
      verdict: 'PASSED',
      checker: 'Trần Thị Bình (Sở TT&TT)',
      signedOffBy: null,
      technical: { passed: true },
      installation: { passed: true },
    });
    expect(report.vi).toContain('Kết quả kiểm tra về kỹ thuật và an toàn thông tin');
    expect(report.vi).toContain('Cấp Giấy xác nhận tình trạng hôn nhân');
    expect(report.en).toContain('Technical and information-security check');
  }, 120_000);

  it('promotes for DoIC only: the service and its typed input appear in the running server', async () => {
    for (const who of ['admin.ptt', 'citizen']) expect(code(await step(PROMOTE, who, { id: newId }))).toBe('FORBIDDEN');
    const before = await app.gql<{ service: null }>('query { service(code: "DNG-PTT-HT-XNHN-01") { version } }');
    expect(before.data!.service).toBeNull();
    now = new Date('2026-12-01T10:00:00+07:00');
    const promoted = await step(PROMOTE, 'doic', { id: newId });
    expect(promoted.data!.promotePlugin!.request).toMatchObject({ status: 'INSTALLED', dueAt: '2026-12-10T10:00:00.000Z' }); // the end of the 7th working day after
    const after = await app.gql<{ service: { version: string; suspended: boolean } }>(
      'query { service(code: "DNG-PTT-HT-XNHN-01") { version suspended } }',
    );
    expect(after.data!.service).toEqual({ version: '1.0.0', suspended: false });

    const typed = await app.gql<{ submitDngPttHtXnhn01: { dossier: { code: string; service: { version: string } } } }>(
      `mutation { submitDngPttHtXnhn01(form: { fullName: "Trần Văn Bình", nationalId: "048095001234", residence: "12 Lê Duẩn", status: "single", purpose: "Kết hôn" }) { dossier { code service { version } } } }`,
      {},
      token.citizen,
    );
    expect(typed.errors).toBeUndefined();
    expect(typed.data!.submitDngPttHtXnhn01.dossier.service.version).toBe('1.0.0');
    // GraphQL validation knows the form: an unknown field is refused before any resolver runs.
    const wrong = await app.gql(
      `mutation { submitDngPttHtXnhn01(form: { fullName: "A", nationalId: "048095001234", residence: "x", status: "single", purpose: "p", nickname: "B" }) { created } }`,
      {},
      token.citizen,
    );
    expect(code(wrong)).toBe('GRAPHQL_VALIDATION_FAILED');
    const report = (await read(newId)).data!.integrationRequest.report as { signedOffBy: string };
    expect(report.signedOffBy).toBe('Trần Thị Bình (Sở TT&TT)');
  });

  it('takes the agency’s acceptance (R6.3) and announcement (R6.4) from its admin only', async () => {
    expect(code(await step(ACCEPT, 'doic', { id: newId, note: 'ok' }))).toBe('FORBIDDEN');
    expect(code(await step(ACCEPT, 'admin.stp', { id: newId, note: 'ok' }))).toBe('NOT_FOUND');
    expect(code(await step(ANNOUNCE, 'admin.ptt', { id: newId, note: 'too early' }))).toBe('INVALID_TRANSITION');
    const accepted = await step(ACCEPT, 'admin.ptt', { id: newId, note: 'Đã kiểm tra, sử dụng ổn định (Phụ lục III)' });
    expect(accepted.data!.acceptIntegration!.request).toEqual({ status: 'ACCEPTED', dueAt: '2026-12-10T10:00:00.000Z' });
    const announced = await step(ANNOUNCE, 'admin.ptt', { id: newId, note: 'Đã công bố trên Cổng dịch vụ công thành phố' });
    expect(announced.data!.announceService!.request).toEqual({ status: 'ANNOUNCED', dueAt: null });
  });

  it('flags a step that passes its working-day deadline, once', async () => {
    now = new Date('2026-12-02T09:00:00+07:00');
    const filed = await file('admin.ptt', { kind: 'CANCEL', serviceCode: CODE, reason: 'Thủ tục được thay thế' });
    const id = filed.data!.fileIntegrationRequest.request.id;
    expect(filed.data!.fileIntegrationRequest.request.dueAt).toBe('2026-12-07T10:00:00.000Z'); // the end of the 3rd working day after
    now = new Date('2026-12-07T16:59:00+07:00');
    expect(await integrationRequests.sweepOverdue(app)).toEqual([]);
    now = new Date('2026-12-07T17:01:00+07:00');
    expect(await integrationRequests.sweepOverdue(app)).toEqual([id]);
    expect(await integrationRequests.sweepOverdue(app)).toEqual([]);
    const request = (await read(id)).data!.integrationRequest;
    expect(request.overdue).toBe(true);
    expect(request.history.at(-1)).toMatchObject({ type: 'OVERDUE', note: 'Quá hạn bước FILED của Sở TT&TT (hạn 2026-12-07 17:00)' });

    // DoIC retires the service: gone from the catalog, its dossiers stay readable.
    const dossier = await app.prisma.dossier.findFirstOrThrow({ where: { pluginVersion: { code: CODE } } });
    expect(code(await step(RETIRE, 'admin.ptt', { id }))).toBe('FORBIDDEN');
    expect((await step(RETIRE, 'doic', { id })).data!.retireService!.request.status).toBe('RETIRED');
    expect((await app.gql<{ service: null }>('query { service(code: "DNG-PTT-HT-XNHN-01") { version } }')).data!.service).toBeNull();
    const still = await app.gql<{ dossier: { code: string; service: { version: string } } }>(
      'query ($c: String!) { dossier(code: $c) { code service { version } } }',
      { c: dossier.code },
      token.citizen,
    );
    expect(still.data!.dossier).toEqual({ code: dossier.code, service: { version: '1.0.0' } });
    const gone = await app.gql(
      'mutation { submitDngPttHtXnhn01(form: { fullName: "A", nationalId: "048095001234", residence: "x", status: "single", purpose: "p" }) { created } }',
      {},
      token.citizen,
    );
    expect(code(gone)).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('operating a live service', () => {
  let app: TestApp;
  const token: Record<string, string> = {};
  beforeAll(async () => {
    now = new Date('2026-11-30T09:00:00+07:00');
    app = await createTestApp({ tokenTtlSeconds: 30 * 24 * 3600 }, clock);
    for (const who of ['admin.stp', 'admin.ptt', 'doic', 'citizen']) token[who] = await app.login(`${who}@demo.egov.vn`);
  });
  afterAll(() => app.dispose());

  const INCIDENT = 'mutation ($input: IncidentInput!) { reportIncident(input: $input) { id serviceCode late reportedBy } }';

  it('takes incident reports from the service’s agency and flags those filed after the day of the failure (R8.2a)', async () => {
    const sameDay = await app.gql<{ reportIncident: { late: boolean; serviceCode: string } }>(
      INCIDENT,
      { input: { serviceCode: 'DNG-STP-LLTP-01', observedAt: '2026-11-30T07:45:00+07:00', description: 'Không tải được tệp đính kèm' } },
      token['admin.stp'],
    );
    expect(sameDay.data!.reportIncident).toMatchObject({ serviceCode: 'DNG-STP-LLTP-01', late: false });
    const late = await app.gql<{ reportIncident: { late: boolean } }>(
      INCIDENT,
      { input: { serviceCode: 'DNG-STP-LLTP-01', observedAt: '2026-11-27T16:00:00+07:00', description: 'Lỗi thanh toán' } },
      token['admin.stp'],
    );
    expect(late.data!.reportIncident.late).toBe(true);
    const future = await app.gql(
      INCIDENT,
      { input: { serviceCode: 'DNG-STP-LLTP-01', observedAt: '2026-12-30T07:45:00+07:00', description: 'x' } },
      token['admin.stp'],
    );
    expect(code(future)).toBe('BAD_USER_INPUT');
    for (const who of ['admin.ptt', 'citizen', 'doic'])
      expect(
        code(
          await app.gql(
            INCIDENT,
            { input: { serviceCode: 'DNG-STP-LLTP-01', observedAt: '2026-11-30T07:45:00+07:00', description: 'x' } },
            token[who],
          ),
        ),
      ).toBe('FORBIDDEN');
    const seen = await app.gql<{ incidents: { late: boolean }[] }>('query { incidents { late } }', {}, token.doic);
    expect(seen.data!.incidents).toHaveLength(2);
    expect((await app.gql<{ incidents: unknown[] }>('query { incidents { late } }', {}, token['admin.ptt'])).data!.incidents).toHaveLength(
      0,
    );
  });

  it('lets DoIC suspend a service: listed as suspended, new dossiers refused, then resumed', async () => {
    const SUSPEND = 'mutation { suspendService(code: "DNG-PTT-HT-KH-01", reason: "Đang khắc phục sự cố") { code suspended } }';
    expect(code(await app.gql(SUSPEND, {}, token['admin.ptt']))).toBe('FORBIDDEN');
    expect((await app.gql<{ suspendService: unknown }>(SUSPEND, {}, token.doic)).data!.suspendService).toEqual({
      code: 'DNG-PTT-HT-KH-01',
      suspended: true,
    });
    expect(code(await app.gql(SUSPEND, {}, token.doic))).toBe('INVALID_TRANSITION');
    const HKD = 'mutation { suspendService(code: "DNG-HCH-HKD-01", reason: "Bảo trì") { suspended } }';
    await app.gql(HKD, {}, token.doic);
    const submitted = await app.gql(
      'mutation { submitDossier(input: { serviceCode: "DNG-HCH-HKD-01", formData: {} }) { created } }',
      {},
      token.citizen,
    );
    expect(code(submitted)).toBe('SERVICE_SUSPENDED');
    expect(await app.prisma.dossier.count()).toBe(0);
    const resumed = await app.gql<{ resumeService: { suspended: boolean } }>(
      'mutation { resumeService(code: "DNG-HCH-HKD-01") { suspended } }',
      {},
      token.doic,
    );
    expect(resumed.data!.resumeService.suspended).toBe(false);
  });

  it('records deployment plans (R5.4), flagging those after 30 September, and shows DoIC all of them', async () => {
    const PLAN =
      'mutation ($input: DeploymentPlanInput!) { fileDeploymentPlan(input: $input) { year late deadline items { procedureCode level quarter } } }';
    const items = [{ procedureCode: 'dng-stp-ctt-01', title: 'Chứng thực bản sao điện tử', level: 4, quarter: 2 }];
    const onTime = await app.gql<{ fileDeploymentPlan: { late: boolean; deadline: string } }>(
      PLAN,
      { input: { agencyCode: 'STP', year: 2028, items } },
      token['admin.stp'],
    );
    expect(onTime.data!.fileDeploymentPlan).toMatchObject({
      late: false,
      deadline: '2027-09-29T17:00:00.000Z',
      items: [{ procedureCode: 'DNG-STP-CTT-01', level: 4, quarter: 2 }],
    });
    const late = await app.gql<{ fileDeploymentPlan: { late: boolean } }>(
      PLAN,
      { input: { agencyCode: 'PTT', year: 2027, items } },
      token['admin.ptt'],
    );
    expect(late.data!.fileDeploymentPlan.late).toBe(true);
    expect(code(await app.gql(PLAN, { input: { agencyCode: 'STP', year: 2027, items } }, token['admin.ptt']))).toBe('FORBIDDEN');
    expect(
      code(await app.gql(PLAN, { input: { agencyCode: 'PTT', year: 2027, items: [{ ...items[0], quarter: 5 }] } }, token['admin.ptt'])),
    ).toBe('BAD_USER_INPUT');
    const all = await app.gql<{ deploymentPlans: { agency: { code: string } }[] }>(
      'query { deploymentPlans(year: 2027) { agency { code } } }',
      {},
      token.doic,
    );
    expect(all.data!.deploymentPlans.map((p) => p.agency.code)).toEqual(['PTT']);
    expect(
      (await app.gql<{ deploymentPlans: unknown[] }>('query { deploymentPlans(year: 2027) { year } }', {}, token['admin.stp'])).data!
        .deploymentPlans,
    ).toEqual([]);
  });

  it('allows an upgrade 3 → 4 with 30 % online and 50 level-3 online dossiers (R5.2), or a city approval (R5.3)', async () => {
    const Q = 'query ($c: String!, $l: Int!) { eligibility(procedureCode: $c, level: $l) { rule eligible why approval } }';
    const ask = async () =>
      (await app.gql<{ eligibility: Record<string, unknown> }>(Q, { c: 'DNG-HCH-HKD-01', l: 4 }, token.doic)).data!.eligibility;
    const stats = (onlineLevel3: number, total: number) =>
      app.gql(
        STATS,
        { input: { agencyCode: 'HCH', procedureCode: 'DNG-HCH-HKD-01', year: 2025, inPerson: total - onlineLevel3, onlineLevel3, total } },
        token.doic,
      );
    await stats(60, 250);
    expect(await ask()).toMatchObject({
      rule: 'R5.2',
      eligible: false,
      why: '60 of 250 dossiers (24 %) filed online at level 3 in 2025 (R5.2 needs 30 % and 50)',
    });
    await stats(45, 100);
    expect(await ask()).toMatchObject({ eligible: false });
    await stats(60, 200);
    expect(await ask()).toMatchObject({ rule: 'R5.2', eligible: true });
    await stats(10, 200);
    const APPROVE = 'mutation ($input: CityApprovalInput!) { recordCityApproval(input: $input) { decisionNumber } }';
    const approval = { procedureCode: 'DNG-HCH-HKD-01', level: 4, decisionNumber: '1234/QĐ-UBND', decidedOn: '2026-10-01T00:00:00Z' };
    expect(code(await app.gql(APPROVE, { input: approval }, token['admin.stp']))).toBe('FORBIDDEN');
    await app.gql(APPROVE, { input: approval }, token.doic);
    expect(await ask()).toMatchObject({ eligible: true, approval: '1234/QĐ-UBND' });
    // Another agency's admin does not get to read HCH's numbers.
    expect(code(await app.gql(Q, { c: 'DNG-HCH-HKD-01', l: 4 }, token['admin.stp']))).toBe('FORBIDDEN');
  });
});

describe('rolling back a promotion', () => {
  let app: TestApp;
  const token: Record<string, string> = {};
  beforeAll(async () => {
    now = new Date('2026-11-30T09:00:00+07:00');
    app = await createTestApp({ tokenTtlSeconds: 30 * 24 * 3600 }, clock);
    for (const who of ['admin.ptt', 'doic', 'citizen']) token[who] = await app.login(`${who}@demo.egov.vn`);
    await app.gql(
      STATS,
      { input: { agencyCode: 'PTT', procedureCode: CODE, year: 2025, inPerson: 90, onlineLevel3: 0, total: 90 } },
      token.doic,
    );
  });
  afterAll(() => app.dispose());

  /** Files, checks and promotes a package; the request id. */
  async function promote(kind: string, packagePath: string) {
    const filed = await app.gql<{ fileIntegrationRequest: { request: { id: string } } }>(
      FILE,
      { input: { kind, serviceCode: CODE, level: 3, packagePath } },
      token['admin.ptt'],
    );
    const id = filed.data!.fileIntegrationRequest.request.id;
    await app.gql(CHECK, { id }, token.doic);
    await app.checkQueue.idle();
    const promoted = await app.gql<{ promotePlugin: { request: { status: string } } }>(PROMOTE, { id }, token.doic);
    expect(promoted.data!.promotePlugin.request.status).toBe('INSTALLED');
    return id;
  }
  const live = async () =>
    (await app.gql<{ service: { version: string } | null }>(`query { service(code: "${CODE}") { version } }`)).data!.service?.version ??
    null;
  const typedFields = async () =>
    (
      await app.gql<{ __type: { inputFields: { name: string }[] } | null }>(
        'query { __type(name: "DngPttHtXnhn01FormInput") { inputFields { name } } }',
      )
    ).data!.__type?.inputFields.map((f) => f.name) ?? null;

  it('brings back the version live before, with its typed input, and a NEW one takes the service away', async () => {
    const first = await promote('NEW', V1);
    const second = await promote('UPDATE', V2);
    expect(await live()).toBe('1.1.0');
    expect(await typedFields()).toContain('previousResidence');

    expect(code(await step(ROLLBACK, 'admin.ptt', { id: second, reason: 'Lỗi biểu mẫu' }))).toBe('FORBIDDEN');
    // The older promotion cannot be rolled back while a newer version is live.
    expect(code(await step(ROLLBACK, 'doic', { id: first, reason: 'x' }))).toBe('INVALID_TRANSITION');
    const rolled = await step(ROLLBACK, 'doic', { id: second, reason: 'Lỗi biểu mẫu' });
    expect(rolled.data!.rollbackPlugin!.request.status).toBe('ROLLED_BACK');
    expect(await live()).toBe('1.0.0');
    expect(await typedFields()).not.toContain('previousResidence');
    expect(code(await step(ROLLBACK, 'doic', { id: second, reason: 'again' }))).toBe('INVALID_TRANSITION');

    await step(ROLLBACK, 'doic', { id: first, reason: 'Tạm dừng triển khai' });
    expect(await live()).toBeNull();
    expect(await typedFields()).toBeNull();

    // A version once installed is not filed again: the agency bumps it.
    const again = await app.gql(FILE, { input: { kind: 'NEW', serviceCode: CODE, level: 3, packagePath: V1 } }, token['admin.ptt']);
    expect(code(again)).toBe('CONFLICT');
    expect(again.errors![0]!.message).toBe('DNG-PTT-HT-XNHN-01@1.0.0 was installed before; give the package a new version');
  }, 120_000);

  function step(mutation: string, who: string, variables: Record<string, unknown>) {
    return app.gql<Record<string, { request: Request }>>(mutation, variables, token[who]);
  }
});

describe('a check that goes overdue while it runs', () => {
  let app: TestApp;
  const token: Record<string, string> = {};
  beforeAll(async () => {
    now = new Date('2026-11-30T09:00:00+07:00');
    app = await createTestApp({ tokenTtlSeconds: 30 * 24 * 3600 }, clock);
    for (const who of ['admin.ptt', 'doic']) token[who] = await app.login(`${who}@demo.egov.vn`);
    await app.gql(
      STATS,
      { input: { agencyCode: 'PTT', procedureCode: CODE, year: 2025, inPerson: 90, onlineLevel3: 0, total: 90 } },
      token.doic,
    );
  });
  afterAll(() => app.dispose());

  it('keeps every check result when the overdue sweep flags the request in between', async () => {
    const filed = await app.gql<{ fileIntegrationRequest: { request: { id: string } } }>(
      FILE,
      { input: { kind: 'NEW', serviceCode: CODE, level: 3, packagePath: V1 } },
      token['admin.ptt'],
    );
    const id = filed.data!.fileIntegrationRequest.request.id;
    // Once checks arrive, the deadline has passed and the sweep writes its event between them
    // (when a check's write wins the race, the sweep tries again at the next one).
    const events = app.events.subscribe('integrationRequest', id);
    const swept = (async () => {
      for await (const event of events) {
        if (event.type !== 'CHECK') continue;
        now = new Date('2026-12-08T09:00:00+07:00');
        const flagged = await integrationRequests.sweepOverdue(app);
        if (flagged.length) return flagged;
      }
      return [];
    })();
    await app.gql(CHECK, { id }, token.doic);
    expect(await swept).toEqual([id]);
    await events.return?.();
    await app.checkQueue.idle();
    const history = await app.prisma.integrationEvent.findMany({ where: { requestId: id }, orderBy: { seq: 'asc' } });
    expect(history.map((e) => e.type).filter((t) => t !== 'CHECK')).toEqual(['FILED', 'CHECK_STARTED', 'OVERDUE', 'CHECK_PASSED']);
    const report = JSON.parse((await app.prisma.integrationRequest.findUniqueOrThrow({ where: { id } })).report!) as {
      checks: { id: string }[];
    };
    expect(history.filter((e) => e.type === 'CHECK').map((e) => (JSON.parse(e.data!) as { id: string }).id)).toEqual(
      report.checks.map((c) => c.id),
    );
  }, 120_000);
});

describe('guards of the pipeline', () => {
  let app: TestApp;
  const token: Record<string, string> = {};
  beforeAll(async () => {
    now = new Date('2026-11-30T09:00:00+07:00');
    app = await createTestApp({ tokenTtlSeconds: 30 * 24 * 3600 }, clock);
    for (const who of ['admin.ptt', 'admin.stp', 'doic', 'reception.ptt', 'infocenter'])
      token[who] = await app.login(`${who}@demo.egov.vn`);
    await app.gql(
      STATS,
      { input: { agencyCode: 'PTT', procedureCode: CODE, year: 2025, inPerson: 90, onlineLevel3: 0, total: 90 } },
      token.doic,
    );
  });
  afterAll(() => app.dispose());

  const file = (who: string, input: Record<string, unknown>) =>
    app.gql<{ fileIntegrationRequest: { request: Request & { filedLate?: boolean } } }>(
      FILE.replace('overdue', 'overdue filedLate'),
      { input },
      token[who],
    );

  it('fails the check when the package names another agency than the one filing it (REQUEST.MATCH)', async () => {
    const filed = await file('admin.ptt', { kind: 'NEW', serviceCode: CODE, level: 3, packagePath: WRONG_AGENCY });
    const id = filed.data!.fileIntegrationRequest.request.id;
    await app.gql(CHECK, { id }, token.doic);
    await app.checkQueue.idle();
    const request = await app.prisma.integrationRequest.findUniqueOrThrow({ where: { id } });
    expect(request.status).toBe('CHECK_FAILED');
    const report = JSON.parse(request.report!) as { checks: { id: string; passed: boolean; details: string[] }[] };
    expect(report.checks.find((c) => c.id === 'REQUEST.MATCH')).toMatchObject({
      passed: false,
      details: ['manifest agency STP is not the requesting agency PTT'],
    });
    expect(code(await app.gql(PROMOTE, { id }, token.doic))).toBe('INVALID_TRANSITION');
  }, 120_000);

  it('keeps other agencies and other roles out of every step', async () => {
    // UPDATE and CANCEL of another agency's service.
    expect(code(await file('admin.ptt', { kind: 'CANCEL', serviceCode: 'DNG-STP-LLTP-01', reason: 'x' }))).toBe('FORBIDDEN');
    expect(
      code(await file('admin.ptt', { kind: 'UPDATE', serviceCode: 'DNG-STP-LLTP-01', level: 4, packagePath: 'plugins/judicial-record' })),
    ).toBe('FORBIDDEN');
    const cancel = await file('admin.stp', {
      kind: 'CANCEL',
      serviceCode: 'DNG-STP-LLTP-01',
      reason: 'Thủ tục bị bãi bỏ',
      invalidSince: '2026-11-18T09:00:00+07:00',
    });
    const id = cancel.data!.fileIntegrationRequest.request.id;
    for (const [mutation, variables] of [
      [CHECK, { id }],
      [PROMOTE, { id }],
      [RETIRE, { id }],
      [ROLLBACK, { id, reason: 'x' }],
    ] as const) {
      for (const who of ['admin.stp', 'reception.ptt', 'infocenter'])
        expect(code(await app.gql(mutation, variables, token[who]))).toBe('FORBIDDEN');
    }
    for (const mutation of [ACCEPT, ANNOUNCE]) {
      expect(code(await app.gql(mutation, { id, note: 'x' }, token.doic))).toBe('FORBIDDEN');
      expect(code(await app.gql(mutation, { id, note: 'x' }, token['admin.ptt']))).toBe('NOT_FOUND');
    }
    expect(code(await app.gql('mutation { resumeService(code: "DNG-STP-LLTP-01") { code } }', {}, token['admin.stp']))).toBe('FORBIDDEN');
    expect(code(await app.gql('mutation { suspendService(code: "NO-SUCH", reason: "x") { code } }', {}, token.doic))).toBe('NOT_FOUND');
  });

  it('flags a cancellation filed more than 7 working days after the procedure stopped being valid (R8.2b)', async () => {
    // Invalid since Wednesday 18 November: the 7th working day after is Friday 27 November.
    const late = await app.prisma.integrationRequest.findFirstOrThrow({ where: { serviceCode: 'DNG-STP-LLTP-01', kind: 'CANCEL' } });
    expect(late.filedLate).toBe(true);
    const onTime = await file('admin.ptt', {
      kind: 'CANCEL',
      serviceCode: 'DNG-PTT-HT-KH-01',
      reason: 'Thủ tục thay đổi',
      invalidSince: '2026-11-20T09:00:00+07:00',
    });
    expect(onTime.data!.fileIntegrationRequest.request.filedLate).toBe(false);
    expect(
      code(
        await file('admin.ptt', {
          kind: 'CANCEL',
          serviceCode: 'DNG-PTT-HT-KS-01',
          reason: 'x',
          invalidSince: '2026-12-20T09:00:00+07:00',
        }),
      ),
    ).toBe('BAD_USER_INPUT');
  });
});
