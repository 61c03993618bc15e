import type { AdmissionLimits } from './http/admission.ts';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SHIFTS, parseShifts, type Shift } from './calendar/working-time.ts';
import { DEFAULT_CODE_PATTERN, DossierCodePattern } from './dossier/dossier-code.ts';
import { parseRateLimits, type RateLimits } from './http/rate-limit.ts';
import { defaultQueryLimits, type QueryLimits } from './http/use-query-limits.ts';

/** The repository root: relative paths in the configuration are read from here. */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface Config {
  /** `PORT`. @default 4000 */
  port: number;
  /** `HOST`, the interface to listen on. @default '0.0.0.0' */
  host: string;
  /** `DATABASE_URL`: `file:<path>` for SQLite, `postgresql://…` for PostgreSQL. @default 'file:./data/egov.db' */
  databaseUrl: string;
  /**
   * `AUTH_SECRET`, the HMAC key that signs tokens (at least 32 characters).
   * @default outside production, a random key kept in `data/auth-secret`; required in production.
   */
  authSecret: string;
  /** `TOKEN_TTL`, token lifetime in seconds. @default 43200 (12 hours) */
  tokenTtlSeconds: number;
  /** `SEED_DEMO`: load demo agencies, accounts and the example services into a new database. @default true on SQLite outside production, false otherwise */
  seedDemo: boolean;
  /** `PLUGIN_ROOT`: where plugin packages' `sourcePath`s are resolved. @default the repository root */
  pluginRoot: string;
  /** `PUBLIC_URL`: the platform's public address, for the stable service links (R12.1). @default 'http://localhost:<PORT>' */
  publicUrl: string;
  /** `FILES_DIR`: where uploaded attachments are stored, by SHA-256. @default './data/files' */
  filesDir: string;
  /**
   * `PACKAGES_DIR`: where uploaded plugin tarballs are kept and unpacked, by SHA-256. Must be
   * inside the plugin root (versions record their package path relative to it).
   * @default './data/packages'
   */
  packagesDir: string;
  /**
   * `ARTIFACTS_DIR`: where checked plugin artifacts (normalized manifest, hooks bundle, form
   * files) are kept by digest; production runs only these. @default './data/artifacts'
   */
  artifactsDir: string;
  /**
   * `CORS_ORIGINS`: the web origins (comma-separated, e.g. `https://dichvucong.danang.gov.vn`)
   * whose pages may call the API from a browser with the visitor's credentials. @default none:
   * same origin only
   */
  corsOrigins: string[];
  /** `SANDBOX_TIMEOUT_SECONDS`: how long one sandbox check of a package may take. @default 600 */
  sandboxTimeoutSeconds: number;
  /** `DOSSIER_CODE_PATTERN`: how dossier codes are made. @default '{agency}-{yy}{mm}{dd}-{seq:4}' */
  dossierCodePattern: string;
  /** `OVERDUE_SWEEP_SECONDS`: how often overdue dossiers are looked for (0: never). @default 60 */
  overdueSweepSeconds: number;
  /** `WORKING_SHIFTS`: the daily working shifts in Asia/Ho_Chi_Minh. @default '07:30-11:30,13:30-17:00' */
  shifts: Shift[];
  /**
   * `QUERY_LIMITS`: how big one operation may be, checked before it runs, as comma-separated
   * `name=number` over the defaults (`characters=32768,tokens=4000,depth=15,aliases=30,
   * directives=50,rootFields=20,introspectionLists=3,schemaFields=1,repeats=10,fragments=50,validationErrors=10`).
   */
  queryLimits: QueryLimits;
  /** `RATE_LIMITS`: limits per client address and account (see `parseRateLimits` and the README). */
  rateLimits: RateLimits;
  /**
   * `TRUST_PROXY_HOPS`: how many reverse proxies of ours stand in front of the server; the
   * client address is then read from `X-Forwarded-For`. @default 0 (the socket's peer)
   */
  trustProxyHops: number;
  /** `GRAPHIQL`: serve GraphiQL at /graphql to browsers. @default true, false in production */
  graphiql: boolean;
  /** `INTROSPECTION`: answer introspection queries (and field suggestions). @default true, false in production */
  introspection: boolean;
  /**
   * What one client address may hold at once (`HTTP_MAX_CONNECTIONS_PER_ADDRESS`,
   * `HTTP_MAX_REQUESTS_PER_ADDRESS`, `HTTP_MAX_UPLOAD_BYTES`, `HTTP_MAX_UPLOAD_BYTES_PER_ADDRESS`).
   */
  admission: AdmissionLimits;
  /** WebSocket limits (`WS_MAX_MESSAGE_BYTES`, `WS_MAX_SUBSCRIPTIONS`, `WS_MAX_OPERATIONS_PER_SECOND`, `WS_MAX_CONNECTIONS_PER_ACCOUNT`, `WS_MAX_CONNECTIONS_PER_ADDRESS`). */
  websocket: WebSocketLimits;
  /** `NODE_ENV === 'production'`: masks more, refuses insecure defaults. */
  production: boolean;
}

export interface WebSocketLimits {
  /** The largest message a client may send. @default 65536 */
  maxMessageBytes: number;
  /** Operations running at once on one connection. @default 50 */
  maxSubscriptions: number;
  /** Operations a connection may start per second (a burst of as many is allowed). @default 20 */
  maxOperationsPerSecond: number;
  /** Open connections of one signed-in account. @default 10 */
  maxConnectionsPerAccount: number;
  /** Open connections from one client address. @default 50 */
  maxConnectionsPerAddress: number;
}

type Env = Record<string, string | undefined>;

function queryLimits(value: string | undefined): QueryLimits {
  const limits = { ...defaultQueryLimits };
  for (const item of (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [name = '', n = ''] = item.split('=').map((s) => s.trim());
    if (!(name in limits)) throw new Error(`QUERY_LIMITS: unknown limit "${name}"; known: ${Object.keys(limits).join(', ')}`);
    limits[name as keyof QueryLimits] = integer(n, 0, `QUERY_LIMITS ${name}`, 1, 1_000_000);
  }
  return limits;
}

function codePattern(value: string | undefined): string {
  try {
    return new DossierCodePattern(value || DEFAULT_CODE_PATTERN).pattern;
  } catch (error) {
    throw new Error(`DOSSIER_CODE_PATTERN ${(error as Error).message}`);
  }
}

function shiftsFrom(value: string | undefined): Shift[] {
  try {
    return parseShifts(value || DEFAULT_SHIFTS);
  } catch (error) {
    throw new Error(`WORKING_SHIFTS: ${(error as Error).message}`);
  }
}

function flag(value: string | undefined, fallback: boolean, name: string): boolean {
  if (value === undefined || value === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new Error(`${name} must be true or false, got "${value}"`);
}

function integer(value: string | undefined, fallback: number, name: string, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}, got "${value}"`);
  return n;
}

/** CORS_ORIGINS: each an origin (scheme, host and port, no path). */
function origins(value: string | undefined): string[] {
  const list = (value ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of list) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(origin);
    } catch {
      // refused below
    }
    if (!parsed || parsed.origin !== origin.replace(/\/$/, '') || !/^https?:$/.test(parsed.protocol))
      throw new Error(`CORS_ORIGINS: ${origin} is not an origin such as https://portal.example.vn`);
  }
  return list.map((o) => o.replace(/\/$/, ''));
}

function defaultSecret(dataDir: string): string {
  const file = resolve(dataDir, 'auth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** Reads the configuration from environment variables; throws naming the variable on bad input. */
export function loadConfig(env: Env = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const port = integer(env.PORT, 4000, 'PORT', 0, 65535);
  const databaseUrl = env.DATABASE_URL || 'file:./data/egov.db';
  let authSecret = env.AUTH_SECRET ?? '';
  if (!authSecret) {
    if (production) throw new Error('AUTH_SECRET must be set in production');
    authSecret = defaultSecret(resolve(projectRoot, 'data'));
  }
  if (authSecret.length < 32) throw new Error('AUTH_SECRET must be at least 32 characters');
  const pluginRoot = resolve(projectRoot, env.PLUGIN_ROOT || '.');
  const packagesDir = resolve(projectRoot, env.PACKAGES_DIR || 'data/packages');
  const rel = relative(pluginRoot, packagesDir);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel))
    throw new Error(`PACKAGES_DIR must be a folder inside PLUGIN_ROOT (${pluginRoot})`);
  return {
    port,
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    authSecret,
    tokenTtlSeconds: integer(env.TOKEN_TTL, 12 * 3600, 'TOKEN_TTL', 60, 30 * 24 * 3600),
    // Demo accounts have a published password: never by default in production.
    seedDemo: flag(env.SEED_DEMO, databaseUrl.startsWith('file:') && !production, 'SEED_DEMO'),
    pluginRoot,
    publicUrl: (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, ''),
    shifts: shiftsFrom(env.WORKING_SHIFTS),
    filesDir: resolve(projectRoot, env.FILES_DIR || 'data/files'),
    packagesDir,
    artifactsDir: resolve(projectRoot, env.ARTIFACTS_DIR || 'data/artifacts'),
    corsOrigins: origins(env.CORS_ORIGINS),
    sandboxTimeoutSeconds: integer(env.SANDBOX_TIMEOUT_SECONDS, 600, 'SANDBOX_TIMEOUT_SECONDS', 10, 7200),
    dossierCodePattern: codePattern(env.DOSSIER_CODE_PATTERN),
    overdueSweepSeconds: integer(env.OVERDUE_SWEEP_SECONDS, 60, 'OVERDUE_SWEEP_SECONDS', 0, 86_400),
    queryLimits: queryLimits(env.QUERY_LIMITS),
    rateLimits: parseRateLimits(env.RATE_LIMITS),
    trustProxyHops: integer(env.TRUST_PROXY_HOPS, 0, 'TRUST_PROXY_HOPS', 0, 10),
    graphiql: flag(env.GRAPHIQL, !production, 'GRAPHIQL'),
    introspection: flag(env.INTROSPECTION, !production, 'INTROSPECTION'),
    admission: {
      maxConnectionsPerAddress: integer(env.HTTP_MAX_CONNECTIONS_PER_ADDRESS, 100, 'HTTP_MAX_CONNECTIONS_PER_ADDRESS', 1, 1_000_000),
      maxRequestsPerAddress: integer(env.HTTP_MAX_REQUESTS_PER_ADDRESS, 32, 'HTTP_MAX_REQUESTS_PER_ADDRESS', 1, 1_000_000),
      maxUploadBytes: integer(env.HTTP_MAX_UPLOAD_BYTES, 256 * 1024 * 1024, 'HTTP_MAX_UPLOAD_BYTES', 60 * 1024 * 1024, 2 ** 40),
      maxUploadBytesPerAddress: integer(
        env.HTTP_MAX_UPLOAD_BYTES_PER_ADDRESS,
        64 * 1024 * 1024,
        'HTTP_MAX_UPLOAD_BYTES_PER_ADDRESS',
        60 * 1024 * 1024,
        2 ** 40,
      ),
    },
    websocket: {
      maxMessageBytes: integer(env.WS_MAX_MESSAGE_BYTES, 64 * 1024, 'WS_MAX_MESSAGE_BYTES', 1024, 64 * 1024 * 1024),
      maxSubscriptions: integer(env.WS_MAX_SUBSCRIPTIONS, 50, 'WS_MAX_SUBSCRIPTIONS', 1, 100_000),
      maxOperationsPerSecond: integer(env.WS_MAX_OPERATIONS_PER_SECOND, 20, 'WS_MAX_OPERATIONS_PER_SECOND', 1, 100_000),
      maxConnectionsPerAccount: integer(env.WS_MAX_CONNECTIONS_PER_ACCOUNT, 10, 'WS_MAX_CONNECTIONS_PER_ACCOUNT', 1, 100_000),
      maxConnectionsPerAddress: integer(env.WS_MAX_CONNECTIONS_PER_ADDRESS, 50, 'WS_MAX_CONNECTIONS_PER_ADDRESS', 1, 1_000_000),
    },
    production,
  };
}
