/**
 * Who acts on a record. SYSTEM is the platform itself (deadline jobs, payment-rail
 * callbacks) so that automatic transitions go through the same tables as human ones
 * and show up in the audit trail with an honest actor.
 */
export const ROLES = ['ENTERPRISE', 'TEAM', 'REVIEWER', 'ADMIN', 'SYSTEM'] as const;

export type Role = (typeof ROLES)[number];

/** Bureau staff: the roles with idle-expiring sessions and access to internal views. */
export const STAFF_ROLES = ['REVIEWER', 'ADMIN'] as const satisfies readonly Role[];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isStaffRole(role: Role): boolean {
  return (STAFF_ROLES as readonly Role[]).includes(role);
}
