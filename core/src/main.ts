// `pnpm start`: migrate, seed demo data on a new embedded database, serve.
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { listen } from './server.ts';

const config = loadConfig();
const app = await createApp(config);
const running = await listen(app);
console.info(`Serving ${running.url}/graphql (GraphiQL in the browser; graphql-ws on the same path)`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.info(`${signal}: closing`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
