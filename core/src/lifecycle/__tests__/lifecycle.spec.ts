import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dossiers } from '../../dossier/dossier-lifecycle.ts';
import { submitJudicialRecord } from '../../testing/dossier-scenario.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import type { Ports } from '../lifecycle.ts';

// The engine against a real database: concurrent acts on one row have one winner, and the
// winner's event is stored, published once and in order.

let app: TestApp;
let citizen: string;
let reception: string;

const portsOf = async (token: string): Promise<Ports> => ({
  prisma: app.prisma,
  clock: app.clock,
  events: app.events,
  viewer: await app.authenticate(`Bearer ${token}`),
});
const code = (result: PromiseSettledResult<unknown>) =>
  result.status === 'rejected' ? (result.reason as { extensions?: { code?: string } }).extensions?.code : 'ok';

beforeAll(async () => {
  app = await createTestApp();
  citizen = await app.login('citizen@demo.egov.vn');
  reception = await app.login('reception.stp@demo.egov.vn');
});
afterAll(() => app.dispose());

describe('the lifecycle engine on a real database', () => {
  it('lets one of ten concurrent acts on the same row win; the others change nothing', async () => {
    const dossierCode = await submitJudicialRecord(app, citizen);
    const ctx = await portsOf(reception);
    const row = await dossiers.load(ctx, 'requestSupplement', dossierCode);
    const published: number[] = [];
    const live = app.events.subscribe('dossier', dossierCode);
    const listening = (async () => {
      for await (const event of live) published.push(event.seq);
    })();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => dossiers.act(ctx, row, i % 2 ? 'requestSupplement' : 'reject', { note: `attempt ${i}` })),
    );
    await new Promise((r) => setTimeout(r, 50));
    await live.return?.();
    await listening;
    expect(results.map(code).filter((c) => c === 'ok')).toHaveLength(1);
    expect(results.map(code).filter((c) => c !== 'ok')).toEqual(Array(9).fill('INVALID_TRANSITION'));
    const events = await app.prisma.dossierEvent.findMany({ where: { dossier: { code: dossierCode } }, orderBy: { seq: 'asc' } });
    expect(events.map((e) => e.seq)).toEqual([1, 2]);
    expect(published).toEqual([2]);
    const stored = await app.prisma.dossier.findUniqueOrThrow({ where: { code: dossierCode } });
    expect(stored.eventCount).toBe(2);
    expect(stored.status).toBe(events[1]!.status);
  });

  it('refuses an act whose row is stale, even from a status the table allows', async () => {
    const dossierCode = await submitJudicialRecord(app, citizen);
    const ctx = await portsOf(reception);
    const row = await dossiers.load(ctx, 'requestSupplement', dossierCode);
    await dossiers.act(ctx, row, 'verifyIdentity', { note: 'CCCD checked' });
    await expect(dossiers.act(ctx, row, 'requestSupplement', { note: 'late' })).rejects.toMatchObject({
      extensions: { code: 'INVALID_TRANSITION' },
    });
    expect((await app.prisma.dossier.findUniqueOrThrow({ where: { code: dossierCode } })).status).toBe('SUBMITTED');
  });

  it('reads the row once for a field: its auth scope hands it to the resolver', async () => {
    const dossierCode = await submitJudicialRecord(app, citizen);
    app.resetQueries();
    const result = await app.gql(
      'mutation ($c: String!) { withdrawDossier(code: $c) { dossier { status } } }',
      { c: dossierCode },
      citizen,
    );
    expect(result.data).toEqual({ withdrawDossier: { dossier: { status: 'WITHDRAWN' } } });
    const beforeUpdate = app.queries.slice(
      0,
      app.queries.findIndex((q) => q.startsWith('UPDATE')),
    );
    expect(beforeUpdate.filter((q) => /^SELECT .* FROM [`"]?\w+[`"]?\.[`"]Dossier[`"] WHERE/.test(q))).toHaveLength(1);
  });

  it('does not let the API take a platform action, nor a viewer act for another agency', async () => {
    const dossierCode = await submitJudicialRecord(app, citizen);
    const ctx = await portsOf(reception);
    const row = await dossiers.visible(ctx, dossierCode);
    await expect(dossiers.act(ctx, row, 'flagOverdue')).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    const elsewhere = await portsOf(await app.login('reception.hch@demo.egov.vn'));
    await expect(dossiers.load(elsewhere, 'receive', dossierCode)).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect(await app.prisma.dossierEvent.count({ where: { dossier: { code: dossierCode } } })).toBe(1);
  });
});

describe('the lifecycle engine on integration requests', () => {
  it('lets one of ten concurrent acts win, through the API', async () => {
    // (An app of its own: retiring the service takes it from the catalog.)
    const own = await createTestApp();
    try {
      const admin = await own.login('admin.stp@demo.egov.vn');
      const doic = await own.login('doic@demo.egov.vn');
      const filed = await own.gql<{ fileIntegrationRequest: { request: { id: string } } }>(
        'mutation ($input: IntegrationRequestInput!) { fileIntegrationRequest(input: $input) { request { id } } }',
        { input: { kind: 'CANCEL', serviceCode: 'DNG-STP-LLTP-01', reason: 'Thủ tục được thay thế' } },
        admin,
      );
      expect(filed.errors).toBeUndefined();
      const id = filed.data!.fileIntegrationRequest.request.id;
      const answers = await Promise.all(
        Array.from({ length: 10 }, () =>
          own.gql('mutation ($id: ID!) { retireService(requestId: $id) { request { status } } }', { id }, doic),
        ),
      );
      const outcomes = answers.map((a) => a.errors?.[0]?.extensions?.code ?? 'ok');
      expect(outcomes.filter((c) => c === 'ok')).toHaveLength(1);
      expect(outcomes.filter((c) => c !== 'ok')).toEqual(Array(9).fill('INVALID_TRANSITION'));
      const events = await own.prisma.integrationEvent.findMany({ where: { requestId: id }, orderBy: { seq: 'asc' } });
      expect(events.map((e) => [e.seq, e.type])).toEqual([
        [1, 'FILED'],
        [2, 'RETIRED'],
      ]);
    } finally {
      await own.dispose();
    }
  });
});
