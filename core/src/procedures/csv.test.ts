import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';

describe('parseCsv', () => {
  it('reads quoted cells with delimiters, doubled quotes and line breaks, on CRLF or LF lines', () => {
    const text = 'code,name\r\nA,"Cấp bản sao, trích lục"\r\nB,"Tên ""đặc biệt""\nhai dòng"\nC,\n';
    expect(parseCsv(text)).toEqual([
      { row: 1, cells: ['code', 'name'] },
      { row: 2, cells: ['A', 'Cấp bản sao, trích lục'] },
      { row: 3, cells: ['B', 'Tên "đặc biệt"\nhai dòng'] },
      { row: 4, cells: ['C', ''] },
    ]);
  });

  it('leaves out rows with no text but keeps counting them, as a spreadsheet numbers its rows', () => {
    expect(parseCsv('a;b\n\n;\nx;y', ';')).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 4, cells: ['x', 'y'] },
    ]);
  });

  it('refuses a quote that is never closed, or stray text around quotes, naming the row', () => {
    expect(() => parseCsv('a,b\n"open,b\n')).toThrow(
      expect.objectContaining({ name: 'CsvError', row: 2, message: 'a quoted cell is never closed' }),
    );
    expect(() => parseCsv('a,b\nx"y,b')).toThrow(
      expect.objectContaining({ row: 2, message: expect.stringContaining('a quote inside an unquoted cell') }),
    );
    expect(() => parseCsv('a,b\nc,d\n"x"y,b')).toThrow(
      expect.objectContaining({ row: 3, message: 'text after the closing quote of a cell' }),
    );
  });
});
