import type { Dossier } from '@egov/schema/client';
import type { PrismaClient } from '../db/client.ts';
import type { Viewer } from '../identity/viewer.ts';
import { dossiers } from './dossier-lifecycle.ts';

/** The attachment field name under which the result document is stored. */
export const RESULT_FIELD = '$result';

export type DeliveryMethod = 'AT_DESK' | 'ONLINE' | 'POST';

/**
 * A condition a result must meet before it is delivered (the fee-payment feature adds one:
 * R11.3, a level-4 fee paid online). Returns why delivery must wait, or null.
 */
export type DeliveryGuard = (dossier: Dossier) => Promise<string | null>;

/** The statuses a dossier has a result in: those it is delivered online from, and where that leads. */
const delivery = dossiers.actions.deliverOnline;
const resultStatuses: readonly string[] = [...delivery.from, ...(delivery.to ? [delivery.to] : [])];

/**
 * Whether `viewer` may download the result of `dossier` (R11.3): a level-4 dossier whose result
 * is ready or delivered, for its applicant or filing agent, when no delivery guard objects.
 * Level-3 results are handed over at the desk (R11.2) and have no link.
 */
export async function mayDownloadResult(
  deps: { prisma: PrismaClient; deliveryGuards: readonly DeliveryGuard[] },
  viewer: Viewer | null,
  dossier: Dossier,
): Promise<boolean> {
  if (!dossiers.isParty(viewer, dossier, 'deliverOnline')) return false;
  if (!resultStatuses.includes(dossier.status)) return false;
  const version = await deps.prisma.pluginVersion.findUniqueOrThrow({ where: { id: dossier.pluginVersionId }, select: { level: true } });
  if (version.level !== 4) return false;
  for (const guard of deps.deliveryGuards) if (await guard(dossier)) return false;
  return true;
}
