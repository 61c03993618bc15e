import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionResult } from 'graphql';
import { createApp, type App, type AppOptions } from '../app.ts';
import { loadConfig, type Config } from '../config.ts';
import { testDatabase } from './test-database.ts';

export interface TestApp extends App {
  /** Every SQL statement sent since the last `resetQueries()`. */
  queries: string[];
  resetQueries(): void;
  /** Runs an operation through `yoga.fetch`, no socket involved. */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<ExecutionResult<T>>;
  /**
   * Runs an operation with file uploads (GraphQL multipart request): each file goes to the
   * variable path given, e.g. `input.attachments.0.file`.
   */
  upload<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown>,
    files: Record<string, File>,
    token?: string,
  ): Promise<ExecutionResult<T>>;
  /** Signs in and returns the token. */
  login(email: string, password?: string): Promise<string>;
  dispose(): Promise<void>;
}

/**
 * A complete application on a fresh SQLite file (migrated, demo data loaded) for API tests.
 * `overrides` change the configuration, e.g. `{ seedDemo: false }`.
 */
export async function createTestApp(
  overrides: Partial<Config> = {},
  clock?: () => Date,
  deliveryGuards?: AppOptions['deliveryGuards'],
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'egov-test-'));
  // A given databaseUrl is reused as it is (a restart test); otherwise a fresh database.
  const database = overrides.databaseUrl ? { url: overrides.databaseUrl, drop: async () => {} } : await testDatabase(join(dir, 'test.db'));
  const config = {
    ...loadConfig({ DATABASE_URL: database.url, AUTH_SECRET: 'test-secret-test-secret-test-secret-!!', PORT: '0' }),
    seedDemo: true,
    filesDir: join(dir, 'files'),
    artifactsDir: join(dir, 'artifacts'),
    ...overrides,
  };
  const queries: string[] = [];
  const app = await createApp(config, {
    onQuery: (sql) => queries.push(sql),
    logger: { info: () => {}, warn: (...args) => console.warn(...args) },
    ...(clock ? { clock } : {}),
    ...(deliveryGuards ? { deliveryGuards } : {}),
  });
  const gql = async <T>(query: string, variables?: Record<string, unknown>, token?: string) => {
    const body = JSON.stringify({ query, variables });
    const response = await app.yoga.fetch('http://test/graphql', {
      method: 'POST',
      // Stated as a real client would: the server refuses bodies of unstated length.
      headers: {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body,
    });
    return (await response.json()) as ExecutionResult<T>;
  };
  const upload = async <T>(query: string, variables: Record<string, unknown>, files: Record<string, File>, token?: string) => {
    const body = new FormData();
    body.set('operations', JSON.stringify({ query, variables }));
    const paths = Object.keys(files);
    body.set('map', JSON.stringify(Object.fromEntries(paths.map((p, i) => [String(i), [`variables.${p}`]]))));
    paths.forEach((p, i) => body.set(String(i), files[p]!));
    // Encoded first, so the request states its length and boundary as a real client's does.
    const encoded = new Request('http://test/graphql', { method: 'POST', body });
    const bytes = await encoded.arrayBuffer();
    const response = await app.yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: {
        'content-type': encoded.headers.get('content-type')!,
        'content-length': String(bytes.byteLength),
        // What a browser page on another site cannot send (see use-csrf-prevention.ts).
        'graphql-require-preflight': '1',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: bytes,
    });
    return (await response.json()) as ExecutionResult<T>;
  };
  return {
    ...app,
    queries,
    upload,
    resetQueries: () => void queries.splice(0),
    gql,
    async login(email, password = 'Demo@12345') {
      const result = await gql<{ login: { token: string } }>('mutation ($input: LoginInput!) { login(input: $input) { token } }', {
        input: { login: email, password },
      });
      if (!result.data) throw new Error(`login ${email} failed: ${JSON.stringify(result.errors)}`);
      return result.data.login.token;
    },
    async dispose() {
      await app.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
