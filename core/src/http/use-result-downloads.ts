import { readFile } from 'node:fs/promises';
import type { Plugin } from 'graphql-yoga';
import type { PrismaClient } from '../db/client.ts';
import { mayDownloadResult, RESULT_FIELD, type DeliveryGuard } from '../dossier/result-delivery.ts';
import type { FileStore } from '../dossier/files.ts';
import { loadViewer } from '../identity/viewer.ts';
import type { TokenSigner } from '../identity/tokens.ts';

export interface ResultDownloadOptions {
  prisma: PrismaClient;
  tokens: TokenSigner;
  files: FileStore;
  deliveryGuards: readonly DeliveryGuard[];
}

/**
 * `GET /dossiers/<code>/result?token=…`: R11.3, the result document of a dossier, through the
 * authorized link `Dossier.resultUrl` gives (a token for this dossier only, short-lived) to
 * the applicant and the filing agent of a level-4 dossier. Everyone else gets 404.
 */
export function useResultDownloads({ prisma, tokens, files, deliveryGuards }: ResultDownloadOptions): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      const match = /^\/dossiers\/([A-Z0-9._-]{1,60})\/result$/.exec(url.pathname);
      if (!match?.[1] || request.method !== 'GET') return;
      const code = match[1];
      const missing = () => endResponse(new Response('No result you may download here', { status: 404 }));
      const accountId = await tokens.verifyLink(url.searchParams.get('token') ?? '', `result:${code}`);
      const viewer = accountId ? await loadViewer(prisma, accountId) : null;
      const dossier = await prisma.dossier.findUnique({ where: { code } });
      if (!dossier || !(await mayDownloadResult({ prisma, deliveryGuards }, viewer, dossier))) return missing();
      const document = await prisma.attachment.findFirst({
        where: { dossierId: dossier.id, field: RESULT_FIELD },
        orderBy: { createdAt: 'desc' },
      });
      if (!document) return missing();
      const body = await readFile(files.path(document.sha256));
      return endResponse(
        new Response(body, {
          headers: {
            'content-type': document.mediaType,
            'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(document.name)}`,
            'cache-control': 'private, no-store',
            'x-content-type-options': 'nosniff',
          },
        }),
      );
    },
  };
}
