import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { IMPORT_LIMITS } from '../procedure-file.ts';

// R4.3: the registry of city-approved procedures through the API: public to read, kept by DoIC
// one by one or from a file, all rows of a file or none.

const now = new Date('2026-11-30T09:00:00+07:00');
const IMPORT = 'mutation ($file: File!) { importProcedures(file: $file) { created updated unchanged } }';
const PROCEDURE =
  'query ($code: String!) { procedure(code: $code) { code name field agency { code } decisionNumber decidedOn inForce withdrawnAt withdrawalReason } }';
const PROCEDURES =
  'query ($filter: ProcedureFilter, $first: Int, $after: String) { procedures(filter: $filter, first: $first, after: $after) { totalCount edges { node { code } } pageInfo { hasNextPage endCursor } } }';
const ADD = 'mutation ($input: ProcedureInput!) { addProcedure(input: $input) { code name agency { code } inForce } }';
const CHANGE = 'mutation ($input: ProcedureInput!) { changeProcedure(input: $input) { code name agency { code } } }';
const WITHDRAW =
  'mutation ($code: String!, $reason: String!, $on: DateTime) { withdrawProcedure(code: $code, reason: $reason, withdrawnOn: $on) { code inForce withdrawnAt } }';

const demoCodes = [
  'DNG-HCH-HKD-01',
  'DNG-PTT-HT-KH-01',
  'DNG-PTT-HT-KS-01',
  'DNG-PTT-HT-XNHN-01',
  'DNG-PTT-TEST-02',
  'DNG-STP-LLTP-01',
  'DNG-STR-XD-GPXD-01',
];
const csv = (...lines: string[]) => new File([`\uFEFF${lines.join('\r\n')}\r\n`], 'danh-muc-tthc.csv', { type: 'text/csv' });
const code = (r: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code;

type Procedure = {
  code: string;
  name: string;
  field: string;
  agency: { code: string };
  decisionNumber: string | null;
  decidedOn: string | null;
  inForce: boolean;
  withdrawnAt: string | null;
};

describe('the procedure registry', () => {
  let app: TestApp;
  const token: Record<string, string> = {};
  beforeAll(async () => {
    app = await createTestApp({ tokenTtlSeconds: 30 * 24 * 3600 }, () => now);
    for (const who of ['doic', 'admin.ptt', 'admin.stp', 'reception.ptt', 'specialist.stp', 'infocenter', 'citizen', 'agent'])
      token[who] = await app.login(`${who}@demo.egov.vn`);
  });
  afterAll(() => app.dispose());

  const importFile = (file: File, who = 'doic') =>
    app.upload<{ importProcedures: { created: number; updated: number; unchanged: number } }>(IMPORT, { file: null }, { file }, token[who]);
  const read = async (c: string) => (await app.gql<{ procedure: Procedure | null }>(PROCEDURE, { code: c })).data!.procedure;
  const list = async (variables: Record<string, unknown> = {}) =>
    (
      await app.gql<{
        procedures: { totalCount: number; edges: { node: { code: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
      }>(PROCEDURES, variables)
    ).data!.procedures;

  it('shows anyone, signed in or not, the demo procedures with their owners, searchable without diacritics and paged by code', async () => {
    const all = await list();
    expect(all.totalCount).toBe(demoCodes.length);
    expect(all.edges.map((e) => e.node.code)).toEqual(demoCodes);
    expect(await read('dng-ptt-ht-xnhn-01')).toMatchObject({
      code: 'DNG-PTT-HT-XNHN-01',
      name: 'Cấp Giấy xác nhận tình trạng hôn nhân',
      field: 'Hộ tịch',
      agency: { code: 'PTT' },
      inForce: true,
    });
    expect((await list({ filter: { search: 'tinh trang hon nhan' } })).edges.map((e) => e.node.code)).toEqual(['DNG-PTT-HT-XNHN-01']);
    expect((await list({ filter: { agencyCode: 'stp' } })).edges.map((e) => e.node.code)).toEqual(['DNG-STP-LLTP-01']);
    expect((await list({ filter: { field: 'ho tich' } })).totalCount).toBe(4);
    const first = await list({ first: 3 });
    const next = await list({ first: 3, after: first.pageInfo.endCursor });
    expect([...first.edges, ...next.edges].map((e) => e.node.code)).toEqual(demoCodes.slice(0, 6));
    expect(await read('DNG-NOPE-01')).toBeNull();
  });

  it('reads a page of procedures with their agencies in as many statements for 2 rows as for all', async () => {
    const statements = async (first: number) => {
      app.resetQueries();
      const page = await app.gql<{ procedures: { edges: unknown[] } }>(
        'query ($first: Int) { procedures(first: $first) { totalCount edges { node { code agency { code name } } } } }',
        { first },
      );
      expect(page.data!.procedures.edges).toHaveLength(Math.min(first, demoCodes.length));
      return app.queries.filter((q) => /^\s*SELECT/i.test(q));
    };
    const all = await statements(50);
    expect(all).toHaveLength(3); // the page, its agencies (one statement for all), the count
    expect(await statements(2)).toHaveLength(all.length);
  });

  it('imports a CSV file for DoIC: Vietnamese text kept as written, new codes added, listed ones changed, the rest left alone', async () => {
    const file = csv(
      'code,name,agencyCode,field,decisionNumber,decidedOn',
      'DNG-STP-CTT-01,"Chứng thực bản sao từ bản chính, giấy tờ, văn bản",STP,Chứng thực,1234/QĐ-UBND,15/03/2024',
      'DNG-HCH-HKD-02,Đăng ký thay đổi nội dung đăng ký hộ kinh doanh,HCH,Thành lập và hoạt động của hộ kinh doanh,,',
      'DNG-STP-LLTP-01,Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam,STP,Lý lịch tư pháp,1234/QĐ-UBND,2024-03-15',
    );
    const imported = await importFile(file);
    expect(imported).toEqual({ data: { importProcedures: { created: 2, updated: 1, unchanged: 0 } } });
    expect(await read('DNG-STP-CTT-01')).toEqual({
      code: 'DNG-STP-CTT-01',
      name: 'Chứng thực bản sao từ bản chính, giấy tờ, văn bản',
      field: 'Chứng thực',
      agency: { code: 'STP' },
      decisionNumber: '1234/QĐ-UBND',
      decidedOn: '2024-03-14T17:00:00.000Z', // 15 March 2024, 00:00 in Đà Nẵng
      inForce: true,
      withdrawnAt: null,
      withdrawalReason: null,
    });
    expect(await read('DNG-STP-LLTP-01')).toMatchObject({ decisionNumber: '1234/QĐ-UBND', agency: { code: 'STP' } });
    expect((await list()).totalCount).toBe(demoCodes.length + 2);
    // The same file again changes nothing.
    expect((await importFile(file)).data!.importProcedures).toEqual({ created: 0, updated: 0, unchanged: 3 });
  });

  it('refuses a file with bad rows as a whole, naming the row and field of each problem, and writes nothing', async () => {
    const before = await app.prisma.procedure.findMany({ orderBy: { code: 'asc' } });
    const refused = await importFile(
      csv(
        'code,name,agencyCode,field',
        'DNG-STP-CTT-09,Chứng thực chữ ký,STP,Chứng thực',
        'DNG-XYZ-01,Thủ tục của cơ quan không có,XYZ,Khác',
        'DNG-STP-CTT-09,Chứng thực chữ ký lần nữa,STP,Chứng thực',
        'DNG STP,,STP,Chứng thực',
        'DNG-STP-LLTP-01,Cấp Phiếu lý lịch tư pháp,HCH,Lý lịch tư pháp',
      ),
    );
    expect(refused.errors![0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [
        { row: 3, field: 'agencyCode', message: 'no agency XYZ' },
        { row: 4, field: 'code', message: 'DNG-STP-CTT-09 is also on row 2' },
        { row: 5, field: 'code', message: 'must be 3-40 upper-case letters, digits, dots or dashes' },
        { row: 5, field: 'name', message: 'must not be empty' },
        {
          row: 6,
          field: 'agencyCode',
          message: 'DNG-STP-LLTP-01 has a live service of STP; its owner changes once that service is retired or the request finished',
        },
      ],
    });
    expect(refused.errors![0]!.message).toContain(
      'Nothing was imported from danh-muc-tthc.csv: row 3, agencyCode: no agency XYZ; row 4, code: DNG-STP-CTT-09 is also on row 2;',
    );
    expect(await app.prisma.procedure.findMany({ orderBy: { code: 'asc' } })).toEqual(before);
  });

  it('imports JSON too, and refuses what is neither, or too big, before reading it', async () => {
    const json = new File(
      [
        JSON.stringify([
          {
            code: 'DNG-STR-XD-GPXD-02',
            name: 'Cấp giấy phép sửa chữa, cải tạo công trình',
            agencyCode: 'STR',
            field: 'Hoạt động xây dựng',
          },
        ]),
      ],
      'procedures.json',
    );
    expect((await importFile(json)).data!.importProcedures).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect((await read('DNG-STR-XD-GPXD-02'))!.name).toBe('Cấp giấy phép sửa chữa, cải tạo công trình');
    const xlsx = await importFile(new File(['PK'], 'procedures.xlsx'));
    expect(xlsx.errors![0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'file', message: 'must be a .csv or a .json file' }],
    });
    const big = await importFile(new File([new Uint8Array(2 * 1024 * 1024 + 1)], 'big.csv'));
    expect(big.errors![0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'file', message: 'is larger than 2097152 bytes' }],
    });
  });

  it('keeps the registry’s changes to DoIC: every other role is refused and nothing changes', async () => {
    const before = await app.prisma.procedure.findMany({ orderBy: { code: 'asc' } });
    const input = { code: 'DNG-PTT-HT-CMR-01', name: 'Đăng ký nhận cha, mẹ, con', agencyCode: 'PTT', field: 'Hộ tịch' };
    for (const who of ['admin.ptt', 'admin.stp', 'reception.ptt', 'specialist.stp', 'infocenter', 'citizen', 'agent']) {
      expect(
        code(await importFile(csv('code,name,agencyCode,field', 'DNG-PTT-HT-CMR-01,Đăng ký nhận cha mẹ con,PTT,Hộ tịch'), who)),
        who,
      ).toBe('FORBIDDEN');
      expect(code(await app.gql(ADD, { input }, token[who])), who).toBe('FORBIDDEN');
      expect(code(await app.gql(CHANGE, { input: { ...input, code: 'DNG-PTT-HT-KS-01' } }, token[who])), who).toBe('FORBIDDEN');
      expect(code(await app.gql(WITHDRAW, { code: 'DNG-PTT-HT-KS-01', reason: 'x' }, token[who])), who).toBe('FORBIDDEN');
    }
    expect(code(await app.gql(ADD, { input }))).toBe('UNAUTHENTICATED');
    expect(await app.prisma.procedure.findMany({ orderBy: { code: 'asc' } })).toEqual(before);
  });

  it('adds and changes one procedure for DoIC, with BAD_USER_INPUT on the bad field, CONFLICT for a code taken, NOT_FOUND for one missing', async () => {
    const input = { code: ' dng-ptt-ht-cmr-01 ', name: ' Đăng ký nhận cha, mẹ, con ', agencyCode: 'ptt', field: 'Hộ tịch' };
    expect((await app.gql(ADD, { input }, token.doic)).data).toEqual({
      addProcedure: { code: 'DNG-PTT-HT-CMR-01', name: 'Đăng ký nhận cha, mẹ, con', agency: { code: 'PTT' }, inForce: true },
    });
    expect((await app.gql(ADD, { input }, token.doic)).errors![0]!.extensions).toEqual({ code: 'CONFLICT', field: 'input.code' });
    const bad = await app.gql(ADD, { input: { ...input, code: 'DNG PTT', name: '' } }, token.doic);
    expect(bad.errors![0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [
        { field: 'input.code', message: 'must be 3-40 upper-case letters, digits, dots or dashes' },
        { field: 'input.name', message: 'must not be empty' },
      ],
    });
    const noAgency = await app.gql(ADD, { input: { ...input, code: 'DNG-XYZ-02', agencyCode: 'XYZ' } }, token.doic);
    expect(noAgency.errors![0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.agencyCode', message: 'no agency XYZ' }],
    });
    expect((await app.gql(CHANGE, { input: { ...input, code: 'DNG-PTT-HT-NOPE' } }, token.doic)).errors![0]!.extensions).toEqual({
      code: 'NOT_FOUND',
      field: 'input.code',
    });
    const moved = await app.gql(
      CHANGE,
      { input: { ...input, name: 'Đăng ký nhận cha, mẹ, con (có yếu tố nước ngoài)', agencyCode: 'HCH' } },
      token.doic,
    );
    expect(moved.data).toEqual({
      changeProcedure: { code: 'DNG-PTT-HT-CMR-01', name: 'Đăng ký nhận cha, mẹ, con (có yếu tố nước ngoài)', agency: { code: 'HCH' } },
    });
  });

  it('refuses to give a procedure with a live service to another agency', async () => {
    const input = { code: 'DNG-PTT-HT-KS-01', name: 'Đăng ký khai sinh', agencyCode: 'HCH', field: 'Hộ tịch' };
    const refused = await app.gql(CHANGE, { input }, token.doic);
    expect(refused.errors![0]).toMatchObject({
      message: 'DNG-PTT-HT-KS-01 has a live service of PTT; its owner changes once that service is retired or the request finished',
      extensions: { code: 'CONFLICT', field: 'input.agencyCode' },
    });
    expect((await read('DNG-PTT-HT-KS-01'))!.agency.code).toBe('PTT');
  });

  it('withdraws a procedure for DoIC: kept for history, out of the list unless asked for, and not changed any more', async () => {
    const withdrawn = await app.gql(
      WITHDRAW,
      { code: 'DNG-PTT-HT-CMR-01', reason: 'Bãi bỏ theo Quyết định 999/QĐ-UBND', on: '2026-11-20T00:00:00+07:00' },
      token.doic,
    );
    expect(withdrawn.data).toEqual({
      withdrawProcedure: { code: 'DNG-PTT-HT-CMR-01', inForce: false, withdrawnAt: '2026-11-19T17:00:00.000Z' },
    });
    expect((await list({ filter: { search: 'nhan cha me con' } })).totalCount).toBe(0);
    expect((await list({ filter: { search: 'nhan cha me con', includeWithdrawn: true } })).edges.map((e) => e.node.code)).toEqual([
      'DNG-PTT-HT-CMR-01',
    ]);
    expect(await read('DNG-PTT-HT-CMR-01')).toMatchObject({ inForce: false, withdrawalReason: 'Bãi bỏ theo Quyết định 999/QĐ-UBND' });
    expect(code(await app.gql(WITHDRAW, { code: 'DNG-PTT-HT-CMR-01', reason: 'again' }, token.doic))).toBe('INVALID_TRANSITION');
    expect(code(await app.gql(WITHDRAW, { code: 'DNG-NOPE-01', reason: 'x' }, token.doic))).toBe('NOT_FOUND');
    expect(
      (await app.gql(WITHDRAW, { code: 'DNG-PTT-HT-KS-01', reason: 'x', on: '2026-12-30T00:00:00+07:00' }, token.doic)).errors![0]!
        .extensions,
    ).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'withdrawnOn', message: 'is in the future' }] });
    const change = await app.gql(
      CHANGE,
      { input: { code: 'DNG-PTT-HT-CMR-01', name: 'x', agencyCode: 'HCH', field: 'Hộ tịch' } },
      token.doic,
    );
    expect(change.errors![0]!.extensions).toEqual({ code: 'CONFLICT', field: 'input.code' });
    const reimport = await importFile(csv('code,name,agencyCode,field', 'DNG-PTT-HT-CMR-01,Đăng ký nhận cha mẹ con,HCH,Hộ tịch'));
    expect(reimport.errors![0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ row: 2, field: 'code', message: 'DNG-PTT-HT-CMR-01 was withdrawn on 2026-11-20; a withdrawn procedure stays as it was' }],
    });
  });

  it('imports as many procedures as a file may hold, in one go', async () => {
    const rows = Array.from(
      { length: IMPORT_LIMITS.maxRows },
      (_, i) => `DNG-HCH-T-${String(i).padStart(4, '0')},Thủ tục số ${i} của quận Hải Châu,HCH,Khác`,
    );
    const before = (await list()).totalCount;
    expect((await importFile(csv('code,name,agencyCode,field', ...rows))).data!.importProcedures).toEqual({
      created: IMPORT_LIMITS.maxRows,
      updated: 0,
      unchanged: 0,
    });
    expect((await list()).totalCount).toBe(before + IMPORT_LIMITS.maxRows);
  }, 60_000);
});
