// `pnpm bench:hostile`: what the hostile-request corpus (test/src/hostile/corpus.ts) costs the
// server. The server runs in a child process (test/bench/hostile-server.ts) so that its CPU
// time is read apart from the clients'. Printed:
//  - per case, the server CPU time one request takes (median of 3; heavy cases once), against
//    a simple query measured the same way in the same run; the ten costliest and the worst;
//  - GET /health latency with no load, then while the costliest case is sent over and over by
//    4 clients for 5 s, as p50 / p99 / max and as ratios of the idle figures.
import { corpus, type HostileCase } from '../src/hostile/corpus.ts';
import { clientAddress, loopbackAliases, percentile, Poller, send, startServerProcess, type ServerProcess } from '../src/hostile/send.ts';

const SIMPLE: HostileCase = {
  name: 'baseline: { services(first: 1) { edges { node { code } } } }',
  transport: 'post',
  group: 'transport',
  build: () => {
    const body = JSON.stringify({ query: '{ services(first: 1) { edges { node { code } } } }' });
    return {
      kind: 'http',
      method: 'POST',
      path: '/graphql',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        'content-length': String(Buffer.byteLength(body)),
      },
      body,
    };
  },
  expect: { status: 200, code: null },
};

const median = (values: number[]) => percentile(values, 50);
const fmt = (ms: number) => `${ms.toFixed(2).padStart(8)} ms`;

async function cpuMs(server: ServerProcess): Promise<number> {
  const { user, system } = await server.cpu();
  return (user + system) / 1000;
}

let server = await startServerProcess();
const aliases = await loopbackAliases(server.ctx.port);
const optionsFor = (index: number) => ({ timeoutMs: 20_000, localAddress: aliases ? clientAddress(index) : undefined });

/** Server CPU time of one request of the case, median of `runs`. */
async function measure(c: HostileCase, index: number, runs: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const spec = c.build(server.ctx);
    const before = await cpuMs(server);
    await send(spec, server.ctx, optionsFor(index));
    // A socket the case left open may still be closing: let the server finish with it.
    await new Promise((r) => setTimeout(r, c.transport === 'ws' || c.transport === 'raw' ? 100 : 0));
    samples.push((await cpuMs(server)) - before - overhead);
  }
  return Math.max(0, median(samples));
}

/** What asking for the CPU time itself costs the server (subtracted from each sample). */
let overhead = 0;
{
  const samples: number[] = [];
  for (let i = 0; i < 20; i++) {
    const a = await cpuMs(server);
    samples.push((await cpuMs(server)) - a);
  }
  overhead = median(samples);
}

for (let i = 0; i < 20; i++) await send(SIMPLE.build(server.ctx), server.ctx, optionsFor(9999)); // warm up
const baseline = await measure(SIMPLE, 9999, 21);
const results: { name: string; ms: number }[] = [];
// HOSTILE_CASES=<text> measures only the cases whose name contains it (a quick run).
const only = process.env.HOSTILE_CASES;
for (const [index, c] of corpus.entries()) {
  if (only && !c.name.includes(only)) continue;
  if (!server.alive) server = await startServerProcess();
  results.push({ name: c.name, ms: await measure(c, index, c.heavy ? 1 : 3) });
}
results.sort((a, b) => b.ms - a.ms);

console.log(`Server CPU time per request, ${results.length} corpus cases (child process, process.cpuUsage):`);
console.log(`${fmt(baseline)}  ${SIMPLE.name}`);
for (const r of results.slice(0, 10)) console.log(`${fmt(r.ms)}  ${(r.ms / baseline).toFixed(1).padStart(6)}× baseline  ${r.name}`);
const worst = results[0]!;
console.log(`worst: ${worst.ms.toFixed(2)} ms (${(worst.ms / baseline).toFixed(1)}× a simple query): ${worst.name}`);
console.log(`median case: ${median(results.map((r) => r.ms)).toFixed(2)} ms`);

// /health, idle and under the costliest case.
async function healthWindow(ms: number, load?: () => Promise<void>): Promise<number[]> {
  const poller = new Poller(server.ctx.port, { healthEveryMs: 20, queryEveryMs: 200, localAddress: aliases ? '127.0.200.1' : undefined });
  poller.start();
  await poller.window();
  const until = Date.now() + ms;
  const clients = load
    ? Array.from({ length: 4 }, async () => {
        while (Date.now() < until) await load();
      })
    : [new Promise((r) => setTimeout(r, ms))];
  await Promise.all(clients);
  const window = await poller.window();
  await poller.stop();
  return window.health;
}

const worstCase = corpus.find((c) => c.name === worst.name)!;
const idle = await healthWindow(3000);
let sent = 0;
const loaded = await healthWindow(5000, async () => {
  await send(worstCase.build(server.ctx), server.ctx, optionsFor(corpus.indexOf(worstCase) + (sent++ % 200)));
});
const row = (label: string, values: number[]) =>
  `${label.padEnd(34)} p50 ${percentile(values, 50).toFixed(1).padStart(6)} ms   p99 ${percentile(values, 99).toFixed(1).padStart(6)} ms   max ${Math.max(
    ...values,
  )
    .toFixed(1)
    .padStart(6)} ms   (${values.length} polls)`;
console.log('\nGET /health latency:');
console.log(row('idle', idle));
console.log(row(`while the worst case is sent (${sent}×)`, loaded));
console.log(
  `ratio loaded / idle: p50 ${(percentile(loaded, 50) / percentile(idle, 50)).toFixed(1)}×, p99 ${(percentile(loaded, 99) / percentile(idle, 99)).toFixed(1)}×`,
);
await server.stop();
