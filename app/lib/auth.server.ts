// Permission guards for loaders and actions. Each require…() returns the signed-in user or
// throws: a redirect to sign in for anonymous visitors, 403 for a signed-in user without the
// role. A record of another organisation answers 404 (notFound), so its existence is not told.
import { redirect } from '@remix-run/node';
import { isStaffRole, type Role, STAFF_ROLES } from '~/domain/roles';
import { type Auth, readSessionToken, validateSessionToken } from '~/lib/session.server';
import { db } from './db.server';
import { trustedOrigin } from './env.server';

export { safeRedirect } from './safe-redirect';

const resolved = new WeakMap<Request, Promise<Auth | null>>();

/** The request's session, looked up once per request however many guards ask. */
export function getAuth(request: Request): Promise<Auth | null> {
  let auth = resolved.get(request);
  if (!auth) {
    const token = readSessionToken(request);
    auth = token ? validateSessionToken(db, token) : Promise.resolve(null);
    resolved.set(request, auth);
  }
  return auth;
}

function signInRedirect(request: Request, to = '/login') {
  const url = new URL(request.url);
  const back = url.pathname.replace(/\.data$/, '') + url.search;
  return redirect(`${to}?redirectTo=${encodeURIComponent(back)}`);
}

/**
 * Any signed-in user. Staff must have passed the second factor; `pending2fa` lets the
 * enrolment and verification pages through before that.
 */
export async function requireUser(
  request: Request,
  opts: { pending2fa?: boolean } = {},
): Promise<Auth> {
  const auth = await getAuth(request);
  if (!auth) throw signInRedirect(request);
  if (isStaffRole(auth.user.role) && !auth.twoFactorVerified && !opts.pending2fa) {
    throw signInRedirect(request, auth.user.totpEnabled ? '/login/2fa' : '/account/2fa');
  }
  return auth;
}

export { actorOf } from '~/domain/actor';

export async function requireRole(request: Request, roles: readonly Role[]): Promise<Auth> {
  const auth = await requireUser(request);
  if (!roles.includes(auth.user.role)) throw forbidden();
  return auth;
}

export const requireEnterprise = (request: Request) => requireRole(request, ['ENTERPRISE']);
export const requireTeam = (request: Request) => requireRole(request, ['TEAM']);
export const requireOrgMember = (request: Request) => requireRole(request, ['ENTERPRISE', 'TEAM']);
export const requireStaff = (request: Request) => requireRole(request, STAFF_ROLES);
export const requireAdmin = (request: Request) => requireRole(request, ['ADMIN']);

/** Signed-in visitors may not use the sign-in and sign-up pages. */
export async function requireAnonymous(request: Request) {
  if (await getAuth(request)) throw redirect('/account');
}

export function forbidden() {
  return new Response('Forbidden', { status: 403 });
}

export function notFound() {
  return new Response('Not found', { status: 404 });
}

export function isStaff(auth: Auth | null) {
  return auth !== null && isStaffRole(auth.user.role);
}

/** The client's address as server.mjs saw it (X-Forwarded-For only with TRUST_PROXY=1). */
export function clientAddress(context: unknown): string | null {
  const address = (context as { clientAddress?: unknown } | undefined)?.clientAddress;
  return typeof address === 'string' && address ? address : null;
}

/** The origin links in mail are built from: never the request's Host outside loopback. */
export function requestOrigin(request: Request) {
  return trustedOrigin(request);
}
