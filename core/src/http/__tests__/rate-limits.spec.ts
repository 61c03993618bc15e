import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRateLimits } from '../rate-limit.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { judicialRecordForm } from '../../testing/dossier-scenario.ts';

// Limits per client address and per account, counted before anything runs: over one, the
// answer is 429 RATE_LIMITED with Retry-After, and nothing of the operation happens.

let app: TestApp;
let now = new Date('2026-12-01T09:00:00+07:00');
beforeAll(async () => {
  app = await createTestApp(
    { rateLimits: parseRateLimits('register.address=3/1h,mutation.account=4/10m,mutation.address=6/10m') },
    () => now,
  );
});
afterAll(() => app.dispose());

interface Answer {
  status: number;
  retryAfter: string | null;
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions: { code: string; retryAfter?: number } }[];
}

async function call(query: string, from: string, token?: string): Promise<Answer> {
  const body = JSON.stringify({ query });
  const response = await app.yoga.fetch(
    'http://test/graphql',
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body,
    },
    { req: { socket: { remoteAddress: from } } },
  );
  return { status: response.status, retryAfter: response.headers.get('retry-after'), ...((await response.json()) as object) };
}

let n = 0;
const register = () => {
  n += 1;
  return `mutation { register(input: { kind: CITIZEN, fullName: "Nguyễn Văn Thử", email: "limit${n}@example.vn", password: "Xx@123456789", nationalId: "0480900${String(n).padStart(5, '0')}", phone: "09059${String(n).padStart(5, '0')}" }) { token } }`;
};

describe('rate limits', () => {
  it('refuse registrations over the per-address limit with 429, RATE_LIMITED and Retry-After, storing nothing', async () => {
    for (let i = 0; i < 3; i++) expect((await call(register(), '203.0.113.20')).data?.register).toBeTruthy();
    const before = await app.prisma.account.count();
    const refused = await call(register(), '203.0.113.20');
    expect([refused.status, refused.retryAfter, refused.errors?.[0]?.extensions]).toEqual([
      429,
      '3600',
      { code: 'RATE_LIMITED', retryAfter: 3600 },
    ]);
    expect(refused.data ?? null).toBeNull();
    expect(await app.prisma.account.count()).toBe(before);
    // Another address is not affected; and the window passes.
    expect((await call(register(), '203.0.113.21')).data?.register).toBeTruthy();
    now = new Date(now.getTime() + 3601_000);
    expect((await call(register(), '203.0.113.20')).data?.register).toBeTruthy();
  });

  it('count mutations per account whatever address they come from, and each aliased root field', async () => {
    const token = await app.login('citizen@demo.egov.vn');
    const mark = 'mutation { markNotificationsRead }';
    const probe = await call(mark, '198.51.100.1', token);
    expect(probe.errors).toBeUndefined();
    // Three more from three addresses reach the account's 4 per 10 minutes ...
    for (const from of ['198.51.100.2', '198.51.100.3']) expect((await call(mark, from, token)).status).toBe(200);
    expect((await call('mutation { a: markNotificationsRead b: markNotificationsRead }', '198.51.100.4', token)).status).toBe(429);
    const refused = await call(mark, '198.51.100.5', token);
    expect([refused.status, refused.errors?.[0]?.extensions.code, Number(refused.retryAfter)]).toEqual([429, 'RATE_LIMITED', 600]);
    // ... while another account goes on.
    const other = await app.login('agent@demo.egov.vn');
    expect((await call(mark, '198.51.100.5', other)).status).toBe(200);
  });

  it('count anonymous mutations per address', async () => {
    const login = 'mutation { login(input: { login: "nobody@example.vn", password: "x" }) { token } }';
    // Sign-ins have limits of their own (see accounts.spec); other mutations count per address.
    const mark = 'mutation { markNotificationsRead }';
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await call(mark, '192.0.2.99'));
    expect(answers.map((a) => a.errors?.[0]?.extensions.code)).toEqual([
      ...Array(6).fill('UNAUTHENTICATED'),
      'RATE_LIMITED',
      'RATE_LIMITED',
    ]);
    expect((await call(login, '192.0.2.100')).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('count the typed submit<Service> mutations as submissions, with submitDossier', async () => {
    const limited = await createTestApp({ rateLimits: parseRateLimits('submit.account=2/1h') });
    try {
      const token = await limited.login('citizen@demo.egov.vn');
      // Refused for the missing upload, once counted.
      const typed = 'mutation ($f: DngStpLltp01FormInput!) { submitDngStpLltp01(form: $f) { dossier { code } } }';
      const generic = 'mutation { submitDossier(input: { serviceCode: "DNG-STP-LLTP-01", formData: {} }) { dossier { code } } }';
      const codes = [];
      for (const query of [generic, typed, typed])
        codes.push((await limited.gql(query, { f: judicialRecordForm }, token)).errors?.[0]?.extensions?.code);
      // The first two are counted and refused for what they lack; the third is over the limit.
      expect(codes).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'RATE_LIMITED']);
    } finally {
      await limited.dispose();
    }
  });

  it('leave queries alone', async () => {
    for (let i = 0; i < 20; i++) expect((await call('{ services(first: 1) { edges { node { code } } } }', '192.0.2.99')).status).toBe(200);
  });
});

describe('RATE_LIMITS', () => {
  it('reads count/window pairs and off over the defaults, naming what is wrong', () => {
    const limits = parseRateLimits('signIn.address=10/1m, submit.account=off, signIn.freeFailures=3, signIn.maxDelay=1h');
    expect(limits['signIn.address']).toEqual({ count: 10, windowSeconds: 60 });
    expect(limits['submit.account']).toBeNull();
    expect([limits['signIn.freeFailures'], limits['signIn.maxDelaySeconds']]).toEqual([3, 3600]);
    expect(limits['register.address']).toEqual({ count: 20, windowSeconds: 3600 });
    expect(parseRateLimits('off')['mutation.address']).toBeNull();
    expect(() => parseRateLimits('signin.address=10/1m')).toThrow('RATE_LIMITS: signin.address=10/1m: unknown limit "signin.address"');
    expect(() => parseRateLimits('register.address=10')).toThrow('give count/window such as 60/15m, or off');
    expect(() => parseRateLimits('register.address=10/1w')).toThrow('the window must be like 30s, 15m, 1h or 1d');
  });
});
