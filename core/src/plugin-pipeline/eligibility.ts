import { localMidnight, localYear } from '../calendar/working-time.ts';
import type { Ports } from '../lifecycle/lifecycle.ts';
import { ApiError } from '../errors.ts';

/** R5.1: a new level-3/4 service needs this many in-person dossiers in the previous year. */
export const NEW_SERVICE_MIN_IN_PERSON = 50;
/** R5.2: an upgrade 3 → 4 needs this share of dossiers filed online at level 3 ... */
export const UPGRADE_MIN_ONLINE_SHARE = 0.3;
/** ... and at least this many of them. */
export const UPGRADE_MIN_ONLINE = 50;

export interface EligibilityQuestion {
  procedureCode: string;
  /** The level asked for. */
  level: number;
  /** The level live now, null for a new service. */
  liveLevel: number | null;
  at: Date;
}

/** Which rule of Art. 5 applies, and whether it is met; null when none applies. */
export async function eligibility(
  ctx: Pick<Ports, 'prisma'>,
  q: EligibilityQuestion,
): Promise<{ rule: 'R5.1' | 'R5.2'; met: boolean; why: string; approval: string | null } | null> {
  const year = localYear(q.at) - 1;
  let rule: 'R5.1' | 'R5.2';
  if (q.level >= 3 && (q.liveLevel === null || q.liveLevel < 3)) rule = 'R5.1';
  else if (q.level === 4 && q.liveLevel === 3) rule = 'R5.2';
  else return null;
  const stats = await ctx.prisma.procedureStatistic.findUnique({ where: { procedureCode_year: { procedureCode: q.procedureCode, year } } });
  let met: boolean;
  let why: string;
  if (rule === 'R5.1') {
    met = (stats?.inPerson ?? 0) >= NEW_SERVICE_MIN_IN_PERSON;
    why = stats
      ? `${stats.inPerson} in-person dossiers in ${year} (R5.1 needs ${NEW_SERVICE_MIN_IN_PERSON})`
      : `no dossier statistics recorded for ${year} (R5.1 needs ${NEW_SERVICE_MIN_IN_PERSON} in-person dossiers)`;
  } else {
    const share = stats && stats.total > 0 ? stats.onlineLevel3 / stats.total : 0;
    met = !!stats && share >= UPGRADE_MIN_ONLINE_SHARE && stats.onlineLevel3 >= UPGRADE_MIN_ONLINE;
    why = stats
      ? `${stats.onlineLevel3} of ${stats.total} dossiers (${Math.round(share * 1000) / 10} %) filed online at level 3 in ${year} (R5.2 needs ${UPGRADE_MIN_ONLINE_SHARE * 100} % and ${UPGRADE_MIN_ONLINE})`
      : `no dossier statistics recorded for ${year} (R5.2 needs ${UPGRADE_MIN_ONLINE_SHARE * 100} % and ${UPGRADE_MIN_ONLINE} level-3 online dossiers)`;
  }
  const approval = met
    ? null
    : await ctx.prisma.cityApproval.findUnique({
        where: { procedureCode_level: { procedureCode: q.procedureCode, level: q.level } },
        select: { decisionNumber: true },
      });
  return { rule, met, why, approval: approval?.decisionNumber ?? null };
}

/** NOT_ELIGIBLE unless the statistics allow the level or the city approved it (R5.3). */
export async function checkEligibility(ctx: Pick<Ports, 'prisma'>, q: EligibilityQuestion): Promise<void> {
  const answer = await eligibility(ctx, q);
  if (!answer || answer.met || answer.approval) return;
  throw new ApiError(
    'NOT_ELIGIBLE',
    `${q.procedureCode} cannot go to level ${q.level}: ${answer.why}, and no city approval is recorded (R5.3)`,
    {
      rule: answer.rule,
      field: 'input.level',
    },
  );
}

/** R5.4: the plan for `year` is due before ("trước ngày") 30 September of the year before: by 29 September, local time. */
export function planDeadline(year: number): Date {
  return localMidnight(`${year - 1}-09-30`);
}
