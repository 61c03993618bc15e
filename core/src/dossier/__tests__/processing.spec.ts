import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import household from '../../../../plugins/household-business/src/index.ts';
import judicialRecord from '../../../../plugins/judicial-record/src/index.ts';
import { pdfFile, SUBMIT_DOSSIER, submitJudicialRecord } from '../../testing/dossier-scenario.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

const pdf = pdfFile;
const SUBMIT = SUBMIT_DOSSIER;
const STATUS = `query ($c: String!) { dossier(code: $c) { status department { code } resultNote resultUrl deliveredAt history { type note } } }`;

let now = new Date('2026-11-30T09:00:00+07:00');
let app: TestApp;
const t: Record<string, string> = {};
beforeAll(async () => {
  app = await createTestApp({ tokenTtlSeconds: 30 * 24 * 3600 }, () => now);
  for (const who of ['citizen', 'organization', 'reception.stp', 'specialist.stp', 'reception.hch', 'specialist.hch', 'admin.stp'])
    t[who] = await app.login(`${who}@demo.egov.vn`);
});
afterAll(() => app.dispose());

const run = async (query: string, variables: Record<string, unknown>, who: string) =>
  app.gql<Record<string, { dossier: Record<string, unknown> }>>(query, variables, t[who]);
const code = (r: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code;

async function received(service: 'lltp' | 'hkd'): Promise<string> {
  const [serviceCode, fixture, field, reception, department] =
    service === 'lltp'
      ? (['DNG-STP-LLTP-01', judicialRecord.fixtures[0]!.formData, 'identityScan', 'reception.stp', 'LLTP'] as const)
      : (['DNG-HCH-HKD-01', household.fixtures[0]!.formData, 'idCopy', 'reception.hch', 'TCKH'] as const);
  const { [field]: _file, ...formData } = fixture as Record<string, unknown>;
  const submitted = await app.upload<{ submitDossier: { dossier: { code: string } } }>(
    SUBMIT,
    { input: { serviceCode, formData, attachments: [{ field, file: null }] } },
    { 'input.attachments.0.file': pdf() },
    t.citizen,
  );
  const dossier = submitted.data!.submitDossier.dossier.code;
  await run(
    'mutation ($c: String!, $d: String) { receiveDossier(code: $c, departmentCode: $d) { dossier { status } } }',
    { c: dossier, d: department },
    reception,
  );
  return dossier;
}

describe('processing (Art. 10)', () => {
  it('lets a specialist take up, transfer and complete a dossier; the result document is downloadable', async () => {
    const dossier = await received('lltp');
    expect(
      code(await run('mutation ($c: String!) { startProcessing(code: $c) { dossier { status } } }', { c: dossier }, 'reception.stp')),
    ).toBe('FORBIDDEN');
    expect(
      code(await run('mutation ($c: String!) { startProcessing(code: $c) { dossier { status } } }', { c: dossier }, 'specialist.hch')),
    ).toBe('NOT_FOUND');
    await run('mutation ($c: String!) { startProcessing(code: $c) { dossier { status } } }', { c: dossier }, 'specialist.stp');
    const moved = await run(
      'mutation ($c: String!) { transferDossier(code: $c, departmentCode: "HCTP", note: "Cần phòng Hành chính tư pháp xác minh") { dossier { status department { code } } } }',
      { c: dossier },
      'specialist.stp',
    );
    expect(moved.data!.transferDossier!.dossier).toEqual({ status: 'IN_PROCESSING', department: { code: 'HCTP' } });
    expect(
      code(
        await run(
          'mutation ($c: String!) { transferDossier(code: $c, departmentCode: "HCTP") { dossier { status } } }',
          { c: dossier },
          'specialist.stp',
        ),
      ),
    ).toBe('BAD_USER_INPUT');
    expect(
      code(
        await run(
          'mutation ($c: String!) { transferDossier(code: $c, departmentCode: "QLDT") { dossier { status } } }',
          { c: dossier },
          'specialist.stp',
        ),
      ),
    ).toBe('BAD_USER_INPUT');

    const done = await app.upload<{ completeProcessing: { dossier: { status: string } } }>(
      'mutation ($c: String!, $input: ProcessingResultInput!) { completeProcessing(code: $c, input: $input) { dossier { status } } }',
      { c: dossier, input: { note: 'Đã cấp Phiếu số 1', document: null } },
      { 'input.document': pdf('phieu.pdf') },
      t['specialist.stp'],
    );
    expect(done.data!.completeProcessing.dossier.status).toBe('RESULT_READY');
    const view = (await run(STATUS, { c: dossier }, 'citizen')).data!.dossier as unknown as {
      resultNote: string;
      resultUrl: string;
      history: { type: string }[];
    };
    expect(view.resultNote).toBe('Đã cấp Phiếu số 1');
    expect(view.history.map((h) => h.type)).toEqual(['SUBMITTED', 'RECEIVED', 'PROCESSING_STARTED', 'TRANSFERRED', 'RESULT_READY']);
    const link = new URL(view.resultUrl);
    expect((await app.yoga.fetch(`http://test${link.pathname}${link.search}`)).status).toBe(200);
    // Staff get no link; a sign-in token, or a link token for another dossier, opens nothing.
    const other = await run(STATUS, { c: dossier }, 'specialist.stp');
    expect((other.data!.dossier as unknown as { resultUrl: string | null }).resultUrl).toBeNull();
    expect((await app.yoga.fetch(`http://test${link.pathname}?token=${t.citizen}`)).status).toBe(404);
    const foreign = await app.tokens.signLink(
      (await app.prisma.account.findUniqueOrThrow({ where: { email: 'organization@demo.egov.vn' } })).id,
      `result:${dossier}`,
      60,
    );
    expect((await app.yoga.fetch(`http://test${link.pathname}?token=${foreign}`)).status).toBe(404);
    const elsewhere = await app.tokens.signLink(
      (await app.prisma.account.findUniqueOrThrow({ where: { email: 'citizen@demo.egov.vn' } })).id,
      'result:STP-000000-0000',
      60,
    );
    expect((await app.yoga.fetch(`http://test${link.pathname}?token=${elsewhere}`)).status).toBe(404);
  });

  it('lets the agency admin assign a received dossier to a specialist, and reassign it', async () => {
    const dossier = await received('lltp');
    const assign = 'mutation ($c: String!, $e: String!) { assignDossier(code: $c, specialistEmail: $e) { dossier { status assignee } } }';
    expect(code(await run(assign, { c: dossier, e: 'reception.stp@demo.egov.vn' }, 'admin.stp'))).toBe('BAD_USER_INPUT');
    expect(code(await run(assign, { c: dossier, e: 'specialist.stp@demo.egov.vn' }, 'reception.stp'))).toBe('FORBIDDEN');
    const assigned = await run(assign, { c: dossier, e: 'specialist.stp@demo.egov.vn' }, 'admin.stp');
    expect(assigned.data!.assignDossier!.dossier).toEqual({ status: 'IN_PROCESSING', assignee: 'Chuyên viên STP' });
    expect(code(await run(assign, { c: dossier, e: 'specialist.stp@demo.egov.vn' }, 'admin.stp'))).toBe('BAD_USER_INPUT');
    expect(code(await run(assign, { c: dossier, e: 'specialist.hch@demo.egov.vn' }, 'admin.stp'))).toBe('BAD_USER_INPUT');
  });

  it('refuses a result document that is not a PDF or image, and changes nothing', async () => {
    const dossier = await received('lltp');
    await run('mutation ($c: String!) { startProcessing(code: $c) { dossier { status } } }', { c: dossier }, 'specialist.stp');
    const bad = await app.upload(
      'mutation ($c: String!, $input: ProcessingResultInput!) { completeProcessing(code: $c, input: $input) { dossier { status } } }',
      { c: dossier, input: { note: 'Kết quả', document: null } },
      { 'input.document': new File(['<script>'], 'x.html', { type: 'text/html' }) },
      t['specialist.stp'],
    );
    expect(code(bad)).toBe('BAD_USER_INPUT');
    expect(((await run(STATUS, { c: dossier }, 'citizen')).data!.dossier as unknown as { status: string }).status).toBe('IN_PROCESSING');
  });

  it('lets reception or a specialist reject with a reason; REJECTED is final', async () => {
    const dossier = await received('lltp');
    const rejected = await run(
      'mutation ($c: String!) { rejectDossier(code: $c, reason: "Không thuộc thẩm quyền") { dossier { status } } }',
      { c: dossier },
      'specialist.stp',
    );
    expect(rejected.data!.rejectDossier!.dossier.status).toBe('REJECTED');
    expect(
      code(await run('mutation ($c: String!) { startProcessing(code: $c) { dossier { status } } }', { c: dossier }, 'specialist.stp')),
    ).toBe('INVALID_TRANSITION');
  });
});

describe('delivery (R11.2, R11.3)', () => {
  async function ready(service: 'lltp' | 'hkd'): Promise<string> {
    const dossier = await received(service);
    const specialist = service === 'lltp' ? 'specialist.stp' : 'specialist.hch';
    await run('mutation ($c: String!) { startProcessing(code: $c) { dossier { status } } }', { c: dossier }, specialist);
    await run(
      'mutation ($c: String!) { completeProcessing(code: $c, input: { note: "Xong" }) { dossier { status } } }',
      { c: dossier },
      specialist,
    );
    return dossier;
  }
  const deliver =
    'mutation ($c: String!, $m: DeliveryMethod, $n: String) { deliverResult(code: $c, method: $m, note: $n) { dossier { status } } }';

  it('hands a level-3 result over at the desk, by reception only (no download link)', async () => {
    const dossier = await ready('hkd');
    expect(((await run(STATUS, { c: dossier }, 'citizen')).data!.dossier as unknown as { resultUrl: string | null }).resultUrl).toBeNull();
    expect(code(await run(deliver, { c: dossier, m: 'ONLINE' }, 'citizen'))).toBe('BAD_USER_INPUT');
    expect(code(await run(deliver, { c: dossier }, 'citizen'))).toBe('FORBIDDEN');
    expect((await run(deliver, { c: dossier }, 'reception.hch')).data!.deliverResult!.dossier.status).toBe('DELIVERED');
    expect(code(await run(deliver, { c: dossier }, 'reception.hch'))).toBe('INVALID_TRANSITION');
  });

  it('delivers a level-4 result online to the applicant, or by post with a tracking note by reception', async () => {
    const online = await ready('lltp');
    expect(code(await run(deliver, { c: online, m: 'AT_DESK' }, 'reception.stp'))).toBe('BAD_USER_INPUT');
    expect(code(await run(deliver, { c: online }, 'reception.stp'))).toBe('FORBIDDEN');
    expect((await run(deliver, { c: online }, 'citizen')).data!.deliverResult!.dossier.status).toBe('DELIVERED');

    const post = await ready('lltp');
    expect(code(await run(deliver, { c: post, m: 'POST' }, 'reception.stp'))).toBe('BAD_USER_INPUT');
    expect(
      (await run(deliver, { c: post, m: 'POST', n: 'VNPost EMS EA123456789VN' }, 'reception.stp')).data!.deliverResult!.dossier.status,
    ).toBe('DELIVERED');
    const history = (await run(STATUS, { c: post }, 'citizen')).data!.dossier as unknown as { history: { type: string; note: string }[] };
    expect(history.history.at(-1)).toEqual({ type: 'DELIVERED', note: 'Gửi kết quả qua bưu chính: VNPost EMS EA123456789VN' });
  });
});

describe('the staff inbox', () => {
  it('lists only the agency’s dossiers that need it, and refuses citizens', async () => {
    const mine = await received('hkd');
    const { data } = await app.gql<{ inbox: { edges: { node: { code: string; status: string } }[] } }>(
      '{ inbox(first: 100) { edges { node { code status } } } }',
      undefined,
      t['specialist.hch'],
    );
    const codes = data!.inbox.edges.map((e) => e.node.code);
    expect(codes).toContain(mine);
    expect(codes.every((c) => c.startsWith('HCH-'))).toBe(true);
    expect(data!.inbox.edges.every((e) => ['SUBMITTED', 'RECEIVED', 'IN_PROCESSING', 'RESULT_READY'].includes(e.node.status))).toBe(true);
    expect(code(await app.gql('{ inbox { edges { node { code } } } }', undefined, t.citizen))).toBe('FORBIDDEN');
  });

  it('orders dossiers in processing by their processing deadline, not by submission, and filters', async () => {
    const submit = () => submitJudicialRecord(app, t.citizen!);
    const receive = (c: string) =>
      run('mutation ($c: String!) { receiveDossier(code: $c, departmentCode: "HCTP") { dossier { status } } }', { c }, 'reception.stp');
    now = new Date('2026-12-07T08:00:00+07:00');
    const first = await submit();
    now = new Date('2026-12-07T09:00:00+07:00');
    const second = await submit();
    now = new Date('2026-12-07T10:00:00+07:00');
    await receive(second); // the later submission is accepted first, so it is due first
    now = new Date('2026-12-08T10:00:00+07:00');
    await receive(first);
    const { data } = await app.gql<{ inbox: { edges: { node: { code: string; status: string; department: { code: string } } }[] } }>(
      '{ inbox(first: 100, filter: { status: [RECEIVED, IN_PROCESSING], departmentCode: "hctp" }) { edges { node { code status department { code } } } } }',
      undefined,
      t['reception.stp'],
    );
    const nodes = data!.inbox.edges.map((e) => e.node);
    expect(nodes.every((n) => ['RECEIVED', 'IN_PROCESSING'].includes(n.status) && n.department.code === 'HCTP')).toBe(true);
    const codes = nodes.map((n) => n.code);
    expect(codes.indexOf(second)).toBeLessThan(codes.indexOf(first));
    expect(codes.indexOf(first)).toBeGreaterThan(-1);
  });
});

describe('identity verification at the desk (R11.1)', () => {
  it('lets the reception of the dossier agency verify a first-time applicant once, with an event', async () => {
    const registered = await app.gql<{ register: { token: string } }>(
      'mutation ($input: RegisterInput!) { register(input: $input) { token } }',
      {
        input: {
          kind: 'CITIZEN',
          fullName: 'Lê Thị Hạnh',
          nationalId: '048193000222',
          email: 'hanh@example.vn',
          phone: '0905333444',
          password: 'Cau-Rong-2026',
        },
      },
    );
    const token = registered.data!.register.token;
    const dossier = await submitJudicialRecord(app, token);
    const verify =
      'mutation ($c: String!) { verifyApplicantIdentity(code: $c, note: "CCCD bản gốc") { dossier { status history { type } } } }';
    expect(code(await run(verify, { c: dossier }, 'reception.hch'))).toBe('NOT_FOUND');
    const done = await run(verify, { c: dossier }, 'reception.stp');
    expect(done.data!.verifyApplicantIdentity!.dossier).toEqual({
      status: 'SUBMITTED',
      history: [{ type: 'SUBMITTED' }, { type: 'IDENTITY_VERIFIED' }],
    });
    expect(code(await run(verify, { c: dossier }, 'reception.stp'))).toBe('CONFLICT');
    const received = await run(
      'mutation ($c: String!) { receiveDossier(code: $c, departmentCode: "LLTP") { dossier { status } } }',
      { c: dossier },
      'reception.stp',
    );
    expect(received.data!.receiveDossier!.dossier.status).toBe('RECEIVED');
  });
});

describe('events on a final dossier', () => {
  it('are refused: nothing happens to a withdrawn dossier any more', async () => {
    const registered = await app.gql<{ register: { token: string } }>(
      'mutation ($input: RegisterInput!) { register(input: $input) { token } }',
      {
        input: {
          kind: 'CITIZEN',
          fullName: 'Trần Văn Cư',
          nationalId: '048091000333',
          email: 'cu@example.vn',
          phone: '0905444555',
          password: 'Son-Tra-2026!',
        },
      },
    );
    const token = registered.data!.register.token;
    const c = await submitJudicialRecord(app, token);
    await app.gql('mutation ($c: String!) { withdrawDossier(code: $c) { dossier { status } } }', { c }, token);
    const verify = await run(
      'mutation ($c: String!) { verifyApplicantIdentity(code: $c, note: "CCCD") { dossier { status } } }',
      { c },
      'reception.stp',
    );
    expect(code(verify)).toBe('INVALID_TRANSITION');
    expect((await app.prisma.account.findUniqueOrThrow({ where: { email: 'cu@example.vn' } })).identityVerifiedAt).toBeNull();
  });

  it('lets reception read the applicant’s identity number (R11.1), but not a stranger’s', async () => {
    const dossier = await received('lltp');
    const seen = await app.gql<{ dossier: { applicant: { nationalId: string } } }>(
      'query ($c: String!) { dossier(code: $c) { applicant { nationalId } } }',
      { c: dossier },
      t['reception.stp'],
    );
    expect(seen.data!.dossier.applicant.nationalId).toBe('048090012345');
    const members = await app.gql('{ agency(code: "HCH") { members { account { nationalId } } } }', undefined, t['reception.hch']);
    expect(code(members)).toBe('FORBIDDEN');
  });
});

describe('notifications', () => {
  it('tell the applicant about the deadline and can be marked read', async () => {
    const before = await app.gql<{ notifications: { edges: { node: { message: string; read: boolean } }[] } }>(
      '{ notifications(first: 50, unreadOnly: true) { edges { node { message read } } } }',
      undefined,
      t.citizen,
    );
    expect(before.data!.notifications.edges.some((e) => e.node.message.includes('đã được tiếp nhận; hạn trả kết quả'))).toBe(true);
    const marked = await app.gql<{ markNotificationsRead: number }>('mutation { markNotificationsRead }', undefined, t.citizen);
    expect(marked.data!.markNotificationsRead).toBeGreaterThan(0);
    const after = await app.gql<{ notifications: { edges: unknown[] } }>(
      '{ notifications(unreadOnly: true) { edges { node { id } } } }',
      undefined,
      t.citizen,
    );
    expect(after.data!.notifications.edges).toEqual([]);
    const theirs = await app.gql<{ notifications: { edges: unknown[] } }>(
      '{ notifications { edges { node { id } } } }',
      undefined,
      t['specialist.hch'],
    );
    expect(theirs.data!.notifications.edges).toEqual([]);
  });
});

describe('delivery guards', () => {
  it('hold delivery back with INVALID_TRANSITION while a guard says why (the seam payments use)', async () => {
    const guarded = await createTestApp({}, () => new Date('2026-11-30T09:00:00+07:00'), [
      async (d) => (d.code.startsWith('STP-') ? 'Lệ phí chưa được thanh toán (R11.3)' : null),
    ]);
    try {
      const tokens = Object.fromEntries(
        await Promise.all(['citizen', 'reception.stp', 'specialist.stp'].map(async (w) => [w, await guarded.login(`${w}@demo.egov.vn`)])),
      );
      const c = await submitJudicialRecord(guarded, tokens.citizen!);
      await guarded.gql(
        'mutation ($c: String!) { receiveDossier(code: $c, departmentCode: "LLTP") { dossier { status } } }',
        { c },
        tokens['reception.stp'],
      );
      await guarded.gql('mutation ($c: String!) { startProcessing(code: $c) { dossier { status } } }', { c }, tokens['specialist.stp']);
      await guarded.gql(
        'mutation ($c: String!) { completeProcessing(code: $c, input: { note: "Xong" }) { dossier { status } } }',
        { c },
        tokens['specialist.stp'],
      );
      const held = await guarded.gql('mutation ($c: String!) { deliverResult(code: $c) { dossier { status } } }', { c }, tokens.citizen);
      expect(held.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
      expect(held.errors?.[0]?.message).toBe('Lệ phí chưa được thanh toán (R11.3)');
      // Nor can the result be downloaded meanwhile.
      const view = await guarded.gql<{ dossier: { resultUrl: string | null } }>(
        'query ($c: String!) { dossier(code: $c) { resultUrl } }',
        { c },
        tokens.citizen,
      );
      expect(view.data!.dossier.resultUrl).toBeNull();
    } finally {
      await guarded.dispose();
    }
  });
});
