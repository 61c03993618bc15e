import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAdmissionLimits } from '../http/admission.ts';
import { listen, type RunningServer } from '../server.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

// One client address cannot hold what all share: its open connections, its requests in flight
// and the memory of its uploads are bounded, each refused before any work, with a code.

let app: TestApp;
let server: RunningServer;
beforeAll(async () => {
  app = await createTestApp({
    admission: {
      ...defaultAdmissionLimits,
      maxConnectionsPerAddress: 4,
      maxRequestsPerAddress: 3,
      maxUploadBytesPerAddress: 60 * 1024 * 1024,
    },
  });
  server = await listen(app, 0, '127.0.0.1');
});
afterAll(async () => {
  await server?.close();
  await app?.dispose();
});

const port = () => Number(new URL(server.url).port);
const open: Socket[] = [];
afterAll(() => open.forEach((s) => s.destroy()));

/** A raw connection whose received bytes are collected. */
function socket(): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port: port() });
    open.push(s);
    let text = '';
    s.on('data', (chunk) => (text += chunk.toString('latin1')));
    s.on('error', () => {});
    const closed = new Promise<void>((r) => s.once('close', () => r()));
    s.once('connect', () => resolve({ socket: s, received: () => text, closed }));
  });
}
const until = async (test: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!test() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
};
const statuses = (text: string) => [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));

describe('admission', () => {
  it('refuses a connection over HTTP_MAX_CONNECTIONS_PER_ADDRESS with a coded 429, and takes one again when another closes', async () => {
    const held = await Promise.all([socket(), socket(), socket(), socket()]);
    const extra = await socket();
    await extra.closed;
    expect(statuses(extra.received())).toEqual([429]);
    expect(extra.received()).toContain('"code":"RATE_LIMITED"');
    held[0]!.socket.destroy();
    await held[0]!.closed;
    await new Promise((r) => setTimeout(r, 50));
    const again = await socket();
    again.socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    await again.closed;
    expect(statuses(again.received())).toEqual([200]);
    for (const h of held) h.socket.destroy();
    await Promise.all(held.map((h) => h.closed));
  });

  it('answers requests over HTTP_MAX_REQUESTS_PER_ADDRESS in flight with 429 at once: a pipelined burst does not queue', async () => {
    const { socket: s, received, closed } = await socket();
    const query = encodeURIComponent('{ services(first: 50) { edges { node { code title agency { name } } } } }');
    s.write(`GET /graphql?query=${query} HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n\r\n`.repeat(20));
    await until(() => statuses(received()).length === 20);
    s.destroy();
    await closed;
    const got = statuses(received());
    expect(got).toHaveLength(20);
    expect(got.filter((c) => c === 200).length).toBeGreaterThanOrEqual(3);
    expect(got.filter((c) => c === 429).length).toBeGreaterThan(0);
    expect(got.every((c) => c === 200 || c === 429)).toBe(true);
  });

  it('gives back what pipelined requests held when their client hangs up before their answers', async () => {
    for (let round = 0; round < 3; round++) {
      const { socket: s, closed } = await socket();
      s.write(
        'POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 26\r\n\r\n{"query":"{ __typename }"}'.repeat(
          20,
        ),
      );
      s.destroy();
      await closed;
    }
    await new Promise((r) => setTimeout(r, 200));
    const after = await socket();
    after.socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    await after.closed;
    expect(statuses(after.received())).toEqual([200]);
  });

  it('refuses an upload that would take the address over HTTP_MAX_UPLOAD_BYTES_PER_ADDRESS, before reading it', async () => {
    const head = (length: number) =>
      `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=x\r\nGraphQL-Require-Preflight: 1\r\nContent-Length: ${length}\r\n\r\n--x\r\n`;
    const first = await socket();
    first.socket.write(head(40 * 1024 * 1024));
    await new Promise((r) => setTimeout(r, 100));
    const second = await socket();
    second.socket.write(head(40 * 1024 * 1024));
    await until(() => statuses(second.received()).length > 0);
    expect(statuses(second.received())).toEqual([429]);
    expect(second.received()).toMatch(/\r\nretry-after: 5\r\n/i);
    first.socket.destroy();
    second.socket.destroy();
    await Promise.all([first.closed, second.closed]);
    await new Promise((r) => setTimeout(r, 50));
    // Released with its connection: the next one is let in (and refused for its short body later).
    const third = await socket();
    third.socket.write(head(40 * 1024 * 1024));
    await new Promise((r) => setTimeout(r, 200));
    expect(statuses(third.received())).toEqual([]);
    third.socket.destroy();
  });
});
