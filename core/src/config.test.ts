import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

const secret = { AUTH_SECRET: 'a'.repeat(32) };

describe('loadConfig', () => {
  it('has documented defaults', () => {
    const config = loadConfig(secret);
    expect(config).toMatchObject({ port: 4000, host: '0.0.0.0', databaseUrl: 'file:./data/egov.db', seedDemo: true, tokenTtlSeconds: 43200, publicUrl: 'http://localhost:4000', production: false });
  });

  it('seeds demo data by default on SQLite only', () => {
    expect(loadConfig({ ...secret, DATABASE_URL: 'postgresql://db/egov' }).seedDemo).toBe(false);
    expect(loadConfig({ ...secret, DATABASE_URL: 'postgresql://db/egov', SEED_DEMO: 'on' }).seedDemo).toBe(true);
    expect(loadConfig({ ...secret, SEED_DEMO: 'false' }).seedDemo).toBe(false);
    expect(loadConfig({ ...secret, NODE_ENV: 'production' }).seedDemo).toBe(false);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ ...secret, PORT: 'eighty' })).toThrow('PORT must be an integer from 0 to 65535, got "eighty"');
    expect(() => loadConfig({ ...secret, SEED_DEMO: 'maybe' })).toThrow('SEED_DEMO must be true or false, got "maybe"');
    expect(() => loadConfig({ AUTH_SECRET: 'short' })).toThrow('AUTH_SECRET must be at least 32 characters');
    expect(() => loadConfig({ ...secret, TOKEN_TTL: '5' })).toThrow('TOKEN_TTL must be an integer from 60');
    expect(() => loadConfig({ ...secret, WORKING_SHIFTS: '13:30-17:00,07:30-11:30' })).toThrow('WORKING_SHIFTS: shift 2 overlaps or precedes shift 1');
  });

  it('refuses to start in production without AUTH_SECRET', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow('AUTH_SECRET must be set in production');
  });

  it('reads working shifts', () => {
    expect(loadConfig({ ...secret, WORKING_SHIFTS: '08:00-12:00,13:00-17:00' }).shifts).toEqual([{ start: 480, end: 720 }, { start: 780, end: 1020 }]);
  });

  it('strips a trailing slash from PUBLIC_URL', () => {
    expect(loadConfig({ ...secret, PUBLIC_URL: 'https://dichvucong.danang.gov.vn/' }).publicUrl).toBe('https://dichvucong.danang.gov.vn');
  });
});
