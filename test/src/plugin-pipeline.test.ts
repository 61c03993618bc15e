import { createTestApp, type TestApp } from '@egov/core/testing';
import { fromProjectRoot, packageFixture } from '@egov/core/testing/package-fixture';
import { listen, type RunningServer } from '@egov/core';
import { print, type ExecutionResult } from 'graphql';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpExecute, wsClient } from './client.ts';
import {
  AcceptIntegrationMutation,
  AnnounceServiceMutation,
  CheckIntegrationRequestMutation,
  CompleteProcessingMutation,
  DeliverResultMutation,
  DossierServiceQuery,
  FileIntegrationRequestMutation,
  IntegrationRequestQuery,
  IntegrationRequestUpdatedSubscription,
  LoginMutation,
  PromotePluginMutation,
  ReceiveDossierMutation,
  RecordStatisticsMutation,
  RetireServiceMutation,
  ServiceQuery,
  ServicesQuery,
  StartProcessingMutation,
} from './operations.ts';

// The plugin pipeline of Art. 6-8 against one running server, no restart: an agency files a
// NEW service and watches DoIC's sandbox check over a real graphql-ws client (DoIC over SSE),
// DoIC promotes it and it takes dossiers; an UPDATE with a changed form leaves a dossier in
// flight on its version; a CANCEL retires the service.
let now = new Date('2026-11-30T09:00:00+07:00'); // a Monday
let app: TestApp;
let server: RunningServer;
const tokens: Record<string, string> = {};
const CODE = 'DNG-PTT-HT-XNHN-01';

type Event = {
  requestId: string;
  seq: number;
  type: string;
  status: string;
  note: string | null;
  check: { id: string; severity: string; passed: boolean } | null;
};

/** Any operation over HTTP as raw text: for the typed per-service mutations, which are not in the committed SDL. */
async function raw<T>(query: string, variables: Record<string, unknown>, token?: string): Promise<ExecutionResult<T>> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as ExecutionResult<T>;
}

/** Collects a request's events over graphql-ws until one of `until` arrives. */
function watch(client: Client, id: string, until: string[]) {
  const events: Event[] = [];
  let seen: () => void = () => {};
  const first = new Promise<void>((resolve) => (seen = resolve));
  const done = new Promise<Event[]>((resolve, reject) => {
    const stop = client.subscribe<{ integrationRequestUpdated: Event }>(
      { query: print(IntegrationRequestUpdatedSubscription), variables: { id } },
      {
        next: (value) => {
          if (value.errors) return reject(new Error(JSON.stringify(value.errors)));
          const event = value.data!.integrationRequestUpdated;
          events.push(event);
          seen();
          if (until.includes(event.type)) {
            stop();
            resolve(events);
          }
        },
        error: reject,
        complete: () => resolve(events),
      },
    );
  });
  return Object.assign(done, { first });
}

const file = (input: Record<string, unknown>) =>
  httpExecute(server.url, FileIntegrationRequestMutation, { input: input as never }, tokens['admin.ptt']);

/** DoIC checks a request; the agency watches over graphql-ws until the verdict. */
async function checkWatched(id: string) {
  const client = wsClient(server.url, tokens['admin.ptt']);
  try {
    const events = watch(client, id, ['CHECK_PASSED', 'CHECK_FAILED']);
    // The first event (the current state) arrives before DoIC starts: nothing is missed.
    await events.first;
    const started = await httpExecute(server.url, CheckIntegrationRequestMutation, { id }, tokens.doic);
    expect(started.data!.checkIntegrationRequest.request.status).toBe('CHECKING');
    return await events;
  } finally {
    await client.dispose();
  }
}

beforeAll(async () => {
  app = await createTestApp({ tokenTtlSeconds: 30 * 24 * 3600 }, () => now);
  server = await listen(app, 0, '127.0.0.1');
  for (const who of ['admin.ptt', 'admin.stp', 'doic', 'citizen', 'reception.ptt', 'specialist.ptt']) {
    const { data } = await httpExecute(server.url, LoginMutation, { input: { login: `${who}@demo.egov.vn`, password: 'Demo@12345' } });
    tokens[who] = data!.login.token;
  }
  await httpExecute(
    server.url,
    RecordStatisticsMutation,
    { input: { agencyCode: 'PTT', procedureCode: CODE, year: 2025, inPerson: 120, onlineLevel3: 0, total: 120 } },
    tokens['admin.ptt'],
  );
});
afterAll(async () => {
  await server.close();
  await app.dispose();
});

describe('a plugin from integration request to retirement, on one running server', () => {
  let newId = '';
  let firstDossier = '';

  it('files NEW, streams every check to the agency over graphql-ws while the server keeps serving', async () => {
    const filed = await file({ kind: 'NEW', serviceCode: CODE, level: 3, packagePath: 'test/fixtures/plugins/marital-status-1.0.0' });
    expect(filed.errors).toBeUndefined();
    newId = filed.data!.fileIntegrationRequest.request.id;

    // Others are served while the sandbox works (it runs in its own process).
    const latencies: number[] = [];
    let checking = true;
    const traffic = (async () => {
      while (checking) {
        const started = performance.now();
        const { data } = await httpExecute(server.url, ServicesQuery, { first: 5 });
        expect(data!.services.totalCount).toBe(5);
        latencies.push(performance.now() - started);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const events = await checkWatched(newId).finally(() => (checking = false));
    await traffic;
    console.info(
      `served ${latencies.length} catalog queries during the check, slowest ${Math.max(...latencies).toFixed(1)} ms, median ${latencies.sort((a, b) => a - b)[Math.floor(latencies.length / 2)]!.toFixed(1)} ms`,
    );
    expect(latencies.length).toBeGreaterThan(5);

    expect(events[0]).toMatchObject({ type: 'FILED', status: 'FILED' });
    expect(events[1]).toMatchObject({ type: 'CHECK_STARTED', status: 'CHECKING' });
    expect(events.at(-1)).toMatchObject({ type: 'CHECK_PASSED', status: 'CHECK_PASSED' });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const checks = events.filter((e) => e.type === 'CHECK').map((e) => e.check!);
    expect(checks.map((c) => c.id)).toEqual(
      expect.arrayContaining(['MANIFEST.SCHEMA', 'CAP.FS', 'CAP.NET', 'FIXTURES.REPLAY', 'TRIAL.RUN', 'REQUEST.MATCH']),
    );
    expect(checks.filter((c) => c.severity === 'error' && !c.passed)).toEqual([]);

    const { data } = await httpExecute(server.url, IntegrationRequestQuery, { id: newId }, tokens['admin.ptt']);
    expect(data!.integrationRequest!.report!.verdict).toBe('PASSED');
    expect(data!.integrationRequest!.report!.text).toContain('Technical and information-security check');
  }, 180_000);

  it('refuses the subscription to anyone but the requesting agency and DoIC', async () => {
    for (const [who, code] of [
      ['admin.stp', 'NOT_FOUND'],
      ['citizen', 'FORBIDDEN'],
    ] as const) {
      const client = wsClient(server.url, tokens[who]);
      const outcome = await watch(client, newId, []).then(
        () => 'completed',
        (error: unknown) => (error instanceof Error ? error.message : JSON.stringify(error)),
      );
      await client.dispose();
      expect(outcome).toContain(code);
    }
  });

  it('refuses the SSE subscription to another agency and to citizens too', async () => {
    for (const [who, code] of [
      ['admin.stp', 'NOT_FOUND'],
      ['citizen', 'FORBIDDEN'],
    ] as const) {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${tokens[who]}` },
        body: JSON.stringify({ query: print(IntegrationRequestUpdatedSubscription), variables: { id: newId } }),
      });
      const text = await response.text(); // the stream ends after the error
      expect(text).toContain(`"code":"${code}"`);
      expect(text).not.toContain('"type":"FILED"');
    }
  });

  it('is promoted by DoIC: the service is listed and takes a dossier through its typed mutation', async () => {
    expect((await httpExecute(server.url, ServiceQuery, { code: CODE })).data!.service).toBeNull();
    const promoted = await httpExecute(server.url, PromotePluginMutation, { id: newId }, tokens.doic);
    expect(promoted.data!.promotePlugin.request.status).toBe('INSTALLED');
    const listed = await httpExecute(server.url, ServicesQuery, { filter: { agencyCode: 'PTT' }, first: 10 });
    expect(listed.data!.services.edges.map((e) => `${e.node.code}@${e.node.version}`)).toContain(`${CODE}@1.0.0`);

    const submitted = await raw<{ submitDngPttHtXnhn01: { dossier: { code: string; status: string } } }>(
      'mutation ($form: DngPttHtXnhn01FormInput!) { submitDngPttHtXnhn01(form: $form) { dossier { code status } } }',
      {
        form: {
          fullName: 'Trần Văn Bình',
          nationalId: '048095001234',
          residence: '12 Lê Duẩn, phường Thạch Thang',
          status: 'single',
          purpose: 'Đăng ký kết hôn',
        },
      },
      tokens.citizen,
    );
    expect(submitted.errors).toBeUndefined();
    firstDossier = submitted.data!.submitDngPttHtXnhn01.dossier.code;
    expect(submitted.data!.submitDngPttHtXnhn01.dossier.status).toBe('SUBMITTED');

    await httpExecute(server.url, AcceptIntegrationMutation, { id: newId, note: 'Đã dùng thử, ổn định' }, tokens['admin.ptt']);
    const announced = await httpExecute(
      server.url,
      AnnounceServiceMutation,
      { id: newId, note: 'Đã công bố trên Cổng DVC' },
      tokens['admin.ptt'],
    );
    expect(announced.data!.announceService.request.status).toBe('ANNOUNCED');
  });

  it('updates with a changed form: the new version serves new dossiers, the one in flight stays on its version', async () => {
    now = new Date('2026-12-01T09:00:00+07:00');
    const filed = await file({
      kind: 'UPDATE',
      serviceCode: CODE,
      level: 3,
      packagePath: fromProjectRoot(await packageFixture('test/fixtures/plugins/marital-status-1.1.0')),
    });
    expect(filed.errors).toBeUndefined();
    const id = filed.data!.fileIntegrationRequest.request.id;
    const events = await checkWatched(id);
    expect(events.at(-1)!.type).toBe('CHECK_PASSED');
    expect(events.find((e) => e.check?.id === 'SCHEMA.DIFF')?.check?.passed).toBe(true);
    await httpExecute(server.url, PromotePluginMutation, { id }, tokens.doic);
    expect((await httpExecute(server.url, ServiceQuery, { code: CODE })).data!.service).toMatchObject({ code: CODE });
    const version = await raw<{ service: { version: string } }>('query ($c: String!) { service(code: $c) { version } }', { c: CODE });
    expect(version.data!.service.version).toBe('1.1.0');

    // The new form's field is in the running schema now.
    const second = await raw<{ submitDngPttHtXnhn01: { dossier: { code: string } } }>(
      'mutation ($form: DngPttHtXnhn01FormInput!) { submitDngPttHtXnhn01(form: $form) { dossier { code } } }',
      {
        form: {
          fullName: 'Lê Thị Hoa',
          nationalId: '048195004321',
          residence: '5 Lê Lợi',
          status: 'divorced',
          purpose: 'Mua bán nhà',
          previousResidence: 'Hội An',
        },
      },
      tokens.citizen,
    );
    expect(second.errors).toBeUndefined();
    const secondCode = second.data!.submitDngPttHtXnhn01.dossier.code;
    expect((await httpExecute(server.url, DossierServiceQuery, { code: secondCode }, tokens.citizen)).data!.dossier!.service.version).toBe(
      '1.1.0',
    );

    // The dossier filed under 1.0.0 stays there and goes through to delivery.
    expect(
      (await httpExecute(server.url, DossierServiceQuery, { code: firstDossier }, tokens.citizen)).data!.dossier!.service.version,
    ).toBe('1.0.0');
    await httpExecute(server.url, ReceiveDossierMutation, { code: firstDossier, departmentCode: 'TPHT' }, tokens['reception.ptt']);
    await httpExecute(server.url, StartProcessingMutation, { code: firstDossier }, tokens['specialist.ptt']);
    await httpExecute(
      server.url,
      CompleteProcessingMutation,
      { code: firstDossier, input: { note: 'Đã cấp Giấy xác nhận số 12/2026' } },
      tokens['specialist.ptt'],
    );
    const delivered = await httpExecute(
      server.url,
      DeliverResultMutation,
      { code: firstDossier, method: 'AT_DESK' },
      tokens['reception.ptt'],
    );
    expect(delivered.errors).toBeUndefined();
    expect(delivered.data!.deliverResult.dossier.status).toBe('DELIVERED');
    expect((await httpExecute(server.url, DossierServiceQuery, { code: firstDossier }, tokens.citizen)).data!.dossier).toMatchObject({
      status: 'DELIVERED',
      service: { version: '1.0.0' },
    });
  }, 180_000);

  it('is retired by DoIC on a CANCEL request (watched over SSE): gone from the catalog and the schema, its dossiers readable', async () => {
    const filed = await file({ kind: 'CANCEL', serviceCode: CODE, reason: 'Thủ tục đã được thay thế bởi thủ tục liên thông' });
    const id = filed.data!.fileIntegrationRequest.request.id;
    const controller = new AbortController();
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${tokens.doic}` },
      body: JSON.stringify({ query: print(IntegrationRequestUpdatedSubscription), variables: { id } }),
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
    await readUntil('"type":"FILED"');
    expect((await httpExecute(server.url, RetireServiceMutation, { id }, tokens['admin.ptt'])).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await httpExecute(server.url, RetireServiceMutation, { id }, tokens.doic)).data!.retireService.request.status).toBe('RETIRED');
    await readUntil('"type":"RETIRED"');
    controller.abort();
    expect((await httpExecute(server.url, ServiceQuery, { code: CODE })).data!.service).toBeNull();
    const typed = await raw(
      'mutation { submitDngPttHtXnhn01(form: { fullName: "A", nationalId: "048095001234", residence: "x", status: "single", purpose: "p" }) { created } }',
      {},
      tokens.citizen,
    );
    expect(typed.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await httpExecute(server.url, DossierServiceQuery, { code: firstDossier }, tokens.citizen)).data!.dossier!.code).toBe(
      firstDossier,
    );
  });
});
