// Signed-in requests for calling route loaders and actions directly in integration tests.
import { randomBytes } from 'node:crypto';
import { isStaffRole, type Role } from '~/domain/roles';
import type { Db } from '~/lib/db.server';
import { createSession } from '~/lib/session.server';
import { makeEnterprise, makeTeam } from './factories';

const uid = () => randomBytes(5).toString('hex');

export const TEST_ORIGIN = 'http://localhost';

type TestUser = { id: string; role: string; email: string };

/** The bureau of the seeded programme (staff are its members). */
export function bureau(db: Db) {
  return db.organization.findFirstOrThrow({
    where: { kind: 'BUREAU' },
    orderBy: { createdAt: 'asc' },
  });
}

/**
 * A new user with a unique e-mail; without an organisation, one of the role's kind is made
 * (staff join the bureau). The password hash is a placeholder: these users never sign in
 * with a password.
 */
export async function makeUser(
  db: Db,
  opts: { role: Exclude<Role, 'SYSTEM'>; organizationId?: string; name?: string; email?: string },
) {
  const organizationId =
    opts.organizationId ??
    (opts.role === 'ENTERPRISE'
      ? (await makeEnterprise(db)).id
      : opts.role === 'TEAM'
        ? (await makeTeam(db)).id
        : (await bureau(db)).id);
  const id = uid();
  return db.user.create({
    data: {
      email: opts.email ?? `user-${id}@example.test`,
      name: opts.name ?? `测试用户${id}`,
      role: opts.role,
      organizationId,
      passwordHash: 'not-a-password-hash',
    },
  });
}

/** A session for the user (second factor passed for staff); returns its token. */
export async function sessionToken(db: Db, user: TestUser) {
  const { token } = await createSession(db, user.id, {
    twoFactorVerified: isStaffRole(user.role as Role),
  });
  return token;
}

/** A request to `url` (a path or an absolute URL) carrying a fresh session of the user. */
export async function signedInRequest(db: Db, user: TestUser, url: string, init: RequestInit = {}) {
  const token = await sessionToken(db, user);
  const headers = new Headers(init.headers);
  // plain-HTTP localhost: the cookie has no __Host- prefix (see session.server.ts)
  headers.set('Cookie', `jiebang_session=${token}`);
  return new Request(new URL(url, TEST_ORIGIN), { ...init, headers });
}

/** A POST of form fields, as a browser submits a <Form method="post">. */
export function formPost(fields: Record<string, string>): RequestInit {
  return { method: 'POST', body: new URLSearchParams(fields) };
}
