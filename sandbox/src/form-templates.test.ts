import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceManifest } from '@egov/sdk';
import { describe, expect, it } from 'vitest';
import { formTemplateProblems } from './form-templates.ts';

function packageWith(files: Record<string, string>): { dir: string; manifest: ServiceManifest } {
  const dir = mkdtempSync(join(tmpdir(), 'egov-templates-'));
  mkdirSync(join(dir, 'forms'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'forms', name), text);
  const forms = Object.keys(files).map((name) => ({ code: name, title: name, file: `forms/${name}` }));
  return { dir, manifest: { forms } as unknown as ServiceManifest }; // only `forms` is read
}

describe('form templates', () => {
  it('pass printable documents of the allowed types, whatever the case of the extension', async () => {
    const { dir, manifest } = packageWith({
      'to-khai.html':
        '<!doctype html><meta charset="utf-8"><style>p{margin:0}</style><p>Họ và tên: ........ (thông tin online = không)</p>',
      'TO-KHAI.PDF': '%PDF-1.4',
      'mau.docx': 'PK',
    });
    expect(await formTemplateProblems(dir, manifest)).toEqual([]);
  });

  it('fail HTML that runs or goes somewhere: event handlers, javascript: links, frames', async () => {
    const { dir, manifest } = packageWith({
      'a.html': '<img src=x onerror="alert(1)">',
      'b.html': '<a href="JavaScript:alert(1)">in</a>',
      'c.html': '<IFRAME src="https://example.com"></IFRAME>',
      'd.js': 'alert(1)',
    });
    expect(await formTemplateProblems(dir, manifest)).toEqual([
      'forms "a.html": forms/a.html has active content: an event handler attribute',
      'forms "b.html": forms/b.html has active content: a javascript: address',
      'forms "c.html": forms/c.html has active content: a frame',
      'forms "d.js": forms/d.js is not one of the form file types .html, .pdf, .doc, .docx, .odt, .rtf, .xls, .xlsx, .ods, .txt',
    ]);
  });
});
