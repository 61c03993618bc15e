import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

const secret = { AUTH_SECRET: 'a'.repeat(32) };

describe('loadConfig', () => {
  it('has documented defaults', () => {
    const config = loadConfig(secret);
    expect(config).toMatchObject({
      port: 4000,
      host: '0.0.0.0',
      databaseUrl: 'file:./data/egov.db',
      seedDemo: true,
      tokenTtlSeconds: 43200,
      publicUrl: 'http://localhost:4000',
      production: false,
    });
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
    expect(() => loadConfig({ ...secret, WORKING_SHIFTS: '13:30-17:00,07:30-11:30' })).toThrow(
      'WORKING_SHIFTS: shift 2 overlaps or precedes shift 1',
    );
  });

  it('has request limits, with GraphiQL and introspection off in production', () => {
    const config = loadConfig(secret);
    expect(config.queryLimits).toEqual({
      characters: 32 * 1024,
      tokens: 4000,
      depth: 15,
      aliases: 30,
      directives: 50,
      rootFields: 20,
      introspectionLists: 3,
      schemaFields: 1,
      repeats: 10,
      fragments: 50,
      validationErrors: 10,
    });
    expect(config.rateLimits['signIn.address']).toEqual({ count: 60, windowSeconds: 900 });
    expect(config.websocket).toEqual({
      maxMessageBytes: 65536,
      maxSubscriptions: 50,
      maxOperationsPerSecond: 20,
      maxConnectionsPerAccount: 10,
      maxConnectionsPerAddress: 50,
    });
    expect([config.graphiql, config.introspection, config.trustProxyHops]).toEqual([true, true, 0]);
    const production = loadConfig({ ...secret, NODE_ENV: 'production' });
    expect([production.graphiql, production.introspection]).toEqual([false, false]);
    expect(loadConfig({ ...secret, NODE_ENV: 'production', INTROSPECTION: 'on' }).introspection).toBe(true);
    expect(loadConfig({ ...secret, QUERY_LIMITS: 'tokens=8000, aliases=50' }).queryLimits).toMatchObject({
      tokens: 8000,
      aliases: 50,
      depth: 15,
    });
    expect(() => loadConfig({ ...secret, QUERY_LIMITS: 'token=8000' })).toThrow('QUERY_LIMITS: unknown limit "token"');
    expect(() => loadConfig({ ...secret, QUERY_LIMITS: 'tokens=0' })).toThrow('QUERY_LIMITS tokens must be an integer from 1');
    expect(() => loadConfig({ ...secret, WS_MAX_MESSAGE_BYTES: '10' })).toThrow('WS_MAX_MESSAGE_BYTES must be an integer from 1024');
    // An address must be able to send the largest upload there is (60 MB).
    expect(() => loadConfig({ ...secret, HTTP_MAX_UPLOAD_BYTES_PER_ADDRESS: '1000' })).toThrow(
      'HTTP_MAX_UPLOAD_BYTES_PER_ADDRESS must be an integer from 62914560',
    );
    expect(loadConfig({ ...secret, HTTP_MAX_REQUESTS_PER_ADDRESS: '8' }).admission.maxRequestsPerAddress).toBe(8);
    expect(() => loadConfig({ ...secret, RATE_LIMITS: 'submit.account=5' })).toThrow('RATE_LIMITS: submit.account=5');
  });

  it('refuses to start in production without AUTH_SECRET', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow('AUTH_SECRET must be set in production');
  });

  it('reads working shifts', () => {
    expect(loadConfig({ ...secret, WORKING_SHIFTS: '08:00-12:00,13:00-17:00' }).shifts).toEqual([
      { start: 480, end: 720 },
      { start: 780, end: 1020 },
    ]);
  });

  it('strips a trailing slash from PUBLIC_URL', () => {
    expect(loadConfig({ ...secret, PUBLIC_URL: 'https://dichvucong.danang.gov.vn/' }).publicUrl).toBe('https://dichvucong.danang.gov.vn');
  });
});
