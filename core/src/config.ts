import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SHIFTS, parseShifts, type Shift } from './calendar/working-time.ts';
import { DEFAULT_CODE_PATTERN, DossierCodePattern } from './dossier/dossier-code.ts';

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
  /** `NODE_ENV === 'production'`: masks more, refuses insecure defaults. */
  production: boolean;
}

type Env = Record<string, string | undefined>;

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
  const list = (value ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of list) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(origin);
    } catch {
      // refused below
    }
    if (!parsed || parsed.origin !== origin.replace(/\/$/, '') || !/^https?:$/.test(parsed.protocol)) throw new Error(`CORS_ORIGINS: ${origin} is not an origin such as https://portal.example.vn`);
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
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw new Error(`PACKAGES_DIR must be a folder inside PLUGIN_ROOT (${pluginRoot})`);
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
    production,
  };
}
