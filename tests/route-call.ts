// Calling route modules in-process the way Remix does: requests signed in as a test user,
// a loader's or action's arguments, and reading what it answered. Loaders and actions answer
// with data, or throw a Response (a redirect, a 403, a 404) that a test wants to look at.
import { expect } from 'vitest';
import { isStaffRole, type Role } from '~/domain/roles';
import type { Db } from '~/lib/db.server';
import { DONE_MESSAGES, readDone, type DonePage } from '~/lib/done';
import { createSession } from '~/lib/session.server';

export const TEST_ORIGIN = 'http://localhost';

/** Who a request is signed in as: any user row. */
export type SignedIn = { id: string; role: string; email: string };

/** What an action sends back for a form it refused (Conform's submission reply). */
export type Reply = { status?: string; error?: Record<string, string[] | null> | null };

/** A new session of the user (second factor passed for staff, unless told); its token. */
export async function sessionToken(
  db: Db,
  user: SignedIn,
  opts: { twoFactorVerified?: boolean } = {},
) {
  const { token } = await createSession(db, user.id, {
    twoFactorVerified: opts.twoFactorVerified ?? isStaffRole(user.role as Role),
  });
  return token;
}

/** The Cookie header of a new session of the user (see sessionToken). */
export async function sessionCookie(
  db: Db,
  user: SignedIn,
  opts: { twoFactorVerified?: boolean } = {},
) {
  // plain-HTTP localhost: the cookie has no __Host- prefix (see session.server.ts)
  return `jiebang_session=${await sessionToken(db, user, opts)}`;
}

/** A request to `url` (a path or an absolute URL) carrying a fresh session of the user. */
export async function signedInRequest(db: Db, user: SignedIn, url: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set('Cookie', await sessionCookie(db, user));
  return new Request(new URL(url, TEST_ORIGIN), { ...init, headers });
}

/** A POST of form fields, as a browser submits a <Form method="post">. */
export function formPost(fields: Record<string, string> | [string, string][]): RequestInit {
  return { method: 'POST', body: new URLSearchParams(fields) };
}

/** A loader's or action's arguments, as Remix passes them. */
export const args = (request: Request, params: Record<string, string> = {}) => ({
  request,
  params,
  context: {},
});

/** The Response a loader or action threw; fails the test when it returned instead. */
export async function thrown(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(Response);
    return error as Response;
  }
  throw new Error('expected a thrown Response');
}

/** What a loader or action returned, or what it threw: tests that accept either. */
export async function thrownOrReturned(call: () => Promise<unknown>) {
  try {
    return await call();
  } catch (thrown) {
    return thrown;
  }
}

/**
 * Posts form fields to a route's action as `user` (with the route's `params`): what the action
 * returned, or the Response it threw.
 */
export async function postAs(
  db: Db,
  action: (a: ReturnType<typeof args>) => unknown,
  user: SignedIn,
  url: string,
  fields: Record<string, string>,
  params: Record<string, string> = {},
) {
  const request = await signedInRequest(db, user, url, formPost(fields));
  return thrownOrReturned(async () => action(args(request, params)));
}

/** Where an answer redirects to; null for data. */
export const location = (r: unknown) => (r instanceof Response ? r.headers.get('Location') : null);

/** An answer's HTTP status, or 'data' when it answered with data. */
export const statusOf = (r: unknown) => (r instanceof Response ? r.status : 'data');

/** The errors by field ('' = the form) an action sent back, from its reply or `{ result }`. */
export const errorsOf = (r: unknown): Record<string, string[] | null> =>
  ((r as { result?: Reply }).result ?? (r as Reply)).error ?? {};

/** The notice a change redirected to (`?done=`, app/lib/done.ts); fails when it did not. */
export const doneOf = (r: unknown) => {
  expect(r, JSON.stringify(r)).toBeInstanceOf(Response);
  return new URL((r as Response).headers.get('Location') ?? '', 'http://x').searchParams.get(
    'done',
  );
};

/**
 * The notice `r` (a redirect to `path`) asks the page to show, read the way the page does
 * (app/lib/done.ts): its translation key and the values its message names, through the same
 * filter as the page. Tests check what the user will be told, not a value only the action
 * returns. Fails when `r` is not such a redirect.
 */
export function doneNotice(
  page: DonePage,
  r: unknown,
  path: string,
  valueNames: readonly string[] = [],
): { key: string; params?: Record<string, string> } {
  expect(r).toBeInstanceOf(Response);
  const response = r as Response;
  expect(response.status).toBe(302);
  const to = new URL(response.headers.get('Location') ?? '', 'http://x');
  expect(to.pathname).toBe(path);
  const messages: Record<string, string> = DONE_MESSAGES[page];
  const found = readDone(to.searchParams, Object.keys(messages), valueNames);
  expect(found, `a notice of ${page} in ${to.search}`).not.toBeNull();
  const params = Object.fromEntries(
    Object.entries(found!.values).filter(([, value]) => value !== ''),
  );
  return { key: messages[found!.done]!, ...(Object.keys(params).length ? { params } : {}) };
}
