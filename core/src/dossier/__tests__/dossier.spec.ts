import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judicialRecordForm, judicialRecordInput, pdfFile } from '../../testing/dossier-scenario.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

const SUBMIT = /* GraphQL */ `
  mutation Submit($input: SubmitDossierInput!) {
    submitDossier(input: $input) {
      created
      dossier { code status submittedAt receptionDueAt service { code version } applicant { email } submittedBy { email }
        attachments { field name mediaType size sha256 } history { seq type status actor } }
    }
  }
`;
const DOSSIER = `query ($code: String!) { dossier(code: $code) { code status receivedAt processingDueAt overdue department { code } history { seq type status note } } }`;

type Submitted = {
  submitDossier: {
    created: boolean;
    dossier: {
      code: string;
      status: string;
      submittedAt: string;
      receptionDueAt: string;
      service: { code: string; version: string };
      applicant: { email: string };
      submittedBy: { email: string };
      attachments: { field: string; name: string; mediaType: string; size: number; sha256: string }[];
      history: { seq: number; type: string; status: string; actor: string }[];
    };
  };
};

const formData = judicialRecordForm;
const pdf = pdfFile;
const input = judicialRecordInput;

// Monday 1 December 2026, 10:00 in Đà Nẵng.
let now = new Date('2026-11-30T10:00:00+07:00');
let app: TestApp;
let citizen: string;
let reception: string;
beforeAll(async () => {
  // Long-lived tokens: these tests move the clock across days.
  app = await createTestApp({ tokenTtlSeconds: 30 * 24 * 3600 }, () => now);
  citizen = await app.login('citizen@demo.egov.vn');
  reception = await app.login('reception.stp@demo.egov.vn');
});
afterAll(() => app.dispose());

const filesStored = () => (existsSync(app.config.filesDir) ? readdirSync(app.config.filesDir, { recursive: true }).length : 0);

// Every row that submissions and moves write, as it is: a changed status or field shows too.
const snapshot = async () =>
  Promise.all([
    app.prisma.dossier.findMany({ orderBy: { code: 'asc' } }),
    app.prisma.dossierEvent.findMany({ orderBy: { id: 'asc' } }),
    app.prisma.attachment.findMany({ orderBy: { id: 'asc' } }),
    app.prisma.notification.findMany({ orderBy: { id: 'asc' } }),
    app.prisma.dossierCounter.findMany({ orderBy: { key: 'asc' } }),
    app.prisma.account.findMany({ orderBy: { id: 'asc' }, select: { id: true, identityVerifiedAt: true, updatedAt: true } }),
  ]);

describe('submitting a dossier', () => {
  let code: string;

  it('files a level-4 dossier with its upload, pinned to the live version, due at reception in 4 working hours', async () => {
    const { data, errors } = await app.upload<Submitted>(SUBMIT, { input: input() }, { 'input.attachments.0.file': pdf() }, citizen);
    expect(errors).toBeUndefined();
    const dossier = data!.submitDossier.dossier;
    code = dossier.code;
    expect(code).toBe('STP-261130-0001');
    expect(dossier).toMatchObject({
      status: 'SUBMITTED',
      submittedAt: '2026-11-30T03:00:00.000Z',
      receptionDueAt: '2026-11-30T09:00:00.000Z', // 16:00 local
      service: { code: 'DNG-STP-LLTP-01', version: '1.0.0' },
      applicant: { email: 'citizen@demo.egov.vn' },
      submittedBy: { email: 'citizen@demo.egov.vn' },
      history: [{ seq: 1, type: 'SUBMITTED', status: 'SUBMITTED', actor: 'Nguyễn Văn An' }],
    });
    expect(dossier.attachments).toEqual([
      {
        field: 'identityScan',
        name: 'cccd.pdf',
        mediaType: 'application/pdf',
        size: 2000,
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    ]);
    expect(data!.submitDossier.created).toBe(true);
  });

  it('gives the next code of the day to the next dossier', async () => {
    const { data } = await app.upload<Submitted>(SUBMIT, { input: input() }, { 'input.attachments.0.file': pdf() }, citizen);
    expect(data!.submitDossier.dossier.code).toBe('STP-261130-0002');
  });

  it('returns the same dossier for a repeated idempotency key, and refuses the key for another service', async () => {
    const first = await app.upload<Submitted>(
      SUBMIT,
      { input: input({ idempotencyKey: 'retry-1' }) },
      { 'input.attachments.0.file': pdf() },
      citizen,
    );
    const before = await snapshot();
    const again = await app.upload<Submitted>(
      SUBMIT,
      { input: input({ idempotencyKey: 'retry-1' }) },
      { 'input.attachments.0.file': pdf() },
      citizen,
    );
    expect(again.data!.submitDossier).toMatchObject({ created: false, dossier: { code: first.data!.submitDossier.dossier.code } });
    const other = await app.gql(SUBMIT, { input: { serviceCode: 'DNG-PTT-HT-KS-01', formData: {}, idempotencyKey: 'retry-1' } }, citizen);
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'idempotencyKey' });
    expect(await snapshot()).toEqual(before);
  });

  const refusals: [
    string,
    () => Promise<{ errors?: readonly { extensions?: Record<string, unknown>; message: string }[] }>,
    string,
    string,
  ][] = [
    [
      'wrong form data',
      () =>
        app.upload(
          SUBMIT,
          { input: input({ formData: { ...formData, nationalId: '123', copies: 99 } }) },
          { 'input.attachments.0.file': pdf() },
          citizen,
        ),
      'BAD_USER_INPUT',
      'formData.nationalId',
    ],
    [
      'a missing upload',
      () => app.gql(SUBMIT, { input: { serviceCode: 'DNG-STP-LLTP-01', formData } }, citizen),
      'BAD_USER_INPUT',
      'formData.identityScan',
    ],
    ['an unknown service', () => app.gql(SUBMIT, { input: { serviceCode: 'DNG-NOPE-01', formData } }, citizen), 'NOT_FOUND', ''],
    [
      'a level-2 service',
      () => app.gql(SUBMIT, { input: { serviceCode: 'DNG-PTT-HT-KH-01', formData: {} } }, citizen),
      'BAD_USER_INPUT',
      'input.serviceCode',
    ],
    [
      'an oversized upload',
      () => app.upload(SUBMIT, { input: input() }, { 'input.attachments.0.file': pdf('big.pdf', 6 * 1024 * 1024) }, citizen),
      'BAD_USER_INPUT',
      'formData.identityScan',
    ],
    [
      'a file that is not what it claims',
      () =>
        app.upload(
          SUBMIT,
          { input: input() },
          { 'input.attachments.0.file': new File(['MZ not a pdf'], 'x.pdf', { type: 'application/pdf' }) },
          citizen,
        ),
      'BAD_USER_INPUT',
      'formData.identityScan',
    ],
    [
      'an upload for a field that is not an attachment',
      () =>
        app.upload(
          SUBMIT,
          { input: input({ attachments: [{ field: 'fullName', file: null }] }) },
          { 'input.attachments.0.file': pdf() },
          citizen,
        ),
      'BAD_USER_INPUT',
      'formData.fullName',
    ],
    ['a staff account', () => app.upload(SUBMIT, { input: input() }, { 'input.attachments.0.file': pdf() }, reception), 'FORBIDDEN', ''],
    ['no token', () => app.upload(SUBMIT, { input: input() }, { 'input.attachments.0.file': pdf() }), 'UNAUTHENTICATED', ''],
    [
      'a file claimed in formData instead of uploaded',
      () =>
        app.gql(
          SUBMIT,
          {
            input: {
              serviceCode: 'DNG-STP-LLTP-01',
              formData: { ...formData, identityScan: { name: 'x.pdf', type: 'application/pdf', size: 1, sha256: 'deadbeef' } },
            },
          },
          citizen,
        ),
      'BAD_USER_INPUT',
      'formData.identityScan',
    ],
    [
      'wrong form data with a valid upload',
      () => app.upload(SUBMIT, { input: input({ formData: { ...formData, copies: 0 } }) }, { 'input.attachments.0.file': pdf() }, citizen),
      'BAD_USER_INPUT',
      'formData.copies',
    ],
    [
      'a citizen filing on behalf of someone',
      () =>
        app.upload(SUBMIT, { input: input({ onBehalfOf: 'organization@demo.egov.vn' }) }, { 'input.attachments.0.file': pdf() }, citizen),
      'FORBIDDEN',
      '',
    ],
  ];

  it.each(refusals)('refuses %s with %s and stores nothing', async (_name, send, code, field) => {
    const before = await snapshot();
    const stored = filesStored();
    const { errors } = await send();
    expect(errors?.[0]?.extensions?.code).toBe(code);
    if (field) expect((errors?.[0]?.extensions?.fields as { field: string }[]).map((f) => f.field)).toContain(field);
    expect(await snapshot()).toEqual(before);
    expect(filesStored()).toEqual(stored);
  });

  it('lets an agent file on behalf of a citizen, who then sees it too', async () => {
    const agent = await app.login('agent@demo.egov.vn');
    const { data, errors } = await app.upload<Submitted>(
      SUBMIT,
      { input: input({ onBehalfOf: '048090012345' }) },
      { 'input.attachments.0.file': pdf() },
      agent,
    );
    expect(errors).toBeUndefined();
    expect(data!.submitDossier.dossier).toMatchObject({
      applicant: { email: 'citizen@demo.egov.vn' },
      submittedBy: { email: 'agent@demo.egov.vn' },
    });
    const seen = await app.gql<{ dossier: { code: string } }>(DOSSIER, { code: data!.submitDossier.dossier.code }, citizen);
    expect(seen.data!.dossier.code).toBe(data!.submitDossier.dossier.code);
    const missing = await app.upload(SUBMIT, { input: input() }, { 'input.attachments.0.file': pdf() }, agent);
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.onBehalfOf' }] });
  });

  it("answers NOT_FOUND for another applicant's dossier and for other agencies' staff", async () => {
    const other = await app.login('organization@demo.egov.vn');
    for (const token of [other, await app.login('reception.hch@demo.egov.vn')]) {
      const { data, errors } = await app.gql(DOSSIER, { code }, token);
      expect(errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(data).toEqual({ dossier: null });
    }
    expect((await app.gql(DOSSIER, { code }, reception)).data).toMatchObject({ dossier: { code } });
  });

  it('lists my dossiers newest first', async () => {
    const { data } = await app.gql<{ myDossiers: { edges: { node: { code: string; submittedAt: string } }[] } }>(
      '{ myDossiers(first: 10) { edges { node { code submittedAt } } } }',
      undefined,
      citizen,
    );
    const listed = data!.myDossiers.edges.map((e) => e.node);
    expect(listed.length).toBeGreaterThan(3);
    const mine = await app.prisma.dossier.findMany({
      where: { OR: [{ applicant: { email: 'citizen@demo.egov.vn' } }, { submittedBy: { email: 'citizen@demo.egov.vn' } }] },
      orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }],
      take: 10,
    });
    expect(listed.map((d) => d.code)).toEqual(mine.map((d) => d.code));
  });

  it('refuses an agent reusing an idempotency key for another applicant with CONFLICT', async () => {
    const agent = await app.login('agent@demo.egov.vn');
    const first = await app.upload<Submitted>(
      SUBMIT,
      { input: input({ onBehalfOf: 'citizen@demo.egov.vn', idempotencyKey: 'agent-1' }) },
      { 'input.attachments.0.file': pdf() },
      agent,
    );
    expect(first.errors).toBeUndefined();
    const other = await app.upload(
      SUBMIT,
      { input: input({ onBehalfOf: 'organization@demo.egov.vn', idempotencyKey: 'agent-1' }) },
      { 'input.attachments.0.file': pdf() },
      agent,
    );
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'idempotencyKey' });
  });

  it("lets another applicant act on nobody's dossier: NOT_FOUND and nothing changes", async () => {
    const other = await app.login('organization@demo.egov.vn');
    const before = await snapshot();
    const withdraw = await app.gql('mutation ($code: String!) { withdrawDossier(code: $code) { dossier { status } } }', { code }, other);
    expect(withdraw.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an oversized request before reading it (413), and a body of unstated length (411)', async () => {
    const big = await app.yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(70 * 1024 * 1024),
        authorization: `Bearer ${citizen}`,
      },
      body: '--x--',
    });
    expect(big.status).toBe(413);
    const json = await app.yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(2 * 1024 * 1024) },
      body: '{}',
    });
    expect(json.status).toBe(413);
    const stream = new ReadableStream({
      start: (c) => {
        c.enqueue(new TextEncoder().encode('{"query":"{ agencies { code } }"}'));
        c.close();
      },
    });
    const unstated = await app.yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(unstated.status).toBe(411);
  });
});

describe('reception (Art. 9)', () => {
  let code: string;
  beforeAll(async () => {
    const { data } = await app.upload<Submitted>(SUBMIT, { input: input() }, { 'input.attachments.0.file': pdf() }, citizen);
    code = data!.submitDossier.dossier.code;
  });

  it('asks for a supplement with a reason, which the applicant sends; reception is due again in 4 working hours', async () => {
    now = new Date('2026-11-30T14:00:00+07:00');
    const asked = await app.gql<{ requestSupplement: { dossier: { status: string } } }>(
      'mutation ($code: String!) { requestSupplement(code: $code, reason: "Thiếu bản chụp mặt sau CCCD") { dossier { status } } }',
      { code },
      reception,
    );
    expect(asked.data!.requestSupplement.dossier.status).toBe('SUPPLEMENT_REQUESTED');
    const notice = await app.prisma.notification.findFirstOrThrow({ where: { dossier: { code } }, orderBy: { createdAt: 'desc' } });
    expect(notice.message).toContain('Thiếu bản chụp mặt sau CCCD');

    now = new Date('2026-11-30T16:30:00+07:00');
    const sent = await app.upload<{ submitSupplement: { dossier: { status: string; receptionDueAt: string } } }>(
      'mutation ($code: String!, $formData: JSON!, $attachments: [AttachmentInput!]) { submitSupplement(code: $code, formData: $formData, attachments: $attachments) { dossier { status receptionDueAt } } }',
      { code, formData, attachments: [{ field: 'identityScan', file: null }] },
      { 'attachments.0.file': pdf('cccd-2-mat.pdf', 3000) },
      citizen,
    );
    expect(sent.errors).toBeUndefined();
    // 30 minutes on Monday, 3.5 hours on Tuesday morning: Tuesday 11:00.
    expect(sent.data!.submitSupplement.dossier).toEqual({ status: 'SUBMITTED', receptionDueAt: '2026-12-01T04:00:00.000Z' });
  });

  it('refuses to receive a first-time account without recording the identity check (R11.1)', async () => {
    const registered = await app.gql<{ register: { token: string } }>(
      'mutation ($input: RegisterInput!) { register(input: $input) { token } }',
      {
        input: {
          kind: 'CITIZEN',
          fullName: 'Phan Văn Bình',
          nationalId: '048092000111',
          email: 'binh@example.vn',
          phone: '0905222333',
          password: 'Ba-Na-Hills-7',
        },
      },
    );
    const token = registered.data!.register.token;
    const { data } = await app.upload<Submitted>(SUBMIT, { input: input() }, { 'input.attachments.0.file': pdf() }, token);
    const fresh = data!.submitDossier.dossier.code;
    const refused = await app.gql(
      'mutation ($code: String!) { receiveDossier(code: $code, departmentCode: "LLTP") { dossier { status } } }',
      { code: fresh },
      reception,
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'identityVerificationNote' }] });
    const received = await app.gql<{ receiveDossier: { dossier: { status: string } } }>(
      'mutation ($code: String!) { receiveDossier(code: $code, departmentCode: "LLTP", identityVerificationNote: "Đối chiếu CCCD bản gốc 048092000111") { dossier { status } } }',
      { code: fresh },
      reception,
    );
    expect(received.data!.receiveDossier.dossier.status).toBe('RECEIVED');
    const account = await app.prisma.account.findUniqueOrThrow({ where: { email: 'binh@example.vn' } });
    expect(account.identityVerificationNote).toBe('Đối chiếu CCCD bản gốc 048092000111');
    expect(account.identityVerifiedAt).not.toBeNull();
  });

  it('receives the dossier, routes it and sets the processing deadline in working days (R9.1, R10.2)', async () => {
    now = new Date('2026-12-01T09:00:00+07:00');
    const { data, errors } = await app.gql<{
      receiveDossier: { dossier: { status: string; processingDueAt: string; department: { code: string } } };
    }>(
      'mutation ($code: String!) { receiveDossier(code: $code, departmentCode: "lltp") { dossier { status processingDueAt department { code } } } }',
      { code },
      reception,
    );
    expect(errors).toBeUndefined();
    // 10 working days after Tuesday 1 December 09:00: Tuesday 15 December 09:00.
    expect(data!.receiveDossier.dossier).toEqual({
      status: 'RECEIVED',
      processingDueAt: '2026-12-15T02:00:00.000Z',
      department: { code: 'LLTP' },
    });
    const notice = await app.prisma.notification.findFirstOrThrow({ where: { dossier: { code } }, orderBy: { createdAt: 'desc' } });
    expect(notice.message).toBe(`Hồ sơ ${code} đã được tiếp nhận; hạn trả kết quả: 2026-12-15 09:00.`);
    const history = await app.gql<{ dossier: { history: { type: string }[] } }>(DOSSIER, { code }, citizen);
    expect(history.data!.dossier.history.map((h) => h.type)).toEqual(['SUBMITTED', 'SUPPLEMENT_REQUESTED', 'SUPPLEMENTED', 'RECEIVED']);
  });

  it('refuses illegal moves with INVALID_TRANSITION and changes nothing', async () => {
    const before = await snapshot();
    const again = await app.gql(
      'mutation ($code: String!) { receiveDossier(code: $code, departmentCode: "LLTP") { dossier { status } } }',
      { code },
      reception,
    );
    expect(again.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
    const withdraw = await app.gql('mutation ($code: String!) { withdrawDossier(code: $code) { dossier { status } } }', { code }, citizen);
    expect(withdraw.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
    expect(await snapshot()).toEqual(before);
  });

  it('lets only the dossier agency reception act: another role of the agency is FORBIDDEN, another agency NOT_FOUND', async () => {
    const { data } = await app.upload<Submitted>(SUBMIT, { input: input() }, { 'input.attachments.0.file': pdf() }, citizen);
    const fresh = data!.submitDossier.dossier.code;
    const receive = 'mutation ($code: String!) { receiveDossier(code: $code, departmentCode: "LLTP") { dossier { status } } }';
    expect((await app.gql(receive, { code: fresh }, await app.login('specialist.stp@demo.egov.vn'))).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await app.gql(receive, { code: fresh }, await app.login('reception.hch@demo.egov.vn'))).errors?.[0]?.extensions?.code).toBe(
      'NOT_FOUND',
    );
    expect((await app.gql(receive, { code: fresh }, citizen)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lets the applicant withdraw before reception', async () => {
    const { data } = await app.upload<Submitted>(SUBMIT, { input: input() }, { 'input.attachments.0.file': pdf() }, citizen);
    const fresh = data!.submitDossier.dossier.code;
    const withdrawn = await app.gql<{ withdrawDossier: { dossier: { status: string } } }>(
      'mutation ($code: String!) { withdrawDossier(code: $code, reason: "Nộp nhầm") { dossier { status } } }',
      { code: fresh },
      citizen,
    );
    expect(withdrawn.data!.withdrawDossier.dossier.status).toBe('WITHDRAWN');
  });
});

describe('dossier codes under concurrency', () => {
  it('gives 50 simultaneous submissions to one agency 50 distinct, gap-free codes', async () => {
    now = new Date('2026-12-02T08:00:00+07:00');
    const results = await Promise.all(
      Array.from({ length: 50 }, () => app.upload<Submitted>(SUBMIT, { input: input() }, { 'input.attachments.0.file': pdf() }, citizen)),
    );
    expect(results.filter((r) => r.errors)).toEqual([]);
    const codes = results.map((r) => r.data!.submitDossier.dossier.code).sort();
    expect(codes).toEqual(Array.from({ length: 50 }, (_, i) => `STP-261202-${String(i + 1).padStart(4, '0')}`));
  });
});
