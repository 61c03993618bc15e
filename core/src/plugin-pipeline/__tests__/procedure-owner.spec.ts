import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimProcedure } from '../../procedures/procedure-register.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

// R4.3 in the pipeline: only the agency that owns a procedure in the registry files for it,
// records its statistics and sees its eligibility; no other agency can hold its open-request
// slot. Filing only: no check runs here.

const now = new Date('2026-11-30T09:00:00+07:00'); // a Monday
const CODE = 'DNG-PTT-HT-XNHN-01'; // owned by PTT
const V1 = 'test/fixtures/plugins/marital-status-1.0.0';
const FILE =
  'mutation ($input: IntegrationRequestInput!) { fileIntegrationRequest(input: $input) { request { id status serviceCode agency { code } filedLate invalidSince } } }';
const STATS =
  'mutation ($input: ProcedureStatisticInput!) { recordProcedureStatistics(input: $input) { procedureCode year inPerson agency { code } } }';
const ELIGIBILITY = 'query ($c: String!, $l: Int!) { eligibility(procedureCode: $c, level: $l) { rule eligible why } }';
const APPROVE = 'mutation ($input: CityApprovalInput!) { recordCityApproval(input: $input) { procedureCode level } }';
const WITHDRAW =
  'mutation ($code: String!, $on: DateTime) { withdrawProcedure(code: $code, reason: "Bãi bỏ", withdrawnOn: $on) { inForce } }';
const CHANGE = 'mutation ($input: ProcedureInput!) { changeProcedure(input: $input) { agency { code } } }';

type Filed = {
  fileIntegrationRequest: {
    request: { id: string; status: string; serviceCode: string; agency: { code: string }; filedLate: boolean; invalidSince: string | null };
  };
};
type Result = { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] };
const code = (r: Result) => r.errors?.[0]?.extensions?.code;

describe('a procedure’s owner in the pipeline', () => {
  let app: TestApp;
  const token: Record<string, string> = {};
  beforeAll(async () => {
    app = await createTestApp({ tokenTtlSeconds: 30 * 24 * 3600 }, () => now);
    for (const who of ['admin.ptt', 'admin.stp', 'doic']) token[who] = await app.login(`${who}@demo.egov.vn`);
  });
  afterAll(() => app.dispose());

  const file = (who: string, input: Record<string, unknown>) => app.gql<Filed>(FILE, { input }, token[who]);
  const stats = (who: string, agencyCode: string, procedureCode = CODE) =>
    app.gql<{ recordProcedureStatistics: { agency: { code: string } } }>(
      STATS,
      { input: { agencyCode, procedureCode, year: 2025, inPerson: 120, onlineLevel3: 0, total: 120 } },
      token[who],
    );

  it('takes a procedure’s statistics for its owner only, from the owner’s admin or DoIC', async () => {
    const refused = await stats('admin.stp', 'STP');
    expect(refused.errors![0]).toMatchObject({ message: `${CODE} belongs to another agency`, extensions: { code: 'FORBIDDEN' } });
    expect(code(await stats('doic', 'STP'))).toBe('FORBIDDEN'); // DoIC names the owner, not any agency
    expect(code(await stats('admin.stp', 'PTT'))).toBe('FORBIDDEN'); // not STP's admin of PTT
    expect((await stats('admin.ptt', 'PTT', 'DNG-PTT-NOPE-01')).errors![0]!.extensions).toEqual({
      code: 'NOT_FOUND',
      field: 'input.procedureCode',
    });
    expect(await app.prisma.procedureStatistic.count()).toBe(0);
    expect((await stats('admin.ptt', 'PTT')).data!.recordProcedureStatistics.agency.code).toBe('PTT');
    expect((await stats('doic', 'PTT')).data!.recordProcedureStatistics.agency.code).toBe('PTT');
  });

  it('shows the eligibility numbers to the owner and DoIC only, and knows no procedure outside the registry', async () => {
    const ask = (who: string, c = CODE) =>
      app.gql<{ eligibility: { eligible: boolean; why: string } }>(ELIGIBILITY, { c, l: 3 }, token[who]);
    expect((await ask('admin.ptt')).data!.eligibility).toMatchObject({
      eligible: true,
      why: '120 in-person dossiers in 2025 (R5.1 needs 50)',
    });
    expect((await ask('doic')).data!.eligibility.eligible).toBe(true);
    const other = await ask('admin.stp');
    expect(other.errors![0]).toMatchObject({ message: `${CODE} belongs to another agency`, extensions: { code: 'FORBIDDEN' } });
    expect(other.data).toBeNull();
    expect(code(await ask('doic', 'DNG-PTT-NOPE-01'))).toBe('NOT_FOUND');
    expect(code(await ask('admin.stp', 'DNG-PTT-NOPE-01'))).toBe('NOT_FOUND');
  });

  it('refuses another agency’s NEW request with the owner’s statistics and keeps the slot free: the owner files after it', async () => {
    const input = { kind: 'NEW', serviceCode: CODE, level: 3, packagePath: V1 };
    const refused = await file('admin.stp', input);
    expect(refused.errors![0]).toMatchObject({ message: `${CODE} belongs to another agency`, extensions: { code: 'FORBIDDEN' } });
    const unknown = await file('admin.stp', { ...input, serviceCode: 'DNG-STP-NOPE-01' });
    expect(unknown.errors![0]).toMatchObject({ extensions: { code: 'NOT_FOUND', field: 'input.serviceCode' } });
    expect(unknown.errors![0]!.message).toContain('No procedure DNG-STP-NOPE-01 in the city’s registry');
    expect(await app.prisma.integrationRequest.count()).toBe(0);

    const filed = await file('admin.ptt', input);
    expect(filed.errors).toBeUndefined();
    expect(filed.data!.fileIntegrationRequest.request).toMatchObject({ status: 'FILED', serviceCode: CODE, agency: { code: 'PTT' } });
    // While it is open, no agency takes the procedure from PTT: not by filing, not through the registry.
    expect(code(await file('admin.stp', input))).toBe('FORBIDDEN');
    const moved = await app.gql(
      CHANGE,
      { input: { code: CODE, name: 'Cấp Giấy xác nhận tình trạng hôn nhân', agencyCode: 'STP', field: 'Hộ tịch' } },
      token.doic,
    );
    expect(moved.errors![0]).toMatchObject({
      message: `${CODE} has an open integration request of PTT; its owner changes once that service is retired or the request finished`,
      extensions: { code: 'CONFLICT', field: 'input.agencyCode' },
    });
  });

  it('lets a new owner file once DoIC moves a procedure nothing ties to its old owner', async () => {
    const input = { kind: 'NEW', serviceCode: 'DNG-PTT-TEST-02', level: 2, packagePath: V1 };
    const moved = await app.gql<{ changeProcedure: { agency: { code: string } } }>(
      CHANGE,
      { input: { code: 'DNG-PTT-TEST-02', name: 'Thủ tục thử nghiệm', agencyCode: 'STP', field: 'Hộ tịch' } },
      token.doic,
    );
    expect(moved.data!.changeProcedure.agency.code).toBe('STP');
    expect(code(await file('admin.ptt', input))).toBe('FORBIDDEN');
    const filed = await file('admin.stp', input);
    expect(filed.data!.fileIntegrationRequest.request).toMatchObject({ status: 'FILED', agency: { code: 'STP' } });
  });

  it('holds a filing to the owner when it commits: its claim on the procedure fails once another agency owns it', async () => {
    // What a filing's transaction does last; a change of owner writes the same row, so the two serialize.
    const [ptt, stp] = await Promise.all(['PTT', 'STP'].map((c) => app.prisma.agency.findUniqueOrThrow({ where: { code: c } })));
    const claim = (agencyId: string) => app.prisma.$transaction((tx) => claimProcedure(tx, 'DNG-PTT-TEST-02', agencyId));
    await expect(claim(ptt!.id)).rejects.toMatchObject({ extensions: { code: 'CONFLICT', field: 'input.serviceCode' } });
    await expect(claim(stp!.id)).resolves.toBeUndefined();
  });

  it('refuses UPDATE and city approvals for a withdrawn procedure, and dates its service’s cancellation from the withdrawal (R8.2b)', async () => {
    const KH = 'DNG-PTT-HT-KH-01'; // live, level 2, PTT's
    expect((await app.gql(WITHDRAW, { code: KH, on: '2026-11-18T09:00:00+07:00' }, token.doic)).errors).toBeUndefined();
    const update = await file('admin.ptt', { kind: 'UPDATE', serviceCode: KH, level: 2, packagePath: 'plugins/marriage-registration' });
    expect(update.errors![0]).toMatchObject({
      message: `${KH} was withdrawn on 2026-11-18`,
      extensions: { code: 'CONFLICT', field: 'input.serviceCode' },
    });
    const approval = { procedureCode: KH, level: 3, decisionNumber: '77/QĐ-UBND', decidedOn: '2026-11-01T00:00:00Z' };
    expect((await app.gql(APPROVE, { input: approval }, token.doic)).errors![0]!.extensions).toEqual({
      code: 'CONFLICT',
      field: 'input.procedureCode',
    });
    expect(
      (await app.gql(APPROVE, { input: { ...approval, procedureCode: 'DNG-PTT-NOPE-01' } }, token.doic)).errors![0]!.extensions,
    ).toEqual({ code: 'NOT_FOUND', field: 'input.procedureCode' });
    expect((await app.gql(APPROVE, { input: { ...approval, procedureCode: CODE } }, token.doic)).data).toEqual({
      recordCityApproval: { procedureCode: CODE, level: 3 },
    });

    // Withdrawn on Wednesday 18 November: the 7th working day after is Friday 27 November.
    const cancel = await file('admin.ptt', { kind: 'CANCEL', serviceCode: KH, reason: 'Thủ tục bị bãi bỏ' });
    expect(cancel.data!.fileIntegrationRequest.request).toMatchObject({
      status: 'FILED',
      invalidSince: '2026-11-18T02:00:00.000Z',
      filedLate: true,
    });
  });
});
