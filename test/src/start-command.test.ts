import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { httpExecute, wsClient, wsExecute } from './client.ts';
import { LoginMutation, MeQuery, RegisterMutation, ServiceQuery, ServicesQuery } from './operations.ts';

const root = resolve(import.meta.dirname, '../..');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

let server: ChildProcess;
let baseUrl: string;
let output = '';
const dir = mkdtempSync(join(tmpdir(), 'egov-e2e-'));

// The README's start command (`pnpm start`) on a new embedded database, driven over real
// HTTP and a real graphql-ws client.
beforeAll(async () => {
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  server = spawn('pnpm', ['start'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${join(dir, 'e2e.db')}`,
      AUTH_SECRET: 'e2e-secret-e2e-secret-e2e-secret-e2e',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  server.stdout?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (!output.includes('Serving')) {
    if (server.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}, 90_000);

afterAll(async () => {
  if (server.exitCode === null) {
    process.kill(-server.pid!, 'SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('pnpm start on a fresh embedded database', () => {
  it('migrates, seeds the demo data and reports where it serves', () => {
    expect(output).toMatch(/Applied migrations \d+_init/);
    expect(output).toContain('Seeded demo data: 5 agencies');
    expect(output).toContain(`Serving ${baseUrl}/graphql`);
  });

  it('answers /health and /ready, and serves GraphiQL to a browser', async () => {
    expect((await fetch(`${baseUrl}/health`)).status).toBe(200);
    expect((await fetch(`${baseUrl}/ready`)).status).toBe(200);
    const page = await fetch(`${baseUrl}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('graphiql');
  });

  it('serves the five example services over HTTP', async () => {
    const { data, errors } = await httpExecute(baseUrl, ServicesQuery, { first: 50 });
    expect(errors).toBeUndefined();
    expect(data?.services.totalCount).toBe(5);
    expect(data?.services.edges.map((e) => e.node.code).sort()).toEqual([
      'DNG-HCH-HKD-01',
      'DNG-PTT-HT-KH-01',
      'DNG-PTT-HT-KS-01',
      'DNG-STP-LLTP-01',
      'DNG-STR-XD-GPXD-01',
    ]);
    expect(data?.services.edges.every((e) => e.node.url === `http://localhost:${new URL(baseUrl).port}/services/${e.node.code}`)).toBe(
      true,
    );
  });

  it('finds the judicial-record service for "ly lich tu phap"', async () => {
    const { data } = await httpExecute(baseUrl, ServicesQuery, { filter: { search: 'ly lich tu phap' } });
    expect(data?.services.edges.map((e) => [e.node.code, e.node.title, e.node.agency.code])).toEqual([
      ['DNG-STP-LLTP-01', 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam', 'STP'],
    ]);
  });

  it('links the downloadable form of the level-2 service to a file it serves', async () => {
    const { data } = await httpExecute(baseUrl, ServiceQuery, { code: 'DNG-PTT-HT-KH-01' });
    expect(data?.service?.form).toBeNull();
    const url = new URL(data!.service!.forms[0]!.url);
    const file = await fetch(`${baseUrl}${url.pathname}`);
    expect(file.status).toBe(200);
    expect(await file.text()).toContain('TỜ KHAI ĐĂNG KÝ KẾT HÔN');
  });

  it('signs in a demo account and answers me over graphql-ws with the token in connectionParams', async () => {
    const login = await httpExecute(baseUrl, LoginMutation, { input: { login: 'specialist.stp@demo.egov.vn', password: 'Demo@12345' } });
    const token = login.data!.login.token;
    const client = wsClient(baseUrl, token);
    try {
      const { data, errors } = await wsExecute(client, MeQuery);
      expect(errors).toBeUndefined();
      expect(data?.me).toEqual({
        email: 'specialist.stp@demo.egov.vn',
        fullName: 'Chuyên viên STP',
        kind: 'STAFF',
        roles: [{ role: 'SPECIALIST', agency: { code: 'STP' } }],
      });
    } finally {
      await client.dispose();
    }
  });

  it('answers an anonymous me over graphql-ws with UNAUTHENTICATED', async () => {
    const client = wsClient(baseUrl);
    try {
      const { errors } = await wsExecute(client, MeQuery);
      expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await client.dispose();
    }
  });

  it('refuses a graphql-ws connection with a bad token (close 4403) and keeps serving others', async () => {
    for (const authorization of ['Bearer not-a-token', 'Basic abc', 42]) {
      const closed = new Promise<number>((resolve) => {
        const client = createClient({
          url: `${baseUrl.replace('http', 'ws')}/graphql`,
          webSocketImpl: WebSocket,
          connectionParams: { authorization },
          retryAttempts: 0,
          lazy: false,
          on: { closed: (event) => resolve((event as { code: number }).code) },
          onNonLazyError: () => {},
        });
        void client;
      });
      expect(await closed).toBe(4403);
    }
    expect((await httpExecute(baseUrl, ServicesQuery, { first: 1 })).data?.services.edges).toHaveLength(1);
  });

  it('answers a malformed operation over graphql-ws with a coded error and keeps the socket', async () => {
    const client = wsClient(baseUrl);
    try {
      const broken = await new Promise<unknown>((resolve) => {
        client.subscribe({ query: '{ services( }' }, { next: () => {}, error: resolve, complete: () => resolve(null) });
      });
      expect(broken).toEqual([
        expect.objectContaining({ message: expect.stringContaining('Syntax Error'), extensions: { code: 'GRAPHQL_PARSE_FAILED' } }),
      ]);
      const { data } = await wsExecute(client, ServicesQuery, { first: 2 });
      expect(data?.services.edges).toHaveLength(2);
    } finally {
      await client.dispose();
    }
  });

  it('registers a citizen over HTTP, who can then sign in', async () => {
    const input = {
      kind: 'CITIZEN' as const,
      fullName: 'Võ Thị Thu',
      nationalId: '048301000777',
      email: 'thu@example.vn',
      phone: '0932000777',
      password: 'Hoa-Phuong-Do-9',
    };
    const registered = await httpExecute(baseUrl, RegisterMutation, { input });
    expect(registered.data?.register.account).toMatchObject({ email: 'thu@example.vn', kind: 'CITIZEN', roles: [{ role: 'CITIZEN' }] });
    const again = await httpExecute(baseUrl, RegisterMutation, { input });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const login = await httpExecute(baseUrl, LoginMutation, { input: { login: 'thu@example.vn', password: input.password } });
    expect(login.data?.login.account.kind).toBe('CITIZEN');
  });

  it('answers a bad pagination request with BAD_USER_INPUT', async () => {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ services(first: 2, before: "x") { totalCount } }' }),
    });
    const body = (await response.json()) as { errors: { message: string; extensions?: Record<string, unknown> }[] };
    expect(body.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0]?.message).toContain('"before" and "first"');
  });
});
