import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterInput!) {
    register(input: $input) { token expiresAt account { email kind fullName nationalId identityVerified roles { role agency { code } } } }
  }
`;

const citizen = {
  kind: 'CITIZEN',
  fullName: 'Hoàng Thị Lan',
  nationalId: '048196001234',
  email: 'Lan.Hoang@example.vn',
  phone: '+84 905 111 222',
  password: 'Sông-Hàn 2026',
};

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.dispose());

const accountCount = () => app.prisma.account.count();
const grantCount = () => app.prisma.roleGrant.count();

describe('register', () => {
  it('opens a citizen account, signs it in and gives it the CITIZEN role', async () => {
    const { data, errors } = await app.gql<{ register: { token: string; account: Record<string, unknown> } }>(REGISTER, { input: citizen });
    expect(errors).toBeUndefined();
    expect(data!.register.account).toEqual({
      email: 'lan.hoang@example.vn',
      kind: 'CITIZEN',
      fullName: 'Hoàng Thị Lan',
      nationalId: '048196001234',
      identityVerified: false,
      roles: [{ role: 'CITIZEN', agency: null }],
    });
    const me = await app.gql<{ me: { email: string } }>('{ me { email } }', undefined, data!.register.token);
    expect(me.data!.me.email).toBe('lan.hoang@example.vn');
    const stored = await app.prisma.account.findUniqueOrThrow({ where: { email: 'lan.hoang@example.vn' } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored.phone).toBe('0905111222');
  });

  it('opens an organization account with a valid tax code', async () => {
    const { data, errors } = await app.gql<{ register: { account: { kind: string; roles: { role: string }[] } } }>(REGISTER, {
      input: {
        kind: 'ORGANIZATION',
        fullName: 'Công ty CP Ngũ Hành Sơn',
        taxCode: '0401112222',
        email: 'info@nhs.example.vn',
        phone: '02363999888',
        password: 'Ngu-Hanh-Son-1',
      },
    });
    expect(errors).toBeUndefined();
    expect(data!.register.account).toMatchObject({ kind: 'ORGANIZATION', roles: [{ role: 'ORGANIZATION' }] });
  });

  const refusals: [string, Record<string, unknown>, string, string][] = [
    ['a national ID with too few digits', { nationalId: '04819600123', email: 'a1@example.vn' }, 'nationalId', 'must be the 12 digits'],
    ['a national ID from no province', { nationalId: '099196001234', email: 'a2@example.vn' }, 'nationalId', 'not a province code'],
    [
      'a tax code with a wrong check digit',
      { kind: 'ORGANIZATION', nationalId: null, taxCode: '0401112223', email: 'a3@example.vn' },
      'taxCode',
      'check digit',
    ],
    [
      'a weak password',
      { password: 'abcdefghij', email: 'a4@example.vn', nationalId: '048196009999' },
      'password',
      'must mix at least three',
    ],
    ['a short password', { password: 'Ab1!', email: 'a5@example.vn', nationalId: '048196009998' }, 'password', 'at least 10 characters'],
    ['a malformed e-mail', { email: 'not-an-email', nationalId: '048196009997' }, 'email', 'not an e-mail address'],
    [
      'a foreign phone number',
      { phone: '+1 202 555 0100', email: 'a6@example.vn', nationalId: '048196009996' },
      'phone',
      'Vietnamese phone number',
    ],
  ];

  it.each(refusals)('refuses %s with BAD_USER_INPUT naming the field, and stores nothing', async (_name, change, field, message) => {
    const [accounts, grants] = [await accountCount(), await grantCount()];
    const { data, errors } = await app.gql(REGISTER, { input: { ...citizen, ...change } });
    expect(data).toBeNull();
    expect(errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [expect.objectContaining({ field: `input.${field}` })],
    });
    expect(errors?.[0]?.message).toContain(message);
    expect([await accountCount(), await grantCount()]).toEqual([accounts, grants]);
  });

  it('refuses a duplicate e-mail (in any case) with CONFLICT and stores nothing', async () => {
    const [accounts, grants] = [await accountCount(), await grantCount()];
    const { errors } = await app.gql(REGISTER, { input: { ...citizen, email: 'LAN.HOANG@example.vn', nationalId: '048196005555' } });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'email' });
    expect([await accountCount(), await grantCount()]).toEqual([accounts, grants]);
  });

  it('refuses a duplicate national ID with CONFLICT and stores nothing', async () => {
    const [accounts, grants] = [await accountCount(), await grantCount()];
    const { errors } = await app.gql(REGISTER, { input: { ...citizen, email: 'other@example.vn' } });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'nationalId' });
    expect([await accountCount(), await grantCount()]).toEqual([accounts, grants]);
  });

  it('lets only one of two simultaneous registrations of the same e-mail through', async () => {
    const input = { ...citizen, email: 'race@example.vn', nationalId: '048196007777' };
    const results = await Promise.all([
      app.gql(REGISTER, { input }),
      app.gql(REGISTER, { input: { ...input, nationalId: '048196007778' } }),
    ]);
    const codes = results.map((r) => (r.errors ? r.errors[0]?.extensions?.code : 'OK')).sort();
    expect(codes).toEqual(['CONFLICT', 'OK']);
    expect(await app.prisma.account.count({ where: { email: 'race@example.vn' } })).toBe(1);
  });

  it('cannot be used to open staff or agent accounts (BAD_USER_INPUT, nothing stored)', async () => {
    const accounts = await accountCount();
    for (const kind of ['DOIC_ADMIN', 'AGENT', 'STAFF']) {
      const { errors } = await app.gql(REGISTER, { input: { ...citizen, kind, email: `${kind}@example.vn`, nationalId: '048196004444' } });
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(errors?.[0]?.message).toContain(`Value "${kind}" does not exist in "RegisterKind" enum`);
    }
    expect(await accountCount()).toBe(accounts);
  });

  it('answers missing input fields with BAD_USER_INPUT', async () => {
    const { errors } = await app.gql(REGISTER, { input: { kind: 'CITIZEN' } });
    expect(errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT']);
  });
});

describe('login and me', () => {
  it('gives a token for the right password and UNAUTHENTICATED for a wrong one or an unknown e-mail', async () => {
    const ok = await app.gql<{ login: { token: string; account: { email: string } } }>(
      'mutation { login(input: { login: "Citizen@Demo.egov.vn", password: "Demo@12345" }) { token account { email } } }',
    );
    expect(ok.data!.login.account.email).toBe('citizen@demo.egov.vn');
    for (const [login, password] of [
      ['citizen@demo.egov.vn', 'Wrong@12345'],
      ['nobody@demo.egov.vn', 'Demo@12345'],
    ]) {
      const bad = await app.gql('mutation ($l: String!, $p: String!) { login(input: { login: $l, password: $p }) { token } }', {
        l: login,
        p: password,
      });
      expect(bad.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(bad.errors?.[0]?.message).toBe('Wrong e-mail or password');
    }
  });

  it('answers me without a token with UNAUTHENTICATED', async () => {
    const { data, errors } = await app.gql('{ me { email } }');
    expect(data).toEqual({ me: null });
    expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('never lets a staff role exist without its agency, nor a city-wide role with one', async () => {
    const { grant } = await import('../roles.ts');
    expect(() => grant('RECEPTION_OFFICER', null)).toThrow('RECEPTION_OFFICER must be granted for an agency');
    expect(() => grant('DOIC_ADMIN', 'some-agency')).toThrow('DOIC_ADMIN is a city-wide role');
    const account = await app.prisma.account.findUniqueOrThrow({ where: { email: 'citizen@demo.egov.vn' } });
    await expect(app.prisma.roleGrant.create({ data: { accountId: account.id, ...grant('CITIZEN', null) } })).rejects.toThrow(
      /Unique constraint/,
    );
  });

  it('refuses a forged or malformed token with UNAUTHENTICATED', async () => {
    const token = await app.login('citizen@demo.egov.vn');
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    expect((await app.gql('{ me { email } }', undefined, forged)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const query = JSON.stringify({ query: '{ agencies { code } }' });
    const response = await app.yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(query.length), authorization: 'Basic abc' },
      body: query,
    });
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('shows staff their role and agency', async () => {
    const token = await app.login('reception.stp@demo.egov.vn');
    const { data } = await app.gql<{ me: unknown }>('{ me { kind roles { role agency { code } } } }', undefined, token);
    expect(data!.me).toEqual({ kind: 'STAFF', roles: [{ role: 'RECEPTION_OFFICER', agency: { code: 'STP' } }] });
  });
});

describe('roles declared on fields', () => {
  const members = '{ agency(code: "STP") { members { role account { email } } } }';

  it('refuses a staff-only field to a citizen with FORBIDDEN', async () => {
    const token = await app.login('citizen@demo.egov.vn');
    const { data, errors } = await app.gql(members, undefined, token);
    expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(errors?.[0]?.path).toEqual(['agency', 'members']);
    expect(data).toEqual({ agency: null });
  });

  it('asks an anonymous caller to sign in (UNAUTHENTICATED)', async () => {
    expect((await app.gql(members)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("refuses another agency's staff, and lets the agency's own staff and DoIC see it", async () => {
    const other = await app.login('admin.hch@demo.egov.vn');
    expect((await app.gql(members, undefined, other)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    for (const email of ['specialist.stp@demo.egov.vn', 'doic@demo.egov.vn']) {
      const { data, errors } = await app.gql<{ agency: { members: { role: string }[] } }>(members, undefined, await app.login(email));
      expect(errors).toBeUndefined();
      expect(data!.agency.members.map((m) => m.role).sort()).toEqual(['AGENCY_ADMIN', 'RECEPTION_OFFICER', 'SPECIALIST']);
    }
  });

  it("hides another account's national ID", async () => {
    const token = await app.login('reception.stp@demo.egov.vn');
    const { errors } = await app.gql('{ agency(code: "STP") { members { account { nationalId } } } }', undefined, token);
    expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('sign-in throttling', () => {
  let now = new Date('2026-11-30T08:00:00+07:00');
  let throttled: TestApp;
  beforeAll(async () => {
    throttled = await createTestApp({}, () => now);
  });
  afterAll(() => throttled.dispose());

  /** A sign-in from the client address `from` (the socket's peer, as the HTTP server sets it). */
  const attempt = async (password: string, from = '203.0.113.7', login = 'agent@demo.egov.vn') => {
    const body = JSON.stringify({
      query: 'mutation ($l: String!, $p: String!) { login(input: { login: $l, password: $p }) { token } }',
      variables: { l: login, p: password },
    });
    const response = await throttled.yoga.fetch(
      'http://test/graphql',
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }, body },
      { req: { socket: { remoteAddress: from } } },
    );
    const { data, errors } = (await response.json()) as {
      data?: { login: { token: string } };
      errors?: { message: string; extensions: { code: string; retryAfter?: number } }[];
    };
    return data?.login.token ? 'OK' : `${errors?.[0]?.extensions.code} ${errors?.[0]?.extensions.retryAfter ?? ''}`.trim();
  };

  it('lets five wrong guesses through, then makes each next guess from that address wait twice as long', async () => {
    for (let i = 0; i < 4; i++) expect(await attempt('Wrong@12345')).toBe('UNAUTHENTICATED');
    expect(await attempt('Demo@12345')).toBe('OK'); // a success starts the count again
    for (let i = 0; i < 5; i++) expect(await attempt('Wrong@12345')).toBe('UNAUTHENTICATED');
    expect(await attempt('Wrong@12345')).toBe('UNAUTHENTICATED'); // the sixth guess: at once
    expect(await attempt('Demo@12345')).toBe('RATE_LIMITED 1'); // now 1 s, even with the right password
    // A refused guess is a guess too: the next waits 2 s after it, and so on.
    now = new Date(now.getTime() + 1000);
    expect(await attempt('Wrong@12345')).toBe('RATE_LIMITED 1');
    now = new Date(now.getTime() + 4000);
    expect(await attempt('Wrong@12345')).toBe('UNAUTHENTICATED');
    now = new Date(now.getTime() + 8000);
    expect(await attempt('Demo@12345')).toBe('OK');
    expect(await attempt('Wrong@12345')).toBe('UNAUTHENTICATED'); // afresh
  });

  it('cannot lock the owner out: a storm of 100 concurrent guesses from one address is counted whole, and the owner signs in from another', async () => {
    const answers = await Promise.all(Array.from({ length: 100 }, () => attempt('Wrong@12345', '198.51.100.9', 'citizen@demo.egov.vn')));
    // Six guesses are checked; the other 94 are refused before any password check.
    expect(answers.filter((a) => a === 'UNAUTHENTICATED')).toHaveLength(6);
    expect(answers.filter((a) => a.startsWith('RATE_LIMITED'))).toHaveLength(94);
    // Every one of the 100 counted: the next guess from there waits the longest delay, 15 minutes.
    now = new Date(now.getTime() + 60_000);
    expect(await attempt('Demo@12345', '198.51.100.9', 'citizen@demo.egov.vn')).toBe('RATE_LIMITED 840');
    expect(await attempt('Demo@12345', '192.0.2.44', 'citizen@demo.egov.vn')).toBe('OK');
    // The storm's address has used its sign-ins for 15 minutes (60, RATE_LIMITS signIn.address).
    expect(await attempt('Demo@12345', '198.51.100.9', 'agent@demo.egov.vn')).toBe('RATE_LIMITED 840');
  });

  it('answers an unknown e-mail like a wrong password, and slows its guesses the same way', async () => {
    for (let i = 0; i < 6; i++) expect(await attempt('Wrong@12345', '203.0.113.8', 'nobody@example.vn')).toBe('UNAUTHENTICATED');
    expect(await attempt('Wrong@12345', '203.0.113.8', 'nobody@example.vn')).toBe('RATE_LIMITED 1');
  });
});
