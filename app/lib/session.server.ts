// Sessions after Lucia's design (lucia-auth.com): a random token in an HttpOnly cookie, its
// SHA-256 as the session id, sliding expiry, and a 30-minute idle limit for bureau staff.
import { isStaffRole, type Role } from '~/domain/roles';
import { Prisma, readRows, type Db, type Tx } from '~/lib/db.server';
import { generateToken, hashToken } from '~/lib/crypto/tokens.server';

const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY;
export const STAFF_IDLE_MS = 30 * 60 * 1000;
// lastSeenAt is written at most this often: enough precision for the idle limit, few writes
const TOUCH_INTERVAL_MS = 60 * 1000;

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: string;
  organizationId: string;
  organization: { id: string; kind: string; name: string; nameEn: string | null };
  totpEnabled: boolean;
};

export type Auth = {
  sessionId: string;
  twoFactorVerified: boolean;
  expiresAt: Date;
  user: SessionUser;
};

export async function createSession(
  db: Db,
  userId: string,
  opts: { twoFactorVerified?: boolean; now?: Date } = {},
): Promise<{ token: string; expiresAt: Date }> {
  const now = opts.now ?? new Date();
  const token = generateToken();
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
  await db.session.create({
    data: {
      id: hashToken(token),
      userId,
      expiresAt,
      lastSeenAt: now,
      twoFactorVerified: opts.twoFactorVerified ?? false,
    },
  });
  return { token, expiresAt };
}

/** A session with its user and organisation, as the one statement below reads it. */
type SessionRow = {
  expiresAt: Date;
  lastSeenAt: Date;
  twoFactorVerified: boolean;
  userId: string;
  email: string;
  name: string;
  role: string;
  locale: string;
  disabledAt: Date | null;
  totpEnabledAt: Date | null;
  organizationId: string;
  organizationKind: string;
  organizationName: string;
  organizationNameEn: string | null;
};

/**
 * The read every signed-in request makes, written out as one statement: as a Prisma query
 * with its relations it was three statements, and Prisma's query compiler built them anew on
 * every call. Sent past Prisma's client (readRows), which was still a third of its cost. Both
 * engines hand back Date and boolean values for these columns (their declared types), which
 * tests/auth.db.test.ts checks on each.
 */
async function sessionRow(db: Db, id: string): Promise<SessionRow | null> {
  const rows = await readRows<SessionRow>(
    db,
    Prisma.sql`
    SELECT s."expiresAt", s."lastSeenAt", s."twoFactorVerified",
      u."id" AS "userId", u."email", u."name", u."role", u."locale", u."disabledAt",
      u."totpEnabledAt", o."id" AS "organizationId", o."kind" AS "organizationKind",
      o."name" AS "organizationName", o."nameEn" AS "organizationNameEn"
    FROM "Session" s
    JOIN "User" u ON u."id" = s."userId"
    JOIN "Organization" o ON o."id" = u."organizationId"
    WHERE s."id" = ${id}`,
  );
  return rows[0] ?? null;
}

/** The session of a token, renewed when due; null (and the row deleted) when it has ended. */
export async function validateSessionToken(
  db: Db,
  token: string,
  now = new Date(),
): Promise<Auth | null> {
  const id = hashToken(token);
  const session = await sessionRow(db, id);
  if (!session) return null;
  const staff = isStaffRole(session.role as Role);
  const ended =
    session.expiresAt.getTime() <= now.getTime() ||
    session.disabledAt !== null ||
    (staff && now.getTime() - session.lastSeenAt.getTime() > STAFF_IDLE_MS);
  if (ended) {
    await db.session.deleteMany({ where: { id } });
    return null;
  }
  const renew = session.expiresAt.getTime() - now.getTime() < SESSION_LIFETIME_MS / 2;
  const touch = now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS;
  let expiresAt = session.expiresAt;
  if (renew || touch) {
    if (renew) expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
    await db.session.updateMany({ where: { id }, data: { expiresAt, lastSeenAt: now } });
  }
  return {
    sessionId: id,
    twoFactorVerified: session.twoFactorVerified,
    expiresAt,
    user: {
      id: session.userId,
      email: session.email,
      name: session.name,
      role: session.role as Role,
      locale: session.locale,
      organizationId: session.organizationId,
      organization: {
        id: session.organizationId,
        kind: session.organizationKind,
        name: session.organizationName,
        nameEn: session.organizationNameEn,
      },
      totpEnabled: session.totpEnabledAt !== null,
    },
  };
}

/** The session has passed the second factor (a code at sign-in, or a first one at enrolment). */
export async function markTwoFactorVerified(db: Db | Tx, sessionId: string) {
  await db.session.update({ where: { id: sessionId }, data: { twoFactorVerified: true } });
}

/**
 * The session of someone who has just proved their password (a sign-in, an unlock link, an
 * accepted invitation): good at once, except for staff, who pass the second factor first.
 * `secondFactor` is where staff go next: the code page, or enrolment when they have none.
 */
export async function startSession(
  db: Db,
  request: Request,
  user: { userId: string; role: Role; totpEnabled: boolean },
) {
  const staff = isStaffRole(user.role);
  const { token, expiresAt } = await createSession(db, user.userId, { twoFactorVerified: !staff });
  return {
    cookie: sessionCookie(request, token, expiresAt),
    secondFactor: !staff ? null : user.totpEnabled ? '/login/2fa' : '/account/2fa',
  };
}

export async function invalidateSession(db: Db, sessionId: string) {
  await db.session.deleteMany({ where: { id: sessionId } });
}

export async function invalidateUserSessions(db: Db, userId: string) {
  await db.session.deleteMany({ where: { userId } });
}

// ── the cookie ──────────────────────────────────────────────────────────────

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Secure (and __Host-) everywhere but plain-HTTP localhost, where browsers would drop it. */
export function cookieIsSecure(request: Request): boolean {
  const url = new URL(request.url);
  return url.protocol === 'https:' || !LOCAL_HOSTS.has(url.hostname);
}

function cookieName(secure: boolean) {
  return secure ? '__Host-jiebang_session' : 'jiebang_session';
}

export function sessionCookie(request: Request, token: string, expiresAt: Date): string {
  const secure = cookieIsSecure(request);
  return [
    `${cookieName(secure)}=${token}`,
    'HttpOnly',
    'SameSite=Lax',
    'Path=/',
    `Expires=${expiresAt.toUTCString()}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookie(request: Request): string {
  const secure = cookieIsSecure(request);
  return [
    `${cookieName(secure)}=`,
    'HttpOnly',
    'SameSite=Lax',
    'Path=/',
    'Max-Age=0',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function readSessionToken(request: Request): string | null {
  const name = cookieName(cookieIsSecure(request));
  const cookie = request.headers.get('Cookie') ?? '';
  for (const part of cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) {
      const value = rest.join('=');
      return /^[a-z2-7]{20,64}$/.test(value) ? value : null;
    }
  }
  return null;
}
