import type { Role as DbRole } from '@egov/schema/client';

/** The actors of requirements.md. */
export type Role = DbRole;

export const roles = [
  'CITIZEN',
  'ORGANIZATION',
  'AGENT',
  'RECEPTION_OFFICER',
  'SPECIALIST',
  'AGENCY_ADMIN',
  'DOIC_ADMIN',
  'INFO_CENTER',
] as const satisfies readonly Role[];

/** Roles that act for one agency; a grant of these names the agency. */
export const agencyRoles: readonly Role[] = ['RECEPTION_OFFICER', 'SPECIALIST', 'AGENCY_ADMIN'];

export const isAgencyRole = (role: Role) => agencyRoles.includes(role);

/**
 * The data of a role grant: staff roles must name their agency, city-wide roles must not.
 * `scope` makes a duplicate grant a unique-index violation.
 */
export function grant(role: Role, agencyId: string | null): { role: Role; agencyId: string | null; scope: string } {
  if (isAgencyRole(role) !== (agencyId !== null)) {
    throw new Error(isAgencyRole(role) ? `${role} must be granted for an agency` : `${role} is a city-wide role`);
  }
  return { role, agencyId, scope: agencyId ?? 'CITY' };
}
