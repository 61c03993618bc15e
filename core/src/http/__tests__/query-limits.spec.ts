import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { defaultQueryLimits } from '../use-query-limits.ts';

// A document is measured before anything of it runs: what is too big is refused with
// QUERY_TOO_COMPLEX, logged in one line, and costs next to nothing.

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.dispose());

const codes = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  (result.errors ?? []).map((e) => e.extensions?.code);
const aliases = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
const nest = (depth: number) =>
  `{ services { edges { node { agency { ${'services { agency { '.repeat(depth)}code${' } }'.repeat(depth)} } } } } }`;

describe('query limits', () => {
  it.each([
    [
      'chains of fragments graphql-js would compare pairwise',
      `{ __type(name: "Query") { ${Array.from({ length: 10 }, (_, c) => `...C${c}F0`).join(' ')} } } ${Array.from({ length: 10 }, (_, c) =>
        Array.from({ length: 6 }, (_, i) => `fragment C${c}F${i} on __Type { ${i < 5 ? `...C${c}F${i + 1}` : '__typename'} }`).join(' '),
      ).join(' ')}`,
      'at most 50 fragments; this one defines 60',
    ],
    ['too many characters', `${'\n'.repeat(40_000)}{ __typename }`, 'more than 32768 characters'],
    ['__schema twice', '{ a: __schema { queryType { name } } b: __schema { queryType { name } } }', 'select __schema at most 1 times'],
    [
      'a field selected over and over',
      `{ services { edges { ${'node { agency { services { code } } } '.repeat(11)} } } }`,
      'may select "node" at most 10 times',
    ],
    [
      'a field selected over and over through inline fragments',
      `{ services { edges { ${'... on ServiceEdge { node { code } } '.repeat(11)} } } }`,
      'may select "node" at most 10 times',
    ],
    ['too many tokens', `{ services(filter: { search: "x" }) { edges { node { ${'code '.repeat(5000)} } } } }`, 'more than 4000 tokens'],
    ['too deep', nest(6), 'depth limit of 15'],
    ['too many aliases', aliases(31, '__typename services { totalCount }').replace(/__typename /g, ''), 'Aliases limit of 30'],
    ['too many directives', `{ services { totalCount ${'@include(if: true) '.repeat(51)} } }`, 'Directives limit of 50'],
    [
      'too many root fields',
      `{ ${Array.from({ length: 21 }, (_, i) => `f${i}: services { totalCount }`).join(' ')} }`,
      'at most 20 root fields',
    ],
    [
      'introspection lists that multiply',
      '{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }',
      'Introspection may nest at most 3 lists',
    ],
    [
      'aliases spread through fragments',
      `query { ...A ...A } fragment A on Query { ${Array.from({ length: 16 }, (_, i) => `x${i}: services { totalCount }`).join(' ')} }`,
      'Aliases limit of 30',
    ],
  ])('refuses %s with QUERY_TOO_COMPLEX, in one log line', async (_name, query, message) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const result = await app.gql(query);
      expect(codes(result)[0]).toBe('QUERY_TOO_COMPLEX');
      expect(result.errors?.[0]?.message).toContain(message);
      expect(result.data ?? null).toBeNull();
      expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringMatching(/^Refused an operation: [^\n]+$/)]);
    } finally {
      warn.mockRestore();
    }
  });

  it('refuses a field over the execution cost (Pothos complexity) with BAD_USER_INPUT, in one log line without a stack', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const costly =
        '{ services(first: 100) { edges { node { agency { services { agency { services { agency { services { code } } } } } } } } } }';
      const result = await app.gql(costly);
      expect([codes(result)[0], result.errors?.[0]?.message]).toEqual(['BAD_USER_INPUT', expect.stringContaining('maximum complexity')]);
      expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
        expect.stringMatching(/^Refused an operation: Query exceeds maximum complexity[^\n]*$/),
      ]);
      expect(error).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
      error.mockRestore();
    }
  });

  it("checks the limits before graphql-js' own rules, which never see a document over them", async () => {
    const result = await app.gql(`{ ${Array.from({ length: 900 }, (_, i) => `nope${i} { id }`).join(' ')} }`);
    expect(result.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['QUERY_TOO_COMPLEX', 'An operation may have at most 20 root fields; this one has 900'],
    ]);
  });

  it('refuses a field selected so often that graphql-js gives up comparing, with QUERY_TOO_COMPLEX', async () => {
    // Our repeats limit refuses this first; without it, graphql-js' own budget does.
    expect(codes(await app.gql(`{ me { ${'id '.repeat(1990)} } }`))).toEqual(['QUERY_TOO_COMPLEX']);
    const lax = await createTestApp({ queryLimits: { ...defaultQueryLimits, repeats: 100_000 } });
    try {
      const result = await lax.gql(`{ me { ${'id '.repeat(1990)} } }`);
      expect(result.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
        ['QUERY_TOO_COMPLEX', expect.stringContaining('repeats fields too often')],
      ]);
    } finally {
      await lax.dispose();
    }
  });

  it('refuses a cursor the API did not give with BAD_USER_INPUT, logging one line', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const cursor = Buffer.from('GPC:J:{"code":{"not":null}}').toString('base64');
      const result = await app.gql(`{ procedures(first: 2, after: "${cursor}") { edges { node { code } } } }`);
      expect(codes(result)).toEqual(['BAD_USER_INPUT']);
      expect(JSON.stringify(result)).not.toMatch(/prisma|findMany|invocation/i);
      expect(error).not.toHaveBeenCalled();
      expect(warn.mock.calls).toHaveLength(1);
    } finally {
      warn.mockRestore();
      error.mockRestore();
    }
  });

  it('stops validation after a few errors', async () => {
    const result = await app.gql(`{ ${Array.from({ length: 19 }, (_, i) => `nope${i}`).join(' ')} }`);
    expect(result.errors!.length).toBeLessThanOrEqual(defaultQueryLimits.validationErrors + 1);
    expect(result.errors!.at(-1)!.message).toContain('Too many validation errors');
  });

  it('lets through what clients send: GraphiQL introspection, and the deepest operation of our clients', async () => {
    const introspection = await app.gql(
      getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, specifiedByUrl: true, directiveIsRepeatable: true }),
    );
    expect(introspection.errors).toBeUndefined();
    expect(await app.gql(nest(2))).not.toHaveProperty('errors');
  });
});

describe('INTROSPECTION=false and GRAPHIQL=false (the production defaults)', () => {
  let closed: TestApp;
  beforeAll(async () => {
    closed = await createTestApp({ introspection: false, graphiql: false });
  });
  afterAll(() => closed.dispose());

  it('refuse introspection, hide field suggestions, and serve no GraphiQL page', async () => {
    const schema = await closed.gql('{ __schema { queryType { name } } }');
    expect(codes(schema)[0]).toBe('GRAPHQL_VALIDATION_FAILED');
    const typo = await closed.gql('{ servces { totalCount } }');
    expect(typo.errors?.[0]?.message).not.toContain('Did you mean');
    // Nor in what a misspelt input field or enum value gets, in a variable or in the document.
    const register = 'mutation ($i: RegisterInput!) { register(input: $i) { token } }';
    for (const result of [
      await closed.gql(register, { i: { email: 'a@b.vn', fullNam: 'A', kind: 'CITIZE', password: 'x' } }),
      await closed.gql('{ services(filter: { serch: "x" }) { totalCount } }'),
      await closed.gql('mutation { register(input: { email: "a@b.vn", fullName: "A", kind: CITIZE, password: "x" }) { token } }'),
    ]) {
      expect(result.errors?.length).toBeGreaterThan(0);
      expect(result.errors!.map((e) => e.message).join('\n')).not.toMatch(/Did you mean|"CITIZEN"|"search"/);
    }
    expect(await closed.gql('{ __typename }')).toEqual({ data: { __typename: 'Query' } });
    const page = await closed.yoga.fetch('http://test/graphql', { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('<html');
    // With them on (the defaults outside production), both are there.
    const open = await app.yoga.fetch('http://test/graphql', { headers: { accept: 'text/html' } });
    expect(await open.text()).toContain('GraphiQL');
    expect((await app.gql('{ servces { totalCount } }')).errors?.[0]?.message).toContain('Did you mean');
  });
});
