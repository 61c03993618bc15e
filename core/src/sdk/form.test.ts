import { describe, expect, it } from 'vitest';
import { formDefinitionSchema, validateFormData } from './form.ts';

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
        name: 'An', born: '1990-02-28', kids: 2, kind: 'a', tags: ['x'], agree: true, id: '048090012345', tax: '0401234566-001',
        mail: 'an@example.vn', tel: '0905123456', code: 'ABC', scan: { name: 'a.pdf', type: 'application/pdf', size: 1000 },
      }),
    ).toEqual([]);
  });

  it('reports each problem with its field and a stable code', () => {
    expect(
      codes({
        born: '1990-02-31x', kids: 21, kind: 'b', tags: ['y'], agree: 'yes', id: '123', tax: '12', mail: 'an@', tel: '12345',
        code: 'ABCD', scan: { name: 'a.exe', type: 'application/x-msdownload', size: 10 },
      }),
    ).toEqual([
      'name:REQUIRED', 'born:INVALID_FORMAT', 'kids:TOO_LARGE', 'kind:NOT_AN_OPTION', 'tags:NOT_AN_OPTION', 'agree:WRONG_TYPE',
      'id:INVALID_FORMAT', 'tax:INVALID_FORMAT', 'mail:INVALID_FORMAT', 'tel:INVALID_FORMAT', 'code:PATTERN', 'scan:INVALID_FORMAT',
    ]);
  });

  it('refuses unknown fields, wrong types, oversized values and files', () => {
    expect(codes({ name: 'A very long name', extra: 1 })).toEqual(['name:TOO_LONG', 'extra:UNKNOWN_FIELD']);
    expect(codes({ name: 5 })).toEqual(['name:WRONG_TYPE']);
    expect(codes({ name: 'An', scan: { name: 'a.pdf', type: 'application/pdf', size: 2 * 1024 * 1024 } })).toEqual(['scan:TOO_LARGE']);
    expect(codes([1, 2])).toEqual([':WRONG_TYPE']);
    expect(codes(null)).toEqual([':WRONG_TYPE']);
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
});

describe('the form definition schema', () => {
  it('refuses a broken pattern and an attachment without media types', () => {
    const result = formDefinitionSchema.safeParse({
      title: 'T',
      sections: [{ key: 's', title: 'S', fields: [{ key: 'a', label: 'A', type: 'text', pattern: '([' }, { key: 'b', label: 'B', type: 'attachment' }] }],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['sections.0.fields.0.pattern', 'sections.0.fields.1.accept']);
  });
});
