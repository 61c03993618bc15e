import type { Plugin } from 'graphql-yoga';

export interface RequestLimitOptions {
  /** Largest JSON (or other non-multipart) request body. @default 1 MiB */
  maxJsonBytes?: number;
  /** Largest multipart request (uploads) in all (the app passes multipartLimits.totalBytes). @default 60 MiB */
  maxMultipartBytes?: number;
}

/**
 * Refuses oversized request bodies before they are read: a POST must state its length
 * (411 otherwise) and stay within the limit for its kind (413), so no upload can fill the
 * server's memory. Per-file limits of the e-form are checked afterwards.
 */
export function useRequestLimits({ maxJsonBytes = 1024 * 1024, maxMultipartBytes = 60 * 1024 * 1024 }: RequestLimitOptions = {}): Plugin {
  return {
    onRequest({ request, endResponse }) {
      if (request.method !== 'POST') return;
      const multipart = request.headers.get('content-type')?.startsWith('multipart/form-data') ?? false;
      const length = request.headers.get('content-length');
      if (length === null) {
        return endResponse(
          Response.json(
            { errors: [{ message: 'Send the request with a Content-Length', extensions: { code: 'BAD_USER_INPUT' } }] },
            { status: 411 },
          ),
        );
      }
      const limit = multipart ? maxMultipartBytes : maxJsonBytes;
      if (!/^\d+$/.test(length) || Number(length) > limit) {
        return endResponse(
          Response.json(
            {
              errors: [
                {
                  message: `The request is larger than ${Math.floor(limit / 1024 / 1024) || 1} MB`,
                  extensions: { code: 'BAD_USER_INPUT' },
                },
              ],
            },
            { status: 413 },
          ),
        );
      }
    },
  };
}
