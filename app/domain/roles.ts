import { oneOf } from './one-of';

/**
 * Who acts on a record. SYSTEM is the platform itself (deadline jobs, payment-rail
 * callbacks) so that automatic transitions go through the same tables as human ones
 * and show up in the audit trail with an honest actor.
 */
export const ROLES = ['ENTERPRISE', 'TEAM', 'REVIEWER', 'ADMIN', 'SYSTEM'] as const;

export type Role = (typeof ROLES)[number];

/** Bureau staff: the roles with idle-expiring sessions and access to internal views. */
export const STAFF_ROLES = ['REVIEWER', 'ADMIN'] as const satisfies readonly Role[];

export const isRole = oneOf(ROLES);

export function isStaffRole(role: Role): boolean {
  return (STAFF_ROLES as readonly Role[]).includes(role);
}

/** The roles an admin manages on the users page: every role a person can hold. */
export const MANAGED_ROLES = [
  'ENTERPRISE',
  'TEAM',
  'REVIEWER',
  'ADMIN',
] as const satisfies readonly Role[];
export type ManagedRole = (typeof MANAGED_ROLES)[number];

export const isManagedRole = oneOf(MANAGED_ROLES);

/** The kinds of organisation: enterprises post needs, teams apply, the bureau runs the programme. */
export const ORGANIZATION_KINDS = ['ENTERPRISE', 'TEAM', 'BUREAU'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export const isOrganizationKind = oneOf(ORGANIZATION_KINDS);

/**
 * The roles a member of an organisation of each kind may hold: an enterprise's and a team's
 * members act for it alone, the bureau's staff review or administer.
 */
export const ROLES_BY_KIND: Record<OrganizationKind, readonly ManagedRole[]> = {
  ENTERPRISE: ['ENTERPRISE'],
  TEAM: ['TEAM'],
  BUREAU: ['REVIEWER', 'ADMIN'],
};

/** The roles open to a member of an organisation of `kind` (none for an unknown kind). */
export function rolesForKind(kind: string): readonly ManagedRole[] {
  return isOrganizationKind(kind) ? ROLES_BY_KIND[kind] : [];
}
