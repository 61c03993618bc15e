// The server the hostile-request corpus is sent to (test/src/hostile-requests.test.ts and
// test/bench/hostile-requests.ts), in a process of its own: so a request that blocks or crashes
// it cannot take the test runner with it, and so its CPU time can be read apart from the
// clients'. A test app (fresh SQLite, demo data; `createTestApp`) on a free port of 127.0.0.1,
// with one judicial-record dossier filed by the demo citizen. It reports over the IPC channel
// its parent opened (no HTTP involved):
//   → { type: 'ready', context }   once listening (`CaseContext` of test/src/hostile/corpus.ts)
//   ← { type: 'cpu' }  → { type: 'cpu', user, system, rss }   process.cpuUsage() in µs
//   ← { type: 'stop' } → closes and exits
// Started by `startServerProcess()` of test/src/hostile/send.ts.
import { createTestApp } from '@egov/core/testing';
import { submitJudicialRecord } from '@egov/core/testing/dossiers';
import { listen } from '@egov/core';

if (!process.send) throw new Error('hostile-server.ts is started over IPC by startServerProcess() (test/src/hostile/send.ts)');
const send = (message: unknown) => process.send!(message);

const app = await createTestApp();
const server = await listen(app, 0, '127.0.0.1');
const token = await app.login('citizen@demo.egov.vn');
const me = await app.gql<{ me: { id: string } }>('{ me { id } }', {}, token);
const dossierCode = await submitJudicialRecord(app, token);

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
const { port } = new URL(server.url);
send({
  type: 'ready',
  context: {
    url: server.url,
    port: Number(port),
    token,
    accountId: me.data?.me.id ?? 'unknown',
    dossierCode,
    secret: app.config.authSecret,
  },
});
