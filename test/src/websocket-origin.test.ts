import { createTestApp, type TestApp } from '@egov/core/testing';
import { listen, type RunningServer } from '@egov/core';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

// Browsers apply no CORS to WebSockets: a page of another site could otherwise open one from a
// visitor's browser and run operations over it. An upgrade the server refuses gets a coded JSON
// answer with the security headers, as every other request does.

let app: TestApp;
let server: RunningServer;
beforeAll(async () => {
  app = await createTestApp({ corsOrigins: ['https://portal.danang.gov.vn'] });
  server = await listen(app, 0, '127.0.0.1');
});
afterAll(async () => {
  await server.close();
  await app.dispose();
});

interface Refusal {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** How the upgrade ends: 101 when the socket opened, else the refusal. */
function upgrade(origin?: string, path = '/graphql'): Promise<Refusal> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}${path}`, 'graphql-transport-ws', origin ? { origin } : {});
    socket.once('open', () => {
      socket.close();
      resolve({ status: 101, headers: {}, body: '' });
    });
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    socket.once('error', () => {});
  });
}

/** Sends raw bytes and reads until the server closes. */
function raw(text: string): Promise<string> {
  const { port } = new URL(server.url);
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port) });
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', () => {});
    socket.write(text);
  });
}

const coded = (refusal: Refusal, status: number, code: string) => {
  expect(refusal.status).toBe(status);
  expect(refusal.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(JSON.parse(refusal.body)).toMatchObject({ errors: [{ message: expect.any(String), extensions: { code } }] });
  expect(refusal.headers).toMatchObject({
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cache-control': 'no-store',
    'content-security-policy': "frame-ancestors 'none'",
  });
};

describe('the WebSocket endpoint', () => {
  it('refuses a connection from a page of another site, and takes one from CORS_ORIGINS, the platform itself, or a client with no Origin', async () => {
    coded(await upgrade('https://evil.example'), 403, 'CSRF_REFUSED');
    coded(await upgrade('null'), 403, 'CSRF_REFUSED');
    expect((await upgrade('https://portal.danang.gov.vn')).status).toBe(101);
    expect((await upgrade(server.url)).status).toBe(101);
    expect((await upgrade()).status).toBe(101);
  });

  it('answers an upgrade on another path, or a malformed one, with a coded answer', async () => {
    coded(await upgrade(undefined, '/elsewhere'), 404, 'NOT_FOUND');
    const head = (lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;
    for (const [request, status] of [
      [head(['GET /graphql HTTP/1.1', 'Host: localhost', 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13']), 400],
      [
        head([
          'GET /graphql HTTP/1.1',
          'Host: localhost',
          'Upgrade: websocket',
          'Connection: Upgrade',
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
          'Sec-WebSocket-Version: 99',
        ]),
        400,
      ],
      [head(['POST /graphql HTTP/1.1', 'Host: localhost', 'Upgrade: websocket', 'Connection: Upgrade', 'Content-Length: 0']), 405],
    ] as const) {
      const answer = await raw(request);
      expect(answer).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
      expect(answer).toMatch(/\r\nx-frame-options: DENY\r\n/);
      expect(answer).toContain('"code":"BAD_REQUEST"');
    }
  });
});
