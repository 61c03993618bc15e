import type { Prisma } from '@egov/schema/client';

/** The local date (UTC+7) as yymmdd. */
function yymmdd(instant: Date): string {
  return new Date(instant.getTime() + 7 * 3_600_000).toISOString().slice(2, 10).replace(/-/g, '');
}

/**
 * The next dossier code of an agency for the local day: `<agency>-<yymmdd>-<4-digit sequence>`.
 * Call inside the transaction that creates the dossier: the counter moves only if the dossier
 * is stored, so codes have no gaps, and the row lock (PostgreSQL) or the single writer (SQLite)
 * makes concurrent submissions take distinct numbers.
 */
export async function nextDossierCode(tx: Prisma.TransactionClient, agencyCode: string, now: Date): Promise<string> {
  const key = `${agencyCode}-${yymmdd(now)}`;
  // One statement (INSERT … ON CONFLICT DO UPDATE … RETURNING): the first dossier of the day
  // creates the row, the others increment it, with no window between reading and writing.
  const { value } = await tx.dossierCounter.upsert({
    where: { key },
    create: { key, value: 1 },
    update: { value: { increment: 1 } },
  });
  if (value > 9999) throw new Error(`${key}: more than 9999 dossiers in one day`);
  return `${key}-${String(value).padStart(4, '0')}`;
}
