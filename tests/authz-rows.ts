// Types and the common rows of the authorization matrix (tests/authz-matrix.ts), apart from
// the matrix itself so that feature files in tests/authz/ can use them without a cycle.
import type { Db } from '~/lib/db.server';

export const ACTORS = [
  'anonymous',
  'enterpriseA',
  'enterpriseB',
  'teamX',
  'teamY',
  'reviewer',
  'admin',
] as const;
export type Actor = (typeof ACTORS)[number];
export type Outcome =
  | 'ok'
  | 'login'
  | 'forbidden'
  | 'notFound'
  | 'redirect'
  | 'none'
  /** 400: refused as malformed (e.g. a webhook delivery without its signature) */
  | 'badRequest'
  /** 405: the route does not take this method (e.g. a GET of a webhook) */
  | 'methodNotAllowed';
export type Row = Record<Actor, Outcome>;

/**
 * What a route's params may refer to: seeded records, the actors' users and organisations,
 * and the database, to find or make a record that belongs to one actor (e.g. enterprise A's
 * need, which enterprise B must get 404 for).
 */
export type Fixtures = {
  challengeCode: string;
  eventSlug: string;
  contractCode: string;
  actors: Record<Exclude<Actor, 'anonymous'>, { userId: string; organizationId: string }>;
  db: Db;
};

export type MatrixEntry = {
  params?: (f: Fixtures) => Record<string, string> | Promise<Record<string, string>>;
  loader: Row;
  action: Row;
};

export const all = (o: Outcome): Row => ({
  anonymous: o,
  enterpriseA: o,
  enterpriseB: o,
  teamX: o,
  teamY: o,
  reviewer: o,
  admin: o,
});
export const none = all('none');
export const publicPage = { loader: all('ok'), action: none };
/** Pages for visitors who are not signed in (sign-in, sign-up, invitations). */
export const anonymousOnly: Row = { ...all('redirect'), anonymous: 'ok' };
export const signedIn: Row = { ...all('ok'), anonymous: 'login' };
export const orgMembers: Row = {
  ...all('ok'),
  anonymous: 'login',
  reviewer: 'forbidden',
  admin: 'forbidden',
};
export const staffOnly: Row = {
  ...all('forbidden'),
  anonymous: 'login',
  reviewer: 'ok',
  admin: 'ok',
};
export const adminOnly: Row = { ...staffOnly, reviewer: 'forbidden' };
