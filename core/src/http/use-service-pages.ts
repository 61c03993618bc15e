import { refusal } from './use-malformed-requests.ts';
import { extname } from 'node:path';
import type { Plugin } from 'graphql-yoga';
import type { PluginRegistry } from '../catalog/plugin-registry.ts';
import type { Config } from '../config.ts';
import type { PrismaClient } from '../db/client.ts';
import { formTemplateTypes } from '@egov/sdk';

export interface ServicePagesOptions {
  prisma: PrismaClient;
  registry: PluginRegistry;
  config: Pick<Config, 'publicUrl'>;
}

/**
 * How a form template is served. Its bytes come from an agency's package, and the platform's
 * origin holds citizens' sessions: never a page that runs there. Always a download; should a
 * browser render it all the same, in a sandbox (an opaque origin: no scripts, no forms, no
 * plugins, no top-level navigation, so no meta refresh to a look-alike site), fetching nothing
 * but inline styles and data: images, and never framed.
 */
const templateHeaders = {
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; frame-ancestors 'none'",
};

function decode(component: string): string | null {
  try {
    return decodeURIComponent(component);
  } catch {
    return null;
  }
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The public pages behind each service's stable link (R12.1):
 * `GET /services/<code>` describes the live service (HTML, or JSON with `Accept: application/json`),
 * `GET /services/<code>/forms/<form code>` downloads a form template shipped in the plugin package
 * (as an attachment, sandboxed: see `templateHeaders`).
 */
/** Public pages (the live version's, for everyone) may be kept a few minutes by browsers and caches; errors are not (no-store). */
const publicCache = { 'cache-control': 'public, max-age=300' };

export function useServicePages({ prisma, registry, config }: ServicePagesOptions): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      const match = /^\/services\/([^/]+)(?:\/forms\/([^/]+))?\/?$/.exec(url.pathname);
      if (!match?.[1] || request.method !== 'GET') return;
      const code = decode(match[1]);
      const formCode = match[2] === undefined ? undefined : decode(match[2]);
      if (code === null || formCode === null) return endResponse(refusal(400, 'BAD_REQUEST', 'The address is not valid'));
      const version = await prisma.pluginVersion.findFirst({
        where: { code, status: 'LIVE' },
        select: { id: true, agency: { select: { name: true } } },
      });
      if (!version) return endResponse(refusal(404, 'NOT_FOUND', 'No live service with this code'));
      const manifest = await registry.manifest(prisma, version.id);

      if (formCode !== undefined) {
        const form = manifest.forms.find((f) => f.code === formCode);
        if (!form) return endResponse(refusal(404, 'NOT_FOUND', 'No such form'));
        if (form.url) return endResponse(Response.redirect(form.url, 302));
        // Only ever the checked bytes: the file of the version's artifact, verified on each read.
        const file = form.file ?? '';
        const body = await registry.formFile(prisma, version.id, file);
        if (!body) return endResponse(refusal(404, 'NOT_FOUND', 'The form file is unavailable'));
        // A type outside the allow-list (FORMS.FILES refuses those) gets no type a browser shows.
        const extension = extname(file).toLowerCase();
        const type = Object.hasOwn(formTemplateTypes, extension) ? formTemplateTypes[extension]! : 'application/octet-stream';
        return endResponse(
          new Response(new Uint8Array(body), {
            headers: {
              'content-type': type,
              'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.split('/').pop() ?? 'form')}`,
              ...templateHeaders,
              ...publicCache,
            },
          }),
        );
      }

      if (request.headers.get('accept')?.includes('application/json')) {
        return endResponse(
          Response.json({ ...manifest, fixtures: undefined, url: `${config.publicUrl}${url.pathname}` }, { headers: publicCache }),
        );
      }
      const list = (items: string[]) => `<ul>${items.map((i) => `<li>${escape(i)}</li>`).join('')}</ul>`;
      const html = `<!doctype html><html lang="vi"><meta charset="utf-8"><title>${escape(manifest.title)}</title>
<h1>${escape(manifest.title)}</h1>
<p>${escape(manifest.code)} · ${escape(version.agency.name)} · Mức độ ${manifest.level} · ${escape(manifest.field)}</p>
<h2>Trình tự thực hiện</h2>${list(manifest.steps)}
<h2>Thời hạn giải quyết</h2><p>${manifest.processingDays} ngày làm việc</p>
<h2>Thành phần hồ sơ</h2>${list(manifest.documents.map((d) => `${d.name} (${d.originals} bản chính, ${d.copies} bản sao)`))}
<h2>Phí, lệ phí</h2>${list(manifest.fees.map((f) => `${f.name}: ${f.inPerson.toLocaleString('vi-VN')} đ${f.online !== undefined ? ` (trực tuyến ${f.online.toLocaleString('vi-VN')} đ)` : ''}`))}
<h2>Biểu mẫu</h2><ul>${manifest.forms.map((f) => `<li><a href="${escape(`/services/${encodeURIComponent(code)}/forms/${encodeURIComponent(f.code)}`)}">${escape(f.title)}</a></li>`).join('')}</ul>
<h2>Căn cứ pháp lý</h2>${list(manifest.legalBasis)}
</html>`;
      return endResponse(
        new Response(html, {
          headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'", ...publicCache },
        }),
      );
    },
  };
}
