// The server the hostile-requests benchmark measures, in a process of its own so that its CPU
// time can be read apart from the clients': a test app (fresh SQLite, demo data) on a free port
// of 127.0.0.1. It reports over the IPC channel its parent opened (no HTTP involved):
//   → { type: 'ready', url, token, secret }     once listening (token: citizen@demo.egov.vn)
//   ← { type: 'cpu' }  → { type: 'cpu', user, system, rss }   process.cpuUsage() in µs
//   ← { type: 'stop' } → closes and exits
import { createTestApp } from '@egov/core/testing';
import { listen } from '@egov/core';

if (!process.send) throw new Error('hostile-server.ts is started by test/bench/hostile-requests.ts (over IPC)');
const send = (message: unknown) => process.send!(message);

const app = await createTestApp();
const server = await listen(app, 0, '127.0.0.1');
const token = await app.login('citizen@demo.egov.vn');

process.on('message', async (message: { type: string }) => {
  if (message.type === 'cpu') {
    const { user, system } = process.cpuUsage();
    send({ type: 'cpu', user, system, rss: process.memoryUsage().rss });
  } else if (message.type === 'stop') {
    await server.close().catch(() => {});
    await app.dispose().catch(() => {});
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready', url: server.url, token, secret: app.config.authSecret });
