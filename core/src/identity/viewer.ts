import type { PrismaClient } from '../db/client.ts';
import { agencyRoles, type Role } from './roles.ts';

export interface Grant {
  role: Role;
  agencyId: string | null;
}

/** The signed-in account as resolvers and auth scopes see it. */
export class Viewer {
  constructor(
    readonly id: string,
    readonly grants: readonly Grant[],
  ) {}

  hasRole(role: Role): boolean {
    return this.grants.some((g) => g.role === role);
  }

  /** Holds `role` for this agency. */
  holdsFor(role: Role, agencyId: string): boolean {
    return this.grants.some((g) => g.role === role && g.agencyId === agencyId);
  }

  /** The agencies this account holds `role` for. */
  agenciesWith(role: Role): string[] {
    return this.grants.flatMap((g) => (g.role === role && g.agencyId ? [g.agencyId] : []));
  }

  /** Holds a staff role (reception, specialist, agency admin) for this agency. */
  isStaffOf(agencyId: string): boolean {
    return this.grants.some((g) => g.agencyId === agencyId && agencyRoles.includes(g.role));
  }
}

/** Loads the viewer for a verified account id; null when it no longer exists or is disabled. */
export async function loadViewer(prisma: PrismaClient, accountId: string): Promise<Viewer | null> {
  const account = await prisma.account.findUnique({
    where: { id: accountId },
    select: { id: true, disabledAt: true, roleGrants: { select: { role: true, agencyId: true } } },
  });
  if (!account || account.disabledAt) return null;
  return new Viewer(account.id, account.roleGrants);
}
