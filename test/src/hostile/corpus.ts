// The hostile-request corpus: requests an attacker on the internet can send the API, each with
// the answer the platform owes it. Sent by ./send.ts; asserted by ../hostile-requests.test.ts
// (answer, no internal detail, server stays responsive) and measured by
// ../../bench/hostile-requests.ts (server CPU per request).
//
// The rules every answer follows, whatever the server does today:
//  - never 5xx;
//  - every GraphQL error carries a stable `extensions.code` (STABLE_CODES);
//  - a malformed request is 4xx: 400 bad body or parameters, 405 wrong method, 411/413 body
//    length, 403 CSRF, 429 rate limited; parse and validation errors over POST are 400 (Yoga,
//    with the graphql-response+json Accept header every client here sends); execution errors
//    come in a 200 with data;
//  - nothing internal: no stack frames, file paths, SQL, Prisma, serialized server objects,
//    parser or runtime error class names; an answer stays under 64 KB.
import { createHmac } from 'node:crypto';

export type Transport = 'post' | 'get' | 'sse' | 'multipart' | 'ws' | 'raw';

/** What a case may build on: the running server and the demo data it was given. */
export interface CaseContext {
  url: string;
  port: number;
  /** citizen@demo.egov.vn */
  token: string;
  /** The citizen's account id. */
  accountId: string;
  /** A judicial-record dossier the citizen filed. */
  dossierCode: string;
  /** The server's AUTH_SECRET (a test secret): for tokens that are well signed but must still be refused. */
  secret: string;
}

/** One HTTP request, sent as it is (node:http: no header is added but Host). */
export interface HttpSpec {
  kind: 'http';
  method: string;
  /** Path and query string, already encoded. */
  path: string;
  headers: Record<string, string | string[]>;
  body?: string | Uint8Array;
  /** Send the body chunked, without Content-Length. Otherwise Content-Length is set unless given. */
  chunked?: boolean;
}

/** Bytes over a plain TCP socket, for what an HTTP client library would refuse to send. */
export interface RawSpec {
  kind: 'raw';
  chunks: (string | Uint8Array)[];
  /** Pause between chunks. */
  pauseMs?: number;
  /** End our side after the last chunk (the server sees EOF). */
  halfClose?: boolean;
  /** How long to wait for the first answer after the last chunk, then hang up. */
  waitMs: number;
}

/** A message the server sent over graphql-ws, parsed (or `raw` when it was not JSON). */
export interface WsMessage {
  type: string;
  id?: string;
  payload?: unknown;
}

/** What a graphql-ws script can do with its socket (see ./send.ts). */
export interface WsSession {
  readonly messages: readonly WsMessage[];
  readonly closed: boolean;
  send(data: string | Uint8Array): void;
  sendJson(message: unknown): void;
  /** Sends connection_init and waits for the ack; false if the socket closed or no ack came. */
  init(payload?: unknown): Promise<boolean>;
  subscribe(id: string, payload: { query: string; variables?: unknown; operationName?: string }): void;
  /** Waits until `done()` holds, the socket closed, or `ms` passed. */
  until(done: () => boolean, ms: number): Promise<void>;
}

/** A graphql-ws conversation. */
export interface WsSpec {
  kind: 'ws';
  /** The subprotocol asked for; null for none. @default 'graphql-transport-ws' */
  protocol?: string | null;
  script(session: WsSession): Promise<void>;
  /** After the script: how long the server may stay silent before the outcome is taken. @default 300 */
  settleMs?: number;
}

export type RequestSpec = HttpSpec | RawSpec | WsSpec;

/** What came back. */
export interface Outcome {
  /**
   * HTTP status; for ws the close code the server sent (0: the socket was still open at the
   * end); for raw 0 when no answer came. -1: timed out; -2: the client failed (see `note`).
   */
  status: number;
  /** `extensions.code` of every error in the answer, in order (null: an error without one). */
  codes: (string | null)[];
  /** Some `data` field holds a non-null value. */
  hasData: boolean;
  /** Size of the whole answer (all ws messages). */
  bytes: number;
  /** The answer's text (its first MB), for the leak checks. */
  text: string;
  headers: Record<string, string>;
  ms: number;
  /** ws: messages by type. */
  counts?: Record<string, number>;
  note?: string;
}

/** An acceptable answer. */
export interface Expected {
  status: number | readonly number[];
  /**
   * `extensions.code` of the first error: a code, several allowed, or null for an answer without
   * errors. Left out: any (stable) code, or none.
   */
  code?: string | null | readonly (string | null)[];
}

export type Group = 'bombs' | 'transport' | 'get-sse' | 'multipart' | 'csrf' | 'auth' | 'sign-in' | 'ws' | 'raw';

export interface HostileCase {
  name: string;
  transport: Transport;
  group: Group;
  /** Costly to send (large, or slow on a server without limits): fewer copies at once. */
  heavy?: boolean;
  /** Copies sent at once, and how many each, in the liveness phase. @default 4×3, heavy 2×1 */
  load?: { clients: number; repeats: number };
  /** For one send. @default 10 s, heavy 20 s */
  timeoutMs?: number;
  build(ctx: CaseContext): RequestSpec;
  /** Any one of these. */
  expect: Expected | readonly Expected[];
  /** A raw answer may be bare (Node's HTTP parser answers without a body). */
  bare?: boolean;
  /** The answer must carry no data (auth: a refused token gives nothing). */
  noData?: boolean;
  /** @default 64 KB */
  maxBytes?: number;
  /** A further check; returns what is wrong, or nothing. */
  check?(outcome: Outcome, ctx: CaseContext): string | undefined;
}

// ---------------------------------------------------------------------------------------------
// Rules

/** The stable codes an error may carry. */
export const STABLE_CODES: ReadonlySet<string> = new Set([
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CSRF_REFUSED',
  'RATE_LIMITED',
  'PERSISTED_QUERY_NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'OPERATION_RESOLUTION_FAILURE',
  'INVALID_TRANSITION',
  'CONFLICT',
  'SERVICE_SUSPENDED',
  'NOT_ELIGIBLE',
  'PLUGIN_FAILED',
  'QUERY_TOO_COMPLEX',
  'UNSUPPORTED_MEDIA_TYPE',
  'TOO_MANY_SUBSCRIPTIONS',
  'TOKEN_EXPIRED',
  'ACCOUNT_DISABLED',
]);

/** Internal detail an answer must never show: [what, pattern]. */
export const LEAK_PATTERNS: readonly [string, RegExp][] = [
  ['stack frame', /\bat [^\n"]{0,300}?:\d+:\d+/],
  ['stack frame', /\bat async\b/],
  ['file path', /\/work\/|node_modules|\.ts:\d|\.m?js:\d|file:\/\//],
  ['originalError', /originalError/],
  ['stack', /"stack"/],
  ['Prisma', /prisma/i],
  ['SQL', /SQLITE|\bSELECT\s|\bINSERT INTO\b|\bsql\b/],
  ['serialized object', /\[object |File \{|\bBlob\b|\[Function|\[class /],
  [
    'runtime error',
    /\b(TypeError|RangeError|ReferenceError|SyntaxError|EvalError|InternalError)\b|Maximum call stack|Cannot read propert|is not a function|is not iterable|undefined is not|Unexpected token .{0,80} in JSON|is not valid JSON|JSON at position/,
  ],
  ['parser internals', /\b(Lexer|Parser|busboy|Busboy|Dicer|llhttp|HPE_[A-Z_]+|ERR_[A-Z_]{4,})\b/],
];

/** The first snippet of each kind of internal detail found in `text`. */
export function leaksIn(text: string): string[] {
  const found: string[] = [];
  for (const [what, pattern] of LEAK_PATTERNS) {
    const match = pattern.exec(text);
    if (match)
      found.push(`${what}: …${text.slice(Math.max(0, match.index - 40), match.index + match[0].length + 40).replace(/\s+/g, ' ')}…`);
  }
  return found;
}

const asList = <T>(value: T | readonly T[]): readonly T[] => (Array.isArray(value) ? (value as readonly T[]) : [value as T]);

/** Whether the outcome is one of the answers the case allows. */
export function matches(c: HostileCase, o: Outcome): boolean {
  return asList(c.expect).some((e) => {
    if (!asList(e.status).includes(o.status)) return false;
    if (e.code === undefined) return true;
    return asList(e.code).includes(o.codes.length ? o.codes[0]! : null);
  });
}

/** The expected answers, as text for a failure message: `400 GRAPHQL_VALIDATION_FAILED | 200 -`. */
export function describeExpected(c: HostileCase): string {
  return asList(c.expect)
    .map(
      (e) =>
        `${asList(e.status).join('/')} ${
          e.code === undefined
            ? '*'
            : asList(e.code)
                .map((x) => x ?? '-')
                .join('/')
        }`,
    )
    .join(' | ');
}

/** The outcome, as text: `500 INTERNAL_SERVER_ERROR`. */
export const describeOutcome = (o: Outcome) => `${o.status} ${o.codes[0] ?? '-'}${o.note ? ` (${o.note})` : ''}`;

/**
 * Whatever any answer must meet, the expected one or not (also checked on every copy sent in
 * the liveness phase): no 5xx, every error coded, no internal detail, bounded size, a body
 * with a code for a 4xx, no data where none is due. Returns what is wrong.
 */
export function invariantProblems(c: HostileCase, o: Outcome, ctx: CaseContext): string[] {
  const problems: string[] = [];
  if (o.status === -1) problems.push(`no answer within ${c.timeoutMs ?? (c.heavy ? 20_000 : 10_000)} ms`);
  // (Unless the case allows it: the server may answer an oversized body and hang up mid-send.)
  if (o.status === -2 && !matches(c, o)) problems.push(`client failed: ${o.note}`);
  if (c.transport !== 'ws' && o.status >= 500) problems.push(`HTTP ${o.status}`);
  if (c.transport === 'ws' && (o.status === 1011 || o.status === 1006)) problems.push(`closed ${o.status}`);
  const uncoded = o.codes.filter((code) => code === null || !STABLE_CODES.has(code));
  if (uncoded.length) problems.push(`${uncoded.length} error(s) without a stable code (${[...new Set(uncoded)].join(', ')})`);
  problems.push(...leaksIn(o.text));
  const max = c.maxBytes ?? 64 * 1024;
  if (o.bytes > max) problems.push(`answer of ${o.bytes} bytes (at most ${max})`);
  const http = c.transport !== 'ws' && o.status > 0;
  if (http && o.status >= 400 && o.codes.length === 0 && !c.bare) problems.push(`HTTP ${o.status} without a coded error in the body`);
  if (c.noData && o.hasData) problems.push('the answer carries data');
  const extra = c.check?.(o, ctx);
  if (extra) problems.push(extra);
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Builders

/** What a modern GraphQL-over-HTTP client sends. */
export const ACCEPT = 'application/graphql-response+json, application/json;q=0.9';
export const SIMPLE_QUERY = '{ services(first: 1) { edges { node { code } } } }';
const JUDICIAL = 'DNG-STP-LLTP-01';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A POST of `body` (text as it is) to /graphql. */
export function postBody(body: string | Uint8Array, headers: Record<string, string | string[]> = {}, path = '/graphql'): HttpSpec {
  return { kind: 'http', method: 'POST', path, headers: { 'content-type': 'application/json', accept: ACCEPT, ...headers }, body };
}

/** A JSON POST of an operation. */
export function post(
  query: string,
  variables?: unknown,
  headers: Record<string, string | string[]> = {},
  more: Record<string, unknown> = {},
): HttpSpec {
  return postBody(JSON.stringify({ query, ...(variables === undefined ? {} : { variables }), ...more }), headers);
}

/** A GET of /graphql with these parameters (encoded here). */
export function get(params: Record<string, string>, headers: Record<string, string> = {}): HttpSpec {
  return {
    kind: 'http',
    method: 'GET',
    path: `/graphql?${new URLSearchParams(params).toString()}`,
    headers: { accept: ACCEPT, ...headers },
  };
}

/** A GET asking for Server-Sent Events. */
export const sseGet = (params: Record<string, string>, headers: Record<string, string> = {}) =>
  get(params, { accept: 'text/event-stream', ...headers });

/** A POST asking for Server-Sent Events. */
export function ssePost(query: string, variables?: unknown, headers: Record<string, string> = {}): HttpSpec {
  return post(query, variables, { accept: 'text/event-stream', ...headers });
}

export interface Part {
  name: string;
  filename?: string;
  type?: string;
  data: string | Uint8Array;
}

export const BOUNDARY = '----hostile7MA4YWxkTrZu0gW';

/** A multipart/form-data body; `end: false` leaves out the closing delimiter. */
export function multipartBody(parts: Part[], { boundary = BOUNDARY, end = true }: { boundary?: string; end?: boolean } = {}): Uint8Array {
  const pieces: Buffer[] = [];
  for (const p of parts) {
    const disposition = `Content-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}`;
    pieces.push(
      Buffer.from(`--${boundary}\r\n${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`),
      Buffer.from(p.data),
      Buffer.from('\r\n'),
    );
  }
  if (end) pieces.push(Buffer.from(`--${boundary}--\r\n`));
  return new Uint8Array(Buffer.concat(pieces));
}

/** A multipart POST with the header multipart uploads must carry (unless `preflight: false`). */
export function multipart(
  parts: Part[],
  {
    headers = {},
    preflight = true,
    boundary = BOUNDARY,
    contentType,
  }: { headers?: Record<string, string>; preflight?: boolean; boundary?: string; contentType?: string } = {},
): HttpSpec {
  return {
    kind: 'http',
    method: 'POST',
    path: '/graphql',
    headers: {
      'content-type': contentType ?? `multipart/form-data; boundary=${boundary}`,
      accept: ACCEPT,
      ...(preflight ? { 'graphql-require-preflight': '1' } : {}),
      ...headers,
    },
    body: multipartBody(parts, { boundary }),
  };
}

const pdf = () => {
  const bytes = new Uint8Array(600).fill(0x20);
  bytes.set(Buffer.from('%PDF-1.7\n'));
  return bytes;
};
const filePart = (name: string): Part => ({ name, filename: 'scan.pdf', type: 'application/pdf', data: pdf() });
const operations = (query: string, variables: unknown = {}): Part => ({ name: 'operations', data: JSON.stringify({ query, variables }) });
const map = (m: unknown): Part => ({ name: 'map', data: typeof m === 'string' ? m : JSON.stringify(m) });

/** Raw HTTP/1.1 text: request line, headers, blank line, body. */
export function rawRequest(head: string, headers: string[], body = ''): string {
  return `${head}\r\n${headers.join('\r\n')}${headers.length ? '\r\n' : ''}\r\n${body}`;
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** A JWT signed with `secret` (HS256 unless `alg` says HS512 or none). */
export function jwt(
  payload: Record<string, unknown>,
  secret: string,
  alg: 'HS256' | 'HS512' | 'none' = 'HS256',
  header: Record<string, unknown> = {},
): string {
  const signed = `${b64url(JSON.stringify({ alg, typ: 'JWT', ...header }))}.${b64url(JSON.stringify(payload))}`;
  if (alg === 'none') return `${signed}.`;
  return `${signed}.${createHmac(alg === 'HS256' ? 'sha256' : 'sha512', secret)
    .update(signed)
    .digest('base64url')}`;
}

const now = () => Math.floor(Date.now() / 1000);
const claims = (ctx: CaseContext, more: Record<string, unknown> = {}) => ({
  sub: ctx.accountId,
  iss: 'danang-egov',
  iat: now() - 60,
  exp: now() + 3600,
  ...more,
});

/** `{ a0: <field> a1: <field> … }` up to about `bytes` long. */
function aliases(field: string, bytes: number, prefix = ''): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const part = `a${i}: ${field} `;
    parts.push(part);
    size += part.length;
  }
  return `${prefix}{ ${parts.join('')}}`;
}
const repeat = (piece: string, times: number) => piece.repeat(times);
const nested = (open: string, close: string, depth: number, inner: string) => open.repeat(depth) + inner + close.repeat(depth);
/** Fragments F0 … F{depth}, each spreading the next `width` times: `width^depth` spreads if expanded naively. */
function fragmentBomb(depth: number, width: number, on = 'Query', leaf = '__typename'): string {
  const fragments: string[] = [];
  for (let i = 0; i < depth; i++) fragments.push(`fragment F${i} on ${on} { ${repeat(`...F${i + 1} `, width)}}`);
  fragments.push(`fragment F${depth} on ${on} { ${leaf} }`);
  return `query Bomb { ...F0 }\n${fragments.join('\n')}`;
}
const loginInput = (password: string) => `{ login: "citizen@demo.egov.vn", password: "${password}" }`;

// What the expectations say, named.
const VALIDATION: Expected = { status: 400, code: ['GRAPHQL_VALIDATION_FAILED', 'QUERY_TOO_COMPLEX'] };
/** The codes of a document refused as it is parsed or validated: malformed, or over a size limit. */
const DOCUMENT_CODES = ['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'QUERY_TOO_COMPLEX'] as const;
/** Refused as the document is parsed (a token limit) or validated. */
const REFUSED_DOCUMENT: Expected = { status: 400, code: DOCUMENT_CODES };
const PARSE: Expected = { status: 400, code: 'GRAPHQL_PARSE_FAILED' };
const BAD_REQUEST: Expected = { status: 400, code: 'BAD_REQUEST' };
const OK: Expected = { status: 200, code: null };
const OK_OR_REFUSED: Expected[] = [OK, REFUSED_DOCUMENT];
const METHOD: Expected = { status: 405, code: ['METHOD_NOT_ALLOWED', 'BAD_REQUEST'] };
const CSRF: Expected = { status: 403, code: 'CSRF_REFUSED' };
const TOO_LARGE: Expected = { status: 413, code: ['BAD_REQUEST', 'BAD_USER_INPUT'] };
/** The server answered (413/411) and closed while the client was still sending the body. */
const HUNG_UP_WHILE_SENDING: Expected = { status: -2 };
const LENGTH_REQUIRED: Expected = { status: 411, code: ['BAD_REQUEST', 'BAD_USER_INPUT'] };
const UNAUTH: Expected = { status: [200, 401], code: 'UNAUTHENTICATED' };
/** A variable (or argument) of the wrong type: refused before anything runs. */
const BAD_INPUT: Expected = { status: [200, 400], code: 'BAD_USER_INPUT' };
const SIGN_IN_REFUSED: Expected = { status: [200, 400, 429], code: [...DOCUMENT_CODES, 'RATE_LIMITED'] };
/** Node's HTTP parser refuses the request before the app sees it. */
const NODE_400: Expected = { status: 400 };
/** graphql-ws: the socket is still open and the operation got an error with this code. */
const wsError = (code: string | readonly string[]): Expected => ({ status: 0, code });
const wsClose = (code: number | readonly number[]): Expected => ({ status: code });

const K = 1024;

// ---------------------------------------------------------------------------------------------
// The cases

const bombs: HostileCase[] = [
  {
    name: 'document of 1 MB, nearly all comment, just under the body limit',
    transport: 'post',
    group: 'bombs',
    heavy: true,
    build: () => post(`# ${'x'.repeat(1000 * K)}\n{ __typename }`),
    expect: [OK, REFUSED_DOCUMENT, TOO_LARGE],
  },
  {
    name: 'document of 1 MB: one field selected 200,000 times',
    transport: 'post',
    group: 'bombs',
    heavy: true,
    build: () => post(`{ services(first: 1) { edges { node { ${'code '.repeat(200_000)}} } } }`),
    expect: REFUSED_DOCUMENT,
  },
  {
    name: 'body of 1.5 MiB (over the 1 MiB limit)',
    transport: 'post',
    group: 'bombs',
    heavy: true,
    build: () => post(`# ${'x'.repeat(1536 * K)}\n{ __typename }`),
    expect: TOO_LARGE,
  },
  {
    name: 'body of 1 MiB + 1 byte',
    transport: 'post',
    group: 'bombs',
    build: () => {
      const shell = JSON.stringify({ query: '{ __typename }#' });
      return postBody(`${shell.slice(0, -2)}${'x'.repeat(1024 * K + 1 - shell.length)}"}`);
    },
    expect: TOO_LARGE,
  },
  {
    name: 'body of 8 MiB',
    transport: 'post',
    group: 'bombs',
    heavy: true,
    build: () => post(`# ${'x'.repeat(8 * 1024 * K)}\n{ __typename }`),
    expect: [TOO_LARGE, HUNG_UP_WHILE_SENDING],
  },
  {
    name: 'services → agency → services … nested 100 deep',
    transport: 'post',
    group: 'bombs',
    build: () => post(`{ services { edges { node { ${nested('agency { services { ', '} } ', 100, 'code ')}} } } }`),
    expect: REFUSED_DOCUMENT,
  },
  {
    name: 'services → agency → services … nested 2,000 deep',
    transport: 'post',
    group: 'bombs',
    heavy: true,
    build: () => post(`{ services { edges { node { ${nested('agency { services { ', '} } ', 2000, 'code ')}} } } }`),
    expect: REFUSED_DOCUMENT,
  },
  {
    name: 'introspection __type ofType nested 1,000 deep',
    transport: 'post',
    group: 'bombs',
    build: () => post(`{ __type(name: "Query") { ${nested('ofType { ', '} ', 1000, 'name ')}} }`),
    expect: REFUSED_DOCUMENT,
  },
  {
    name: 'inline fragments nested 10,000 deep',
    transport: 'post',
    group: 'bombs',
    build: () => post(nested('{ ... on Query ', '} ', 10_000, '{ __typename }')),
    expect: REFUSED_DOCUMENT,
  },
  {
    name: '990 KB of line breaks before 20 aliases of an erroring field',
    transport: 'post',
    group: 'bombs',
    heavy: true,
    build: () => post(`${'\n'.repeat(495_000)}{ ${Array.from({ length: 20 }, (_, i) => `a${i}: me { id }`).join(' ')} }`),
    expect: REFUSED_DOCUMENT,
  },
  {
    name: 'a full introspection aliased 20 times',
    transport: 'post',
    group: 'bombs',
    build: () =>
      post(
        `{ ${Array.from({ length: 20 }, (_, i) => `s${i}: __schema { types { name kind fields { name args { name } } } }`).join(' ')} }`,
      ),
    expect: REFUSED_DOCUMENT,
  },
  {
    name: 'one field selected 380 times with a subselection (graphql-js compares every pair)',
    transport: 'post',
    group: 'bombs',
    build: () => post(`{ services { edges { ${'node { agency { services { code } } } '.repeat(380)} } } }`),
    expect: REFUSED_DOCUMENT,
  },
  {
    name: '100,000 opening braces',
    transport: 'post',
    group: 'bombs',
    build: () => post('{'.repeat(100_000)),
    expect: [PARSE, REFUSED_DOCUMENT],
  },
  {
    name: 'selection sets nested 100,000 deep ({ a { a { …) for the parser stack',
    transport: 'post',
    group: 'bombs',
    build: () => post(`${'{ a '.repeat(100_000)}${'}'.repeat(100_000)}`),
    expect: REFUSED_DOCUMENT,
  },
  {
    name: 'list literal nested 100,000 deep in an argument',
    transport: 'post',
    group: 'bombs',
    build: () => post(`{ services(filter: { search: ${nested('[', ']', 100_000, '"x"')} }) { totalCount } }`),
    expect: REFUSED_DOCUMENT,
  },
  {
    name: 'object literal nested 50,000 deep in a JSON argument',
    transport: 'post',
    group: 'bombs',
    build: (ctx) =>
      post(
        `mutation { submitDossier(input: { serviceCode: "${JUDICIAL}", formData: ${nested('{ a: ', '}', 50_000, '1')} }) { created } }`,
        undefined,
        bearer(ctx.token),
      ),
    expect: REFUSED_DOCUMENT,
  },
  {
    name: 'variables: list nested 100,000 deep where a String goes',
    transport: 'post',
    group: 'bombs',
    build: () =>
      postBody(
        `{"query":"query ($f: ServiceFilter) { services(filter: $f) { totalCount } }","variables":{"f":{"search":${nested('[', ']', 100_000, '"x"')}}}}`,
      ),
    expect: [BAD_INPUT, BAD_REQUEST],
  },
  {
    name: 'variables: object nested 100,000 deep as JSON form data',
    transport: 'post',
    group: 'bombs',
    build: (ctx) =>
      postBody(
        `{"query":"mutation ($f: JSON!) { submitDossier(input: { serviceCode: \\"${JUDICIAL}\\", formData: $f }) { created } }","variables":{"f":${nested('{"a":', '}', 100_000, '1')}}}`,
        bearer(ctx.token),
      ),
    expect: [BAD_INPUT, BAD_REQUEST],
  },
  {
    name: 'variables: list nested 100,000 deep as supplement form data',
    transport: 'post',
    group: 'bombs',
    build: (ctx) =>
      postBody(
        `{"query":"mutation ($f: JSON!) { submitSupplement(code: \\"${ctx.dossierCode}\\", formData: $f) { dossier { code } } }","variables":{"f":${nested('[', ']', 100_000, '1')}}}`,
        bearer(ctx.token),
      ),
    expect: [BAD_INPUT, BAD_REQUEST, { status: 200, code: ['INVALID_TRANSITION', 'FORBIDDEN'] }],
  },
  {
    name: '800 KB of aliases of dossier(code:) unauthenticated (~25,000 errors if run)',
    transport: 'post',
    group: 'bombs',
    heavy: true,
    timeoutMs: 30_000,
    build: () => post(aliases('dossier(code: "x") { code }', 800 * K)),
    expect: REFUSED_DOCUMENT,
  },
  {
    name: '30,000 aliases of me, unauthenticated',
    transport: 'post',
    group: 'bombs',
    heavy: true,
    build: () => post(aliases('me { email }', 30_000 * 14)),
    expect: REFUSED_DOCUMENT,
  },
  {
    name: '50,000 aliases of __typename',
    transport: 'post',
    group: 'bombs',
    heavy: true,
    build: () => post(aliases('__typename', 50_000 * 17)),
    expect: REFUSED_DOCUMENT,
  },
  {
    name: '2,000 aliases of agencies (a database query each)',
    transport: 'post',
    group: 'bombs',
    heavy: true,
    build: () => post(aliases('agencies { code services { code } }', 2000 * 42)),
    expect: REFUSED_DOCUMENT,
  },
  {
    name: '1,000 aliases of myDossiers(first: 100), signed in',
    transport: 'post',
    group: 'bombs',
    heavy: true,
    build: (ctx) => post(aliases('myDossiers(first: 100) { edges { node { code status } } }', 1000 * 60), undefined, bearer(ctx.token)),
    expect: REFUSED_DOCUMENT,
  },
  {
    name: 'fragment bomb: 30 fragments, each spreading the next twice (2^30 if expanded)',
    transport: 'post',
    group: 'bombs',
    heavy: true,
    build: () => post(fragmentBomb(30, 2), undefined, {}, { operationName: 'Bomb' }),
    expect: [VALIDATION, OK],
  },
  {
    name: 'fragment bomb: 8 fragments, each spreading the next 10 times (10^8)',
    transport: 'post',
    group: 'bombs',
    heavy: true,
    build: () => post(fragmentBomb(8, 10)),
    expect: [VALIDATION, OK],
  },
  {
    name: 'fragment bomb inside services: 12 levels of Service fragments spreading twice with aliases',
    transport: 'post',
    group: 'bombs',
    heavy: true,
    build: () => {
      const fragments: string[] = [];
      for (let i = 0; i < 12; i++) fragments.push(`fragment S${i} on Service { x${i}: agency { code } ...S${i + 1} ...S${i + 1} }`);
      fragments.push('fragment S12 on Service { code }');
      return post(`{ services { edges { node { ...S0 } } } }\n${fragments.join('\n')}`);
    },
    expect: [VALIDATION, OK],
  },
  {
    name: 'one fragment spread 20,000 times',
    transport: 'post',
    group: 'bombs',
    build: () => post(`{ ${'...F '.repeat(20_000)}}\nfragment F on Query { __typename }`),
    expect: OK_OR_REFUSED,
  },
  {
    name: 'fragment cycle A → B → A',
    transport: 'post',
    group: 'bombs',
    build: () => post('{ ...A }\nfragment A on Query { __typename ...B }\nfragment B on Query { agencies { code } ...A }'),
    expect: VALIDATION,
  },
  {
    name: 'fragment spreading itself',
    transport: 'post',
    group: 'bombs',
    build: () => post('{ ...A }\nfragment A on Query { __typename ...A }'),
    expect: VALIDATION,
  },
  {
    name: 'fragment cycle of 1,000 fragments',
    transport: 'post',
    group: 'bombs',
    build: () => {
      const fragments = Array.from({ length: 1000 }, (_, i) => `fragment C${i} on Query { __typename ...C${(i + 1) % 1000} }`);
      return post(`{ ...C0 }\n${fragments.join('\n')}`);
    },
    expect: REFUSED_DOCUMENT,
  },
  {
    name: 'fragment cycle through nested fields (Service → agency → services → Service)',
    transport: 'post',
    group: 'bombs',
    build: () => post('{ services { edges { node { ...S } } } }\nfragment S on Service { code agency { services { ...S } } }'),
    expect: VALIDATION,
  },
  {
    name: '5,000 spreads of unknown fragments',
    transport: 'post',
    group: 'bombs',
    build: () => post(`{ ${Array.from({ length: 5000 }, (_, i) => `...U${i}`).join(' ')} }`),
    expect: REFUSED_DOCUMENT,
  },
  {
    name: '@include(if: true) 5,000 times on one field',
    transport: 'post',
    group: 'bombs',
    build: () => post(`{ __typename ${'@include(if: true) '.repeat(5000)}}`),
    expect: REFUSED_DOCUMENT,
  },
  {
    name: 'an unknown directive 5,000 times',
    transport: 'post',
    group: 'bombs',
    build: () => post(`{ __typename ${'@x '.repeat(5000)}}`),
    expect: REFUSED_DOCUMENT,
  },
  {
    name: '@skip(if: $v) on 3,000 aliased fields',
    transport: 'post',
    group: 'bombs',
    build: () => post(`query ($v: Boolean!) ${aliases('__typename @skip(if: $v)', 3000 * 34)}`, { v: false }),
    expect: REFUSED_DOCUMENT,
  },
  {
    name: '3,000 root fields agencies { code } (same field, no alias)',
    transport: 'post',
    group: 'bombs',
    heavy: true,
    build: () => post(`{ ${'agencies { code } '.repeat(3000)}}`),
    expect: REFUSED_DOCUMENT,
  },
  {
    name: '__typename selected 20,000 times',
    transport: 'post',
    group: 'bombs',
    heavy: true,
    build: () => post(`{ ${'__typename '.repeat(20_000)}}`),
    expect: REFUSED_DOCUMENT,
  },
  {
    name: '5,000 operations in one document, operationName the last',
    transport: 'post',
    group: 'bombs',
    build: () =>
      post(Array.from({ length: 5000 }, (_, i) => `query Q${i} { __typename }`).join('\n'), undefined, {}, { operationName: 'Q4999' }),
    expect: OK_OR_REFUSED,
  },
  {
    name: '5,000 operations in one document, no operationName',
    transport: 'post',
    group: 'bombs',
    build: () => post(Array.from({ length: 5000 }, (_, i) => `query Q${i} { __typename }`).join('\n')),
    expect: [REFUSED_DOCUMENT, { status: 400, code: 'OPERATION_RESOLUTION_FAILURE' }],
  },
  {
    name: 'string literal of 900 KB as a service code',
    transport: 'post',
    group: 'bombs',
    heavy: true,
    build: () => post(`{ service(code: "${'x'.repeat(900 * K)}") { code } }`),
    expect: [OK, REFUSED_DOCUMENT, { status: [200, 400], code: ['BAD_USER_INPUT', 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED'] }],
  },
  {
    name: 'string literal of 900 KB as a search text',
    transport: 'post',
    group: 'bombs',
    heavy: true,
    build: () => post(`{ services(filter: { search: "${'đà nẵng '.repeat(100 * K)}" }) { totalCount } }`),
    expect: [TOO_LARGE, OK, { status: [200, 400], code: ['BAD_USER_INPUT', 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED'] }],
  },
  {
    name: 'enum value of 900 KB (echoed in the error?)',
    transport: 'post',
    group: 'bombs',
    heavy: true,
    build: (ctx) =>
      post(`{ inbox(filter: { status: [${'X'.repeat(900 * K)}] }) { pageInfo { hasNextPage } } }`, undefined, bearer(ctx.token)),
    expect: REFUSED_DOCUMENT,
  },
  {
    name: 'field name of 900 KB (echoed in the error?)',
    transport: 'post',
    group: 'bombs',
    heavy: true,
    build: () => post(`{ ${'f'.repeat(900 * K)} }`),
    expect: REFUSED_DOCUMENT,
  },
  {
    name: '20,000 variables declared, none used',
    transport: 'post',
    group: 'bombs',
    build: () => post(`query (${Array.from({ length: 20_000 }, (_, i) => `$v${i}: Int`).join(', ')}) { __typename }`),
    expect: REFUSED_DOCUMENT,
  },
  {
    name: 'variables object with 60,000 undeclared keys (under the body limit)',
    transport: 'post',
    group: 'bombs',
    build: () => post('{ __typename }', Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`k${i}`, i]))),
    expect: [OK, BAD_REQUEST, BAD_INPUT, VALIDATION],
  },
  {
    name: 'variable string of 900 KB as a service code',
    transport: 'post',
    group: 'bombs',
    heavy: true,
    build: () => post('query ($c: String!) { service(code: $c) { code } }', { c: 'x'.repeat(900 * K) }),
    expect: [OK, BAD_INPUT],
  },
  {
    name: '5,000 unknown fields (5,000 validation errors if all reported)',
    transport: 'post',
    group: 'bombs',
    build: () => post(`{ ${Array.from({ length: 5000 }, (_, i) => `servicez${i}`).join(' ')} }`),
    expect: REFUSED_DOCUMENT,
  },
  {
    name: '5,000 unknown arguments',
    transport: 'post',
    group: 'bombs',
    build: () => post(`{ services(${Array.from({ length: 5000 }, (_, i) => `x${i}: 1`).join(', ')}) { totalCount } }`),
    expect: REFUSED_DOCUMENT,
  },
  {
    name: 'introspection: __schema types fields type fields type fields type fields',
    transport: 'post',
    group: 'bombs',
    heavy: true,
    build: () =>
      post('{ __schema { types { fields { type { fields { type { fields { type { fields { name type { name } } } } } } } } } } }'),
    expect: VALIDATION,
  },
  {
    name: 'introspection: types fields args type inputFields type enumValues',
    transport: 'post',
    group: 'bombs',
    heavy: true,
    build: () =>
      post(
        '{ __schema { types { name fields { args { type { inputFields { type { enumValues { name } inputFields { name } } } } } } } } }',
      ),
    expect: VALIDATION,
  },
  {
    name: 'introspection: __schema aliased 200 times',
    transport: 'post',
    group: 'bombs',
    heavy: true,
    build: () => post(aliases('__schema { types { name fields { name } } }', 200 * 50)),
    expect: REFUSED_DOCUMENT,
  },
  {
    name: 'introspection through a chain of 10 __Type fragments',
    transport: 'post',
    group: 'bombs',
    heavy: true,
    build: () => {
      const fragments = Array.from({ length: 10 }, (_, i) => `fragment T${i} on __Type { name fields { type { ...T${i + 1} } } }`);
      fragments.push('fragment T10 on __Type { name }');
      return post(`{ __schema { types { ...T0 } } }\n${fragments.join('\n')}`);
    },
    expect: VALIDATION,
  },
];

const transport: HostileCase[] = [
  { name: 'empty body', transport: 'post', group: 'transport', build: () => postBody(''), expect: BAD_REQUEST },
  { name: 'body `{`', transport: 'post', group: 'transport', build: () => postBody('{'), expect: BAD_REQUEST },
  {
    name: 'body `{"query": "{ __typename }"` (unterminated)',
    transport: 'post',
    group: 'transport',
    build: () => postBody('{"query": "{ __typename }"'),
    expect: BAD_REQUEST,
  },
  { name: 'body `null`', transport: 'post', group: 'transport', build: () => postBody('null'), expect: BAD_REQUEST },
  { name: 'body `[]`', transport: 'post', group: 'transport', build: () => postBody('[]'), expect: BAD_REQUEST },
  { name: 'body `"str"`', transport: 'post', group: 'transport', build: () => postBody('"str"'), expect: BAD_REQUEST },
  { name: 'body `123`', transport: 'post', group: 'transport', build: () => postBody('123'), expect: BAD_REQUEST },
  { name: 'body `true`', transport: 'post', group: 'transport', build: () => postBody('true'), expect: BAD_REQUEST },
  { name: 'query: 1', transport: 'post', group: 'transport', build: () => postBody('{"query":1}'), expect: BAD_REQUEST },
  { name: 'query: null', transport: 'post', group: 'transport', build: () => postBody('{"query":null}'), expect: BAD_REQUEST },
  { name: 'query: {}', transport: 'post', group: 'transport', build: () => postBody('{"query":{}}'), expect: BAD_REQUEST },
  {
    name: 'query: ["{ __typename }"]',
    transport: 'post',
    group: 'transport',
    build: () => postBody('{"query":["{ __typename }"]}'),
    expect: BAD_REQUEST,
  },
  {
    name: 'variables: "x"',
    transport: 'post',
    group: 'transport',
    build: () => postBody('{"query":"{ __typename }","variables":"x"}'),
    expect: BAD_REQUEST,
  },
  {
    name: 'variables: []',
    transport: 'post',
    group: 'transport',
    build: () => postBody('{"query":"{ __typename }","variables":[]}'),
    expect: BAD_REQUEST,
  },
  {
    name: 'variables: 1',
    transport: 'post',
    group: 'transport',
    build: () => postBody('{"query":"{ __typename }","variables":1}'),
    expect: BAD_REQUEST,
  },
  {
    name: 'extensions: "x"',
    transport: 'post',
    group: 'transport',
    build: () => postBody('{"query":"{ __typename }","extensions":"x"}'),
    expect: BAD_REQUEST,
  },
  {
    name: 'extensions: []',
    transport: 'post',
    group: 'transport',
    build: () => postBody('{"query":"{ __typename }","extensions":[]}'),
    expect: BAD_REQUEST,
  },
  {
    name: 'operationName: 1',
    transport: 'post',
    group: 'transport',
    build: () => postBody('{"query":"{ __typename }","operationName":1}'),
    expect: [BAD_REQUEST, { status: 400, code: 'OPERATION_RESOLUTION_FAILURE' }],
  },
  {
    name: 'persisted query hash that is not known',
    transport: 'post',
    group: 'transport',
    build: () => postBody(`{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"${'ab'.repeat(32)}"}}}`),
    expect: [BAD_REQUEST, { status: [400, 404], code: 'PERSISTED_QUERY_NOT_FOUND' }],
  },
  { name: 'missing query: {}', transport: 'post', group: 'transport', build: () => postBody('{}'), expect: BAD_REQUEST },
  {
    name: 'missing query: variables only',
    transport: 'post',
    group: 'transport',
    build: () => postBody('{"variables":{}}'),
    expect: BAD_REQUEST,
  },
  {
    name: 'invalid UTF-8 inside the query',
    transport: 'post',
    group: 'transport',
    build: () => postBody(Buffer.concat([Buffer.from('{"query":"{ __typename '), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(' }"}')])),
    expect: [PARSE, BAD_REQUEST],
  },
  {
    name: 'invalid UTF-8 inside a variable',
    transport: 'post',
    group: 'transport',
    build: () =>
      postBody(
        Buffer.concat([
          Buffer.from('{"query":"query ($c: String!) { service(code: $c) { code } }","variables":{"c":"'),
          Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80]),
          Buffer.from('"}}'),
        ]),
      ),
    expect: [OK, BAD_REQUEST, BAD_INPUT],
  },
  {
    name: 'lone surrogate (\\ud800) in a variable',
    transport: 'post',
    group: 'transport',
    build: () =>
      postBody('{"query":"query ($c: String!) { service(code: $c) { code } dossier(code: $c) { code } }","variables":{"c":"\\ud800x"}}'),
    expect: [{ status: 200, code: 'UNAUTHENTICATED' }, BAD_REQUEST, BAD_INPUT],
  },
  {
    name: 'byte-order mark before the JSON',
    transport: 'post',
    group: 'transport',
    build: () => postBody('\ufeff{"query":"{ __typename }"}'),
    expect: [OK, BAD_REQUEST],
  },
  {
    name: 'variables with a __proto__ key',
    transport: 'post',
    group: 'transport',
    build: () =>
      postBody(
        '{"query":"query ($c: String!) { service(code: $c) { code } }","variables":{"__proto__":{"c":"x"},"constructor":{"prototype":{"c":"y"}}}}',
      ),
    expect: [BAD_INPUT, BAD_REQUEST],
  },
  {
    name: 'Int variable 1e400',
    transport: 'post',
    group: 'transport',
    build: () => postBody('{"query":"query ($n: Int) { services(first: $n) { totalCount } }","variables":{"n":1e400}}'),
    expect: BAD_INPUT,
  },
  {
    name: 'Int variable 2^31',
    transport: 'post',
    group: 'transport',
    build: () => post('query ($n: Int) { services(first: $n) { totalCount } }', { n: 2 ** 31 }),
    expect: BAD_INPUT,
  },
  {
    name: 'first: -1',
    transport: 'post',
    group: 'transport',
    build: () => post('{ services(first: -1) { totalCount } }'),
    expect: BAD_INPUT,
  },
  {
    name: 'first: 1000000000',
    transport: 'post',
    group: 'transport',
    build: () => post('{ services(first: 1000000000) { edges { node { code } } } }'),
    expect: [OK, BAD_INPUT],
  },
  {
    name: 'unknown content type application/xml (with the preflight header)',
    transport: 'post',
    group: 'transport',
    build: () => postBody('<query>{ __typename }</query>', { 'content-type': 'application/xml', 'graphql-require-preflight': '1' }),
    expect: { status: [400, 415], code: ['BAD_REQUEST', 'UNSUPPORTED_MEDIA_TYPE'] },
  },
  {
    name: 'unknown content type image/png (with the preflight header)',
    transport: 'post',
    group: 'transport',
    build: () =>
      postBody(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]), {
        'content-type': 'image/png',
        'graphql-require-preflight': '1',
      }),
    expect: { status: [400, 415], code: ['BAD_REQUEST', 'UNSUPPORTED_MEDIA_TYPE'] },
  },
  {
    name: 'content type application/json; charset=utf-16',
    transport: 'post',
    group: 'transport',
    build: () => postBody('{"query":"{ __typename }"}', { 'content-type': 'application/json; charset=utf-16' }),
    expect: [OK, { status: [400, 415], code: 'BAD_REQUEST' }],
  },
  {
    name: 'batch of two operations',
    transport: 'post',
    group: 'transport',
    build: () => postBody('[{"query":"{ __typename }"},{"query":"{ __typename }"}]'),
    expect: BAD_REQUEST,
  },
  {
    name: 'batch of 5,000 operations',
    transport: 'post',
    group: 'transport',
    build: () => postBody(JSON.stringify(Array.from({ length: 5000 }, () => ({ query: '{ agencies { code } }' })))),
    expect: BAD_REQUEST,
  },
  {
    name: 'POST without Content-Length (chunked)',
    transport: 'post',
    group: 'transport',
    build: () => ({ ...post('{ __typename }'), chunked: true }),
    expect: [LENGTH_REQUIRED, HUNG_UP_WHILE_SENDING],
  },
  {
    name: 'POST of 2 MB without Content-Length (chunked)',
    transport: 'post',
    group: 'transport',
    heavy: true,
    build: () => ({ ...post(`# ${'x'.repeat(2048 * K)}\n{ __typename }`), chunked: true }),
    expect: [LENGTH_REQUIRED, HUNG_UP_WHILE_SENDING],
  },
  { name: 'PUT', transport: 'post', group: 'transport', build: () => ({ ...post('{ __typename }'), method: 'PUT' }), expect: METHOD },
  { name: 'DELETE', transport: 'post', group: 'transport', build: () => ({ ...post('{ __typename }'), method: 'DELETE' }), expect: METHOD },
  {
    name: 'PATCH',
    transport: 'post',
    group: 'transport',
    build: () => ({ ...post('mutation { __typename }'), method: 'PATCH' }),
    expect: METHOD,
  },
  {
    name: 'OPTIONS preflight from an unknown origin',
    transport: 'post',
    group: 'transport',
    bare: true,
    build: () => ({
      kind: 'http',
      method: 'OPTIONS',
      path: '/graphql',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    }),
    expect: [{ status: [200, 204, 403, 405] }],
    check: (o) => {
      const allowed = o.headers['access-control-allow-origin'];
      if (allowed === '*' || allowed?.includes('evil.example')) return `access-control-allow-origin: ${allowed}`;
      if (o.headers['access-control-allow-credentials'] === 'true') return 'access-control-allow-credentials: true';
      return undefined;
    },
  },
];

const getSse: HostileCase[] = [
  {
    name: 'GET with variables `{`',
    transport: 'get',
    group: 'get-sse',
    build: () => get({ query: '{ __typename }', variables: '{' }),
    expect: BAD_REQUEST,
  },
  {
    name: 'GET with extensions `{`',
    transport: 'get',
    group: 'get-sse',
    build: () => get({ query: '{ __typename }', extensions: '{' }),
    expect: BAD_REQUEST,
  },
  {
    name: 'GET with variables []',
    transport: 'get',
    group: 'get-sse',
    build: () => get({ query: '{ __typename }', variables: '[]' }),
    expect: BAD_REQUEST,
  },
  {
    name: 'GET with variables "x"',
    transport: 'get',
    group: 'get-sse',
    build: () => get({ query: '{ __typename }', variables: '"x"' }),
    expect: BAD_REQUEST,
  },
  {
    name: 'GET with extensions 1',
    transport: 'get',
    group: 'get-sse',
    build: () => get({ query: '{ __typename }', extensions: '1' }),
    expect: BAD_REQUEST,
  },
  {
    name: 'GET with a mutation',
    transport: 'get',
    group: 'get-sse',
    build: () => get({ query: 'mutation { __typename }' }),
    expect: METHOD,
  },
  {
    name: 'GET with a login mutation (credentials in the URL)',
    transport: 'get',
    group: 'get-sse',
    noData: true,
    build: () => get({ query: `mutation { login(input: ${loginInput('Demo@12345')}) { token } }` }),
    expect: METHOD,
  },
  {
    name: 'GET of a document with a query and a mutation, operationName the mutation',
    transport: 'get',
    group: 'get-sse',
    build: () => get({ query: 'query Q { __typename } mutation M { __typename }', operationName: 'M' }),
    expect: METHOD,
  },
  {
    name: 'GET with operationName that matches nothing',
    transport: 'get',
    group: 'get-sse',
    build: () => get({ query: 'query Q { __typename }', operationName: 'Nope' }),
    expect: { status: 400, code: ['OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST', 'GRAPHQL_VALIDATION_FAILED'] },
  },
  { name: 'GET without a query', transport: 'get', group: 'get-sse', build: () => get({ variables: '{}' }), expect: BAD_REQUEST },
  {
    name: 'GET with query twice',
    transport: 'get',
    group: 'get-sse',
    build: () => ({
      kind: 'http',
      method: 'GET',
      path: '/graphql?query=%7B__typename%7D&query=mutation%7B__typename%7D',
      headers: { accept: ACCEPT },
    }),
    expect: [OK, BAD_REQUEST, METHOD],
  },
  {
    name: 'GET with broken percent-encoding',
    transport: 'get',
    group: 'get-sse',
    build: () => ({
      kind: 'http',
      method: 'GET',
      path: '/graphql?query=%7B__typename%E0%A4%A%7D&variables=%',
      headers: { accept: ACCEPT },
    }),
    expect: [PARSE, BAD_REQUEST],
  },
  {
    name: 'GET with a 64 KB query string',
    transport: 'get',
    group: 'get-sse',
    bare: true,
    build: () => get({ query: `{ __typename }#${'x'.repeat(64 * K)}` }),
    expect: [{ status: [414, 431] }, { status: 400 }],
  },
  {
    name: 'GET with 12 KB of aliases (under the header limit)',
    transport: 'get',
    group: 'get-sse',
    build: () => get({ query: aliases('__typename', 12 * K) }),
    expect: REFUSED_DOCUMENT,
  },
  {
    name: 'SSE GET with variables `{`',
    transport: 'sse',
    group: 'get-sse',
    build: () => sseGet({ query: '{ __typename }', variables: '{' }),
    expect: { status: [200, 400], code: 'BAD_REQUEST' },
  },
  {
    name: 'SSE GET with extensions `{`',
    transport: 'sse',
    group: 'get-sse',
    build: () => sseGet({ query: '{ __typename }', extensions: '{' }),
    expect: { status: [200, 400], code: 'BAD_REQUEST' },
  },
  {
    name: 'SSE GET with variables []',
    transport: 'sse',
    group: 'get-sse',
    build: () => sseGet({ query: '{ __typename }', variables: '[]' }),
    expect: { status: [200, 400], code: 'BAD_REQUEST' },
  },
  {
    name: 'SSE GET with a syntax error',
    transport: 'sse',
    group: 'get-sse',
    build: () => sseGet({ query: 'subscription { dossierStatusChanged(code: "x") {' }),
    expect: { status: [200, 400], code: 'GRAPHQL_PARSE_FAILED' },
  },
  {
    name: 'SSE GET with an unknown field',
    transport: 'sse',
    group: 'get-sse',
    build: () => sseGet({ query: 'subscription { nope }' }),
    expect: { status: [200, 400], code: 'GRAPHQL_VALIDATION_FAILED' },
  },
  {
    name: 'SSE GET with a mutation',
    transport: 'sse',
    group: 'get-sse',
    build: () => sseGet({ query: 'mutation { __typename }' }),
    expect: METHOD,
  },
  {
    name: 'SSE GET subscription anonymous to a dossier',
    transport: 'sse',
    group: 'get-sse',
    noData: true,
    build: (ctx) => sseGet({ query: `subscription { dossierStatusChanged(code: "${ctx.dossierCode}") { status } }` }),
    expect: { status: [200, 401], code: ['UNAUTHENTICATED', 'NOT_FOUND', 'FORBIDDEN'] },
  },
  {
    name: 'SSE GET with a forged token',
    transport: 'sse',
    group: 'get-sse',
    noData: true,
    build: (ctx) =>
      sseGet(
        { query: `subscription { dossierStatusChanged(code: "${ctx.dossierCode}") { status } }` },
        { authorization: `Bearer ${jwt(claims(ctx), 'another secret')}` },
      ),
    expect: UNAUTH,
  },
  {
    name: 'SSE POST subscription with 200 KB of aliases',
    transport: 'sse',
    group: 'get-sse',
    build: (ctx) => ssePost(aliases(`dossierStatusChanged(code: "${ctx.dossierCode}") { status }`, 200 * K, 'subscription ')),
    expect: { status: [200, 400], code: DOCUMENT_CODES },
  },
  {
    name: 'SSE POST nested 100,000 deep',
    transport: 'sse',
    group: 'get-sse',
    build: () => ssePost(`subscription ${'{ a '.repeat(100_000)}${'}'.repeat(100_000)}`),
    expect: { status: [200, 400], code: DOCUMENT_CODES },
  },
  {
    name: 'SSE POST with variables "x"',
    transport: 'sse',
    group: 'get-sse',
    build: () => postBody('{"query":"{ __typename }","variables":"x"}', { accept: 'text/event-stream' }),
    expect: { status: [200, 400], code: 'BAD_REQUEST' },
  },
];

const SUBMIT_WITH_FILE = 'mutation ($input: SubmitDossierInput!) { submitDossier(input: $input) { dossier { code } } }';
const submitInput = (file: unknown) => ({
  serviceCode: JUDICIAL,
  formData: { fullName: 'Nguyễn Văn An' },
  attachments: [{ field: 'identityScan', file }],
});
/** A file where the operation has no File: the server's File object must not come back in the error. */
const noFileEcho = (o: Outcome) =>
  /scan\.pdf|%PDF|File \{|\[object|Blob|lastModified|"size":/.test(o.text) ? 'the answer describes the uploaded file object' : undefined;

const multipartCases: HostileCase[] = [
  {
    name: 'multipart without operations',
    transport: 'multipart',
    group: 'multipart',
    build: () => multipart([map({ 0: ['variables.f'] }), filePart('0')]),
    expect: BAD_REQUEST,
  },
  {
    name: 'multipart without map',
    transport: 'multipart',
    group: 'multipart',
    build: () => multipart([operations('query ($f: File) { __typename }', { f: null }), filePart('0')]),
    expect: [BAD_REQUEST, OK, VALIDATION],
  },
  {
    name: 'multipart with map not JSON',
    transport: 'multipart',
    group: 'multipart',
    build: () => multipart([operations('{ __typename }'), map('{0: [variables.f'), filePart('0')]),
    expect: BAD_REQUEST,
  },
  {
    name: 'multipart with map an array',
    transport: 'multipart',
    group: 'multipart',
    build: () => multipart([operations('{ __typename }'), map(['variables.f']), filePart('0')]),
    expect: [BAD_REQUEST, OK],
  },
  ...(
    [
      ['multipart map entry null', [operations('{ __typename }'), map({ 0: null }), filePart('0')]],
      ['multipart map of numbers', [operations('{ __typename }'), map([1, 2]), filePart('0')]],
      ['multipart map path a number', [operations('{ __typename }'), map({ 0: [1] }), filePart('0')]],
      ['multipart map a JSON string', [operations('{ __typename }'), map('"x"'), filePart('0')]],
      ['multipart operations a JSON string', [{ name: 'operations', data: '"x"' }, map({ 0: ['variables.f'] }), filePart('0')]],
      ['multipart operations null', [{ name: 'operations', data: 'null' }, map({ 0: ['variables.f'] }), filePart('0')]],
      [
        'multipart map path a billion items into a list',
        [operations('query ($f: [File]) { __typename }', { f: [null] }), map({ 0: ['variables.f.999999999'] }), filePart('0')],
      ],
      [
        'multipart map path through a string',
        [operations('query ($f: String) { __typename }', { f: 'x' }), map({ 0: ['variables.f.length'] }), filePart('0')],
      ],
      ['multipart map naming a part that is text', [operations('{ __typename }'), map({ t: ['variables.f'] }), { name: 't', data: 'x' }]],
      [
        'multipart map with 10,000 paths',
        [operations('{ __typename }'), map({ 0: Array.from({ length: 10_000 }, (_, i) => `variables.a${i}.b.c.d`) }), filePart('0')],
      ],
    ] as const
  ).map(([name, parts]): HostileCase => ({
    name,
    transport: 'multipart',
    group: 'multipart',
    check: noFileEcho,
    build: () => multipart([...parts]),
    expect: BAD_REQUEST,
  })),
  {
    name: 'multipart with operations not JSON',
    transport: 'multipart',
    group: 'multipart',
    build: () => multipart([{ name: 'operations', data: '{"query": ' }, map({}), filePart('0')]),
    expect: BAD_REQUEST,
  },
  {
    name: 'multipart with operations a batch',
    transport: 'multipart',
    group: 'multipart',
    build: () => multipart([{ name: 'operations', data: '[{"query":"{ __typename }"},{"query":"{ __typename }"}]' }, map({})]),
    expect: BAD_REQUEST,
  },
  {
    name: 'multipart map pointing at a variable path that does not exist',
    transport: 'multipart',
    group: 'multipart',
    build: (ctx) =>
      multipart(
        [operations(SUBMIT_WITH_FILE, { input: submitInput(null) }), map({ 0: ['variables.input.attachments.7.file.x'] }), filePart('0')],
        { headers: bearer(ctx.token) },
      ),
    expect: [BAD_REQUEST, BAD_INPUT],
  },
  {
    name: 'multipart map pointing the file at a String variable',
    transport: 'multipart',
    group: 'multipart',
    check: noFileEcho,
    build: () =>
      multipart([
        operations('query ($c: String!) { service(code: $c) { code } }', { c: null }),
        map({ 0: ['variables.c'] }),
        filePart('0'),
      ]),
    expect: BAD_INPUT,
  },
  {
    name: 'multipart map pointing the file at JSON form data',
    transport: 'multipart',
    group: 'multipart',
    check: noFileEcho,
    build: (ctx) =>
      multipart(
        [
          operations('mutation ($f: JSON!) { submitDossier(input: { serviceCode: "DNG-STP-LLTP-01", formData: $f }) { created } }', {
            f: null,
          }),
          map({ 0: ['variables.f'] }),
          filePart('0'),
        ],
        { headers: bearer(ctx.token) },
      ),
    expect: BAD_INPUT,
  },
  {
    name: 'multipart map pointing the file at the service code inside the input',
    transport: 'multipart',
    group: 'multipart',
    check: noFileEcho,
    build: (ctx) =>
      multipart(
        [
          operations(SUBMIT_WITH_FILE, { input: { ...submitInput(null), serviceCode: null } }),
          map({ 0: ['variables.input.serviceCode'] }),
          filePart('0'),
        ],
        { headers: bearer(ctx.token) },
      ),
    expect: BAD_INPUT,
  },
  {
    name: 'multipart with 20,000 one-byte file parts, mapped nowhere',
    transport: 'multipart',
    group: 'multipart',
    heavy: true,
    build: () => multipart([operations('{ __typename }'), map({}), ...Array.from({ length: 20_000 }, (_, i) => filePart(String(i)))]),
    expect: [BAD_REQUEST, TOO_LARGE],
  },
  {
    name: 'multipart with 20,000 text fields',
    transport: 'multipart',
    group: 'multipart',
    heavy: true,
    build: () =>
      multipart([operations('{ __typename }'), map({}), ...Array.from({ length: 20_000 }, (_, i) => ({ name: `f${i}`, data: 'x' }))]),
    expect: [BAD_REQUEST, TOO_LARGE],
  },
  {
    name: 'multipart map pointing the file at the query itself',
    transport: 'multipart',
    group: 'multipart',
    check: noFileEcho,
    build: () => multipart([operations('{ __typename }'), map({ 0: ['query'] }), filePart('0')]),
    expect: BAD_REQUEST,
  },
  {
    name: 'multipart map with a __proto__ path',
    transport: 'multipart',
    group: 'multipart',
    build: () => multipart([operations('{ __typename }'), map({ 0: ['variables.__proto__.polluted'] }), filePart('0')]),
    expect: [BAD_REQUEST, OK],
  },
  {
    name: 'multipart with a file part that no map entry names',
    transport: 'multipart',
    group: 'multipart',
    build: () => multipart([operations('{ __typename }'), map({}), filePart('0'), filePart('1')]),
    expect: [OK, BAD_REQUEST],
  },
  {
    name: 'multipart with 2,000 file parts',
    transport: 'multipart',
    group: 'multipart',
    heavy: true,
    build: () =>
      multipart([
        operations('{ __typename }'),
        map(Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [String(i), [`variables.x.${i}`]]))),
        ...Array.from({ length: 2000 }, (_, i) => filePart(String(i))),
      ]),
    expect: [OK, BAD_REQUEST, { status: 413, code: ['BAD_REQUEST', 'BAD_USER_INPUT'] }],
  },
  {
    name: 'multipart whose boundary is not the one announced',
    transport: 'multipart',
    group: 'multipart',
    build: () => ({
      ...multipart([operations('{ __typename }'), map({})]),
      headers: { 'content-type': 'multipart/form-data; boundary=somethingelse', accept: ACCEPT, 'graphql-require-preflight': '1' },
    }),
    expect: BAD_REQUEST,
  },
  {
    name: 'multipart without a boundary parameter',
    transport: 'multipart',
    group: 'multipart',
    build: () => multipart([operations('{ __typename }'), map({})], { contentType: 'multipart/form-data' }),
    expect: BAD_REQUEST,
  },
  {
    name: 'multipart truncated in the middle of a file',
    transport: 'multipart',
    group: 'multipart',
    build: (ctx) => {
      const spec = multipart(
        [operations(SUBMIT_WITH_FILE, { input: submitInput(null) }), map({ 0: ['variables.input.attachments.0.file'] }), filePart('0')],
        { headers: bearer(ctx.token) },
      );
      return { ...spec, body: (spec.body as Uint8Array).subarray(0, (spec.body as Uint8Array).length - 300) };
    },
    expect: BAD_REQUEST,
  },
  {
    name: 'multipart with a garbage body',
    transport: 'multipart',
    group: 'multipart',
    build: () => ({ ...multipart([]), body: '\r\n\r\n--\r\n----hostile--garbage\x00\x01\x02' }),
    expect: BAD_REQUEST,
  },
  {
    name: 'submitDossier: a string where the File goes (variables, JSON POST)',
    transport: 'post',
    group: 'multipart',
    build: (ctx) => post(SUBMIT_WITH_FILE, { input: submitInput('not a file') }, bearer(ctx.token)),
    expect: BAD_INPUT,
  },
  {
    name: 'submitDossier: a number where the File goes (variables)',
    transport: 'post',
    group: 'multipart',
    build: (ctx) => post(SUBMIT_WITH_FILE, { input: submitInput(12345) }, bearer(ctx.token)),
    expect: BAD_INPUT,
  },
  {
    name: 'submitDossier: an object where the File goes (variables)',
    transport: 'post',
    group: 'multipart',
    build: (ctx) =>
      post(
        SUBMIT_WITH_FILE,
        { input: submitInput({ name: 'a.pdf', type: 'application/pdf', size: 10, arrayBuffer: 'x' }) },
        bearer(ctx.token),
      ),
    expect: BAD_INPUT,
  },
  {
    name: 'submitDossier: a string literal where the File goes',
    transport: 'post',
    group: 'multipart',
    build: (ctx) =>
      post(
        `mutation { submitDossier(input: { serviceCode: "${JUDICIAL}", formData: {}, attachments: [{ field: "identityScan", file: "x" }] }) { created } }`,
        undefined,
        bearer(ctx.token),
      ),
    expect: { status: [200, 400], code: ['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED'] },
  },
  {
    name: 'submitDossier: a string where the File goes, sent as multipart',
    transport: 'multipart',
    group: 'multipart',
    build: (ctx) =>
      multipart([operations(SUBMIT_WITH_FILE, { input: submitInput('not a file') }), map({})], { headers: bearer(ctx.token) }),
    expect: BAD_INPUT,
  },
  {
    name: 'submitSupplement: a string where the File goes',
    transport: 'post',
    group: 'multipart',
    build: (ctx) =>
      post(
        'mutation ($code: String!, $a: [AttachmentInput!]) { submitSupplement(code: $code, formData: {}, attachments: $a) { dossier { code } } }',
        { code: ctx.dossierCode, a: [{ field: 'identityScan', file: 'not a file' }] },
        bearer(ctx.token),
      ),
    expect: BAD_INPUT,
  },
  {
    name: 'completeProcessing: a string where the File goes',
    transport: 'post',
    group: 'multipart',
    build: (ctx) =>
      post(
        'mutation ($code: String!, $input: ProcessingResultInput!) { completeProcessing(code: $code, input: $input) { dossier { code } } }',
        { code: ctx.dossierCode, input: { note: 'done', document: 'not a file' } },
        bearer(ctx.token),
      ),
    expect: BAD_INPUT,
  },
  {
    name: 'multipart claiming 70 MB in Content-Length, sending 1 KB',
    transport: 'raw',
    group: 'multipart',
    build: (ctx) => ({
      kind: 'raw',
      chunks: [
        rawRequest(
          'POST /graphql HTTP/1.1',
          [
            `Host: 127.0.0.1:${ctx.port}`,
            `Content-Type: multipart/form-data; boundary=${BOUNDARY}`,
            'GraphQL-Require-Preflight: 1',
            `Content-Length: ${70 * 1024 * 1024}`,
          ],
          `--${BOUNDARY}\r\n${'x'.repeat(1000)}`,
        ),
      ],
      waitMs: 3000,
    }),
    expect: TOO_LARGE,
  },
];

const csrfCases: HostileCase[] = [
  {
    name: 'urlencoded POST of a mutation (an HTML form)',
    transport: 'post',
    group: 'csrf',
    noData: true,
    build: () =>
      postBody(`query=${encodeURIComponent(`mutation { login(input: ${loginInput('Demo@12345')}) { token } }`)}`, {
        'content-type': 'application/x-www-form-urlencoded',
      }),
    expect: CSRF,
  },
  {
    name: 'urlencoded; charset=UTF-8 POST of JSON',
    transport: 'post',
    group: 'csrf',
    build: () => postBody('{"query":"mutation { __typename }"}', { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' }),
    expect: CSRF,
  },
  {
    name: 'text/plain POST of a JSON mutation',
    transport: 'post',
    group: 'csrf',
    build: (ctx) =>
      postBody(JSON.stringify({ query: SUBMIT_WITH_FILE, variables: { input: submitInput(null) } }), {
        'content-type': 'text/plain',
        ...bearer(ctx.token),
      }),
    expect: CSRF,
  },
  {
    name: 'text/plain; application/json POST',
    transport: 'post',
    group: 'csrf',
    build: () => postBody('{"query":"mutation { __typename }"}', { 'content-type': 'text/plain; application/json' }),
    expect: CSRF,
  },
  {
    name: 'POST with no content type',
    transport: 'post',
    group: 'csrf',
    build: () => ({
      kind: 'http',
      method: 'POST',
      path: '/graphql',
      headers: { accept: ACCEPT },
      body: '{"query":"mutation { __typename }"}',
    }),
    expect: CSRF,
  },
  {
    name: 'multipart POST of a mutation without GraphQL-Require-Preflight',
    transport: 'multipart',
    group: 'csrf',
    build: (ctx) =>
      multipart(
        [operations(SUBMIT_WITH_FILE, { input: submitInput(null) }), map({ 0: ['variables.input.attachments.0.file'] }), filePart('0')],
        { preflight: false, headers: bearer(ctx.token) },
      ),
    expect: CSRF,
  },
  {
    name: 'text/plain POST to /graphql/ (trailing slash)',
    transport: 'post',
    group: 'csrf',
    build: () => postBody('{"query":"mutation { __typename }"}', { 'content-type': 'text/plain' }, '/graphql/'),
    expect: [CSRF, { status: 404 }],
  },
  {
    name: 'urlencoded POST to /x/graphql',
    transport: 'post',
    group: 'csrf',
    build: () => postBody('query=mutation%7B__typename%7D', { 'content-type': 'application/x-www-form-urlencoded' }, '/x/graphql'),
    expect: [CSRF, { status: 404 }],
  },
];

const ME = '{ me { id email fullName } }';
const authCases: HostileCase[] = [
  {
    name: 'Authorization: Bearer x',
    transport: 'post',
    group: 'auth',
    noData: true,
    build: () => post(ME, undefined, { authorization: 'Bearer x' }),
    expect: UNAUTH,
  },
  {
    name: 'Authorization: Basic …',
    transport: 'post',
    group: 'auth',
    noData: true,
    build: () => post(ME, undefined, { authorization: `Basic ${Buffer.from('citizen@demo.egov.vn:Demo@12345').toString('base64')}` }),
    expect: UNAUTH,
  },
  {
    name: 'Authorization: Bearer (nothing)',
    transport: 'post',
    group: 'auth',
    noData: true,
    build: () => post(ME, undefined, { authorization: 'Bearer ' }),
    expect: UNAUTH,
  },
  {
    name: 'JWT with alg none',
    transport: 'post',
    group: 'auth',
    noData: true,
    build: (ctx) => post(ME, undefined, bearer(jwt(claims(ctx), '', 'none'))),
    expect: UNAUTH,
  },
  {
    name: 'JWT signed with another secret',
    transport: 'post',
    group: 'auth',
    noData: true,
    build: (ctx) => post(ME, undefined, bearer(jwt(claims(ctx), 'another secret entirely, 32 chars+'))),
    expect: UNAUTH,
  },
  {
    name: 'JWT expired an hour ago',
    transport: 'post',
    group: 'auth',
    noData: true,
    build: (ctx) => post(ME, undefined, bearer(jwt(claims(ctx, { iat: now() - 7200, exp: now() - 3600 }), ctx.secret))),
    expect: UNAUTH,
  },
  {
    name: 'JWT signed HS512 with the real secret',
    transport: 'post',
    group: 'auth',
    noData: true,
    build: (ctx) => post(ME, undefined, bearer(jwt(claims(ctx), ctx.secret, 'HS512'))),
    expect: UNAUTH,
  },
  {
    name: 'download-link token used to sign in',
    transport: 'post',
    group: 'auth',
    noData: true,
    build: (ctx) => post(ME, undefined, bearer(jwt(claims(ctx, { aud: `link:result:${ctx.dossierCode}` }), ctx.secret))),
    expect: UNAUTH,
  },
  {
    name: 'JWT of an account that does not exist',
    transport: 'post',
    group: 'auth',
    noData: true,
    build: (ctx) => post(ME, undefined, bearer(jwt(claims(ctx, { sub: 'no-such-account' }), ctx.secret))),
    expect: UNAUTH,
  },
  {
    name: 'JWT of another issuer',
    transport: 'post',
    group: 'auth',
    noData: true,
    build: (ctx) => post(ME, undefined, bearer(jwt(claims(ctx, { iss: 'evil' }), ctx.secret))),
    expect: UNAUTH,
  },
  {
    name: 'real token with its signature altered',
    transport: 'post',
    group: 'auth',
    noData: true,
    build: (ctx) => post(ME, undefined, bearer(`${ctx.token.slice(0, -4)}${ctx.token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`)),
    expect: UNAUTH,
  },
  {
    name: 'real token followed by garbage',
    transport: 'post',
    group: 'auth',
    noData: true,
    build: (ctx) => post(ME, undefined, { authorization: `Bearer ${ctx.token} x` }),
    expect: UNAUTH,
  },
  {
    name: 'two Authorization headers (forged, real)',
    transport: 'post',
    group: 'auth',
    noData: true,
    build: (ctx) => post(ME, undefined, { authorization: ['Bearer x', `Bearer ${ctx.token}`] }),
    expect: [UNAUTH, BAD_REQUEST],
  },
  {
    name: 'token of 12 KB',
    transport: 'post',
    group: 'auth',
    noData: true,
    build: () => post(ME, undefined, { authorization: `Bearer ${'a'.repeat(12 * K)}` }),
    expect: [UNAUTH, { status: 431 }],
  },
  {
    name: 'JWT with a payload that is not JSON',
    transport: 'post',
    group: 'auth',
    noData: true,
    build: () => post(ME, undefined, bearer(`${b64url('{"alg":"HS256"}')}.${b64url('not json')}.${b64url('sig')}`)),
    expect: UNAUTH,
  },
  {
    name: 'submitDossier with a forged token',
    transport: 'post',
    group: 'auth',
    noData: true,
    build: (ctx) => post(SUBMIT_WITH_FILE, { input: submitInput(null) }, bearer(jwt(claims(ctx), 'another secret entirely, 32 chars+'))),
    expect: [UNAUTH, BAD_INPUT],
  },
];

const loginAliases = (n: number, password: string) =>
  `mutation { ${Array.from({ length: n }, (_, i) => `l${i}: login(input: ${loginInput(password)}) { token }`).join(' ')} }`;
/** No answer to a refused sign-in bomb carries a token. */
const noToken = (o: Outcome) => (/"token":"ey/.test(o.text) ? 'a token came back' : undefined);

const signIn: HostileCase[] = [
  {
    name: 'login aliased 100 times, wrong password',
    transport: 'post',
    group: 'sign-in',
    heavy: true,
    timeoutMs: 30_000,
    build: () => post(loginAliases(100, 'Wrong@12345')),
    expect: SIGN_IN_REFUSED,
    check: noToken,
  },
  {
    name: 'login aliased 100 times, right password',
    transport: 'post',
    group: 'sign-in',
    heavy: true,
    timeoutMs: 30_000,
    build: () => post(loginAliases(100, 'Demo@12345')),
    expect: SIGN_IN_REFUSED,
    check: noToken,
  },
  {
    name: 'login aliased 100 times inside a fragment',
    transport: 'post',
    group: 'sign-in',
    heavy: true,
    timeoutMs: 30_000,
    check: noToken,
    build: () =>
      post(
        `mutation { ...L }\nfragment L on Mutation { ${Array.from({ length: 100 }, (_, i) => `l${i}: login(input: ${loginInput(`Wrong@${i}xyz`)}) { token }`).join(' ')} }`,
      ),
    expect: SIGN_IN_REFUSED,
  },
  {
    name: 'register aliased 50 times',
    transport: 'post',
    group: 'sign-in',
    heavy: true,
    timeoutMs: 30_000,
    noData: true,
    build: () =>
      post(
        `mutation { ${Array.from({ length: 50 }, (_, i) => `r${i}: register(input: { email: "bomb${i}@example.com", fullName: "Bomb", kind: CITIZEN, nationalId: "0480900${String(10000 + i)}", phone: "0905${String(100000 + i)}", password: "Weak" }) { token }`).join(' ')} }`,
      ),
    expect: SIGN_IN_REFUSED,
  },
];

const SUBSCRIBE_STATUS = (code: string) => ({ query: `subscription { dossierStatusChanged(code: "${code}") { status } }` });
/** graphql-ws in one call: open, init, then `then`. */
const ws =
  (script: WsSpec['script'], more: Partial<WsSpec> = {}): (() => WsSpec) =>
  () => ({ kind: 'ws', script, ...more });
const countCoded = (o: Outcome, codes: readonly string[]) => o.codes.filter((c) => c !== null && codes.includes(c)).length;

const wsCases: HostileCase[] = [
  {
    name: 'ws: text that is not JSON, before connection_init',
    transport: 'ws',
    group: 'ws',
    build: ws(async (s) => s.send('hello')),
    expect: wsClose(4400),
  },
  {
    name: 'ws: text that is not JSON, after connection_init',
    transport: 'ws',
    group: 'ws',
    build: ws(async (s) => {
      await s.init();
      s.send('{"type": subscribe');
    }),
    expect: wsClose(4400),
  },
  {
    name: 'ws: binary garbage',
    transport: 'ws',
    group: 'ws',
    build: ws(async (s) => {
      await s.init();
      s.send(new Uint8Array([0, 1, 2, 0xff, 0xfe]));
    }),
    expect: wsClose(4400),
  },
  {
    name: 'ws: unknown message type',
    transport: 'ws',
    group: 'ws',
    build: ws(async (s) => {
      await s.init();
      s.sendJson({ type: 'gimme', id: '1' });
    }),
    expect: wsClose(4400),
  },
  {
    name: 'ws: JSON that is not a message (an array)',
    transport: 'ws',
    group: 'ws',
    build: ws(async (s) => s.send('[1,2,3]')),
    expect: wsClose(4400),
  },
  {
    name: 'ws: subscribe before connection_init',
    transport: 'ws',
    group: 'ws',
    build: ws(async (s) => s.subscribe('1', { query: '{ __typename }' })),
    expect: wsClose(4401),
  },
  {
    name: 'ws: connection_init twice',
    transport: 'ws',
    group: 'ws',
    build: ws(async (s) => {
      await s.init();
      s.sendJson({ type: 'connection_init' });
    }),
    expect: wsClose(4429),
  },
  {
    name: 'ws: connection never initialised (4 s of silence)',
    transport: 'ws',
    group: 'ws',
    load: { clients: 4, repeats: 1 },
    build: ws(async (s) => s.until(() => false, 4000)),
    expect: wsClose(4408),
  },
  {
    name: 'ws: no subprotocol',
    transport: 'ws',
    group: 'ws',
    build: ws(async (s) => s.until(() => false, 200), { protocol: null }),
    expect: wsClose([4406, 1002]),
  },
  {
    name: 'ws: a message of 10 MB',
    transport: 'ws',
    group: 'ws',
    heavy: true,
    build: ws(
      async (s) => {
        await s.init();
        s.sendJson({ type: 'subscribe', id: '1', payload: { query: `{ __typename }#${'x'.repeat(10 * 1024 * K)}` } });
      },
      { settleMs: 2000 },
    ),
    expect: wsClose(1009),
  },
  {
    name: 'ws: two subscriptions with the same id',
    transport: 'ws',
    group: 'ws',
    build: (ctx) => ({
      kind: 'ws',
      async script(s) {
        await s.init({ authorization: `Bearer ${ctx.token}` });
        s.subscribe('same', SUBSCRIBE_STATUS(ctx.dossierCode));
        await s.until(() => s.messages.some((m) => m.id === 'same'), 3000);
        s.subscribe('same', SUBSCRIBE_STATUS(ctx.dossierCode));
      },
    }),
    expect: wsClose(4409),
  },
  {
    name: 'ws: subscribe with a syntax error',
    transport: 'ws',
    group: 'ws',
    build: ws(async (s) => {
      await s.init();
      s.subscribe('1', { query: 'subscription { dossierStatusChanged(code: "x") {' });
    }),
    expect: wsError('GRAPHQL_PARSE_FAILED'),
  },
  {
    name: 'ws: subscribe with an unknown field',
    transport: 'ws',
    group: 'ws',
    build: ws(async (s) => {
      await s.init();
      s.subscribe('1', { query: 'subscription { nope }' });
    }),
    expect: wsError('GRAPHQL_VALIDATION_FAILED'),
  },
  {
    name: 'ws: subscribe with 300 KB of aliases',
    transport: 'ws',
    group: 'ws',
    heavy: true,
    build: (ctx) =>
      ws(async (s) => {
        await s.init();
        s.subscribe('1', { query: aliases(`dossierStatusChanged(code: "${ctx.dossierCode}") { status }`, 300 * K, 'subscription ') });
      })(),
    // Over WS_MAX_MESSAGE_BYTES (64 KB): the socket closes before the message is read.
    expect: [wsClose(1009), wsError(DOCUMENT_CODES)],
  },
  {
    name: 'ws: query with 50,000 aliases of __typename',
    transport: 'ws',
    group: 'ws',
    heavy: true,
    build: ws(async (s) => {
      await s.init();
      s.subscribe('1', { query: aliases('__typename', 50_000 * 17) });
    }),
    expect: [wsError(DOCUMENT_CODES), wsClose(1009)],
  },
  {
    name: 'ws: subscribe nested 100,000 deep',
    transport: 'ws',
    group: 'ws',
    build: ws(async (s) => {
      await s.init();
      s.subscribe('1', { query: `${'{ a '.repeat(100_000)}${'}'.repeat(100_000)}` });
    }),
    expect: [wsClose(1009), wsError(DOCUMENT_CODES)],
  },
  {
    name: 'ws: fragment bomb (2^30)',
    transport: 'ws',
    group: 'ws',
    heavy: true,
    build: ws(async (s) => {
      await s.init();
      s.subscribe('1', { query: fragmentBomb(30, 2) });
    }),
    expect: [wsError(DOCUMENT_CODES), { status: 0, code: null }],
  },
  {
    name: 'ws: fragment cycle',
    transport: 'ws',
    group: 'ws',
    build: ws(async (s) => {
      await s.init();
      s.subscribe('1', { query: '{ ...A }\nfragment A on Query { ...B }\nfragment B on Query { ...A }' });
    }),
    expect: wsError('GRAPHQL_VALIDATION_FAILED'),
  },
  {
    name: 'ws: login aliased 100 times',
    transport: 'ws',
    group: 'ws',
    heavy: true,
    timeoutMs: 30_000,
    check: noToken,
    build: ws(async (s) => {
      await s.init();
      s.subscribe('1', { query: loginAliases(100, 'Wrong@12345') });
      await s.until(() => s.messages.some((m) => m.id === '1' && m.type !== 'next'), 25_000);
    }),
    expect: wsError([...DOCUMENT_CODES, 'RATE_LIMITED']),
  },
  {
    name: 'ws: subscribe anonymous to a dossier',
    transport: 'ws',
    group: 'ws',
    noData: true,
    build: (ctx) =>
      ws(async (s) => {
        await s.init();
        s.subscribe('1', SUBSCRIBE_STATUS(ctx.dossierCode));
      })(),
    expect: wsError(['UNAUTHENTICATED', 'NOT_FOUND', 'FORBIDDEN']),
  },
  {
    name: 'ws: subscribe with variables "x"',
    transport: 'ws',
    group: 'ws',
    build: ws(async (s) => {
      await s.init();
      s.sendJson({ type: 'subscribe', id: '1', payload: { query: '{ __typename }', variables: 'x' } });
    }),
    expect: wsClose(4400),
  },
  {
    name: 'ws: subscribe with query 1',
    transport: 'ws',
    group: 'ws',
    build: ws(async (s) => {
      await s.init();
      s.sendJson({ type: 'subscribe', id: '1', payload: { query: 1 } });
    }),
    expect: wsClose(4400),
  },
  {
    name: 'ws: subscribe without an id',
    transport: 'ws',
    group: 'ws',
    build: ws(async (s) => {
      await s.init();
      s.sendJson({ type: 'subscribe', payload: { query: '{ __typename }' } });
    }),
    expect: wsClose(4400),
  },
  {
    name: 'ws: complete for an id never used',
    transport: 'ws',
    group: 'ws',
    build: ws(async (s) => {
      await s.init();
      s.sendJson({ type: 'complete', id: 'never' });
    }),
    expect: { status: 0, code: null },
  },
  {
    name: 'ws: variables nested 100,000 deep',
    transport: 'ws',
    group: 'ws',
    build: ws(async (s) => {
      await s.init();
      s.send(
        `{"type":"subscribe","id":"1","payload":{"query":"query ($f: JSON) { __typename }","variables":{"f":${nested('[', ']', 100_000, '1')}}}}`,
      );
    }),
    expect: [{ status: 0, code: null }, wsError(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']), wsClose([4400, 1009])],
  },
  {
    name: 'ws: 1,000 subscriptions on one connection',
    transport: 'ws',
    group: 'ws',
    heavy: true,
    timeoutMs: 30_000,
    build: (ctx) => ({
      kind: 'ws',
      async script(s) {
        await s.init({ authorization: `Bearer ${ctx.token}` });
        for (let i = 0; i < 1000; i++) s.subscribe(`s${i}`, SUBSCRIBE_STATUS(ctx.dossierCode));
        await s.until(() => new Set(s.messages.filter((m) => m.id).map((m) => m.id)).size >= 1000, 20_000);
      },
      settleMs: 500,
    }),
    expect: [{ status: 0 }, { status: [4429, 1008, 4029] }],
    maxBytes: 1024 * K,
    check: (o) => {
      if (o.status !== 0) return undefined; // closed with a code after the limit
      return countCoded(o, ['TOO_MANY_SUBSCRIPTIONS', 'RATE_LIMITED', 'BAD_REQUEST', 'FORBIDDEN', 'BAD_USER_INPUT']) === 0
        ? `all 1,000 subscriptions were taken (${o.counts?.next ?? 0} next, ${o.counts?.error ?? 0} error messages)`
        : undefined;
    },
  },
  {
    name: 'ws: burst of 3,000 operations',
    transport: 'ws',
    group: 'ws',
    heavy: true,
    timeoutMs: 30_000,
    build: ws(async (s) => {
      await s.init();
      for (let i = 0; i < 3000; i++) s.subscribe(`q${i}`, { query: '{ agencies { code } }' });
      await s.until(() => s.messages.filter((m) => m.type === 'complete' || m.type === 'error').length >= 3000, 20_000);
    }),
    expect: [{ status: 0 }, { status: [4429, 1008, 4029, 1006] }],
    maxBytes: 4096 * K,
    check: (o) =>
      o.status === 0 && countCoded(o, ['RATE_LIMITED']) === 0
        ? `no operation of 3,000 was refused with RATE_LIMITED (${o.counts?.next ?? 0} answered)`
        : undefined,
  },
  {
    name: 'ws: 5,000 pings',
    transport: 'ws',
    group: 'ws',
    build: ws(async (s) => {
      await s.init();
      for (let i = 0; i < 5000; i++) s.sendJson({ type: 'ping' });
    }),
    expect: [{ status: 0, code: null }, wsClose([4429, 1008])],
    maxBytes: 256 * K,
  },
  {
    name: 'ws: connectionParams a string',
    transport: 'ws',
    group: 'ws',
    build: ws(async (s) => {
      await s.init('x');
    }),
    expect: wsClose([4400, 4403]),
  },
  {
    name: 'ws: connectionParams an array',
    transport: 'ws',
    group: 'ws',
    build: ws(async (s) => {
      await s.init([1, 2]);
    }),
    expect: wsClose([4400, 4403]),
  },
  {
    name: 'ws: forged token in connectionParams',
    transport: 'ws',
    group: 'ws',
    build: (ctx) =>
      ws(async (s) => {
        await s.init({ authorization: `Bearer ${jwt(claims(ctx), 'another secret entirely, 32 chars+')}` });
      })(),
    expect: wsClose(4403),
  },
  {
    name: 'ws: JWT alg none in connectionParams',
    transport: 'ws',
    group: 'ws',
    build: (ctx) =>
      ws(async (s) => {
        await s.init({ authorization: `Bearer ${jwt(claims(ctx), '', 'none')}` });
      })(),
    expect: wsClose(4403),
  },
  {
    name: 'ws: expired token in connectionParams',
    transport: 'ws',
    group: 'ws',
    build: (ctx) =>
      ws(async (s) => {
        await s.init({ authorization: `Bearer ${jwt(claims(ctx, { iat: now() - 7200, exp: now() - 3600 }), ctx.secret)}` });
      })(),
    expect: wsClose(4403),
  },
  {
    name: 'ws: authorization a number',
    transport: 'ws',
    group: 'ws',
    build: ws(async (s) => {
      await s.init({ authorization: 123 });
    }),
    expect: wsClose(4403),
  },
  {
    name: 'ws: authorization an object',
    transport: 'ws',
    group: 'ws',
    build: ws(async (s) => {
      await s.init({ authorization: { toString: 'Bearer x' } });
    }),
    expect: wsClose(4403),
  },
  {
    name: 'ws: authorization of 500 KB',
    transport: 'ws',
    group: 'ws',
    build: ws(async (s) => {
      await s.init({ authorization: `Bearer ${'a'.repeat(500 * K)}` });
    }),
    expect: wsClose([4403, 1009]),
  },
];

const host = (ctx: CaseContext) => `Host: 127.0.0.1:${ctx.port}`;
const GQL_BODY = '{"query":"{ __typename }"}';
const rawPost = (ctx: CaseContext, headers: string[], body = GQL_BODY) =>
  rawRequest('POST /graphql HTTP/1.1', [host(ctx), 'Content-Type: application/json', `Accept: ${ACCEPT}`, ...headers], body);
const rawCase = (
  name: string,
  build: (ctx: CaseContext) => Omit<RawSpec, 'kind' | 'waitMs'> & { waitMs?: number },
  expect: HostileCase['expect'],
  more: Partial<HostileCase> = {},
): HostileCase => ({
  name,
  transport: 'raw',
  group: 'raw',
  bare: true,
  expect,
  ...more,
  build: (ctx) => ({ kind: 'raw', waitMs: 2000, ...build(ctx) }),
});

const rawCases: HostileCase[] = [
  rawCase(
    'Content-Length larger than the body, then EOF',
    (ctx) => ({ chunks: [rawPost(ctx, ['Content-Length: 100'])], halfClose: true }),
    [{ status: 0 }, { status: 400 }],
  ),
  rawCase('Content-Length smaller than the body', (ctx) => ({ chunks: [rawPost(ctx, ['Content-Length: 9'])] }), [
    { status: 400, code: 'BAD_REQUEST' },
  ]),
  rawCase('Content-Length not a number', (ctx) => ({ chunks: [rawPost(ctx, ['Content-Length: abc'])] }), NODE_400),
  rawCase('Content-Length negative', (ctx) => ({ chunks: [rawPost(ctx, ['Content-Length: -1'])] }), NODE_400),
  rawCase(
    'two different Content-Length headers',
    (ctx) => ({ chunks: [rawPost(ctx, ['Content-Length: 26', 'Content-Length: 5'])] }),
    NODE_400,
  ),
  rawCase(
    'Content-Length and Transfer-Encoding: chunked (smuggling)',
    (ctx) => ({ chunks: [rawPost(ctx, ['Content-Length: 26', 'Transfer-Encoding: chunked'], `1a\r\n${GQL_BODY}\r\n0\r\n\r\n`)] }),
    NODE_400,
  ),
  rawCase('claims 2 MiB, sends 26 bytes', (ctx) => ({ chunks: [rawPost(ctx, [`Content-Length: ${2 * 1024 * 1024}`])] }), TOO_LARGE, {
    bare: false,
  }),
  rawCase(
    'Host: [::1',
    () => ({
      chunks: [
        rawRequest(
          'POST /graphql HTTP/1.1',
          ['Host: [::1', 'Content-Type: application/json', `Content-Length: ${GQL_BODY.length}`],
          GQL_BODY,
        ),
      ],
    }),
    { status: 400 },
  ),
  rawCase(
    'Host: a b',
    () => ({
      chunks: [
        rawRequest(
          'POST /graphql HTTP/1.1',
          ['Host: a b', 'Content-Type: application/json', `Content-Length: ${GQL_BODY.length}`],
          GQL_BODY,
        ),
      ],
    }),
    { status: 400 },
  ),
  rawCase(
    'Host: x:99999 (port out of range)',
    () => ({
      chunks: [
        rawRequest(
          'POST /graphql HTTP/1.1',
          ['Host: x:99999', 'Content-Type: application/json', `Content-Length: ${GQL_BODY.length}`],
          GQL_BODY,
        ),
      ],
    }),
    { status: 400 },
  ),
  rawCase(
    'Host: user@evil.example',
    () => ({
      chunks: [
        rawRequest(
          'POST /graphql HTTP/1.1',
          ['Host: user@evil.example', 'Content-Type: application/json', `Content-Length: ${GQL_BODY.length}`],
          GQL_BODY,
        ),
      ],
    }),
    [{ status: 400 }, { status: 200, code: null }],
  ),
  rawCase(
    'empty Host',
    () => ({
      chunks: [
        rawRequest('POST /graphql HTTP/1.1', ['Host:', 'Content-Type: application/json', `Content-Length: ${GQL_BODY.length}`], GQL_BODY),
      ],
    }),
    [{ status: 400 }, { status: 200, code: null }],
  ),
  rawCase(
    'two Host headers',
    (ctx) => ({
      chunks: [
        rawRequest(
          'POST /graphql HTTP/1.1',
          [host(ctx), 'Host: evil.example', 'Content-Type: application/json', `Content-Length: ${GQL_BODY.length}`],
          GQL_BODY,
        ),
      ],
    }),
    { status: 400 },
  ),
  rawCase(
    'no Host (HTTP/1.1)',
    () => ({
      chunks: [rawRequest('POST /graphql HTTP/1.1', ['Content-Type: application/json', `Content-Length: ${GQL_BODY.length}`], GQL_BODY)],
    }),
    { status: 400 },
  ),
  rawCase(
    'absolute-form request line naming another host',
    () => ({
      chunks: [
        rawRequest(
          'POST http://evil.example/graphql HTTP/1.1',
          ['Host: evil.example', 'Content-Type: application/json', `Content-Length: ${GQL_BODY.length}`],
          GQL_BODY,
        ),
      ],
    }),
    [{ status: 400 }, { status: 200, code: null }],
  ),
  rawCase('a header of 100 KB', (ctx) => ({ chunks: [rawRequest('GET /health HTTP/1.1', [host(ctx), `X-Big: ${'a'.repeat(100 * K)}`])] }), {
    status: 431,
  }),
  rawCase(
    '5,000 headers',
    (ctx) => ({ chunks: [rawRequest('GET /health HTTP/1.1', [host(ctx), ...Array.from({ length: 5000 }, (_, i) => `X-H${i}: v`)])] }),
    { status: 431 },
  ),
  rawCase('NUL in a header value', (ctx) => ({ chunks: [rawRequest('GET /health HTTP/1.1', [host(ctx), 'X-Evil: a\x00b'])] }), NODE_400),
  rawCase('method FOO', (ctx) => ({ chunks: [rawRequest('FOO /graphql HTTP/1.1', [host(ctx)])] }), [{ status: [400, 405] }]),
  rawCase('request line that is not HTTP', () => ({ chunks: ['GARBAGE\r\n\r\n'] }), NODE_400),
  rawCase('HTTP/0.9-style request', () => ({ chunks: ['GET /graphql\r\n\r\n'] }), [
    { status: 0 },
    { status: 400 },
    { status: 200, code: 'BAD_REQUEST' },
  ]),
  rawCase(
    'slowloris: half a header, a pause, then hang up',
    (ctx) => ({ chunks: [`POST /graphql HTTP/1.1\r\n${host(ctx)}\r\nContent-Le`, 'ngth: 2'], pauseMs: 800, waitMs: 300 }),
    { status: 0 },
    { load: { clients: 8, repeats: 2 } },
  ),
  rawCase(
    'slow body: 10 of 100 bytes, a pause, then hang up',
    (ctx) => ({ chunks: [rawPost(ctx, ['Content-Length: 100'], '{"query":"'), '{ __type'], pauseMs: 800, waitMs: 300 }),
    [{ status: 0 }, { status: [400, 408] }],
    { load: { clients: 8, repeats: 2 } },
  ),
  rawCase(
    'WebSocket upgrade on another path',
    (ctx) => ({
      chunks: [
        rawRequest('GET /elsewhere HTTP/1.1', [
          host(ctx),
          'Upgrade: websocket',
          'Connection: Upgrade',
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
          'Sec-WebSocket-Version: 13',
        ]),
      ],
    }),
    { status: 404, code: 'NOT_FOUND' },
  ),
  rawCase(
    'WebSocket upgrade without Sec-WebSocket-Key',
    (ctx) => ({
      chunks: [rawRequest('GET /graphql HTTP/1.1', [host(ctx), 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13'])],
    }),
    BAD_REQUEST,
  ),
  rawCase(
    'WebSocket upgrade from another site',
    (ctx) => ({
      chunks: [
        rawRequest('GET /graphql HTTP/1.1', [
          host(ctx),
          'Origin: https://evil.example',
          'Upgrade: websocket',
          'Connection: Upgrade',
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
          'Sec-WebSocket-Version: 13',
        ]),
      ],
    }),
    CSRF,
  ),
  rawCase(
    '100 pipelined requests in one write',
    (ctx) => ({
      chunks: [
        rawRequest(
          'POST /graphql HTTP/1.1',
          [host(ctx), 'Content-Type: application/json', `Accept: ${ACCEPT}`, `Content-Length: ${GQL_BODY.length}`],
          GQL_BODY,
        ).repeat(100),
      ],
    }),
    { status: 200, code: null },
    { bare: false },
  ),
];

/** The whole corpus, in the order it is run. */
export const corpus: readonly HostileCase[] = [
  ...bombs,
  ...transport,
  ...getSse,
  ...multipartCases,
  ...csrfCases,
  ...authCases,
  ...signIn,
  ...wsCases,
  ...rawCases,
];

const names = new Set<string>();
for (const c of corpus) {
  if (names.has(c.name)) throw new Error(`two hostile cases are named "${c.name}"`);
  names.add(c.name);
}
