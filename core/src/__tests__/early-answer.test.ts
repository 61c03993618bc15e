import { Agent, get } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type RunningServer } from '../server.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

// An answer given before the request body is read (413, a multipart request over its part
// limits) must reach a client that is still sending: the server reads and discards the rest
// (a lingering close) instead of closing a socket with unread bytes, which the kernel answers
// with a reset that makes the client lose the answer. The client here reads nothing until it
// has sent everything, so the answer waits in its socket buffer, where a reset would drop it.

let app: TestApp;
let server: RunningServer;
beforeAll(async () => {
  app = await createTestApp();
  server = await listen(app, 0, '127.0.0.1');
});
afterAll(async () => {
  await server?.close();
  await app?.dispose();
});

/** Sends the head, then the body in 64 KB writes without reading; then reads the answer. */
function sendThenRead(head: string, body: Buffer): Promise<string> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port) });
    const chunks: Buffer[] = [];
    socket.pause();
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error) => reject(error));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.once('connect', async () => {
      socket.write(head);
      for (let at = 0; at < body.length; at += 64 * 1024) {
        if (!socket.write(body.subarray(at, at + 64 * 1024))) await new Promise((r) => socket.once('drain', r));
      }
      await new Promise((r) => setTimeout(r, 100));
      socket.resume();
    });
  });
}

describe('an answer given before the body is read', () => {
  it('reaches the client when the body is over the limit (413)', async () => {
    const body = Buffer.alloc(4 * 1024 * 1024, 'x');
    const head = `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
    for (let i = 0; i < 5; i++) expect((await sendThenRead(head, body)).slice(0, 12)).toBe('HTTP/1.1 413');
  });

  it('reaches the client when a multipart request has too many parts (400 BAD_REQUEST)', async () => {
    const parts = [
      `--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{"query":"{ __typename }"}\r\n`,
      `--x\r\nContent-Disposition: form-data; name="map"\r\n\r\n{}\r\n`,
      ...Array.from({ length: 20_000 }, (_, i) => `--x\r\nContent-Disposition: form-data; name="${i}"; filename="a.txt"\r\n\r\nx\r\n`),
      '--x--\r\n',
    ];
    const body = Buffer.from(parts.join(''));
    const head = `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=x\r\nGraphQL-Require-Preflight: 1\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
    for (let i = 0; i < 5; i++) {
      const answer = await sendThenRead(head, body);
      expect(answer.slice(0, 12)).toBe('HTTP/1.1 400');
      expect(answer).toContain('"BAD_REQUEST"');
    }
  });

  it('answers an Expect it does not know with a coded 417', async () => {
    const answer = await sendThenRead(
      'GET /health HTTP/1.1\r\nHost: localhost\r\nExpect: foo\r\nConnection: close\r\n\r\n',
      Buffer.alloc(0),
    );
    expect(answer.slice(0, 12)).toBe('HTTP/1.1 417');
    expect(answer).toMatch(/\r\nx-frame-options: DENY\r\n/i);
    expect(answer).toContain('"code":"BAD_REQUEST"');
  });

  it('leaves a kept-alive connection alone: a request after the linger time goes out on the same socket', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const health = () =>
      new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
        const req = get(`${server.url}/health`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
        });
        req.on('error', reject);
      });
    try {
      expect(await health()).toEqual({ status: 200, reused: false });
      await new Promise((r) => setTimeout(r, 2500));
      expect(await health()).toEqual({ status: 200, reused: true });
    } finally {
      agent.destroy();
    }
  });
});
