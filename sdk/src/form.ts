import { z } from 'zod';
import { manifestLimits as limits } from './limits.ts';
import { matchesPattern, patternProblem } from './pattern.ts';

// R4.5: every level-3/4 service uses this one form model. A form is a list of sections of
// typed fields; the submitted form data is a flat object keyed by field key.

export const fieldTypes = [
  'text',
  'textarea',
  'number',
  'date',
  'select',
  'multiselect',
  'checkbox',
  'email',
  'phone',
  'nationalId',
  'taxCode',
  'attachment',
] as const;
export type FieldType = (typeof fieldTypes)[number];

const key = z
  .string()
  .max(limits.identifier, `must have at most ${limits.identifier} characters (manifestLimits.identifier)`)
  .regex(/^[a-z][a-zA-Z0-9]*$/, 'must be a camelCase key (letters and digits, starting with a lower-case letter)');

const atMost = (max: number, name: keyof typeof limits) => `must have at most ${max} characters (manifestLimits.${name})`;
const label = z.string().min(1).max(limits.label, atMost(limits.label, 'label'));
const option = z.strictObject({ value: label, label });
const textLength = z.number().int().max(limits.textValue, `must be at most ${limits.textValue} (manifestLimits.textValue)`);

/** The field types each type-specific option applies to (others would ignore it, so it is refused). */
const textual: readonly FieldType[] = ['text', 'textarea', 'email', 'phone', 'nationalId', 'taxCode', 'date', 'select'];
const optionTypes: Record<'minLength' | 'maxLength' | 'pattern' | 'min' | 'max' | 'accept' | 'maxSizeMb', readonly FieldType[]> = {
  minLength: textual,
  maxLength: textual,
  pattern: textual,
  min: ['number'],
  max: ['number'],
  accept: ['attachment'],
  maxSizeMb: ['attachment'],
};

export const formFieldSchema = z
  .strictObject({
    key,
    label,
    type: z.enum(fieldTypes),
    required: z.boolean().default(false),
    help: z.string().max(limits.paragraph, atMost(limits.paragraph, 'paragraph')).optional(),
    options: z.array(option).min(1).max(limits.options, `must list at most ${limits.options} options (manifestLimits.options)`).optional(),
    minLength: textLength.nonnegative().optional(),
    maxLength: textLength
      .positive()
      .optional()
      .describe('Text values: at most this many characters; `manifestLimits.textValue` when not given.'),
    min: z.number().optional(),
    max: z.number().optional(),
    pattern: z
      .string()
      .min(1)
      .max(limits.pattern, atMost(limits.pattern, 'pattern'))
      .optional()
      .describe(
        'A regular expression the whole text value must match, in the syntax RE2 and JavaScript (`u` flag) share: matched with RE2 in linear time, so backreferences and lookaround are refused.',
      ),
    accept: z
      .array(
        z
          .string()
          .max(limits.identifier, atMost(limits.identifier, 'identifier'))
          .regex(/^[a-z]+\/[a-z0-9.+-]+$/),
      )
      .min(1)
      .max(limits.acceptTypes, `must list at most ${limits.acceptTypes} media types (manifestLimits.acceptTypes)`)
      .optional()
      .describe('Attachments: accepted media types, e.g. `application/pdf`.'),
    maxSizeMb: z.number().positive().max(50).optional().describe('Attachments: size limit in megabytes.'),
  })
  .superRefine((field, ctx) => {
    const choice = field.type === 'select' || field.type === 'multiselect';
    if (choice && !field.options) ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${field.type} field needs options` });
    if (!choice && field.options) ctx.addIssue({ code: 'custom', path: ['options'], message: `only select fields have options` });
    for (const [option, types] of Object.entries(optionTypes)) {
      if (field[option as keyof typeof optionTypes] !== undefined && !types.includes(field.type))
        ctx.addIssue({
          code: 'custom',
          path: [option],
          message: `${option} applies to ${types.join(', ')} fields only; ${/^[aeiou]/.test(field.type) ? 'an' : 'a'} ${field.type} field would ignore it`,
        });
    }
    if (field.type === 'attachment' && !field.accept)
      ctx.addIssue({ code: 'custom', path: ['accept'], message: 'an attachment field needs the accepted media types' });
    if (field.pattern !== undefined) {
      const problem = patternProblem(field.pattern);
      if (problem) ctx.addIssue({ code: 'custom', path: ['pattern'], message: problem });
    }
    if (field.min !== undefined && field.max !== undefined && field.min > field.max)
      ctx.addIssue({ code: 'custom', path: ['min'], message: 'min is greater than max' });
    if (field.minLength !== undefined && field.maxLength !== undefined && field.minLength > field.maxLength)
      ctx.addIssue({ code: 'custom', path: ['minLength'], message: 'minLength is greater than maxLength' });
  });

export const formDefinitionSchema = z
  .strictObject({
    title: label,
    sections: z
      .array(
        z.strictObject({
          key,
          title: label,
          fields: z.array(formFieldSchema).min(1).max(limits.fields, `must have at most ${limits.fields} fields (manifestLimits.fields)`),
        }),
      )
      .min(1)
      .max(limits.sections, `must have at most ${limits.sections} sections (manifestLimits.sections)`),
  })
  .superRefine((form, ctx) => {
    const count = form.sections.reduce((n, s) => n + s.fields.length, 0);
    if (count > limits.fields)
      ctx.addIssue({
        code: 'custom',
        path: ['sections'],
        message: `has ${count} fields; a form has at most ${limits.fields} (manifestLimits.fields)`,
      });
    const sectionKeys = new Set<string>();
    form.sections.forEach((section, s) => {
      if (sectionKeys.has(section.key))
        ctx.addIssue({ code: 'custom', path: ['sections', s, 'key'], message: `duplicate section key "${section.key}"` });
      sectionKeys.add(section.key);
    });
    const seen = new Set<string>();
    form.sections.forEach((section, s) =>
      section.fields.forEach((field, f) => {
        if (seen.has(field.key))
          ctx.addIssue({ code: 'custom', path: ['sections', s, 'fields', f, 'key'], message: `duplicate field key "${field.key}"` });
        seen.add(field.key);
      }),
    );
  });

export type FormField = z.output<typeof formFieldSchema>;
export type FormDefinition = z.output<typeof formDefinitionSchema>;
export type FormDefinitionInput = z.input<typeof formDefinitionSchema>;

/** The keys of a form's fields, all sections together. */
export const formKeys = (form: FormDefinition | undefined): Set<string> =>
  new Set(form?.sections.flatMap((s) => s.fields.map((f) => f.key)));

/** The attachment fields of a form: their values are uploads, sent apart from formData. */
export const attachmentFields = (form: FormDefinition): FormField[] =>
  form.sections.flatMap((s) => s.fields).filter((f) => f.type === 'attachment');

export type FieldErrorCode =
  | 'REQUIRED'
  | 'UNKNOWN_FIELD'
  | 'WRONG_TYPE'
  | 'TOO_SHORT'
  | 'TOO_LONG'
  | 'TOO_SMALL'
  | 'TOO_LARGE'
  | 'PATTERN'
  | 'NOT_AN_OPTION'
  | 'INVALID_FORMAT';

export interface FieldError {
  field: string;
  code: FieldErrorCode;
  message: string;
}

/** An attachment as it appears in form data: a reference to an uploaded file. */
export interface AttachmentValue {
  name: string;
  type: string;
  size: number;
  sha256?: string;
}

const formats: Partial<Record<FieldType, { test: RegExp; message: string }>> = {
  // Labels hold no dot and dots only separate them, so there is one way to split an address:
  // no backtracking (`[^\s@]+\.[^\s@]+` took quadratic time on "a@....").
  email: { test: /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/, message: 'is not an e-mail address' },
  phone: { test: /^(?:\+84|0)(?:[35789]\d{8}|2\d{9})$/, message: 'is not a Vietnamese phone number' },
  nationalId: { test: /^\d{12}$/, message: 'must be a 12-digit citizen identity number' },
  taxCode: { test: /^\d{10}(?:-\d{3})?$/, message: 'must be a 10-digit tax code, optionally with a 3-digit branch suffix' },
  date: { test: /^\d{4}-\d{2}-\d{2}$/, message: 'must be a date written YYYY-MM-DD' },
};

/** YYYY-MM-DD naming a day that exists (no 31 February). */
function isCalendarDate(value: string): boolean {
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

function checkField(field: FormField, value: unknown): Omit<FieldError, 'field'> | undefined {
  if (textual.includes(field.type)) {
    if (typeof value !== 'string') return { code: 'WRONG_TYPE', message: `${field.label} must be text` };
    if (field.minLength !== undefined && value.length < field.minLength)
      return { code: 'TOO_SHORT', message: `${field.label} must have at least ${field.minLength} characters` };
    // Before any format or pattern: those then read a value of bounded length.
    const maxLength = field.maxLength ?? limits.textValue;
    if (value.length > maxLength) return { code: 'TOO_LONG', message: `${field.label} must have at most ${maxLength} characters` };
    const format = formats[field.type];
    if (format && !format.test.test(value)) return { code: 'INVALID_FORMAT', message: `${field.label} ${format.message}` };
    if (field.type === 'date' && !isCalendarDate(value)) return { code: 'INVALID_FORMAT', message: `${field.label} is not a real date` };
    if (field.pattern !== undefined && !matchesPattern(field.pattern, value))
      return { code: 'PATTERN', message: `${field.label} does not have the expected form` };
    if (field.type === 'select' && !field.options?.some((o) => o.value === value))
      return { code: 'NOT_AN_OPTION', message: `${field.label} must be one of the listed options` };
    return undefined;
  }
  switch (field.type) {
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return { code: 'WRONG_TYPE', message: `${field.label} must be a number` };
      if (field.min !== undefined && value < field.min)
        return { code: 'TOO_SMALL', message: `${field.label} must be at least ${field.min}` };
      if (field.max !== undefined && value > field.max)
        return { code: 'TOO_LARGE', message: `${field.label} must be at most ${field.max}` };
      return undefined;
    case 'checkbox':
      return typeof value === 'boolean' ? undefined : { code: 'WRONG_TYPE', message: `${field.label} must be true or false` };
    case 'multiselect':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
        return { code: 'WRONG_TYPE', message: `${field.label} must be a list of options` };
      const options = new Set(field.options?.map((o) => o.value));
      if (value.some((v) => !options.has(v))) return { code: 'NOT_AN_OPTION', message: `${field.label} must contain only listed options` };
      return undefined;
    case 'attachment': {
      const files = Array.isArray(value) ? value : [value];
      for (const file of files as Partial<AttachmentValue>[]) {
        if (
          typeof file !== 'object' ||
          file === null ||
          typeof file.name !== 'string' ||
          typeof file.type !== 'string' ||
          typeof file.size !== 'number'
        )
          return { code: 'WRONG_TYPE', message: `${field.label} must be an uploaded file` };
        if (!field.accept?.includes(file.type))
          return { code: 'INVALID_FORMAT', message: `${field.label} must be one of ${field.accept?.join(', ')}` };
        if (file.size > (field.maxSizeMb ?? 10) * 1024 * 1024)
          return { code: 'TOO_LARGE', message: `${field.label} must be at most ${field.maxSizeMb ?? 10} MB` };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Checks form data against a form definition. Returns every problem, one per field, in form
 * order; an empty list means the data is acceptable. Unknown keys are refused so nothing the
 * form does not declare is ever stored.
 */
export function validateFormData(form: FormDefinition, data: unknown): FieldError[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return [{ field: '', code: 'WRONG_TYPE', message: 'Form data must be an object keyed by field' }];
  const values = data as Record<string, unknown>;
  const errors: FieldError[] = [];
  const known = new Set<string>();
  for (const section of form.sections) {
    for (const field of section.fields) {
      known.add(field.key);
      // Own keys only: a field named like an Object.prototype member reads no inherited value.
      const value = Object.hasOwn(values, field.key) ? values[field.key] : undefined;
      // A required checkbox is one that must be ticked (a declaration the applicant makes).
      if (isEmpty(value) || (field.type === 'checkbox' && field.required && value === false)) {
        if (field.required) errors.push({ field: field.key, code: 'REQUIRED', message: `${field.label} is required` });
        continue;
      }
      const problem = checkField(field, value);
      if (problem) errors.push({ field: field.key, ...problem });
    }
  }
  for (const name of Object.keys(values)) {
    if (!known.has(name)) errors.push({ field: name, code: 'UNKNOWN_FIELD', message: `The form has no field "${name}"` });
  }
  return errors;
}
