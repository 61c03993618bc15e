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
