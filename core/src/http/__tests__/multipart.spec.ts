import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { judicialRecordInput, pdfFile, SUBMIT_DOSSIER } from '../../testing/dossier-scenario.ts';
import { parseMultipartRequest } from '../multipart.ts';

// A GraphQL multipart request (operations, map, files) is read strictly: whatever its map and
// operations hold, the answer is a 400 BAD_REQUEST (413 for a part over its size) saying what
// to fix, never a 500, and a file lands only on a null placeholder of the variables.

let app: TestApp;
let citizen = '';
beforeAll(async () => {
  app = await createTestApp();
  citizen = await app.login('citizen@demo.egov.vn');
});
afterAll(() => app.dispose());

type Part = { name: string; data: string; filename?: string };
const file = (name: string): Part => ({ name, data: '%PDF-1.7 x', filename: 'scan.pdf' });
const text = (name: string, value: unknown): Part => ({ name, data: typeof value === 'string' ? value : JSON.stringify(value) });

/** The parts as one multipart/form-data body (boundary `x`). */
const encode = (parts: Part[]) =>
  Buffer.from(
    parts
      .map(
        (p) =>
          `--x\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"\r\nContent-Type: application/pdf` : ''}\r\n\r\n${p.data}\r\n`,
      )
      .join('') + '--x--\r\n',
  );

/** POSTs `body` as a multipart request, as a client that may upload does. */
async function send(body: Part[] | string, token?: string) {
  const bytes = typeof body === 'string' ? Buffer.from(body) : encode(body);
  const response = await app.yoga.fetch('http://test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'multipart/form-data; boundary=x',
      'content-length': String(bytes.length),
      'graphql-require-preflight': '1',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: bytes,
  });
  const json = (await response.json()) as { data?: unknown; errors?: { message: string; extensions: Record<string, unknown> }[] };
  return { status: response.status, json, code: json.errors?.[0]?.extensions.code, message: json.errors?.[0]?.message ?? '' };
}

const typename = text('operations', { query: '{ __typename }' });
const withFile = (variables: unknown) => text('operations', { query: 'query ($f: File) { __typename }', variables });

describe('a multipart request', () => {
  it('is refused with 400 BAD_REQUEST and a word on what to fix, whatever its map or operations hold', async () => {
    const errors = vi.spyOn(console, 'error');
    const cases: [string, Part[], RegExp][] = [
      ['map entry null', [typename, text('map', { 0: null }), file('0')], /entry "0" must be a list of paths/],
      ['map an array of numbers', [typename, text('map', [1, 2]), file('0')], /map part must be a JSON object/],
      ['map path a number', [typename, text('map', { 0: [1] }), file('0')], /entry "0" must be a list of paths/],
      ['map entry an empty list', [typename, text('map', { 0: [] }), file('0')], /entry "0" must be a list/],
      ['map a string', [typename, text('map', '"x"'), file('0')], /map part must be a JSON object/],
      ['map null', [typename, text('map', 'null'), file('0')], /map part must be a JSON object/],
      ['map not JSON', [typename, text('map', '{0: [variables.f'), file('0')], /map part must be JSON/],
      [
        'operations a JSON string',
        [text('operations', '"x"'), text('map', { 0: ['variables.f'] }), file('0')],
        /operations part must be one JSON object/,
      ],
      ['operations null', [text('operations', 'null'), text('map', {}), file('0')], /operations part must be one JSON object/],
      [
        'operations a batch',
        [text('operations', [{ query: '{ __typename }' }]), text('map', {})],
        /operations part must be one JSON object/,
      ],
      ['operations a file', [file('operations'), text('map', {})], /operations part must be text/],
      ['no operations', [text('map', { 0: ['variables.f'] }), file('0')], /starts with an operations part/],
      [
        'map names a part the request lacks',
        [withFile({ f: null }), text('map', { 7: ['variables.f'] }), file('0')],
        /names part "7", which the request does not have/,
      ],
      [
        'map names a text part',
        [withFile({ f: null }), text('map', { other: ['variables.f'] }), text('other', 'x')],
        /which is text, not a file/,
      ],
      ['path outside the variables', [typename, text('map', { 0: ['query'] }), file('0')], /must lead into the variables/],
      ['path onto a value', [withFile({ f: 'taken' }), text('map', { 0: ['variables.f'] }), file('0')], /not a null placeholder/],
      ['path through a string', [withFile({ f: 'taken' }), text('map', { 0: ['variables.f.x'] }), file('0')], /not an object or a list/],
      [
        'path past the end of a list',
        [withFile({ f: [null] }), text('map', { 0: ['variables.f.999999999'] }), file('0')],
        /item 999999999 of a list that has 1/,
      ],
      [
        'path with a non-index key into a list',
        [withFile({ f: [null] }), text('map', { 0: ['variables.f.length'] }), file('0')],
        /item length of a list/,
      ],
      ['__proto__ path', [typename, text('map', { 0: ['variables.__proto__.polluted'] }), file('0')], /key that is not allowed/],
      ['empty key', [typename, text('map', { 0: ['variables..f'] }), file('0')], /key that is not allowed/],
      ['path too long', [typename, text('map', { 0: [`variables${'.a'.repeat(20)}`] }), file('0')], /more than 16 keys/],
      [
        'too many paths',
        [withFile({}), text('map', { 0: Array.from({ length: 101 }, (_, i) => `variables.f${i}`) }), file('0')],
        /at most 100 paths/,
      ],
      [
        'too many text parts',
        [typename, text('map', {}), ...Array.from({ length: 12 }, (_, i) => text(`t${i}`, 'x'))],
        /at most 10 text parts/,
      ],
      ['too many files', [typename, text('map', {}), ...Array.from({ length: 31 }, (_, i) => file(String(i)))], /at most 30 files/],
    ];
    for (const [name, parts, message] of cases) {
      const answer = await send(parts);
      expect([name, answer.status, answer.code]).toEqual([name, 400, 'BAD_REQUEST']);
      expect([name, answer.message]).toEqual([name, expect.stringMatching(message)]);
      expect(JSON.stringify(answer.json)).not.toMatch(/"http"|undefined|stack|TypeError|Cannot /);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });

  it('is refused when the body is not multipart as announced', async () => {
    expect(await send('garbage without any boundary')).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  });

  it('puts a file on its null placeholder, in objects created on the way and in existing list items', async () => {
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: '{ __typename }', variables: { f: null, g: { list: [{ file: null }] } } }));
    form.set('map', JSON.stringify({ 0: ['variables.f', 'variables.g.list.0.file'], 1: ['variables.g.made.here'] }));
    form.set('0', pdfFile('a.pdf'));
    form.set('1', pdfFile('b.pdf'));
    const params = await parseMultipartRequest(new Request('http://test/graphql', { method: 'POST', body: form }));
    const variables = params.variables as { f: File; g: { list: { file: File }[]; made: { here: File } } };
    expect([variables.f.name, variables.g.list[0]!.file.name, variables.g.made.here.name]).toEqual(['a.pdf', 'a.pdf', 'b.pdf']);
  });

  it('names nothing of an upload mapped onto a variable of an input type', async () => {
    const answer = await send([
      text('operations', { query: 'query ($f: ServiceFilter) { services(filter: $f) { totalCount } }', variables: { f: null } }),
      text('map', { 0: ['variables.f'] }),
      file('0'),
    ]);
    expect(JSON.stringify(answer.json)).not.toMatch(/blobParts|_buffer|_size|encoding/);
  });

  it('takes a body over Yoga’s own 25 MB default, up to the 60 MB of multipart', async () => {
    const big = { name: '0', data: 'x'.repeat(26 * 1024 * 1024), filename: 'big.pdf' };
    const answer = await send([typename, text('map', {}), big]);
    expect(answer).toMatchObject({ status: 200, json: { data: { __typename: 'Query' } } });
  });

  it('carries a submission with its attachment', async () => {
    const answer = await send(
      [
        text('operations', { query: SUBMIT_DOSSIER, variables: { input: judicialRecordInput() } }),
        text('map', { 0: ['variables.input.attachments.0.file'] }),
        file('0'),
      ],
      citizen,
    );
    expect(answer.json.errors).toBeUndefined();
    expect(answer.json).toMatchObject({ data: { submitDossier: { dossier: { code: expect.any(String) } } } });
  });
});
