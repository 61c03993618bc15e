import { localDate } from '../calendar/working-time.ts';
import type { Prisma } from '@egov/schema/client';

/** `<agency code>-<yymmdd>-<4-digit daily sequence>`. */
export const DEFAULT_CODE_PATTERN = '{agency}-{yy}{mm}{dd}-{seq:4}';

/**
 * A dossier code pattern: literal upper-case letters, digits and `-_.`, and the placeholders
 * {agency}, {yyyy}, {yy}, {mm}, {dd} and {seq:N} (the sequence, N digits). The sequence counts
 * up within everything the pattern renders before it (by default: per agency and day).
 */
export class DossierCodePattern {
  private readonly prefix: string;
  private readonly suffix: string;
  private readonly digits: number;

  constructor(readonly pattern: string) {
    const seq = /\{seq:([1-9])\}/.exec(pattern);
    if (!seq || pattern.match(/\{seq:/g)?.length !== 1) throw new Error('must contain {seq:N} once (N: 1-9 digits)');
    const rest = pattern.replace(seq[0], '');
    const unknown = rest.replace(/\{(agency|yyyy|yy|mm|dd)\}/g, '');
    if (!/^[A-Z0-9._-]*$/.test(unknown))
      throw new Error(`may hold only A-Z, 0-9, "-", "_", "." and {agency} {yyyy} {yy} {mm} {dd} {seq:N}, got "${pattern}"`);
    this.prefix = pattern.slice(0, seq.index);
    this.suffix = pattern.slice(seq.index + seq[0].length);
    this.digits = Number(seq[1]);
  }

  private render(part: string, agencyCode: string, instant: Date): string {
    const local = localDate(instant);
    return part
      .replaceAll('{agency}', agencyCode)
      .replaceAll('{yyyy}', local.slice(0, 4))
      .replaceAll('{yy}', local.slice(2, 4))
      .replaceAll('{mm}', local.slice(5, 7))
      .replaceAll('{dd}', local.slice(8, 10));
  }

  /**
   * The next code. Call inside the transaction that creates the dossier: the counter moves only
   * if the dossier is stored, so codes have no gaps; the single-statement upsert makes
   * concurrent submissions take distinct numbers.
   */
  async next(tx: Prisma.TransactionClient, agencyCode: string, now: Date): Promise<string> {
    const key = `${this.render(this.prefix, agencyCode, now)}{seq}${this.render(this.suffix, agencyCode, now)}`;
    // INSERT … ON CONFLICT DO UPDATE … RETURNING: no window between reading and writing.
    const { value } = await tx.dossierCounter.upsert({ where: { key }, create: { key, value: 1 }, update: { value: { increment: 1 } } });
    if (value >= 10 ** this.digits) throw new Error(`${key}: the ${this.digits}-digit sequence is exhausted`);
    return key.replace('{seq}', String(value).padStart(this.digits, '0'));
  }
}
