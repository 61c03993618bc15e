import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { formDefinitionSchema, validateFormData } from './form.ts';
import { manifestLimits } from './limits.ts';

const form = formDefinitionSchema.parse({
  title: 'Tờ khai',
  sections: [
    {
      key: 'main',
      title: 'Thông tin',
      fields: [
        { key: 'name', label: 'Họ tên', type: 'text', required: true, maxLength: 10 },
        { key: 'born', label: 'Ngày sinh', type: 'date' },
        { key: 'kids', label: 'Số con', type: 'number', min: 0, max: 20 },
        { key: 'kind', label: 'Loại', type: 'select', options: [{ value: 'a', label: 'A' }] },
        { key: 'tags', label: 'Nhãn', type: 'multiselect', options: [{ value: 'x', label: 'X' }] },
        { key: 'agree', label: 'Đồng ý', type: 'checkbox' },
        { key: 'id', label: 'CCCD', type: 'nationalId' },
        { key: 'tax', label: 'MST', type: 'taxCode' },
        { key: 'mail', label: 'Thư', type: 'email' },
        { key: 'tel', label: 'ĐT', type: 'phone' },
        { key: 'code', label: 'Mã', type: 'text', pattern: '[A-Z]{3}' },
        { key: 'scan', label: 'Bản chụp', type: 'attachment', accept: ['application/pdf'], maxSizeMb: 1 },
      ],
    },
  ],
});

const codes = (data: unknown) => validateFormData(form, data).map((e) => `${e.field}:${e.code}`);

describe('validateFormData', () => {
  it('accepts well-formed data and leaves optional fields out', () => {
    expect(codes({ name: 'An' })).toEqual([]);
    expect(
      codes({
        name: 'An',
        born: '1990-02-28',
        kids: 2,
        kind: 'a',
        tags: ['x'],
        agree: true,
        id: '048090012345',
        tax: '0401234566-001',
        mail: 'an@example.vn',
        tel: '0905123456',
        code: 'ABC',
        scan: { name: 'a.pdf', type: 'application/pdf', size: 1000 },
      }),
    ).toEqual([]);
  });

  it('reports each problem with its field and a stable code', () => {
    expect(
      codes({
        born: '1990-02-31x',
        kids: 21,
        kind: 'b',
        tags: ['y'],
        agree: 'yes',
        id: '123',
        tax: '12',
        mail: 'an@',
        tel: '12345',
        code: 'ABCD',
        scan: { name: 'a.exe', type: 'application/x-msdownload', size: 10 },
      }),
    ).toEqual([
      'name:REQUIRED',
      'born:INVALID_FORMAT',
      'kids:TOO_LARGE',
      'kind:NOT_AN_OPTION',
      'tags:NOT_AN_OPTION',
      'agree:WRONG_TYPE',
      'id:INVALID_FORMAT',
      'tax:INVALID_FORMAT',
      'mail:INVALID_FORMAT',
      'tel:INVALID_FORMAT',
      'code:PATTERN',
      'scan:INVALID_FORMAT',
    ]);
  });

  it('refuses unknown fields, wrong types, oversized values and files', () => {
    expect(codes({ name: 'A very long name', extra: 1 })).toEqual(['name:TOO_LONG', 'extra:UNKNOWN_FIELD']);
    expect(codes({ name: 5 })).toEqual(['name:WRONG_TYPE']);
    expect(codes({ name: 'An', scan: { name: 'a.pdf', type: 'application/pdf', size: 2 * 1024 * 1024 } })).toEqual(['scan:TOO_LARGE']);
    expect(codes([1, 2])).toEqual([':WRONG_TYPE']);
    expect(codes(null)).toEqual([':WRONG_TYPE']);
  });

  it('takes a required checkbox as one that must be ticked, an optional one either way', () => {
    const consent = formDefinitionSchema.parse({
      title: 'Cam đoan',
      sections: [
        {
          key: 's',
          title: 'S',
          fields: [
            { key: 'oath', label: 'Tôi cam đoan', type: 'checkbox', required: true },
            { key: 'news', label: 'Nhận tin', type: 'checkbox' },
          ],
        },
      ],
    });
    expect(validateFormData(consent, { oath: true, news: false })).toEqual([]);
    expect(validateFormData(consent, { oath: false, news: true }).map((e) => [e.field, e.code])).toEqual([['oath', 'REQUIRED']]);
  });

  it('refuses two sections with one key', () => {
    const twice = formDefinitionSchema.safeParse({
      title: 'T',
      sections: [
        { key: 's', title: 'A', fields: [{ key: 'a', label: 'A', type: 'text' }] },
        { key: 's', title: 'B', fields: [{ key: 'b', label: 'B', type: 'text' }] },
      ],
    });
    expect(twice.success).toBe(false);
    expect(twice.error?.issues.map((i) => i.message)).toEqual(['duplicate section key "s"']);
  });

  it('refuses a date that does not exist', () => {
    expect(codes({ name: 'An', born: '2023-02-29' })).toEqual(['born:INVALID_FORMAT']);
    expect(codes({ name: 'An', born: '2024-02-29' })).toEqual([]);
  });

  it('reads only the data object own keys', () => {
    const proto = formDefinitionSchema.parse({
      title: 'T',
      sections: [{ key: 's', title: 'S', fields: [{ key: 'constructor', label: 'C', type: 'text', required: true }] }],
    });
    expect(validateFormData(proto, {}).map((e) => e.code)).toEqual(['REQUIRED']);
  });

  it('anchors patterns so a partial match is not enough', () => {
    expect(codes({ name: 'An', code: 'xxABCxx' })).toEqual(['code:PATTERN']);
  });

  it('takes e-mail addresses whose domain is dot-separated labels', () => {
    for (const mail of ['an@example.vn', 'nguyen.van.an@sotuphap.danang.gov.vn', 'a+b@c.d'])
      expect(codes({ name: 'An', mail })).toEqual([]);
    for (const mail of ['an@example', 'an@example..vn', 'an@.example.vn', 'an@example.vn.', 'a n@example.vn', 'an@@example.vn'])
      expect(codes({ name: 'An', mail })).toEqual(['mail:INVALID_FORMAT']);
  });

  it('checks an e-mail address of the longest length in linear time', () => {
    // The former /^[^\s@]+@[^\s@]+\.[^\s@]+$/ took about 0.2 s on each of these (quadratic).
    const hostile = [`a@${'.'.repeat(9_990)} `, `a@${'a.'.repeat(4_995)} `, `a@a${'.a'.repeat(4_995)}@`];
    const start = performance.now();
    // Under a watchdog, which interrupts a running regular expression: a regression fails, not hangs.
    runInNewContext(
      'work()',
      {
        work: () => {
          for (let i = 0; i < 20; i++) for (const mail of hostile) expect(codes({ name: 'An', mail })).toEqual(['mail:INVALID_FORMAT']);
        },
      },
      { timeout: 2000 },
    );
    expect(performance.now() - start).toBeLessThan(500);
  });

  it('bounds a text value without maxLength at manifestLimits.textValue characters', () => {
    const free = formDefinitionSchema.parse({
      title: 'T',
      sections: [{ key: 's', title: 'S', fields: [{ key: 'note', label: 'Ghi chú', type: 'textarea' }] }],
    });
    expect(validateFormData(free, { note: 'x'.repeat(manifestLimits.textValue) })).toEqual([]);
    expect(validateFormData(free, { note: 'x'.repeat(manifestLimits.textValue + 1) })).toEqual([
      { field: 'note', code: 'TOO_LONG', message: 'Ghi chú must have at most 10000 characters' },
    ]);
  });
});

describe('the form definition schema', () => {
  it('refuses a broken pattern and an attachment without media types', () => {
    const result = formDefinitionSchema.safeParse({
      title: 'T',
      sections: [
        {
          key: 's',
          title: 'S',
          fields: [
            { key: 'a', label: 'A', type: 'text', pattern: '([' },
            { key: 'b', label: 'B', type: 'attachment' },
          ],
        },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['sections.0.fields.0.pattern', 'sections.0.fields.1.accept']);
  });

  it('refuses an option the field type would ignore, naming the types it applies to', () => {
    const result = formDefinitionSchema.safeParse({
      title: 'T',
      sections: [
        {
          key: 's',
          title: 'S',
          fields: [
            { key: 'a', label: 'A', type: 'checkbox', pattern: 'x' },
            { key: 'b', label: 'B', type: 'text', min: 1, maxSizeMb: 2 },
            { key: 'c', label: 'C', type: 'number', maxLength: 3, accept: ['application/pdf'] },
            { key: 'd', label: 'D', type: 'attachment', accept: ['application/pdf'], maxSizeMb: 2, minLength: 1 },
            { key: 'e', label: 'E', type: 'date', min: 0, max: 1 },
          ],
        },
      ],
    });
    const issues = result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual([
      'sections.0.fields.0.pattern: pattern applies to text, textarea, email, phone, nationalId, taxCode, date, select fields only; a checkbox field would ignore it',
      'sections.0.fields.1.min: min applies to number fields only; a text field would ignore it',
      'sections.0.fields.1.maxSizeMb: maxSizeMb applies to attachment fields only; a text field would ignore it',
      'sections.0.fields.2.maxLength: maxLength applies to text, textarea, email, phone, nationalId, taxCode, date, select fields only; a number field would ignore it',
      'sections.0.fields.2.accept: accept applies to attachment fields only; a number field would ignore it',
      'sections.0.fields.3.minLength: minLength applies to text, textarea, email, phone, nationalId, taxCode, date, select fields only; an attachment field would ignore it',
      'sections.0.fields.4.min: min applies to number fields only; a date field would ignore it',
      'sections.0.fields.4.max: max applies to number fields only; a date field would ignore it',
    ]);
    expect(
      formDefinitionSchema.safeParse({
        title: 'T',
        sections: [{ key: 's', title: 'S', fields: [{ key: 'n', label: 'N', type: 'number', min: 0, max: 9 }] }],
      }).success,
    ).toBe(true);
  });

  it('refuses a pattern that cannot be matched in linear time', () => {
    const result = formDefinitionSchema.safeParse({
      title: 'T',
      sections: [
        {
          key: 's',
          title: 'S',
          fields: [
            { key: 'a', label: 'A', type: 'text', pattern: '(\\d)\\1' },
            { key: 'b', label: 'B', type: 'text', pattern: '(?!0)\\d+' },
          ],
        },
      ],
    });
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      [
        'sections.0.fields.0.pattern',
        'cannot be matched in linear time (RE2 syntax; no backreferences or lookaround): invalid escape sequence: `\\1`',
      ],
      [
        'sections.0.fields.1.pattern',
        'cannot be matched in linear time (RE2 syntax; no backreferences or lookaround): invalid or unsupported Perl syntax: `(?!`',
      ],
    ]);
  });

  it('refuses lengths, options and fields beyond the manifest limits', () => {
    const field = (extra: Record<string, unknown>) => ({ key: 'a', label: 'A', type: 'text', ...extra });
    const issues = (fields: unknown[], sections = 1) =>
      formDefinitionSchema
        .safeParse({ title: 'T', sections: Array.from({ length: sections }, (_, i) => ({ key: `s${i}`, title: 'S', fields })) })
        .error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues([field({ maxLength: 10_001 })])).toEqual([
      'sections.0.fields.0.maxLength: must be at most 10000 (manifestLimits.textValue)',
    ]);
    expect(issues([field({ pattern: 'a'.repeat(501) })])).toEqual([
      'sections.0.fields.0.pattern: must have at most 500 characters (manifestLimits.pattern)',
    ]);
    expect(issues([field({ label: 'A'.repeat(301) })])).toEqual([
      'sections.0.fields.0.label: must have at most 300 characters (manifestLimits.label)',
    ]);
    const options = Array.from({ length: 301 }, (_, i) => ({ value: `v${i}`, label: `V${i}` }));
    expect(issues([field({ type: 'select', options })])).toEqual([
      'sections.0.fields.0.options: must list at most 300 options (manifestLimits.options)',
    ]);
    const many = Array.from({ length: 101 }, (_, i) => field({ key: `f${i}` }));
    // 101 fields in each of two sections: 202 in the form (and each key twice).
    expect(issues(many, 2)?.[0]).toBe('sections: has 202 fields; a form has at most 200 (manifestLimits.fields)');
    expect(issues([field({})], 31)).toEqual(['sections: must have at most 30 sections (manifestLimits.sections)']);
  });
});
