import type { Plugin } from 'graphql-yoga';

export interface SecurityHeadersOptions {
  /** Send HSTS (`Strict-Transport-Security`): only when the platform is served over TLS. @default false */
  hsts?: boolean;
}

/**
 * The headers of every answer: no MIME sniffing, no framing by other sites (clickjacking), no
 * referrer leaving the platform, no cache keeping it (API answers hold personal data); HSTS behind
 * TLS. Also sent by the answers the server writes itself (server.ts: a request Node cannot parse,
 * a refused WebSocket upgrade).
 */
export function securityHeaders({ hsts = false }: SecurityHeadersOptions = {}): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'content-security-policy': "frame-ancestors 'none'",
    'cache-control': 'no-store',
    ...(hsts ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/**
 * Adds securityHeaders() to every answer. A header an answer sets itself (the service pages'
 * CSP and `public` caching, a download's `private, no-store`) is kept, but for Yoga's
 * `no-cache` on event streams, which lets a cache store them: `no-store`.
 */
export function useSecurityHeaders(options: SecurityHeadersOptions = {}): Plugin {
  const headers = securityHeaders(options);
  return {
    onResponse({ response, setResponse }) {
      const missing: [string, string][] = Object.entries(headers).filter(([name]) => {
        if (name !== 'cache-control') return !response.headers.has(name);
        const set = response.headers.get(name);
        return set === null || set === 'no-cache';
      });
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
