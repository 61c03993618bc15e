import { createTestApp, type TestApp } from '@egov/core/testing';
import { submitJudicialRecord } from '@egov/core/testing/dossiers';
import { listen, loadConfig, type RunningServer } from '@egov/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

// One connection may not take the server's memory or CPU: its messages, operations and
// connections are bounded, and what it follows ends with the session it was opened under.

let app: TestApp;
let server: RunningServer;
let citizen = '';
let code = '';
beforeAll(async () => {
  app = await createTestApp({
    websocket: {
      maxMessageBytes: 16 * 1024,
      maxSubscriptions: 3,
      maxOperationsPerSecond: 5,
      maxConnectionsPerAccount: 2,
      maxConnectionsPerAddress: 6,
    },
  });
  server = await listen(app, 0, '127.0.0.1');
  citizen = await app.login('citizen@demo.egov.vn');
  code = await submitJudicialRecord(app, citizen);
});
afterAll(async () => {
  await server.close();
  await app.dispose();
});

interface Message {
  type: string;
  id?: string;
  payload?: { errors?: { extensions?: { code?: string } }[] } & { extensions?: { code?: string } }[] & Record<string, unknown>;
}

/** A raw graphql-transport-ws connection, with every message and the close code recorded. */
class Connection {
  readonly messages: Message[] = [];
  closed: Promise<{ code: number; reason: string }>;
  readonly socket: WebSocket;
  constructor(url: string) {
    this.socket = new WebSocket(url, 'graphql-transport-ws');
    this.socket.on('message', (data) => this.messages.push(JSON.parse(String(data)) as Message));
    this.socket.on('error', () => {});
    this.closed = new Promise((resolve) =>
      this.socket.once('close', (closeCode, reason) => resolve({ code: closeCode, reason: String(reason) })),
    );
  }
  static async open(url: string, token?: string): Promise<Connection> {
    const connection = new Connection(url);
    await new Promise((resolve, reject) => {
      connection.socket.once('open', resolve);
      connection.socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade answered ${res.statusCode}`)));
    });
    connection.send({ type: 'connection_init', payload: token ? { authorization: `Bearer ${token}` } : {} });
    await connection.until((m) => m.type === 'connection_ack', 'connection_ack').catch(() => undefined);
    return connection;
  }
  send(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }
  subscribe(id: string, query: string, variables?: Record<string, unknown>): void {
    this.send({ id, type: 'subscribe', payload: { query, variables } });
  }
  async until(test: (m: Message) => boolean, what: string, ms = 5000): Promise<Message> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.messages.find(test);
      if (found) return found;
      if (Date.now() > deadline || this.socket.readyState === WebSocket.CLOSED)
        throw new Error(`no ${what}; got ${JSON.stringify(this.messages)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  /** Closes, and waits until the server has seen it. */
  async close(): Promise<void> {
    this.socket.close();
    await this.closed;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const wsUrl = () => `${server.url.replace('http', 'ws')}/graphql`;
const follow = 'subscription ($code: String!) { dossierStatusChanged(code: $code) { seq status } }';
const codeOf = (m: Message) => (m.type === 'error' ? m.payload?.[0]?.extensions?.code : m.payload?.errors?.[0]?.extensions?.code);

describe('WebSocket limits', () => {
  it('closes a connection that sends a message over WS_MAX_MESSAGE_BYTES (1009), before parsing it', async () => {
    const connection = await Connection.open(wsUrl());
    connection.subscribe('big', `{ services(filter: { search: "${'x'.repeat(20_000)}" }) { edges { node { code } } } }`);
    expect((await connection.closed).code).toBe(1009);
  });

  it('refuses operations beyond WS_MAX_SUBSCRIPTIONS with TOO_MANY_SUBSCRIPTIONS, the others running on', async () => {
    const connection = await Connection.open(wsUrl(), citizen);
    for (const id of ['1', '2', '3']) connection.subscribe(id, follow, { code });
    for (const id of ['1', '2', '3']) await connection.until((m) => m.id === id && m.type === 'next', `a first event of ${id}`);
    connection.subscribe('4', follow, { code });
    const refused = await connection.until((m) => m.id === '4', 'an answer to 4');
    expect([refused.type, codeOf(refused)]).toEqual(['error', 'TOO_MANY_SUBSCRIPTIONS']);
    // Ending one makes room.
    connection.send({ id: '1', type: 'complete' });
    await new Promise((r) => setTimeout(r, 100));
    connection.subscribe('5', follow, { code });
    expect((await connection.until((m) => m.id === '5', 'an answer to 5')).type).toBe('next');
    await connection.close();
  });

  it('refuses operations started faster than WS_MAX_OPERATIONS_PER_SECOND with RATE_LIMITED', async () => {
    const connection = await Connection.open(wsUrl());
    try {
      const answers: Message[] = [];
      for (let i = 0; i < 20; i++) {
        connection.subscribe(`q${i}`, '{ __typename }');
        answers.push(await connection.until((m) => m.id === `q${i}` && (m.type === 'next' || m.type === 'error'), `an answer to q${i}`));
      }
      const answered = answers.filter((m) => m.type === 'next').length;
      expect(answers.filter((m) => m.type === 'error').map(codeOf)).toEqual(Array(20 - answered).fill('RATE_LIMITED'));
      expect(answered).toBeGreaterThanOrEqual(5);
      expect(answered).toBeLessThanOrEqual(8); // the burst of 5, and what refilled meanwhile
      expect(connection.socket.readyState).toBe(WebSocket.OPEN);
      await new Promise((r) => setTimeout(r, 400));
      connection.subscribe('later', '{ __typename }');
      expect((await connection.until((m) => m.id === 'later', 'an answer to later')).type).toBe('next');
    } finally {
      await connection.close();
    }
  });

  it('closes a connection over WS_MAX_CONNECTIONS_PER_ACCOUNT (4029), counting signed-in connections only', async () => {
    const agent = await app.login('agent@demo.egov.vn');
    const first = await Connection.open(wsUrl(), agent);
    const second = await Connection.open(wsUrl(), agent);
    const anonymous = await Connection.open(wsUrl());
    const third = await Connection.open(wsUrl(), agent);
    expect((await third.closed).code).toBe(4029);
    expect([first, second, anonymous].map((c) => c.socket.readyState)).toEqual([WebSocket.OPEN, WebSocket.OPEN, WebSocket.OPEN]);
    await first.close();
    const again = await Connection.open(wsUrl(), agent);
    expect(again.messages.map((m) => m.type)).toContain('connection_ack');
    await Promise.all([second, anonymous, again].map((c) => c.close()));
  });

  it('refuses the upgrade (429) over WS_MAX_CONNECTIONS_PER_ADDRESS', async () => {
    const open = await Promise.all(Array.from({ length: 6 }, () => Connection.open(wsUrl())));
    await expect(Connection.open(wsUrl())).rejects.toThrow('upgrade answered 429');
    await Promise.all(open.map((c) => c.close()));
    await (await Connection.open(wsUrl())).close();
  });
});

describe('a subscription under a session', () => {
  it('ends with ACCOUNT_DISABLED when its account is disabled, and the connection can go on anonymously', async () => {
    const owner = await app.login('citizen@demo.egov.vn');
    const agentCode = await submitJudicialRecord(app, owner);
    const connection = await Connection.open(wsUrl(), owner);
    connection.subscribe('s', follow, { code: agentCode });
    await connection.until((m) => m.id === 's' && m.type === 'next', 'the current state');
    const account = await app.prisma.account.findUniqueOrThrow({ where: { email: 'citizen@demo.egov.vn' } });
    await app.prisma.account.update({ where: { id: account.id }, data: { disabledAt: new Date() } });
    try {
      // The periodic sweep sees it (every 30 s); the test runs it now.
      await app.sessions.sweep();
      const last = await connection.until((m) => m.id === 's' && m.type === 'next' && codeOf(m) !== undefined, 'the ending event');
      expect(codeOf(last)).toBe('ACCOUNT_DISABLED');
      await connection.until((m) => m.id === 's' && m.type === 'complete', 'complete');
      // New operations with the stale credentials are refused.
      connection.subscribe('t', follow, { code: agentCode });
      expect(codeOf(await connection.until((m) => m.id === 't', 'an answer to t'))).toBe('UNAUTHENTICATED');
    } finally {
      await app.prisma.account.update({ where: { id: account.id }, data: { disabledAt: null } });
      await connection.close();
    }
  });
});

describe('a subscription whose token expires', () => {
  let short: TestApp;
  let shortServer: RunningServer;
  beforeAll(async () => {
    short = await createTestApp({ tokenTtlSeconds: 2 });
    shortServer = await listen(short, 0, '127.0.0.1');
  });
  afterAll(async () => {
    await shortServer.close();
    await short.dispose();
  });

  it('ends with TOKEN_EXPIRED then completes, over WebSocket and over SSE', async () => {
    const token = await short.login('citizen@demo.egov.vn');
    const dossier = await submitJudicialRecord(short, token);
    const connection = await Connection.open(`${shortServer.url.replace('http', 'ws')}/graphql`, token);
    connection.subscribe('s', follow, { code: dossier });
    const sse = fetch(
      `${shortServer.url}/graphql?query=${encodeURIComponent(follow)}&variables=${encodeURIComponent(JSON.stringify({ code: dossier }))}`,
      {
        headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` },
      },
    ).then((r) => r.text());
    const last = await connection.until((m) => m.id === 's' && codeOf(m) !== undefined, 'the ending event', 6000);
    expect([last.type, codeOf(last)]).toEqual(['next', 'TOKEN_EXPIRED']);
    await connection.until((m) => m.id === 's' && m.type === 'complete', 'complete');
    const stream = await sse; // the stream ends after its last event
    expect(stream).toContain('"code":"TOKEN_EXPIRED"');
    expect(stream).toContain('event: complete');
    await connection.close();
  });
});

describe('errors over a WebSocket', () => {
  it('carry their code and retryAfter, and nothing of the HTTP answer they would set (status, Retry-After)', async () => {
    const limited = await createTestApp({
      rateLimits: loadConfig({ AUTH_SECRET: 'x'.repeat(40), RATE_LIMITS: 'register.address=1/1h' }).rateLimits,
    });
    const limitedServer = await listen(limited, 0, '127.0.0.1');
    const connection = await Connection.open(`${limitedServer.url.replace('http', 'ws')}/graphql`);
    try {
      const register = (email: string) =>
        `mutation { register(input: { kind: CITIZEN, fullName: "Nguyễn An", email: "${email}", password: "Xx@123456789", nationalId: "048090012345", phone: "0905123456" }) { token } }`;
      connection.subscribe('first', register('first@example.vn'));
      await connection.until((m) => m.id === 'first' && m.type === 'next', 'the first registration');
      connection.subscribe('second', register('second@example.vn'));
      const refused = await connection.until((m) => m.id === 'second' && m.type === 'next', 'the second registration');
      const error = refused.payload?.errors?.[0] as { extensions?: Record<string, unknown> } | undefined;
      expect(error?.extensions).toEqual({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
    } finally {
      await connection.close();
      await limitedServer.close();
      await limited.dispose();
    }
  });
});

describe('INTROSPECTION=false', () => {
  it('refuses introspection over a WebSocket too', async () => {
    const closed = await createTestApp({ introspection: false });
    const closedServer = await listen(closed, 0, '127.0.0.1');
    const connection = await Connection.open(`${closedServer.url.replace('http', 'ws')}/graphql`);
    try {
      connection.subscribe('schema', '{ __schema { types { name } } }');
      const answer = await connection.until((m) => m.id === 'schema' && (m.type === 'error' || m.type === 'next'), 'an answer');
      expect([answer.type, codeOf(answer)]).toEqual(['error', 'GRAPHQL_VALIDATION_FAILED']);
      connection.subscribe('type', '{ __type(name: "Query") { fields { name } } }');
      const type = await connection.until((m) => m.id === 'type' && (m.type === 'error' || m.type === 'next'), 'an answer');
      expect([type.type, codeOf(type)]).toEqual(['error', 'GRAPHQL_VALIDATION_FAILED']);
      // An operation the document does not name, or an unnamed one among several, gets the code HTTP gives.
      connection.subscribe('which', 'query A { __typename } query B { __typename }');
      const which = await connection.until((m) => m.id === 'which', 'an answer');
      expect([which.type, codeOf(which)]).toEqual(['error', 'OPERATION_RESOLUTION_FAILURE']);
      connection.send({ id: 'named', type: 'subscribe', payload: { query: 'query A { __typename }', operationName: 'Z' } });
      const named = await connection.until((m) => m.id === 'named', 'an answer');
      expect([named.type, codeOf(named)]).toEqual(['error', 'OPERATION_RESOLUTION_FAILURE']);
      connection.subscribe('plain', '{ __typename }');
      expect((await connection.until((m) => m.id === 'plain', 'an answer')).type).toBe('next');
    } finally {
      await connection.close();
      await closedServer.close();
      await closed.dispose();
    }
  });
});
