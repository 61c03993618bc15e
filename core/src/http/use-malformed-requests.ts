import type { Plugin } from 'graphql-yoga';

/** An answer refusing a request: the status, and the error with its code, as GraphQL errors read. */
export const refusal = (status: number, code: string, message: string) =>
  Response.json({ errors: [{ message, extensions: { code } }] }, { status });

const bareRefusals: Record<number, { code: string; message: string }> = {
  404: { code: 'NOT_FOUND', message: 'Nothing is served at this address: the API is at /graphql' },
  405: { code: 'METHOD_NOT_ALLOWED', message: 'Send GET (queries) or POST' },
  406: {
    code: 'NOT_ACCEPTABLE',
    message: 'Accept application/graphql-response+json, application/json, text/event-stream or multipart/mixed',
  },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the operation as application/json (or multipart/form-data with uploads)' },
};

/**
 * Malformed requests Yoga would answer badly, answered here: a GET request's `variables` and
 * `extensions` (JSON in the query string, parsed by Yoga without a guard: a 500) must be JSON
 * objects, else 400 BAD_REQUEST; Yoga's bodiless 404, 405, 406 and 415 get a code and a word
 * on what to send.
 */
export function useMalformedRequests(): Plugin {
  return {
    onResponse({ response, setResponse }) {
      // Yoga's own refusals have no body: each gets its code and a word on what to send.
      if (response.headers.get('content-type')) return;
      const bare = bareRefusals[response.status];
      if (!bare) return;
      const coded = refusal(response.status, bare.code, bare.message);
      const allow = response.headers.get('allow');
      if (allow) coded.headers.set('allow', allow);
      setResponse(coded);
    },
    onRequestParse({ request, url, endResponse }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      for (const name of ['variables', 'extensions']) {
        const text = url.searchParams.get(name);
        if (text === null || text === '') continue;
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          value = undefined;
        }
        if (value !== null && (typeof value !== 'object' || Array.isArray(value))) {
          endResponse(refusal(400, 'BAD_REQUEST', `The ${name} parameter must be a JSON object`));
          return;
        }
      }
    },
  };
}
