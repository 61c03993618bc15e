import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

// A page on another site can make a visitor's browser send simple requests (forms, text/plain)
// without asking first; only the origins in CORS_ORIGINS may call the API with credentials.

let app: TestApp;
let citizen = '';
beforeAll(async () => {
  app = await createTestApp({ corsOrigins: ['https://portal.danang.gov.vn'] });
  citizen = await app.login('citizen@demo.egov.vn');
});
afterAll(() => app.dispose());

const post = (body: string, headers: Record<string, string>) =>
  app.yoga.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-length': String(Buffer.byteLength(body)), ...headers },
    body,
  });
const register =
  'mutation { register(input: { kind: CITIZEN, fullName: "Kẻ Giả Mạo", email: "csrf@example.vn", password: "Xx@123456789", nationalId: "048090099999", phone: "0905999999" }) { token } }';

describe('cross-site requests', () => {
  it('refuse a form POST (urlencoded, text/plain, multipart without the header), changing nothing', async () => {
    const before = await app.prisma.account.count();
    for (const [type, body] of [
      ['application/x-www-form-urlencoded', `query=${encodeURIComponent(register)}`],
      ['text/plain', JSON.stringify({ query: register })],
      [
        'multipart/form-data; boundary=x',
        `--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${JSON.stringify({ query: register })}\r\n--x--\r\n`,
      ],
    ] as const) {
      const response = await post(body, { 'content-type': type, authorization: `Bearer ${citizen}` });
      expect([type, response.status]).toEqual([type, 403]);
      expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('CSRF_REFUSED');
    }
    // Yoga serves GraphQL on more paths than /graphql: a form posted to any of them is refused too.
    for (const path of ['/graphql/', '/x/graphql', '/?/graphql', '//graphql']) {
      const body = `query=${encodeURIComponent(register)}`;
      const response = await app.yoga.fetch(`http://test${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(body.length) },
        body,
      });
      expect([path, response.status]).toEqual([path, 403]);
    }
    expect(await app.prisma.account.count()).toBe(before);
  });

  it('take JSON, and a multipart upload that carries GraphQL-Require-Preflight', async () => {
    const json = await post(JSON.stringify({ query: '{ me { email } }' }), {
      'content-type': 'application/json',
      authorization: `Bearer ${citizen}`,
    });
    expect(await json.json()).toEqual({ data: { me: { email: 'citizen@demo.egov.vn' } } });
    const multipart = await post(
      `--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${JSON.stringify({ query: '{ me { email } }' })}\r\n--x\r\nContent-Disposition: form-data; name="map"\r\n\r\n{}\r\n--x--\r\n`,
      {
        'content-type': 'multipart/form-data; boundary=x',
        'graphql-require-preflight': '1',
        authorization: `Bearer ${citizen}`,
      },
    );
    expect(await multipart.json()).toEqual({ data: { me: { email: 'citizen@demo.egov.vn' } } });
  });

  it('grant CORS to an origin of CORS_ORIGINS, with credentials, and to no other', async () => {
    const preflight = (origin: string) =>
      app.yoga.fetch('http://test/graphql', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
      });
    const allowed = await preflight('https://portal.danang.gov.vn');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://portal.danang.gov.vn');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    // Another origin is not named, and no wildcard: its browser refuses the call.
    const other = await preflight('https://evil.example');
    expect(['https://evil.example', '*']).not.toContain(other.headers.get('access-control-allow-origin'));
  });

  it('grant nothing, not even `null`, to an origin not listed when several are', async () => {
    const two = await createTestApp({ corsOrigins: ['https://portal.danang.gov.vn', 'https://app.danang.gov.vn'] });
    try {
      for (const origin of ['null', 'https://evil.example']) {
        const response = await two.yoga.fetch('http://test/graphql', {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST' },
        });
        expect([
          origin,
          response.headers.get('access-control-allow-origin'),
          response.headers.get('access-control-allow-credentials'),
        ]).toEqual([origin, null, null]);
      }
      const listed = await two.yoga.fetch('http://test/graphql', {
        method: 'OPTIONS',
        headers: { origin: 'https://app.danang.gov.vn', 'access-control-request-method': 'POST' },
      });
      expect(listed.headers.get('access-control-allow-origin')).toBe('https://app.danang.gov.vn');
    } finally {
      await two.dispose();
    }
  });

  it('grant no CORS at all by default (same origin only)', async () => {
    const plain = await createTestApp();
    try {
      const response = await plain.yoga.fetch('http://test/graphql', {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await plain.dispose();
    }
  });
});

describe('every answer', () => {
  it('carries nosniff, no framing, no referrer, and no caching of API answers', async () => {
    const api = await post(JSON.stringify({ query: '{ agencies { code } }' }), { 'content-type': 'application/json' });
    expect(
      Object.fromEntries(
        ['x-content-type-options', 'x-frame-options', 'referrer-policy', 'cache-control', 'content-security-policy'].map((h) => [
          h,
          api.headers.get(h),
        ]),
      ),
    ).toEqual({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
      'content-security-policy': "frame-ancestors 'none'",
    });
    const health = await app.yoga.fetch('http://test/health');
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    // GraphQL served on another path is not cached either.
    const other = await app.yoga.fetch(`http://test/graphql/?query=${encodeURIComponent('{ agencies { code } }')}`);
    expect(other.headers.get('cache-control')).toBe('no-store');
    // A page that sets its own policy keeps it.
    const page = await app.yoga.fetch('http://test/services/DNG-STP-LLTP-01');
    expect(page.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    // A service page may be cached, its errors not.
    for (const path of ['/services/NO-SUCH-CODE', '/services/DNG-STP-LLTP-01/forms/nope', '/services/%E0%A4%A']) {
      const missing = await app.yoga.fetch(`http://test${path}`);
      expect([path, missing.status >= 400, missing.headers.get('cache-control')]).toEqual([path, true, 'no-store']);
    }
    // An event stream is not stored either (Yoga's own `no-cache` would let a cache keep it).
    const stream = await app.yoga.fetch(`http://test/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'text/event-stream' },
    });
    expect([stream.headers.get('content-type'), stream.headers.get('cache-control')]).toEqual(['text/event-stream', 'no-store']);
    expect(await stream.text()).toContain('event: complete');
  });

  it('carries them, and a code, on the refusals Yoga writes without a body (404, 405, 406, 415)', async () => {
    const refusals: [string, RequestInit, number, string][] = [
      ['/nope', {}, 404, 'NOT_FOUND'],
      ['/graphql', { method: 'PUT' }, 405, 'BAD_REQUEST'],
      [`/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'image/png' } }, 406, 'NOT_ACCEPTABLE'],
      [
        '/graphql',
        {
          method: 'POST',
          headers: { 'content-type': 'application/xml', 'content-length': '1', 'graphql-require-preflight': '1' },
          body: 'x',
        },
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
    ];
    for (const [path, init, status, code] of refusals) {
      const response = await app.yoga.fetch(`http://test${path}`, init);
      expect([path, response.status, response.headers.get('x-frame-options'), response.headers.get('cache-control')]).toEqual([
        path,
        status,
        'DENY',
        'no-store',
      ]);
      expect(await response.json()).toMatchObject({ errors: [{ extensions: { code } }] });
    }
    // GraphQL is answered on any path ending in /graphql, /services/ ones too: never cached.
    const body = JSON.stringify({ query: '{ me { email } }' });
    const under = await app.yoga.fetch('http://test/services/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(body.length), authorization: `Bearer ${citizen}` },
      body,
    });
    expect([under.status, under.headers.get('cache-control')]).toEqual([200, 'no-store']);
    // A service page may be cached a few minutes.
    expect((await app.yoga.fetch('http://test/services/DNG-STP-LLTP-01')).headers.get('cache-control')).toBe('public, max-age=300');
  });

  it('adds HSTS when the platform is served over TLS', async () => {
    const tls = await createTestApp({ publicUrl: 'https://dichvucong.danang.gov.vn' });
    try {
      expect((await tls.yoga.fetch('http://test/health')).headers.get('strict-transport-security')).toBe(
        'max-age=31536000; includeSubDomains',
      );
      expect((await app.yoga.fetch('http://test/health')).headers.get('strict-transport-security')).toBeNull();
    } finally {
      await tls.dispose();
    }
  });
});
