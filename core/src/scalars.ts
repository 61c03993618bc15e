import { GraphQLError, Kind, type ValueNode } from 'graphql';
import { JSONResolver } from 'graphql-scalars';

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** An uploaded file as the multipart parser gives it (a web `File`). */
export function isUpload(value: unknown): value is File {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as File).name === 'string' &&
    typeof (value as File).size === 'number' &&
    typeof (value as File).arrayBuffer === 'function' &&
    typeof (value as File).stream === 'function'
  );
}

/** The `File` scalar: an upload of a GraphQL multipart request, nothing else. */
export const fileScalar = {
  description: 'An uploaded file (GraphQL multipart request). Input only.',
  serialize: (): never => {
    throw new Error('File is an input type');
  },
  parseValue: (value: unknown): File => {
    if (!isUpload(value))
      throw badInput('A File takes an upload: send the request as multipart/form-data and map a file part onto this variable');
    return value;
  },
  parseLiteral: (): never => {
    throw badInput('A File cannot be written in the query: send it as an upload (multipart/form-data) in a variable');
  },
};

/** How deeply JSON values may nest (form data is a few levels deep). */
export const MAX_JSON_DEPTH = 32;

function jsonDepthProblem(value: unknown): string | null {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > MAX_JSON_DEPTH) return `JSON nests deeper than ${MAX_JSON_DEPTH} levels`;
    // What a JSON text can hold: an upload (or any other object a multipart map put here) is not.
    const proto = Object.getPrototypeOf(v);
    if (!Array.isArray(v) && proto !== Object.prototype && proto !== null)
      return isUpload(v) ? 'JSON takes JSON values: an upload goes in a File input' : 'JSON takes JSON values only';
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return null;
}

function literalDepthProblem(node: ValueNode): string | null {
  const stack: [ValueNode, number][] = [[node, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v.kind !== Kind.LIST && v.kind !== Kind.OBJECT) continue;
    if (depth > MAX_JSON_DEPTH) return `JSON nests deeper than ${MAX_JSON_DEPTH} levels`;
    if (v.kind === Kind.LIST) for (const item of v.values) stack.push([item, depth + 1]);
    else for (const field of v.fields) stack.push([field.value, depth + 1]);
  }
  return null;
}

/**
 * What graphql-scalars' JSON gets in addition: values nested deeper than MAX_JSON_DEPTH, or
 * holding anything a JSON text cannot (an upload), are refused (BAD_USER_INPUT), so no later
 * step recurses through a hostile value or reads a server object as data.
 */
export const jsonDepthLimit = {
  parseValue: (value: unknown) => {
    const problem = jsonDepthProblem(value);
    if (problem) throw badInput(problem);
    return JSONResolver.parseValue(value);
  },
  parseLiteral: (node: ValueNode, variables?: Record<string, unknown> | null) => {
    const problem = literalDepthProblem(node);
    if (problem) throw badInput(problem);
    return JSONResolver.parseLiteral(node, variables);
  },
};
