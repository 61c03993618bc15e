/** A CSV text that cannot be read, with the row where reading stopped. */
export class CsvError extends Error {
  override name = 'CsvError';
  constructor(
    readonly row: number,
    message: string,
  ) {
    super(message);
  }
}

export interface CsvRecord {
  /** The row a spreadsheet shows the record on: 1 for the first, blank and empty rows counted. */
  row: number;
  cells: string[];
}

/**
 * Splits CSV text into records of cells (RFC 4180): cells in double quotes may hold the
 * delimiter, line breaks and `""` for a quote; records end with CRLF or LF. Rows with no text
 * in any cell (blank lines, `,,,` left by a spreadsheet) are left out but still counted.
 * Spreadsheets saved in a locale that writes decimal commas, as Vietnamese Excel does, use
 * `;` between cells: pass it as `delimiter`.
 */
export function parseCsv(text: string, delimiter: ',' | ';' = ','): CsvRecord[] {
  const records: CsvRecord[] = [];
  let row = 1;
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  const endRecord = () => {
    cells.push(cell);
    if (cells.some((c) => c !== '')) records.push({ row, cells });
    cells = [];
    cell = '';
    row++;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') cell += c;
      else if (text[i + 1] === '"') {
        cell += '"';
        i++;
      } else {
        quoted = false;
        const next = text[i + 1];
        if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r')
          throw new CsvError(row, 'text after the closing quote of a cell');
      }
    } else if (c === '"') {
      if (cell !== '') throw new CsvError(row, 'a quote inside an unquoted cell (quote the whole cell and double the quote)');
      quoted = true;
    } else if (c === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
    } else cell += c;
  }
  if (quoted) throw new CsvError(row, 'a quoted cell is never closed');
  if (cell !== '' || cells.length > 0) endRecord();
  return records;
}
