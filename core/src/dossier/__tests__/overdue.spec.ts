import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitJudicialRecord } from '../../testing/dossier-scenario.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { testOnPostgres } from '../../testing/test-database.ts';
import { startOverdueScheduler } from '../../lifecycle/overdue-scheduler.ts';
import { dossiers } from '../dossier-lifecycle.ts';

const sweepOverdue = (app: TestApp) => dossiers.sweepOverdue(app);

let now = new Date('2026-11-30T10:00:00+07:00');
const clock = () => now;
const long = { tokenTtlSeconds: 30 * 24 * 3600 };

const submit = submitJudicialRecord;

const events = (app: TestApp, code: string) =>
  app.prisma.dossierEvent.findMany({ where: { dossier: { code } }, orderBy: { seq: 'asc' }, select: { type: true, note: true } });

describe('the overdue sweep', () => {
  let app: TestApp;
  let citizen: string;
  beforeAll(async () => {
    app = await createTestApp(long, clock);
    citizen = await app.login('citizen@demo.egov.vn');
  });
  afterAll(() => app.dispose());

  it('flags a dossier reception has not checked within 4 working hours, once', async () => {
    now = new Date('2026-11-30T10:00:00+07:00');
    const code = await submit(app, citizen);
    now = new Date('2026-11-30T15:59:00+07:00');
    expect(await sweepOverdue(app)).toEqual([]);
    now = new Date('2026-11-30T16:01:00+07:00');
    expect(await sweepOverdue(app)).toEqual([code]);
    expect(await sweepOverdue(app)).toEqual([]);
    expect((await events(app, code)).map((e) => e.type)).toEqual(['SUBMITTED', 'OVERDUE']);
    expect((await events(app, code))[1]!.note).toBe('Quá hạn tiếp nhận (hạn 2026-11-30 16:00)');
    const { data } = await app.gql<{ dossier: { overdue: boolean } }>(
      'query ($c: String!) { dossier(code: $c) { overdue } }',
      { c: code },
      citizen,
    );
    expect(data!.dossier.overdue).toBe(true);
  });

  it('flags a late processing deadline with an apology and a new appointment date', async () => {
    now = new Date('2026-12-01T08:00:00+07:00');
    const code = await submit(app, citizen);
    const reception = await app.login('reception.stp@demo.egov.vn');
    await app.gql(
      'mutation ($c: String!) { receiveDossier(code: $c, departmentCode: "LLTP") { dossier { status } } }',
      { c: code },
      reception,
    );
    now = new Date('2026-12-15T08:01:00+07:00'); // 10 working days plus one minute
    expect(await sweepOverdue(app)).toContain(code);
    const [, , overdue] = await events(app, code);
    expect(overdue).toEqual({
      type: 'OVERDUE',
      note: 'Quá hạn giải quyết (hạn 2026-12-15 08:00); hẹn lại ngày trả kết quả 2026-12-17 08:01',
    });
    const { data } = await app.gql<{ dossier: { appointmentAt: string; overdue: boolean } }>(
      'query ($c: String!) { dossier(code: $c) { appointmentAt overdue } }',
      { c: code },
      citizen,
    );
    expect(data!.dossier).toEqual({ appointmentAt: '2026-12-17T01:01:00.000Z', overdue: true });
    const notice = await app.prisma.notification.findFirstOrThrow({ where: { dossier: { code } }, orderBy: { createdAt: 'desc' } });
    expect(notice.message).toBe(
      `Xin lỗi: hồ sơ ${code} chưa được giải quyết đúng hạn 2026-12-15 08:00. Cơ quan hẹn trả kết quả vào 2026-12-17 08:01.`,
    );
  });

  it('flags a dossier once when two sweeps run at the same time', async () => {
    now = new Date('2026-12-21T10:00:00+07:00');
    const code = await submit(app, citizen);
    now = new Date('2026-12-22T10:00:00+07:00');
    const [a, b] = await Promise.all([sweepOverdue(app), sweepOverdue(app)]);
    expect([...a, ...b].filter((c) => c === code)).toHaveLength(1);
    expect((await events(app, code)).filter((e) => e.type === 'OVERDUE')).toHaveLength(1);
  });
});

describe.skipIf(testOnPostgres())('after a restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'egov-restart-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('flags a dossier that went overdue while the server was down, when it starts again', async () => {
    const databaseUrl = `file:${join(dir, 'restart.db')}`;
    const artifactsDir = join(dir, 'artifacts'); // kept across the restart, as data/ is
    now = new Date('2026-11-30T10:00:00+07:00');
    const first = await createTestApp({ ...long, databaseUrl, artifactsDir }, clock);
    const code = await submit(first, await first.login('citizen@demo.egov.vn'));
    await first.dispose();

    now = new Date('2026-12-01T09:00:00+07:00'); // the server was down past the 16:00 deadline
    const second = await createTestApp({ ...long, databaseUrl, artifactsDir, seedDemo: false }, clock);
    try {
      const scheduler = startOverdueScheduler(second, 60_000);
      await scheduler.stop(); // the first sweep runs at start
      expect((await events(second, code)).map((e) => e.type)).toEqual(['SUBMITTED', 'OVERDUE']);
      // Started once more, it does not flag the dossier again.
      await startOverdueScheduler(second, 60_000).stop();
      expect((await events(second, code)).map((e) => e.type)).toEqual(['SUBMITTED', 'OVERDUE']);
    } finally {
      await second.dispose();
    }
  });
});
