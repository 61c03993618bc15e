import type { Plugin } from 'graphql-yoga';

/**
 * A GET request carries `variables` and `extensions` as JSON in its query string; Yoga parses
 * them without a guard, so a malformed one would answer 500. Refused here: 400 BAD_REQUEST.
 */
export function useQueryParams(): Plugin {
  return {
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
          endResponse(Response.json({ errors: [{ message: `The ${name} parameter must be a JSON object`, extensions: { code: 'BAD_REQUEST' } }] }, { status: 400 }));
          return;
        }
      }
    },
  };
}
