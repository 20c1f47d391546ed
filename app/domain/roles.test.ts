import { describe, expect, it } from 'vitest';
import {
  isManagedRole,
  isOrganizationKind,
  isStaffRole,
  MANAGED_ROLES,
  ORGANIZATION_KINDS,
  ROLES_BY_KIND,
  rolesForKind,
} from './roles';

describe('roles by kind of organisation', () => {
  // an enterprise and a team have their one role, the bureau its two staff roles
  it.each([
    ['ENTERPRISE', ['ENTERPRISE']],
    ['TEAM', ['TEAM']],
    ['BUREAU', ['REVIEWER', 'ADMIN']],
  ])('gives the kind %s the roles %j', (kind, roles) => {
    expect(rolesForKind(kind)).toEqual(roles);
  });

  it('gives an unknown kind no role at all', () => {
    for (const kind of ['', 'bureau', 'SYSTEM', 'constructor', '__proto__'])
      expect(rolesForKind(kind)).toEqual([]);
  });

  it('places every managed role in exactly one kind, and staff roles only in the bureau', () => {
    const placed = ORGANIZATION_KINDS.flatMap((k) => ROLES_BY_KIND[k]);
    expect([...placed].sort()).toEqual([...MANAGED_ROLES].sort());
    for (const kind of ORGANIZATION_KINDS)
      for (const role of ROLES_BY_KIND[kind]) expect(isStaffRole(role)).toBe(kind === 'BUREAU');
  });

  it('knows the managed roles and kinds, and nothing else', () => {
    expect(MANAGED_ROLES.every(isManagedRole)).toBe(true);
    expect(isManagedRole('SYSTEM')).toBe(false);
    expect(isManagedRole(undefined)).toBe(false);
    expect(ORGANIZATION_KINDS.every(isOrganizationKind)).toBe(true);
    expect(isOrganizationKind('ADMIN')).toBe(false);
    expect(isOrganizationKind(null)).toBe(false);
  });
});
