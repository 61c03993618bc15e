import type { Plugin } from 'graphql-yoga';

/** Content types a web page cannot send to another origin without a CORS preflight. */
const preflighted = /^application\/(json|graphql-response\+json)(\s*;|$)/i;

export interface CsrfPreventionOptions {
  /**
   * Headers of which one must be present on a POST whose content type a plain HTML form could
   * send (multipart uploads): a form cannot set a header. @default ['graphql-require-preflight', 'x-graphql-yoga-csrf', 'apollo-require-preflight']
   */
  requestHeaders?: string[];
}

/**
 * Cross-site request forgery: a page on another site can make a visitor's browser POST a form
 * here (`application/x-www-form-urlencoded`, `multipart/form-data`, `text/plain`) without asking
 * first. Such a POST is refused unless it carries a header a form cannot set; JSON POSTs are
 * preflighted by the browser, so CORS (CORS_ORIGINS) decides for them. GET runs no mutation
 * (Yoga refuses it), so GET and SSE stay open to plain links and EventSource. Like Yoga's
 * `@graphql-yoga/plugin-csrf-prevention`, but without requiring the header on GET, which an
 * EventSource cannot send.
 */
export function useCsrfPrevention({
  requestHeaders = ['graphql-require-preflight', 'x-graphql-yoga-csrf', 'apollo-require-preflight'],
}: CsrfPreventionOptions = {}): Plugin {
  return {
    // Every POST: Yoga serves GraphQL on more paths than /graphql (/graphql/, /x/graphql, /?/graphql),
    // and nothing else of the platform takes a POST.
    onRequest({ request, endResponse }) {
      if (request.method !== 'POST') return;
      if (preflighted.test(request.headers.get('content-type') ?? '')) return;
      if (requestHeaders.some((name) => request.headers.has(name))) return;
      endResponse(
        Response.json(
          {
            errors: [
              {
                message: `A POST that is not JSON must carry the header ${requestHeaders[0]} (a form on another site cannot set it); multipart uploads send GraphQL-Require-Preflight: 1`,
                extensions: { code: 'CSRF_REFUSED' },
              },
            ],
          },
          { status: 403 },
        ),
      );
    },
  };
}
