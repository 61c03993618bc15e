import { describe, expect, it } from 'vitest';
import { IMPORT_LIMITS, ProcedureFileError, readProcedureFile } from './procedure-file.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
/** The problems of a file: of the whole file (thrown), or of its rows. */
const problems = (name: string, bytes: Uint8Array) => {
  try {
    return readProcedureFile(name, bytes).problems;
  } catch (error) {
    if (error instanceof ProcedureFileError) return error.problems;
    throw error;
  }
};

describe('readProcedureFile', () => {
  it('reads a CSV saved by Vietnamese Excel: byte order mark, `;` between cells, columns in any order, text as written', () => {
    const decomposed = 'Chứng thực bản sao'.normalize('NFD');
    const file = `\uFEFFagencyCode;code;field;name;decidedOn;decisionNumber\nstp;dng-stp-ctt-01;Chứng thực;"${decomposed}; từ bản chính";15/03/2024;1234/QĐ-UBND\nSTP;DNG-STP-CTT-02;Chứng thực;Chứng thực chữ ký;2024-03-15;\n`;
    const { rows, problems } = readProcedureFile('danh-muc.csv', utf8(file));
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      {
        row: 2,
        values: {
          code: 'DNG-STP-CTT-01',
          name: 'Chứng thực bản sao; từ bản chính',
          agencyCode: 'STP',
          field: 'Chứng thực',
          decisionNumber: '1234/QĐ-UBND',
          decidedOn: new Date('2024-03-15T00:00:00+07:00'),
        },
      },
      {
        row: 3,
        values: {
          code: 'DNG-STP-CTT-02',
          name: 'Chứng thực chữ ký',
          agencyCode: 'STP',
          field: 'Chứng thực',
          decisionNumber: null,
          decidedOn: new Date('2024-03-15T00:00:00+07:00'),
        },
      },
    ]);
    expect(decomposed).not.toBe('Chứng thực bản sao'); // the file really held the decomposed form (NFD)
  });

  it('reads a JSON array of procedures, numbering rows from 1', () => {
    const { rows } = readProcedureFile(
      'list.JSON',
      utf8(
        JSON.stringify([
          { code: 'DNG-HCH-HKD-02', name: 'Đăng ký thay đổi nội dung hộ kinh doanh', agencyCode: 'HCH', field: 'Hộ kinh doanh' },
        ]),
      ),
    );
    expect(rows).toEqual([
      {
        row: 1,
        values: {
          code: 'DNG-HCH-HKD-02',
          name: 'Đăng ký thay đổi nội dung hộ kinh doanh',
          agencyCode: 'HCH',
          field: 'Hộ kinh doanh',
          decisionNumber: null,
          decidedOn: null,
        },
      },
    ]);
  });

  it('names the row and column of every bad cell, in CSV and JSON alike, and keeps the good rows apart', () => {
    const csv =
      'code,name,agencyCode,field,decidedOn\nDNG-STP-CTT-01,Chứng thực,STP,Chứng thực,31/02/2024\nbad code, ,stp,Chứng thực,\nDNG-STP-CTT-03,Chứng thực,STP\n';
    expect(problems('a.csv', utf8(csv))).toEqual([
      { row: 2, field: 'decidedOn', message: 'must be a date, YYYY-MM-DD or DD/MM/YYYY' },
      { row: 3, field: 'code', message: 'must be 3-40 upper-case letters, digits, dots or dashes' },
      { row: 3, field: 'name', message: 'must not be empty' },
      { row: 4, field: 'row', message: 'has 3 cells, the header 5' },
    ]);
    expect(readProcedureFile('a.csv', utf8(`${csv}DNG-STP-CTT-04,Chứng thực,STP,Chứng thực,\n`)).rows.map((r) => r.row)).toEqual([5]);
    const json = JSON.stringify([
      { code: 'DNG-STP-CTT-01', name: 'x', agencyCode: 'STP', field: 'y', owner: 'STP' },
      'DNG-STP-CTT-02',
      { code: 'DNG-STP-CTT-03', name: 'x', field: 'y' },
    ]);
    expect(problems('a.json', utf8(json))).toEqual([
      { row: 1, field: 'owner', message: 'is not a column (the columns are code, name, agencyCode, field, decisionNumber, decidedOn)' },
      { row: 2, field: 'row', message: 'must be an object' },
      { row: 3, field: 'agencyCode', message: 'is required' },
    ]);
  });

  it('refuses a header with unknown or missing columns before reading any row', () => {
    expect(problems('a.csv', utf8('code,tên,agencyCode\nDNG-STP-CTT-01,x,STP\n'))).toEqual([
      { row: 1, field: 'tên', message: 'is not a column (the columns are code, name, agencyCode, field, decisionNumber, decidedOn)' },
      { row: 1, field: 'name', message: 'column is missing from the header' },
      { row: 1, field: 'field', message: 'column is missing from the header' },
    ]);
  });

  it('refuses files that are not UTF-8, of another kind, empty, too large or too long', () => {
    const latin1 = new Uint8Array([...utf8('code,name,agencyCode,field\nDNG-STP-CTT-01,Ch'), 0xfa, ...utf8('ng,STP,x\n')]);
    expect(problems('a.csv', latin1)).toEqual([{ field: 'file', message: 'is not UTF-8 text (save it as "CSV UTF-8")' }]);
    expect(problems('a.xlsx', utf8('x'))).toEqual([{ field: 'file', message: 'must be a .csv or a .json file' }]);
    expect(problems('a.json', utf8('[]'))).toEqual([{ field: 'file', message: 'lists no procedure' }]);
    expect(problems('a.json', utf8('{"code":'))).toEqual([{ field: 'file', message: expect.stringMatching(/^is not valid JSON/) }]);
    expect(problems('a.csv', new Uint8Array(IMPORT_LIMITS.maxBytes + 1))).toEqual([
      { field: 'file', message: `has ${IMPORT_LIMITS.maxBytes + 1} bytes; an import takes at most ${IMPORT_LIMITS.maxBytes}` },
    ]);
    const long = [
      'code,name,agencyCode,field',
      ...Array.from({ length: IMPORT_LIMITS.maxRows + 1 }, (_, i) => `DNG-STP-T-${i},x,STP,y`),
    ].join('\n');
    expect(problems('a.csv', utf8(long))).toEqual([
      { field: 'file', message: `lists ${IMPORT_LIMITS.maxRows + 1} procedures; an import takes at most ${IMPORT_LIMITS.maxRows}` },
    ]);
  });
});
