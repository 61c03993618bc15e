// `pnpm start`: migrate, seed demo data on a new embedded database, serve.
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { startOverdueScheduler } from './lifecycle/overdue-scheduler.ts';
import { defaultHookLimits, runnerPool } from './hooks/hook-runner.ts';
import { listen } from './server.ts';

const config = loadConfig();
const app = await createApp(config);
const running = await listen(app);
// A plugin runner started ahead, so the first submission to a service with hooks does not wait for one.
const runners = runnerPool(defaultHookLimits.memoryMb);
try {
  runners.warm(1);
  if (!runners.networkIsolated)
    console.warn(
      'Plugin runners get no network namespace of their own on this host (see SECURITY.md); PLUGIN_NETWORK_ISOLATION=required makes that refuse plugin code',
    );
} catch (error) {
  // PLUGIN_NETWORK_ISOLATION=required on a host without namespaces: hooks fail (PLUGIN_FAILED), the rest serves.
  console.error(`Plugin code will not run: ${(error as Error).message}`);
}
// Checks a stop interrupted start again.
const resumed = await app.checkQueue.resume();
if (resumed) console.info(`Checking again ${resumed} integration request(s) interrupted by the last stop`);
// Overdue dossiers are flagged from the database's state, so this also catches up after a restart.
const scheduler = config.overdueSweepSeconds > 0 ? startOverdueScheduler(app, config.overdueSweepSeconds * 1000, console) : null;
console.info(`Serving ${running.url}/graphql (GraphiQL in the browser; graphql-ws on the same path)`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.info(`${signal}: closing`);
    Promise.resolve(scheduler?.stop())
      .then(() => running.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  });
}
