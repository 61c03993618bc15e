import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { formTemplateTypes, type ServiceManifest } from '@egov/sdk';

// Part of FORMS.FILES: a downloadable form is a document to print or fill in offline. Its file
// type must be one of `formTemplateTypes` (no SVG, no scripts), and an HTML form must hold no
// active content. The platform serves every form as a download in a CSP sandbox whatever it
// holds (use-service-pages.ts); this tells the agency early, and keeps such files out of the
// packages DoIC integrates.

/** What an HTML form template must not contain, as lower-case text: found by plain search, in linear time. */
const activeContent: [needle: string, what: string][] = [
  ['<script', 'a script'],
  ['<form', 'a form that submits somewhere'],
  ['<iframe', 'a frame'],
  ['<frame', 'a frame'],
  ['<object', 'an embedded object'],
  ['<embed', 'an embedded object'],
  ['<base', 'a base address'],
  ['<link', 'a link to another resource'],
  ['http-equiv', 'a meta http-equiv (e.g. a refresh to another page)'],
  ['javascript:', 'a javascript: address'],
];
/** An event handler attribute such as ` onload=`: disjoint parts, so no backtracking. */
const eventHandler = /[\s/"']on[a-z]+\s*=/;

/** Whether a tag of the HTML has an event handler attribute; text between tags may say "online =" freely. */
function hasEventHandler(html: string): boolean {
  for (let start = html.indexOf('<'); start !== -1; start = html.indexOf('<', start + 1)) {
    const end = html.indexOf('>', start);
    if (eventHandler.test(html.slice(start, end === -1 ? undefined : end))) return true;
    if (end === -1) return false;
    start = end;
  }
  return false;
}

/** The problems of the package's form files beyond their presence: their type, and active content in HTML ones. */
export async function formTemplateProblems(dir: string, manifest: ServiceManifest): Promise<string[]> {
  const problems: string[] = [];
  for (const form of manifest.forms) {
    if (!form.file) continue;
    const type = extname(form.file).toLowerCase();
    if (!Object.hasOwn(formTemplateTypes, type)) {
      problems.push(`forms "${form.code}": ${form.file} is not one of the form file types ${Object.keys(formTemplateTypes).join(', ')}`);
      continue;
    }
    if (type !== '.html') continue;
    const html = (await readFile(join(dir, form.file), 'utf8').catch(() => '')).toLowerCase();
    const found = [...new Set(activeContent.filter(([needle]) => html.includes(needle)).map(([, what]) => what))];
    if (hasEventHandler(html)) found.push('an event handler attribute');
    if (found.length) problems.push(`forms "${form.code}": ${form.file} has active content: ${found.join(', ')}`);
  }
  return problems;
}
