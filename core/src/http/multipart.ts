import { GraphQLError } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { isUpload } from '../scalars.ts';

/**
 * What one multipart request (the GraphQL multipart request spec: `operations`, `map`, then the
 * files) may hold: at most 20 attachments, or a package, or a result document, with room to
 * spare. The parser stops at the first count over (instead of reading tens of thousands of
 * parts), and the body as a whole is refused before it is read when its Content-Length is over
 * `totalBytes` (use-request-limits.ts).
 */
export const multipartLimits = {
  /** Text parts: `operations` and `map` (a client has no other). */
  fields: 10,
  files: 30,
  parts: 40,
  /** The length of a part's name. */
  fieldNameSize: 100,
  /** The length of a text part (`operations` holds the query and its variables). */
  fieldSize: 1024 * 1024,
  /** The largest file: larger than any a service takes (attachments, packages and results are 20 MB at most). */
  fileSize: 50 * 1024 * 1024,
  /** The whole request. */
  totalBytes: 60 * 1024 * 1024,
  /** Paths in the map, all entries together. */
  paths: 100,
  /** Keys in one path (`variables.input.attachments.0.file` is 5). */
  pathKeys: 16,
};

const MB = 1024 * 1024;

function refusal(message: string, status = 400, code = 'BAD_REQUEST'): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status } } });
}

const quote = (text: string) => JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);

/** The parser's own messages (some of which name its settings) said in the platform's words. */
function formDataRefusal(error: unknown): GraphQLError {
  const message = error instanceof Error ? error.message : '';
  if (message.startsWith('File size limit exceeded'))
    return refusal(`A file is larger than ${multipartLimits.fileSize / MB} MB`, 413, 'BAD_USER_INPUT');
  if (message.startsWith('Field value size exceeded'))
    return refusal(`A text part is larger than ${multipartLimits.fieldSize / MB} MB`, 413, 'BAD_USER_INPUT');
  if (message.startsWith('Field name size exceeded')) return refusal(`A part's name is longer than ${multipartLimits.fieldNameSize} bytes`);
  if (message.startsWith('Fields limit exceeded'))
    return refusal(`A multipart request may have at most ${multipartLimits.fields} text parts`);
  if (message.startsWith('Files limit exceeded')) return refusal(`A multipart request may have at most ${multipartLimits.files} files`);
  if (message.startsWith('Parts limit exceeded')) return refusal(`A multipart request may have at most ${multipartLimits.parts} parts`);
  return refusal('The body is not valid multipart/form-data (check the boundary, and that the body is complete)');
}

function jsonPart(form: FormData, name: string): unknown {
  const text = form.get(name);
  if (typeof text !== 'string') throw refusal(`The ${name} part must be text (JSON), not a file`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw refusal(`The ${name} part must be JSON`);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !isUpload(value);

/**
 * Puts `file` at `path` (`variables.input.attachments.0.file`) in `operations`. The path leads
 * into the variables, through objects (created when missing) and existing array items, to a
 * null placeholder or a key not there yet; anything else is refused, never overwritten or
 * stretched (an array index past the end would make a list of a billion holes).
 */
function place(operations: Record<string, unknown>, path: string, file: File): void {
  const keys = path.split('.');
  const bad = (why: string) => refusal(`The map's path ${quote(path)} ${why}`);
  if (keys.length < 2 || keys[0] !== 'variables') throw bad('must lead into the variables (variables.<name>…)');
  if (keys.length > multipartLimits.pathKeys) throw bad(`has more than ${multipartLimits.pathKeys} keys`);
  if (keys.some((key) => key === '' || key === '__proto__' || key === 'constructor' || key === 'prototype'))
    throw bad('has a key that is not allowed');
  let at: Record<string, unknown> | unknown[] = operations;
  for (const [i, key] of keys.entries()) {
    const last = i === keys.length - 1;
    let next: unknown;
    if (Array.isArray(at)) {
      if (!/^\d+$/.test(key) || Number(key) >= at.length) throw bad(`names item ${key} of a list that has ${at.length}`);
      next = at[Number(key)];
    } else next = Object.hasOwn(at, key) ? at[key] : undefined;
    if (last) {
      if (next !== null && next !== undefined) throw bad('points at a value that is not a null placeholder');
      if (Array.isArray(at)) at[Number(key)] = file;
      else at[key] = file;
    } else if (next === undefined && !Array.isArray(at)) {
      const created: Record<string, unknown> = {};
      at[key] = created;
      at = created;
    } else if (isRecord(next) || Array.isArray(next)) at = next;
    else throw bad(`goes through ${quote(key)}, which is not an object or a list`);
  }
}

/**
 * Nothing of an upload's internals (the form parser's buffers and state) is ever quoted in an
 * error: its own fields are made non-enumerable (mapped onto a variable of an input type,
 * graphql-js would name each), and it is quoted as "an uploaded file" (graphql-js quotes a value
 * through its `toJSON`). The File scalar reads the upload through its getters, which stay.
 */
function hideFields(file: File): void {
  for (const key of Object.keys(file)) Object.defineProperty(file, key, { enumerable: false });
  Object.defineProperty(file, 'toJSON', { value: () => 'an uploaded file', configurable: true });
}

/**
 * Reads a GraphQL multipart request strictly, in place of Yoga's parser (which fails with a 500
 * on a `map` that is not an object of string lists, or `operations` that are not an object, and
 * quotes the form parser's settings in its errors): `operations` is one JSON object (no
 * batches), `map` an object of part names to lists of paths, each naming a file part the
 * request has. Every refusal is 400 BAD_REQUEST (413 for a part over its size), with what to fix.
 */
export async function parseMultipartRequest(request: Request): Promise<GraphQLParams> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch (error) {
    throw formDataRefusal(error);
  }
  if (!form.has('operations')) throw refusal('A multipart request starts with an operations part (the GraphQL multipart request spec)');
  const operations = jsonPart(form, 'operations');
  if (!isRecord(operations)) throw refusal('The operations part must be one JSON object: {"query": …, "variables": …}');
  const map = form.has('map') ? jsonPart(form, 'map') : {};
  if (!isRecord(map)) throw refusal('The map part must be a JSON object of part names to lists of paths: {"0": ["variables.file"]}');
  let paths = 0;
  for (const [name, list] of Object.entries(map)) {
    if (!Array.isArray(list) || list.length === 0 || !list.every((path) => typeof path === 'string'))
      throw refusal(`The map's entry ${quote(name)} must be a list of paths such as ["variables.file"]`);
    paths += list.length;
    if (paths > multipartLimits.paths) throw refusal(`The map may hold at most ${multipartLimits.paths} paths`);
    const file = form.get(name);
    if (file === null) throw refusal(`The map names part ${quote(name)}, which the request does not have`);
    if (typeof file === 'string') throw refusal(`The map names part ${quote(name)}, which is text, not a file`);
    hideFields(file);
    for (const path of list as string[]) place(operations, path, file);
  }
  return operations as GraphQLParams;
}

/** Yoga plugin: multipart requests are read by parseMultipartRequest. */
export function useMultipartRequests(): Plugin {
  return {
    onRequestParse({ request, setRequestParser }) {
      if (request.method === 'POST' && /^multipart\/form-data\b/i.test(request.headers.get('content-type') ?? '')) {
        setRequestParser(parseMultipartRequest);
      }
    },
  };
}
