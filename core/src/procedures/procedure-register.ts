import type { Prisma, Procedure } from '@egov/schema/client';
import { localDate } from '../calendar/working-time.ts';
import { foldVietnamese } from '../catalog/vietnamese.ts';
import type { PrismaClient } from '../db/client.ts';
import { ApiError, badInput, conflict, forbidden, notFound, type ErrorCode } from '../errors.ts';
import { openStatuses } from '../plugin-pipeline/integration-lifecycle.ts';
import { ProcedureFileError, readProcedureFile, type ProcedureRow, type ProcedureValues, type RowProblem } from './procedure-file.ts';

// R4.3: the city-approved set of administrative procedures, kept by DoIC. Every service is
// built for one of them by the agency that owns it: filing, statistics, eligibility and city
// approvals all go through the owner named here.

type Db = Prisma.TransactionClient;

/** Codes in slices small enough for one statement's bind parameters (SQLite takes fewer than PostgreSQL). */
function slices<T>(items: readonly T[], size = 500): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/** A row that cannot be written as it stands, with the error code a change of one procedure answers with. */
interface WriteProblem extends RowProblem {
  code: Extract<ErrorCode, 'BAD_USER_INPUT' | 'CONFLICT' | 'NOT_FOUND'>;
}

/** Rows that cannot be written; nothing was. */
export class ProcedureWriteError extends Error {
  override name = 'ProcedureWriteError';
  constructor(readonly problems: WriteProblem[]) {
    super(problems.map((p) => `${p.row ? `row ${p.row}, ` : ''}${p.field}: ${p.message}`).join('; '));
  }
}

export interface ProcedureCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * `add` refuses a code already registered, `change` one that is not, `import` takes both
 * (and leaves procedures the rows do not name as they are).
 */
export type WriteMode = 'add' | 'change' | 'import';

/**
 * The procedures (of `owners`: code → the owner they are to have) that a live version or an
 * open integration request of another agency ties to that agency, each as a row problem. The
 * owner of a service and of its procedure are one agency (see `writeProcedures`).
 */
async function heldByAnotherAgency(db: Db, owners: Map<string, string>, rowOf: Map<string, number>): Promise<WriteProblem[]> {
  const live = [];
  const open = [];
  for (const codes of slices([...owners.keys()])) {
    live.push(
      ...(await db.pluginVersion.findMany({
        where: { code: { in: codes }, status: 'LIVE' },
        select: { code: true, agencyId: true, agency: { select: { code: true } } },
      })),
    );
    open.push(
      ...(await db.integrationRequest.findMany({
        where: { serviceCode: { in: codes }, status: { in: [...openStatuses] } },
        select: { serviceCode: true, agencyId: true, agency: { select: { code: true } } },
      })),
    );
  }
  const held = new Map<string, string>();
  for (const v of live) if (owners.get(v.code) !== v.agencyId) held.set(v.code, `has a live service of ${v.agency.code}`);
  for (const r of open)
    if (owners.get(r.serviceCode) !== r.agencyId && !held.has(r.serviceCode))
      held.set(r.serviceCode, `has an open integration request of ${r.agency.code}`);
  return [...held].map(([code, why]) => ({
    row: rowOf.get(code)!,
    field: 'agencyCode',
    message: `${code} ${why}; its owner changes once that service is retired or the request finished`,
    code: 'CONFLICT',
  }));
}

const sameValues = (p: Procedure, v: ProcedureValues, agencyId: string) =>
  p.name === v.name &&
  p.agencyId === agencyId &&
  p.field === v.field &&
  p.decisionNumber === v.decisionNumber &&
  (p.decidedOn?.getTime() ?? null) === (v.decidedOn?.getTime() ?? null);

/**
 * Writes procedures inside the caller's transaction, all or none: every row is checked first
 * (duplicate codes, unknown agencies, withdrawn procedures, owners) and any problem, with its
 * row and column, throws ProcedureWriteError before anything is written. `earlier` are the
 * problems of rows that could not even be read (see `readProcedureFile`): reported with the rest.
 *
 * A change of owner is refused while the procedure has a live service or an open integration
 * request of its current owner: the service would otherwise belong to one agency and its
 * procedure to another. The agency retires the service (CANCEL) or DoIC finishes the request
 * first. With neither left, the service record (its retired versions and their dossiers keep
 * their agency) moves to the new owner with the procedure, so the new owner can build the
 * service anew.
 */
export async function writeProcedures(
  db: Db,
  rows: ProcedureRow[],
  mode: WriteMode,
  now: Date,
  earlier: readonly RowProblem[] = [],
): Promise<ProcedureCounts> {
  const problems: WriteProblem[] = earlier.map((p) => ({ ...p, code: 'BAD_USER_INPUT' }));
  const firstRow = new Map<string, number>();
  for (const { row, values } of rows) {
    const seen = firstRow.get(values.code);
    if (seen !== undefined) problems.push({ row, field: 'code', message: `${values.code} is also on row ${seen}`, code: 'BAD_USER_INPUT' });
    else firstRow.set(values.code, row);
  }
  const agencies = await db.agency.findMany({
    where: { code: { in: [...new Set(rows.map((r) => r.values.agencyCode))] } },
    select: { id: true, code: true, name: true },
  });
  const existing: Procedure[] = [];
  for (const codes of slices([...firstRow.keys()])) existing.push(...(await db.procedure.findMany({ where: { code: { in: codes } } })));
  const agencyByCode = new Map(agencies.map((a) => [a.code, a]));
  const byCode = new Map(existing.map((p) => [p.code, p]));
  const owners = new Map<string, string>();
  for (const { row, values } of rows) {
    const agency = agencyByCode.get(values.agencyCode);
    const current = byCode.get(values.code);
    if (!agency) problems.push({ row, field: 'agencyCode', message: `no agency ${values.agencyCode}`, code: 'BAD_USER_INPUT' });
    if (current && mode === 'add')
      problems.push({ row, field: 'code', message: `${values.code} is already registered; change it instead`, code: 'CONFLICT' });
    if (!current && mode === 'change')
      problems.push({ row, field: 'code', message: `no procedure ${values.code} in the registry`, code: 'NOT_FOUND' });
    if (current?.withdrawnAt) {
      problems.push({
        row,
        field: 'code',
        message: `${values.code} was withdrawn on ${localDate(current.withdrawnAt)}; a withdrawn procedure stays as it was`,
        code: 'CONFLICT',
      });
    }
    if (agency && current?.agencyId !== agency.id) owners.set(values.code, agency.id);
  }
  problems.push(...(await heldByAnotherAgency(db, owners, firstRow)));
  if (problems.length) throw new ProcedureWriteError(problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)));

  const counts: ProcedureCounts = { created: 0, updated: 0, unchanged: 0 };
  const creates: Prisma.ProcedureCreateManyInput[] = [];
  for (const { values } of rows) {
    const agency = agencyByCode.get(values.agencyCode)!;
    const current = byCode.get(values.code);
    const columns = {
      name: values.name,
      agencyId: agency.id,
      field: values.field,
      fieldKey: foldVietnamese(values.field),
      searchText: foldVietnamese([values.code, values.name, values.field, agency.name].join(' ')),
      decisionNumber: values.decisionNumber,
      decidedOn: values.decidedOn,
      updatedAt: now,
    };
    if (!current) {
      creates.push({ code: values.code, createdAt: now, ...columns });
      counts.created++;
    } else if (sameValues(current, values, agency.id)) counts.unchanged++;
    else {
      // Conditional on the row as read: a concurrent change, withdrawal or filing (which
      // claims the row, see `claimProcedure`) makes this fail instead of being overwritten.
      const { count } = await db.procedure.updateMany({
        where: { id: current.id, agencyId: current.agencyId, withdrawnAt: null, updatedAt: current.updatedAt },
        data: columns,
      });
      if (count !== 1) throw conflict(`${values.code} changed meanwhile; try again`);
      counts.updated++;
    }
  }
  if (creates.length) await db.procedure.createMany({ data: creates });
  // Read again with the rows written (and locked): a request filed meanwhile is seen here.
  const raced = await heldByAnotherAgency(db, owners, firstRow);
  if (raced.length) throw new ProcedureWriteError(raced);
  for (const agencyId of new Set(owners.values())) {
    const moved = [...owners].flatMap(([code, owner]) => (owner === agencyId ? [code] : []));
    for (const codes of slices(moved))
      await db.servicePlugin.updateMany({ where: { code: { in: codes }, agencyId: { not: agencyId } }, data: { agencyId } });
  }
  return counts;
}

/** The problems as the API reports them: BAD_USER_INPUT with `extensions.fields` (row, field, message), at most 100 listed. */
export function importRefused(fileName: string, problems: RowProblem[]): ApiError {
  const listed = problems.slice(0, 100).map(({ row, field, message }) => ({ ...(row ? { row } : {}), field, message }));
  const shown = problems.slice(0, 5).map((p) => `${p.row ? `row ${p.row}, ` : ''}${p.field}: ${p.message}`);
  const more = problems.length > shown.length ? `; and ${problems.length - shown.length} more` : '';
  return new ApiError('BAD_USER_INPUT', `Nothing was imported from ${fileName}: ${shown.join('; ')}${more}`, { fields: listed });
}

/**
 * R4.3: DoIC imports a CSV or JSON file of procedures (see `readProcedureFile`): all rows or
 * none. The rows that read well are checked against the registry too, so one refusal lists
 * every problem of the file.
 */
export async function importProcedureFile(
  prisma: PrismaClient,
  file: { name: string; bytes: Uint8Array },
  now: Date,
): Promise<ProcedureCounts> {
  try {
    const { rows, problems } = readProcedureFile(file.name, file.bytes);
    return await prisma.$transaction((tx) => writeProcedures(tx, rows, 'import', now, problems), { timeout: 60_000 });
  } catch (error) {
    if (error instanceof ProcedureFileError || error instanceof ProcedureWriteError) throw importRefused(file.name, error.problems);
    throw error;
  }
}

/** Adds or changes one procedure; a problem gets its own code (CONFLICT, NOT_FOUND, BAD_USER_INPUT) on `input.<field>`. */
export async function saveProcedure(prisma: PrismaClient, values: ProcedureValues, mode: 'add' | 'change', now: Date): Promise<Procedure> {
  try {
    await prisma.$transaction((tx) => writeProcedures(tx, [{ row: 1, values }], mode, now));
  } catch (error) {
    if (!(error instanceof ProcedureWriteError)) throw error;
    const [first] = error.problems;
    const fields = error.problems.map((p) => ({ field: `input.${p.field}`, message: p.message }));
    throw new ApiError(
      first!.code,
      error.problems.map((p) => p.message).join('; '),
      first!.code === 'BAD_USER_INPUT' ? { fields } : { field: fields[0]!.field },
    );
  }
  return prisma.procedure.findUniqueOrThrow({ where: { code: values.code } });
}

/**
 * R8.2b: DoIC records that a procedure was abolished. It stays in the registry for history; no
 * new request, statistic or approval names it any more, and the owner's live service, if any,
 * is to be cancelled (the CANCEL request takes `withdrawnAt` as the day it stopped being valid).
 */
export async function withdrawProcedure(
  prisma: PrismaClient,
  code: string,
  withdrawal: { at: Date | null; reason: string },
  now: Date,
): Promise<Procedure> {
  const at = withdrawal.at ?? now;
  if (at > now) throw badInput('A procedure cannot be withdrawn in the future', [{ field: 'withdrawnOn', message: 'is in the future' }]);
  const { count } = await prisma.procedure.updateMany({
    where: { code, withdrawnAt: null },
    data: { withdrawnAt: at, withdrawalReason: withdrawal.reason, updatedAt: now },
  });
  if (count === 0) {
    if (await prisma.procedure.count({ where: { code } })) throw new ApiError('INVALID_TRANSITION', `${code} is already withdrawn`);
    throw notFound(`No procedure ${code} in the registry`);
  }
  return prisma.procedure.findUniqueOrThrow({ where: { code } });
}

/**
 * R4.3: the procedure `agency` acts for. NOT_FOUND when the registry does not have it,
 * FORBIDDEN when another agency owns it (the registry is public, so this reveals nothing
 * more), CONFLICT when it was withdrawn and `inForce` is asked for.
 */
export async function ownedProcedure(
  db: Pick<Db, 'procedure'>,
  code: string,
  agency: { id: string },
  options: { inForce: boolean; field: string },
): Promise<Procedure> {
  const procedure = await db.procedure.findUnique({ where: { code } });
  if (!procedure)
    throw new ApiError('NOT_FOUND', `No procedure ${code} in the city’s registry (R4.3); DoIC registers it first`, {
      field: options.field,
    });
  if (procedure.agencyId !== agency.id) throw forbidden(`${code} belongs to another agency`);
  if (options.inForce && procedure.withdrawnAt)
    throw conflict(`${code} was withdrawn on ${localDate(procedure.withdrawnAt)}`, options.field);
  return procedure;
}

/** A registered procedure still in force (R5.3 approvals): NOT_FOUND or CONFLICT otherwise. */
export async function procedureInForce(db: Pick<Db, 'procedure'>, code: string, field: string): Promise<Procedure> {
  const procedure = await db.procedure.findUnique({ where: { code } });
  if (!procedure) throw new ApiError('NOT_FOUND', `No procedure ${code} in the city’s registry (R4.3)`, { field });
  if (procedure.withdrawnAt) throw conflict(`${code} was withdrawn on ${localDate(procedure.withdrawnAt)}`, field);
  return procedure;
}

/**
 * Inside a filing's transaction: holds the procedure for its owner until the transaction ends.
 * A write that matches only while the agency owns the procedure and it is in force, so it
 * waits for (and then sees) a concurrent change of owner or withdrawal, which write the same row.
 */
export async function claimProcedure(tx: Db, code: string, agencyId: string): Promise<void> {
  const { count } = await tx.procedure.updateMany({ where: { code, agencyId, withdrawnAt: null }, data: { agencyId } });
  if (count !== 1) throw conflict(`${code} changed owner or was withdrawn meanwhile; read it again`, 'input.serviceCode');
}
