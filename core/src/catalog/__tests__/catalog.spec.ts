import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { installPluginVersion } from '../install.ts';
import { assembleArtifact, buildPluginPackage, type BuiltPackage } from '../../plugin-artifact/build.ts';

type Page = {
  services: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: { code: string; level: number; agency: { code: string }; fees: { inPerson: number; online: number | null }[] } }[];
  };
};

const SERVICES = /* GraphQL */ `
  query Services($filter: ServiceFilter, $first: Int, $after: String) {
    services(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { code level agency { code } fees { inPerson online } } }
    }
  }
`;

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.dispose());

const codes = (page: Page) => page.services.edges.map((e) => e.node.code);

describe('the public catalog', () => {
  it('lists the five example services to an anonymous caller, by procedure code', async () => {
    const { data, errors } = await app.gql<Page>(SERVICES);
    expect(errors).toBeUndefined();
    expect(codes(data!)).toEqual(['DNG-HCH-HKD-01', 'DNG-PTT-HT-KH-01', 'DNG-PTT-HT-KS-01', 'DNG-STP-LLTP-01', 'DNG-STR-XD-GPXD-01']);
    expect(data!.services.totalCount).toBe(5);
    expect(new Set(data!.services.edges.map((e) => e.node.level))).toEqual(new Set([2, 3, 4]));
  });

  it('finds the judicial-record service when searched without diacritics', async () => {
    const { data } = await app.gql<Page>(SERVICES, { filter: { search: 'ly lich tu phap' } });
    expect(codes(data!)).toEqual(['DNG-STP-LLTP-01']);
  });

  it('matches with diacritics, in any case, and by agency name', async () => {
    expect(codes((await app.gql<Page>(SERVICES, { filter: { search: 'KHAI SINH' } })).data!)).toEqual(['DNG-PTT-HT-KS-01']);
    expect(codes((await app.gql<Page>(SERVICES, { filter: { search: 'giấy phép xây dựng' } })).data!)).toEqual(['DNG-STR-XD-GPXD-01']);
    expect(codes((await app.gql<Page>(SERVICES, { filter: { search: 'thach thang' } })).data!)).toEqual([
      'DNG-PTT-HT-KH-01',
      'DNG-PTT-HT-KS-01',
    ]);
    expect(codes((await app.gql<Page>(SERVICES, { filter: { search: 'khong co dich vu nay' } })).data!)).toEqual([]);
  });

  it('filters by level, agency and field', async () => {
    expect(codes((await app.gql<Page>(SERVICES, { filter: { level: 4 } })).data!)).toEqual(['DNG-PTT-HT-KS-01', 'DNG-STP-LLTP-01']);
    expect(codes((await app.gql<Page>(SERVICES, { filter: { agencyCode: 'ptt' } })).data!)).toEqual([
      'DNG-PTT-HT-KH-01',
      'DNG-PTT-HT-KS-01',
    ]);
    expect(codes((await app.gql<Page>(SERVICES, { filter: { field: 'ho tich', level: 2 } })).data!)).toEqual(['DNG-PTT-HT-KH-01']);
  });

  it('refuses a level outside 1-4 with BAD_USER_INPUT', async () => {
    const { errors } = await app.gql(SERVICES, { filter: { level: 7 } });
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.message).toContain('level must be 1 to 4');
  });

  it('pages with cursors without gaps or repeats', async () => {
    const first = (await app.gql<Page>(SERVICES, { first: 2 })).data!;
    expect(first.services.pageInfo.hasNextPage).toBe(true);
    const second = (await app.gql<Page>(SERVICES, { first: 2, after: first.services.pageInfo.endCursor })).data!;
    const third = (await app.gql<Page>(SERVICES, { first: 2, after: second.services.pageInfo.endCursor })).data!;
    expect(third.services.pageInfo.hasNextPage).toBe(false);
    expect([...codes(first), ...codes(second), ...codes(third)]).toEqual(codes((await app.gql<Page>(SERVICES)).data!));
  });

  it('shows a level-2 service its downloadable forms and no e-form, a level-4 service its e-form', async () => {
    const query = `query ($code: String!) { service(code: $code) {
      level onlineMode url forms { code title url } form { title sections { key fields { key type required } } }
      documents { name originals copies } processingDays subjects legalBasis requirements steps methods result { name }
    } }`;
    const marriage = (
      await app.gql<{ service: Record<string, unknown> & { forms: { url: string }[] } }>(query, { code: 'DNG-PTT-HT-KH-01' })
    ).data!.service;
    expect(marriage).toMatchObject({ level: 2, onlineMode: null, form: null, url: 'http://localhost:0/services/DNG-PTT-HT-KH-01' });
    expect(marriage.forms).toEqual([
      { code: 'TK-KH', title: 'Tờ khai đăng ký kết hôn', url: 'http://localhost:0/services/DNG-PTT-HT-KH-01/forms/TK-KH' },
    ]);
    const download = await app.yoga.fetch('http://test/services/DNG-PTT-HT-KH-01/forms/TK-KH');
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await download.text()).toContain('TỜ KHAI ĐĂNG KÝ KẾT HÔN');

    const record = (
      await app.gql<{ service: { level: number; onlineMode: string; form: { sections: { fields: { key: string }[] }[] } } }>(query, {
        code: 'DNG-STP-LLTP-01',
      })
    ).data!.service;
    expect(record.level).toBe(4);
    expect(record.onlineMode).toBe('FULL');
    expect(record.form.sections.flatMap((s) => s.fields.map((f) => f.key))).toContain('nationalId');
  });

  it('finds a service and an agency by code in any case', async () => {
    const { data } = await app.gql('{ agency(code: "stp") { code } service(code: " dng-stp-lltp-01 ") { code level form { title } } }');
    expect(data).toEqual({
      agency: { code: 'STP' },
      service: { code: 'DNG-STP-LLTP-01', level: 4, form: { title: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp' } },
    });
  });

  it('shows a level-3 service its e-form and its forms to download', async () => {
    const { data } = await app.gql<{
      service: { level: number; onlineMode: string; forms: unknown[]; form: { sections: { key: string }[] } };
    }>('{ service(code: "DNG-HCH-HKD-01") { level onlineMode forms { code } form { sections { key } } } }');
    expect(data!.service).toEqual({
      level: 3,
      onlineMode: 'PARTIAL',
      forms: [{ code: 'Phụ lục III-1' }],
      form: { sections: [{ key: 'business' }, { key: 'owner' }] },
    });
  });

  it('answers a malformed page address with 400, not a crash', async () => {
    expect((await app.yoga.fetch('http://test/services/%E0%A4%A')).status).toBe(400);
    expect((await app.yoga.fetch('http://test/services/DNG-PTT-HT-KH-01/forms/%E0%A4%A')).status).toBe(400);
  });

  it('answers null for an unknown service code and 404 on its page', async () => {
    expect((await app.gql(`{ service(code: "NOPE-01") { code } }`)).data).toEqual({ service: null });
    expect((await app.yoga.fetch('http://test/services/NOPE-01')).status).toBe(404);
  });

  it('serves a public page for each service link (R12.1)', async () => {
    const page = await app.yoga.fetch('http://test/services/DNG-STP-LLTP-01');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam');
    const json = await app.yoga.fetch('http://test/services/DNG-STP-LLTP-01', { headers: { accept: 'application/json' } });
    expect(await json.json()).toMatchObject({ code: 'DNG-STP-LLTP-01', level: 4 });
  });

  it('lists agencies publicly with their live services', async () => {
    const { data } = await app.gql<{ agencies: { code: string; services: { code: string }[] }[] }>(
      '{ agencies { code services { code } } }',
    );
    expect(data!.agencies.map((a) => a.code)).toEqual(['HCH', 'PTT', 'STP', 'STR', 'STTTT']);
    expect(data!.agencies.find((a) => a.code === 'PTT')!.services.map((s) => s.code)).toEqual(['DNG-PTT-HT-KH-01', 'DNG-PTT-HT-KS-01']);
  });
});

describe('an internal failure', () => {
  it('is masked, names no internals, and leaves the server answering', async () => {
    const plugin = await app.prisma.servicePlugin.findFirstOrThrow({ where: { code: 'DNG-STP-LLTP-01' } });
    const live = await app.prisma.pluginVersion.findFirstOrThrow({ where: { pluginId: plugin.id, status: 'LIVE' } });
    const { id: _id, createdAt: _c, pluginId: _p, ...columns } = live;
    const broken = await app.prisma.servicePlugin.create({ data: { code: 'BROKEN-01', packageName: 'broken', agencyId: plugin.agencyId } });
    await app.prisma.pluginVersion.create({
      data: {
        ...columns,
        pluginId: broken.id,
        liveKey: broken.id,
        version: '9.9.9',
        code: 'BROKEN-01',
        status: 'LIVE',
        manifest: '{broken',
      },
    });
    try {
      const { data, errors } = await app.gql('{ service(code: "BROKEN-01") { code summary } }');
      expect(data).toEqual({ service: { code: 'BROKEN-01', summary: null } });
      expect(errors).toEqual([
        expect.objectContaining({
          message: 'Unexpected error.',
          path: ['service', 'summary'],
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        }),
      ]);
      expect(JSON.stringify(errors)).not.toMatch(/JSON|stack|SyntaxError/);
      expect((await app.gql('{ service(code: "DNG-STP-LLTP-01") { code } }')).data).toEqual({ service: { code: 'DNG-STP-LLTP-01' } });
    } finally {
      await app.prisma.pluginVersion.deleteMany({ where: { code: 'BROKEN-01' } });
      await app.prisma.servicePlugin.delete({ where: { id: broken.id } });
    }
  });
});

describe('query limits', () => {
  it('refuses a query whose estimated cost is too high, before touching the database', async () => {
    app.resetQueries();
    const { data, errors } = await app.gql(
      '{ services(first: 100) { edges { node { agency { services { agency { services { fees { name } } } } } } } } }',
    );
    expect(data).toBeNull();
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.message).toMatch(/exceeds maximum complexity/);
    expect(app.queries).toEqual([]);
  });

  it('refuses a query nested too deeply', async () => {
    const nested = 'agency { services { '.repeat(6) + 'code' + ' } }'.repeat(6);
    const { errors } = await app.gql(`{ agencies { services { ${nested} } } }`);
    expect(errors?.[0]?.message).toMatch(/depth/);
  });
});

/** The package's artifact as another service (its manifest under another code). */
const variant = (source: BuiltPackage, code: string) => ({
  sourcePath: source.sourcePath,
  artifact: assembleArtifact({
    manifest: { ...source.manifest, code },
    packageName: source.packageName,
    packageDigest: source.packageDigest,
    hooks: null,
    files: new Map(),
  }),
});

describe('catalog cost', () => {
  const page = `query ($first: Int) { services(first: $first) { totalCount edges { node { code title summary agency { code name } fees { name inPerson online } form { title } documents { name } } } } }`;

  beforeAll(async () => {
    // 60 more live services, so that a page of 50 is really 50 rows.
    const source = await buildPluginPackage(app.config.pluginRoot, 'plugins/judicial-record');
    await app.prisma.$transaction(async (tx) => {
      for (let i = 0; i < 60; i++)
        await installPluginVersion(tx, variant(source, `DNG-STP-TEST-${String(i).padStart(2, '0')}`), { live: true, now: new Date() });
    });
  });

  it('uses the same number of SQL statements for a page of 1 and a page of 50, with agencies and fees', async () => {
    await app.gql(page, { first: 50 }); // the registry reads the 60 new versions' manifests once
    app.resetQueries();
    const one = await app.gql<{ services: { totalCount: number; edges: unknown[] } }>(page, { first: 1 });
    const forOne = app.queries.length;
    app.resetQueries();
    const fifty = await app.gql<{ services: { totalCount: number; edges: { node: { fees: unknown[] } }[] } }>(page, { first: 50 });
    const forFifty = app.queries.length;
    expect(one.data!.services.edges).toHaveLength(1);
    expect(fifty.data!.services.edges).toHaveLength(50);
    expect(fifty.data!.services.totalCount).toBe(65);
    expect(fifty.data!.services.edges.every((e) => e.node.fees.length > 0)).toBe(true);
    expect(forOne).toBeGreaterThan(0);
    expect(forFifty).toBe(forOne);
    expect(forFifty).toBeLessThanOrEqual(4);
  });

  it('reads the manifests of versions it has not seen in one statement, once', async () => {
    const fresh = await createTestApp();
    try {
      const source = await buildPluginPackage(fresh.config.pluginRoot, 'plugins/judicial-record');
      await fresh.prisma.$transaction(async (tx) => {
        for (let i = 0; i < 20; i++) await installPluginVersion(tx, variant(source, `DNG-STP-NEW-${i}`), { live: true, now: new Date() });
      });
      fresh.resetQueries();
      await fresh.gql(page, { first: 1 });
      const baseline = fresh.queries.length;
      fresh.resetQueries();
      await fresh.gql(page, { first: 25 });
      expect(fresh.queries.length).toBe(baseline + 1);
    } finally {
      await fresh.dispose();
    }
  });

  it('neither selects nor parses a manifest to answer requests', async () => {
    await app.gql(page, { first: 50 }); // the 60 new versions are read once
    const parses = app.registry.manifestParses;
    app.resetQueries();
    for (let i = 0; i < 3; i++) await app.gql(page, { first: 50 });
    expect(app.registry.manifestParses).toBe(parses);
    expect(app.queries.join('\n')).not.toContain('manifest');
  });
});
