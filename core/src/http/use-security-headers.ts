import type { Plugin } from 'graphql-yoga';

export interface SecurityHeadersOptions {
  /** Send HSTS (`Strict-Transport-Security`): only when the platform is served over TLS. @default false */
  hsts?: boolean;
}

/**
 * Headers every answer carries: no MIME sniffing, no framing by other sites (clickjacking), no
 * referrer leaving the platform, and no answer but the public service pages stored by a cache (API
 * answers hold personal data); HSTS behind TLS. A header an answer sets itself (the service pages' CSP) is kept.
 */
export function useSecurityHeaders({ hsts = false }: SecurityHeadersOptions = {}): Plugin {
  const headers: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    ...(hsts ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
  return {
    onResponse({ request, response, setResponse }) {
      const missing: [string, string][] = Object.entries(headers).filter(([name]) => !response.headers.has(name));
      if (!response.headers.has('content-security-policy')) missing.push(['content-security-policy', "frame-ancestors 'none'"]);
      // No cache keeps an answer, except the public service pages (GraphQL is served on more paths than /graphql).
      if (!new URL(request.url).pathname.startsWith('/services/') && !response.headers.has('cache-control'))
        missing.push(['cache-control', 'no-store']);
      try {
        for (const [name, value] of missing) response.headers.set(name, value);
      } catch {
        // A response with immutable headers (Response.redirect): the same, with the headers added.
        const copy = new Headers(response.headers);
        for (const [name, value] of missing) copy.set(name, value);
        setResponse(new Response(response.body, { status: response.status, statusText: response.statusText, headers: copy }));
      }
    },
  };
}
