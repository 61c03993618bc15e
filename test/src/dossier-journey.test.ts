import { createTestApp, type TestApp } from '@egov/core/testing';
import { listen, type RunningServer } from '@egov/core';
import { judicialRecordForm, judicialRecordInput, pdfFile } from '@egov/core/testing/dossiers';
import { print, type ExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpExecute, wsClient } from './client.ts';
import {
  CompleteProcessingMutation,
  DeliverResultMutation,
  DossierQuery,
  DossierStatusChangedSubscription,
  LoginMutation,
  ReceiveDossierMutation,
  RequestSupplementMutation,
  StartProcessingMutation,
  SubmitDossierMutation,
  SubmitSupplementMutation,
} from './operations.ts';

// The whole journey of a dossier (Art. 9-11) against one running server: real HTTP for the
// steps, a real graphql-ws client watching, and an SSE client too.
let now = new Date('2026-11-30T09:00:00+07:00'); // Monday
let app: TestApp;
let server: RunningServer;
const tokens: Record<string, string> = {};

const pdf = (name: string) => pdfFile(name, 1200);

/** A GraphQL multipart request over HTTP. */
async function upload<R>(
  document: Parameters<typeof print>[0],
  variables: Record<string, unknown>,
  files: Record<string, File>,
  token: string,
) {
  const body = new FormData();
  body.set('operations', JSON.stringify({ query: print(document), variables }));
  const paths = Object.keys(files);
  body.set('map', JSON.stringify(Object.fromEntries(paths.map((p, i) => [String(i), [`variables.${p}`]]))));
  paths.forEach((p, i) => body.set(String(i), files[p]!));
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'graphql-require-preflight': '1' },
    body,
  });
  return (await response.json()) as ExecutionResult<R>;
}

beforeAll(async () => {
  app = await createTestApp({ tokenTtlSeconds: 30 * 24 * 3600 }, () => now);
  server = await listen(app, 0, '127.0.0.1');
  for (const who of ['citizen', 'organization', 'reception.stp', 'specialist.stp', 'reception.hch']) {
    const { data } = await httpExecute(server.url, LoginMutation, { input: { login: `${who}@demo.egov.vn`, password: 'Demo@12345' } });
    tokens[who] = data!.login.token;
  }
});
afterAll(async () => {
  await server.close();
  await app.dispose();
});

type Event = { dossierCode: string; seq: number; type: string; status: string; actor: string | null; note: string | null };

describe('a dossier from submission to delivery', () => {
  const formData = judicialRecordForm;

  /** Files a judicial-record dossier as the demo citizen over real HTTP. */
  const submitRecord = () =>
    upload<{ submitDossier: { dossier: { code: string; status: string } } }>(
      SubmitDossierMutation,
      { input: judicialRecordInput() },
      { 'input.attachments.0.file': pdf('cccd.pdf') },
      tokens.citizen!,
    );

  it('is watched live by the applicant, event by event, in order and nothing else', async () => {
    const submitted = await submitRecord();
    expect(submitted.errors).toBeUndefined();
    const code = submitted.data!.submitDossier.dossier.code;

    // The applicant and the agency's reception watch; the graphql-ws client for each.
    const watch = (token: string) => {
      const client = wsClient(server.url, token);
      const events: Event[] = [];
      const errors: unknown[] = [];
      let arrived = () => {};
      client.subscribe(
        { query: print(DossierStatusChangedSubscription), variables: { code } },
        {
          next: (result) => {
            if (result.errors) errors.push(...result.errors);
            if (result.data) events.push((result.data as { dossierStatusChanged: Event }).dossierStatusChanged);
            arrived();
          },
          error: (error) => errors.push(...(Array.isArray(error) ? error : [error])),
          complete: () => {},
        },
      );
      const until = async (count: number) => {
        const deadline = Date.now() + 10_000;
        while (events.length < count && errors.length === 0 && Date.now() < deadline)
          await new Promise<void>((r) => ((arrived = r), setTimeout(r, 200)));
        return events;
      };
      return { client, events, errors, until };
    };
    const applicant = watch(tokens.citizen!);
    const staff = watch(tokens['reception.stp']!);
    expect((await applicant.until(1)).map((e) => e.type)).toEqual(['SUBMITTED']); // the current state first
    await staff.until(1);

    // Outsiders are told the dossier does not exist.
    for (const outsider of [tokens.organization!, tokens['reception.hch']!]) {
      const spy = watch(outsider);
      await spy.until(1);
      expect(spy.events).toEqual([]);
      expect(spy.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) })]);
      await spy.client.dispose();
    }

    now = new Date('2026-11-30T10:00:00+07:00');
    const asked = await httpExecute(
      server.url,
      RequestSupplementMutation,
      { code, reason: 'Ảnh CCCD bị mờ, đề nghị chụp lại' },
      tokens['reception.stp'],
    );
    expect(asked.data?.requestSupplement.dossier.status).toBe('SUPPLEMENT_REQUESTED');

    now = new Date('2026-11-30T15:00:00+07:00');
    const supplemented = await httpExecute(
      server.url,
      SubmitSupplementMutation,
      { code, formData: { ...formData, purpose: 'Bổ sung hồ sơ xin việc tại Công ty Sông Hàn' } },
      tokens.citizen,
    );
    expect(supplemented.errors).toBeUndefined();

    now = new Date('2026-12-01T08:00:00+07:00');
    const received = await httpExecute(server.url, ReceiveDossierMutation, { code, departmentCode: 'LLTP' }, tokens['reception.stp']);
    expect(received.data?.receiveDossier.dossier).toMatchObject({ status: 'RECEIVED', processingDueAt: '2026-12-15T01:00:00.000Z' });

    now = new Date('2026-12-02T09:00:00+07:00');
    expect(
      (await httpExecute(server.url, StartProcessingMutation, { code }, tokens['specialist.stp'])).data?.startProcessing.dossier.status,
    ).toBe('IN_PROCESSING');

    now = new Date('2026-12-08T14:00:00+07:00');
    const completed = await upload<{ completeProcessing: { dossier: { status: string; resultUrl: string } } }>(
      CompleteProcessingMutation,
      { code, input: { note: 'Đã cấp Phiếu lý lịch tư pháp số 1', document: null } },
      { 'input.document': pdf('phieu-lltp.pdf') },
      tokens['specialist.stp']!,
    );
    expect(completed.data?.completeProcessing.dossier.status).toBe('RESULT_READY');

    // R11.3: the applicant downloads the result through the authorized link, then takes delivery.
    const { data: mine } = await httpExecute(server.url, DossierQuery, { code }, tokens.citizen);
    const link = new URL(mine!.dossier!.resultUrl!);
    const download = await fetch(`${server.url}${link.pathname}${link.search}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect((await fetch(`${server.url}${link.pathname}`)).status).toBe(404);
    expect((await fetch(`${server.url}${link.pathname}?token=${tokens.citizen}`)).status).toBe(404);

    now = new Date('2026-12-08T20:00:00+07:00');
    const delivered = await httpExecute(server.url, DeliverResultMutation, { code }, tokens.citizen);
    expect(delivered.data?.deliverResult.dossier.status).toBe('DELIVERED');

    const journey = ['SUBMITTED', 'SUPPLEMENT_REQUESTED', 'SUPPLEMENTED', 'RECEIVED', 'PROCESSING_STARTED', 'RESULT_READY', 'DELIVERED'];
    for (const watcher of [applicant, staff]) {
      const events = await watcher.until(journey.length);
      await new Promise((r) => setTimeout(r, 200)); // and nothing more arrives
      expect(watcher.errors).toEqual([]);
      expect(watcher.events.map((e) => e.type)).toEqual(journey);
      expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(events.every((e) => e.dossierCode === code)).toBe(true);
    }
    expect(applicant.events.map((e) => e.status)).toEqual([
      'SUBMITTED',
      'SUPPLEMENT_REQUESTED',
      'SUBMITTED',
      'RECEIVED',
      'IN_PROCESSING',
      'RESULT_READY',
      'DELIVERED',
    ]);
    expect(applicant.events[1]!.note).toBe('Ảnh CCCD bị mờ, đề nghị chụp lại');
    expect(applicant.events[3]!.note).toContain('hạn giải quyết 2026-12-15 08:00');
    expect(applicant.events[3]!.actor).toBe('Cán bộ tiếp nhận STP');

    // The history the API keeps is the same story.
    const { data: final } = await httpExecute(server.url, DossierQuery, { code }, tokens['reception.stp']);
    expect(final!.dossier!.history.map((h) => h.type)).toEqual(journey);
    await applicant.client.dispose();
    await staff.client.dispose();
  });

  it('stops feeding a watcher whose access ends (a staff role taken away)', async () => {
    const { data } = await submitRecord();
    const code = data!.submitDossier.dossier.code;
    const client = wsClient(server.url, tokens['specialist.stp']);
    const seen: string[] = [];
    const failures: unknown[] = [];
    client.subscribe(
      { query: print(DossierStatusChangedSubscription), variables: { code } },
      {
        next: (r) => void seen.push((r.data as { dossierStatusChanged: Event } | undefined)?.dossierStatusChanged.type ?? 'error'),
        error: (e) => void failures.push(...(Array.isArray(e) ? e : [e])),
        complete: () => {},
      },
    );
    const wait = async (ok: () => boolean) => {
      for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 50));
    };
    await wait(() => seen.length === 1);
    const specialist = await app.prisma.account.findUniqueOrThrow({ where: { email: 'specialist.stp@demo.egov.vn' } });
    const grant = await app.prisma.roleGrant.findFirstOrThrow({ where: { accountId: specialist.id } });
    await app.prisma.roleGrant.delete({ where: { id: grant.id } });
    try {
      await httpExecute(server.url, RequestSupplementMutation, { code, reason: 'Thiếu giấy tờ' }, tokens['reception.stp']);
      await wait(() => failures.length > 0);
      expect(seen).toEqual(['SUBMITTED']);
      expect(failures).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) })]);
    } finally {
      await app.prisma.roleGrant.create({
        data: { accountId: grant.accountId, role: grant.role, agencyId: grant.agencyId, scope: grant.scope },
      });
      await client.dispose();
    }
  });

  it('is also watchable over SSE, current state first', async () => {
    const { data } = await submitRecord();
    const code = data!.submitDossier.dossier.code;
    const controller = new AbortController();
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${tokens.citizen}` },
      body: JSON.stringify({ query: print(DossierStatusChangedSubscription), variables: { code } }),
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    let text = '';
    const readUntil = async (marker: string) => {
      while (!text.includes(marker)) {
        const { done, value } = await reader.read();
        if (done) throw new Error(`the stream ended before ${marker}:\n${text}`);
        text += new TextDecoder().decode(value);
      }
    };
    await readUntil('"type":"SUBMITTED"');
    await httpExecute(server.url, ReceiveDossierMutation, { code, departmentCode: 'LLTP' }, tokens['reception.stp']);
    await readUntil('"type":"RECEIVED"');
    controller.abort();
    expect(text.indexOf('"type":"SUBMITTED"')).toBeLessThan(text.indexOf('"type":"RECEIVED"'));
  });
});
