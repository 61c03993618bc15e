import { localMidnight } from '../calendar/working-time.ts';
import { z } from 'zod';
import { manifestSchema } from '@egov/sdk';
import { CsvError, parseCsv } from './csv.ts';

// One procedure as DoIC enters it (the API's ProcedureInput) or lists it in an import file,
// and the reading of such files. The same schema checks both.

/** What DoIC says about one procedure. */
export interface ProcedureValues {
  code: string;
  name: string;
  agencyCode: string;
  field: string;
  decisionNumber: string | null;
  decidedOn: Date | null;
}

/** A problem with an import: the row (absent for the file as a whole) and the column. */
export interface RowProblem {
  row?: number;
  field: string;
  message: string;
}

/** How big an import may be: the city's whole set is under 2,000 procedures. */
export const IMPORT_LIMITS = {
  /** @default 2 MiB */
  maxBytes: 2 * 1024 * 1024,
  /** @default 5000 */
  maxRows: 5000,
} as const;

export const procedureColumns = ['code', 'name', 'agencyCode', 'field', 'decisionNumber', 'decidedOn'] as const;
const requiredColumns: readonly string[] = ['code', 'name', 'agencyCode', 'field'];

const required = {
  error: (issue: { input: unknown }) => (issue.input === undefined || issue.input === null ? 'is required' : 'must be text'),
};
const upper = z.string(required).transform((s) => s.trim().toUpperCase());
// NFC, so text typed or exported in decomposed form (NFD) compares and searches alike.
const text = (max: number) =>
  z
    .string(required)
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().min(1, 'must not be empty').max(max, `must have at most ${max} characters`));
const optionalText = (max: number) =>
  z
    .string({ error: 'must be text' })
    .nullish()
    .transform((s) => s?.normalize('NFC').trim() || null)
    .pipe(z.string().max(max, `must have at most ${max} characters`).nullable());

/** 00:00 in Đà Nẵng of the day year-month-day, or null when there is no such day (31 February). */
function midnightOfDay(year: number, month: number, day: number): Date | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return localMidnight(date.toISOString().slice(0, 10));
}

/** A decision date: a DateTime from the API, or `YYYY-MM-DD` / `DD/MM/YYYY` (as Vietnamese documents write it) in a file. */
const decisionDate = z
  .union([z.date(), z.string()], { error: 'must be a date' })
  .nullish()
  .transform((value, ctx) => {
    if (value instanceof Date || value === null || value === undefined) return value ?? null;
    const s = value.trim();
    if (s === '') return null;
    const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
    const date = iso ? midnightOfDay(+iso[1]!, +iso[2]!, +iso[3]!) : vn ? midnightOfDay(+vn[3]!, +vn[2]!, +vn[1]!) : null;
    if (!date) ctx.addIssue({ code: 'custom', message: 'must be a date, YYYY-MM-DD or DD/MM/YYYY' });
    return date;
  });

/** R4.3: a procedure of the city-approved set; its code has the format of a manifest's `code`. */
export const procedureSchema = z.strictObject({
  code: upper.pipe(manifestSchema.shape.code),
  name: text(500),
  agencyCode: upper.pipe(manifestSchema.shape.agency),
  field: text(200),
  decisionNumber: optionalText(100),
  decidedOn: decisionDate,
}) satisfies z.ZodType<ProcedureValues, unknown>;

function rowProblems(row: number, error: z.ZodError): RowProblem[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ row, field: key, message: `is not a column (the columns are ${procedureColumns.join(', ')})` }))
      : [{ row, field: String(issue.path[0] ?? 'row'), message: issue.message }],
  );
}

/** The import file cannot be read as a whole (size, kind, encoding, syntax, header); nothing of it is written. */
export class ProcedureFileError extends Error {
  override name = 'ProcedureFileError';
  constructor(readonly problems: RowProblem[]) {
    super(problems.map((p) => `${p.row ? `row ${p.row}, ` : ''}${p.field}: ${p.message}`).join('; '));
  }
}

export interface ProcedureRow {
  /** CSV: the spreadsheet row (the header is row 1); JSON: the position in the array, from 1. */
  row: number;
  values: ProcedureValues;
}

type RawRow = { row: number; raw: unknown } | { row: number; problem: RowProblem };

/** Raw rows of a CSV file: the header names the columns (`procedureColumns`), in any order. */
function csvRows(text: string): RawRow[] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  let records;
  try {
    records = parseCsv(text, delimiter);
  } catch (error) {
    if (error instanceof CsvError) throw new ProcedureFileError([{ row: error.row, field: 'file', message: error.message }]);
    throw error;
  }
  const [header, ...body] = records;
  if (!header) throw new ProcedureFileError([{ field: 'file', message: 'is empty' }]);
  const columns = header.cells.map((c) => c.trim());
  const problems: RowProblem[] = [];
  columns.forEach((column, i) => {
    if (!(procedureColumns as readonly string[]).includes(column)) {
      problems.push({
        row: header.row,
        field: column || `column ${i + 1}`,
        message: `is not a column (the columns are ${procedureColumns.join(', ')})`,
      });
    } else if (columns.indexOf(column) !== i) problems.push({ row: header.row, field: column, message: 'is named twice' });
  });
  for (const column of requiredColumns)
    if (!columns.includes(column)) problems.push({ row: header.row, field: column, message: 'column is missing from the header' });
  if (problems.length) throw new ProcedureFileError(problems);
  return body.map(({ row, cells }) =>
    cells.length !== columns.length
      ? { row, problem: { row, field: 'row', message: `has ${cells.length} cells, the header ${columns.length}` } }
      : // An empty cell of an optional column is no value; of a required one, an empty value.
        {
          row,
          raw: Object.fromEntries(
            columns.flatMap((c, i) => (cells[i]!.trim() === '' && !requiredColumns.includes(c) ? [] : [[c, cells[i]!]])),
          ),
        },
  );
}

/** Raw rows of a JSON file: an array of objects with the columns as keys. */
function jsonRows(text: string): RawRow[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ProcedureFileError([{ field: 'file', message: `is not valid JSON (${(error as Error).message})` }]);
  }
  if (!Array.isArray(value)) throw new ProcedureFileError([{ field: 'file', message: 'must be a JSON array of procedures' }]);
  return value.map((raw, i) => ({ row: i + 1, raw }));
}

/**
 * Reads an import file: `.csv` (UTF-8, a header row naming the columns, `,` or `;` between
 * cells) or `.json` (an array of objects). A file that cannot be read as a whole throws
 * ProcedureFileError; otherwise every row is checked, and the rows that pass come back with the
 * problems (row and column) of those that do not.
 */
export function readProcedureFile(name: string, bytes: Uint8Array): { rows: ProcedureRow[]; problems: RowProblem[] } {
  if (bytes.byteLength > IMPORT_LIMITS.maxBytes) {
    throw new ProcedureFileError([
      { field: 'file', message: `has ${bytes.byteLength} bytes; an import takes at most ${IMPORT_LIMITS.maxBytes}` },
    ]);
  }
  const format = /\.csv$/i.test(name) ? 'csv' : /\.json$/i.test(name) ? 'json' : null;
  if (!format) throw new ProcedureFileError([{ field: 'file', message: 'must be a .csv or a .json file' }]);
  let text: string;
  try {
    // The byte order mark Excel writes before "CSV UTF-8" is dropped here.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ProcedureFileError([{ field: 'file', message: 'is not UTF-8 text (save it as "CSV UTF-8")' }]);
  }
  const raws = format === 'csv' ? csvRows(text) : jsonRows(text);
  if (raws.length === 0) throw new ProcedureFileError([{ field: 'file', message: 'lists no procedure' }]);
  if (raws.length > IMPORT_LIMITS.maxRows)
    throw new ProcedureFileError([
      { field: 'file', message: `lists ${raws.length} procedures; an import takes at most ${IMPORT_LIMITS.maxRows}` },
    ]);
  const problems: RowProblem[] = [];
  const rows: ProcedureRow[] = [];
  for (const entry of raws) {
    const { row } = entry;
    if ('problem' in entry) {
      problems.push(entry.problem);
      continue;
    }
    const { raw } = entry;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      problems.push({ row, field: 'row', message: 'must be an object' });
      continue;
    }
    const parsed = procedureSchema.safeParse(raw);
    if (parsed.success) rows.push({ row, values: parsed.data });
    else problems.push(...rowProblems(row, parsed.error));
  }
  return { rows, problems };
}
