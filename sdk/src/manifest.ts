import semver from 'semver';
import { z } from 'zod';
import { formDefinitionSchema, validateFormData, type FieldErrorCode } from './form.ts';
import type { HookFieldError } from './hooks.ts';
import { manifestLimits as limits } from './limits.ts';

/** The version of this plugin SDK; a manifest's `sdk` range must include it. */
export const SDK_VERSION = '1.0.0';

const atMost = (name: 'label' | 'paragraph' | 'identifier' | 'path' | 'url') =>
  `must have at most ${limits[name]} characters (manifestLimits.${name})`;
const entries = (max: number, name: keyof typeof limits, what = 'entries') => `must list at most ${max} ${what} (manifestLimits.${name})`;
/** A one-line text: a title, a name, a code. */
const text = z.string().trim().min(1, 'must not be empty').max(limits.label, atMost('label'));
/** A paragraph, e.g. one step or one requirement. */
const paragraph = z.string().trim().min(1, 'must not be empty').max(limits.paragraph, atMost('paragraph'));
const optionalParagraph = z.string().max(limits.paragraph, atMost('paragraph')).optional();
const textList = z
  .array(paragraph)
  .min(1, 'must list at least one entry')
  .max(limits.listEntries, entries(limits.listEntries, 'listEntries'));
const vnd = z.number().int('must be a whole number of VND').nonnegative('must not be negative').max(2_000_000_000);
const relativeFile = z
  .string()
  .max(limits.path, atMost('path'))
  .regex(/^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[\w./-]+$/, 'must be a path inside the package, without ".."');

/**
 * The file types a downloadable form (`forms[].file`) may have, by extension, with the media
 * type the platform serves each as: documents to print or fill in offline, none that a browser
 * runs as a page of its own (no SVG, no scripts). Even an HTML form is served as a download, in
 * a CSP sandbox (see use-service-pages.ts). The sandbox's FORMS.FILES check refuses others.
 */
export const formTemplateTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.pdf': 'application/pdf',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.odt': 'application/vnd.oasis.opendocument.text',
  '.rtf': 'application/rtf',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.ods': 'application/vnd.oasis.opendocument.spreadsheet',
  '.txt': 'text/plain; charset=utf-8',
};

const downloadableForm = z
  .strictObject({
    code: text.describe("The form's official code, e.g. `Mẫu số 03/2013/TT-LLTP`."),
    title: text,
    file: relativeFile.optional().describe('A file shipped in the package, served by the platform.'),
    url: z
      .string()
      .max(limits.url, atMost('url'))
      .pipe(z.url({ protocol: /^https$/ }))
      .optional()
      .describe('Or an official https address where the form is published.'),
  })
  .refine((f) => (f.file === undefined) !== (f.url === undefined), {
    message: 'give exactly one of "file" or "url"',
  });

const dossierDocument = z
  .strictObject({
    name: text,
    originals: z.number().int().nonnegative().describe('Number of originals (bản chính).'),
    copies: z.number().int().nonnegative().describe('Number of copies (bản sao).'),
    required: z.boolean(),
    template: z
      .string()
      .max(limits.label, atMost('label'))
      .optional()
      .describe('Code of the downloadable form to fill in for this document, if any.'),
    note: optionalParagraph,
  })
  .refine((d) => d.originals + d.copies > 0, { message: 'needs at least one original or copy', path: ['copies'] });

const fee = z.strictObject({
  name: text,
  inPerson: vnd.describe('Amount paid at the reception desk, in VND.'),
  online: vnd.optional().describe('Amount paid online (level 4 only), in VND; R11.4: never above `inPerson`.'),
  note: optionalParagraph,
});

const fixtureErrorCodes = [
  'REQUIRED',
  'UNKNOWN_FIELD',
  'WRONG_TYPE',
  'TOO_SHORT',
  'TOO_LONG',
  'TOO_SMALL',
  'TOO_LARGE',
  'PATTERN',
  'NOT_AN_OPTION',
  'INVALID_FORMAT',
] as const satisfies readonly FieldErrorCode[];

/** A code a plugin's validate hook gives its problems (`UNDERAGE`): upper case, digits and `_`. */
export const hookErrorCode = /^[A-Z][A-Z0-9_]{1,39}$/;
const isFormCode = (code: string): code is (typeof fixtureErrorCodes)[number] => (fixtureErrorCodes as readonly string[]).includes(code);

const fixture = z.strictObject({
  name: text,
  formData: z
    .record(z.string(), z.unknown())
    .refine((data) => jsonBytes(data) <= limits.fixtureFormDataBytes, {
      message: `must be at most ${limits.fixtureFormDataBytes} bytes as JSON (manifestLimits.fixtureFormDataBytes)`,
    })
    .describe('The submission: form field keys to values (attachments as { name, type, size }).'),
  expect: z
    .union([
      z.literal('accepted'),
      z.strictObject({
        rejected: z
          .array(
            z.strictObject({
              field: z.string().max(limits.label, atMost('label')),
              code: z
                .union([
                  z.enum(fixtureErrorCodes),
                  z.string().regex(hookErrorCode, 'must be a form error code or a code of the hooks, such as UNDERAGE'),
                ])
                .describe(`A form error code (${fixtureErrorCodes.join(', ')}), or a code the package's validate hook gives.`),
            }),
          )
          .min(1)
          .max(limits.fixtureErrors, entries(limits.fixtureErrors, 'fixtureErrors', 'field errors')),
      }),
    ])
    .describe('`accepted`, or the field errors the submission must be rejected with.'),
});

/** The size of a value as UTF-8 JSON; Infinity for a value JSON cannot hold (a cycle, a BigInt). */
function jsonBytes(value: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  } catch {
    return Infinity;
  }
}

export const manifestSchema = z
  .strictObject({
    sdk: z
      .string()
      .max(limits.identifier, atMost('identifier'))
      .refine((r) => semver.validRange(r) !== null, 'must be a semver range such as ^1.0.0')
      .describe('Range of plugin SDK versions the package was written for, e.g. `^1.0.0`.'),
    code: z
      .string()
      .regex(/^[A-Z0-9][A-Z0-9.-]{2,39}$/, 'must be 3-40 upper-case letters, digits, dots or dashes')
      .describe('R4.3: the procedure code in the city-approved set.'),
    version: z
      .string()
      .max(limits.identifier, atMost('identifier'))
      .refine((v) => semver.valid(v) === v, 'must be a semantic version such as 1.2.0'),
    agency: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]{1,15}$/, 'must be an agency code such as STP')
      .describe('Code of the providing agency.'),
    title: text,
    summary: optionalParagraph,
    field: text.describe('Lĩnh vực, e.g. `Hộ tịch`.'),
    level: z
      .union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], { error: 'must be 1, 2, 3 or 4' })
      .describe('Art. 3.2 service level.'),
    onlineMode: z
      .enum(['FULL', 'PARTIAL'])
      .optional()
      .describe('Decree 42/2022 classification, level 3/4 only: FULL (toàn trình) or PARTIAL (một phần).'),
    steps: textList.describe('R4.4 sequence (trình tự) and method (cách thức) of performing.'),
    methods: textList,
    documents: z
      .array(dossierDocument)
      .min(1, 'must list at least one document')
      .max(limits.documents, entries(limits.documents, 'documents', 'documents'))
      .describe('R4.4 dossier components (thành phần hồ sơ) and number of copies.'),
    processingDays: z.number().int().positive().max(365).describe('R4.4 processing time in working days; R10.2 deadlines never exceed it.'),
    subjects: textList.describe('R4.4 eligible subjects (đối tượng thực hiện).'),
    result: z.strictObject({ name: text, description: optionalParagraph }).describe('R4.4 result of the procedure.'),
    fees: z
      .array(fee)
      .min(1, 'must list the fees and charges (amount 0 when free)')
      .max(limits.fees, entries(limits.fees, 'fees', 'fees'))
      .describe('R4.4 fees and charges; a free procedure lists its fee with amount 0.'),
    requirements: textList.describe('R4.4 requirements and conditions (yêu cầu, điều kiện).'),
    legalBasis: textList.describe('R4.4 legal basis (căn cứ pháp lý).'),
    forms: z
      .array(downloadableForm)
      .max(limits.forms, entries(limits.forms, 'forms', 'forms'))
      .describe('R4.4 related forms, downloadable (level 2 and up).'),
    form: formDefinitionSchema.optional().describe('R4.5 the e-form of a level-3/4 service.'),
    fixtures: z
      .array(fixture)
      .max(limits.fixtures, entries(limits.fixtures, 'fixtures', 'fixtures'))
      .describe('Sample submissions with their expected outcome, replayed by the sandbox.'),
    hooks: relativeFile
      .optional()
      .describe(
        'A module of the package whose default export is `defineHooks({ validate })`: checks the form model cannot express. Runs isolated, with time and memory limits.',
      ),
  })
  // The cross-field rules also run when some fields are already wrong, so an author sees every
  // problem at once; they read the raw value defensively.
  .superRefine(crossFieldRules, { when: (payload) => typeof payload.value === 'object' && payload.value !== null });

type Raw = {
  level?: unknown;
  onlineMode?: unknown;
  forms?: unknown;
  form?: unknown;
  fees?: unknown;
  documents?: unknown;
  fixtures?: unknown;
  hooks?: unknown;
};
const list = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);

function crossFieldRules(m: Raw, ctx: z.RefinementCtx) {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const level = typeof m.level === 'number' ? m.level : 0;
  if (level < 1 || level > 4) return;
  const online = level >= 3;
  if (online && !m.onlineMode) issue(['onlineMode'], `a level-${level} service must say FULL or PARTIAL`);
  if (!online && m.onlineMode) issue(['onlineMode'], `only level-3/4 services have an online mode (level ${level})`);
  if (m.onlineMode === 'FULL' && level !== 4) issue(['onlineMode'], 'a full-process online service must be level 4');
  const forms = list<{ code?: unknown }>(m.forms);
  if (level >= 2 && Array.isArray(m.forms) && forms.length === 0)
    issue(['forms'], `a level-${level} service must offer its forms for download (R4.4)`);
  if (online && !m.form) issue(['form'], `a level-${level} service needs an e-form (R4.5)`);
  if (!online && m.form) issue(['form'], `a level-${level} service takes no online submissions, so it has no e-form`);
  // Hooks check online submissions, and fixtures are sample submissions: neither exists below level 3.
  if (!online && m.hooks !== undefined)
    issue(['hooks'], `a level-${level} service takes no online submissions, so its hooks would never run`);
  if (!online && Array.isArray(m.fixtures) && m.fixtures.length > 0)
    issue(['fixtures'], `a level-${level} service takes no online submissions, so it has no sample submissions`);
  list<{ online?: unknown; inPerson?: unknown }>(m.fees).forEach((f, i) => {
    if (typeof f !== 'object' || f === null) return;
    if (typeof f.online === 'number' && typeof f.inPerson === 'number' && f.online > f.inPerson)
      issue(['fees', i, 'online'], `online fee ${f.online} VND exceeds the in-person fee ${f.inPerson} VND (R11.4)`);
    if (level === 4 && f.online === undefined) issue(['fees', i, 'online'], 'a level-4 service must give the online amount (R11.3)');
    if (level < 4 && f.online !== undefined) issue(['fees', i, 'online'], `a level-${level} service takes fees in person only (R11.2)`);
  });
  const formCodes = new Set(forms.map((f) => f?.code));
  list<{ template?: unknown }>(m.documents).forEach((d, i) => {
    if (typeof d?.template === 'string' && !formCodes.has(d.template))
      issue(['documents', i, 'template'], `no form with code "${d.template}"`);
  });
  if (online && Array.isArray(m.fixtures)) {
    const fixtures = list<{ expect?: unknown }>(m.fixtures);
    if (!fixtures.some((f) => f?.expect === 'accepted')) issue(['fixtures'], 'needs at least one sample that must be accepted');
    if (!fixtures.some((f) => f?.expect !== undefined && f.expect !== 'accepted'))
      issue(['fixtures'], 'needs at least one sample that must be rejected');
  }
}

export type ServiceManifest = z.output<typeof manifestSchema>;
export type ServiceManifestInput = z.input<typeof manifestSchema>;

export interface ManifestIssue {
  /** Where in the manifest, e.g. `fees[0].online`. */
  path: string;
  message: string;
}

export type ManifestResult = { ok: true; manifest: ServiceManifest } | { ok: false; issues: ManifestIssue[] };

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)),
    '',
  );
}

/**
 * Validates a manifest with the one manifest schema; every issue names its field. A manifest
 * over `manifestLimits.manifestBytes` as JSON is refused before anything else is read.
 */
export function validateManifest(input: unknown): ManifestResult {
  const size = jsonBytes(input);
  if (size > limits.manifestBytes) {
    const message = Number.isFinite(size)
      ? `is ${Math.ceil(size / 1024)} KB as JSON; a manifest has at most ${limits.manifestBytes / 1024} KB (manifestLimits.manifestBytes)`
      : 'is not JSON data';
    return { ok: false, issues: [{ path: '(manifest)', message }] };
  }
  const parsed = manifestSchema.safeParse(input);
  if (parsed.success) return { ok: true, manifest: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => ({
      path: formatPath(i.path) || '(manifest)',
      message: / received undefined$/.test(i.message) ? 'is required' : i.message,
    })),
  };
}

export function formatManifestIssues(issues: ManifestIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('\n');
}

export interface FixtureOutcome {
  name: string;
  passed: boolean;
  /** What went differently from the fixture's expectation. */
  detail?: string;
}

/**
 * Replays the manifest's fixtures as the platform takes a submission, and compares with the
 * expected outcomes: the form's rules first; when they pass, the validate hook's problems
 * (`hookProblems[i]` for fixture i, as the package's hooks answered it; a problem without a
 * code is `REJECTED_BY_SERVICE`). Without the hooks' answers, a fixture expecting only codes
 * of the hooks is not decided here (the sandbox runs the hooks, and its trial run the whole).
 */
export function checkFixtures(
  manifest: ServiceManifest,
  hookProblems?: readonly (readonly HookFieldError[] | undefined)[],
): FixtureOutcome[] {
  const form = manifest.form;
  if (!form) return [];
  return manifest.fixtures.map((f, i) => {
    const formErrors = validateFormData(form, f.formData).map((e) => `${e.field}:${e.code}`);
    const hooked = hookProblems?.[i];
    const errors = formErrors.length || !hooked ? formErrors : hooked.map((p) => `${p.field}:${p.code ?? 'REJECTED_BY_SERVICE'}`);
    if (f.expect === 'accepted') {
      return errors.length === 0
        ? { name: f.name, passed: true }
        : { name: f.name, passed: false, detail: `expected acceptance, got ${errors.join(', ')}` };
    }
    const expected = f.expect.rejected;
    if (!hooked && errors.length === 0 && expected.every((e) => !isFormCode(e.code)) && manifest.hooks)
      return { name: f.name, passed: true, detail: 'expects codes of the hooks, which did not run here' };
    const got = new Set(errors);
    const missing = expected.filter((e) => !got.has(`${e.field}:${e.code}`));
    return missing.length === 0 && errors.length > 0
      ? { name: f.name, passed: true }
      : {
          name: f.name,
          passed: false,
          detail: `expected ${missing.map((e) => `${e.field}:${e.code}`).join(', ')}, got ${errors.join(', ') || 'acceptance'}`,
        };
  });
}
