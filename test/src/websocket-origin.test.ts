import { createTestApp, type TestApp } from '@egov/core/testing';
import { listen, type RunningServer } from '@egov/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

// Browsers apply no CORS to WebSockets: a page of another site could otherwise open one from a
// visitor's browser and run operations over it.

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

/** The HTTP status the upgrade ends with: 101 when the socket opened. */
function upgrade(origin?: string): Promise<number> {
  return new Promise((resolveStatus) => {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws', origin ? { origin } : {});
    socket.once('open', () => {
      socket.close();
      resolveStatus(101);
    });
    socket.once('unexpected-response', (_request, response) => resolveStatus(response.statusCode ?? 0));
    socket.once('error', () => {});
  });
}

describe('the WebSocket endpoint', () => {
  it('refuses a connection from a page of another site, and takes one from CORS_ORIGINS, the platform itself, or a client with no Origin', async () => {
    expect(await upgrade('https://evil.example')).toBe(401);
    expect(await upgrade('null')).toBe(401);
    expect(await upgrade('https://portal.danang.gov.vn')).toBe(101);
    expect(await upgrade(server.url)).toBe(101);
    expect(await upgrade()).toBe(101);
  });
});
