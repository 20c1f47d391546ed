// The authorization matrix, kept as data: every route module × every actor → what happens
// when that actor calls the route's loader (GET) and action (POST with an empty form).
// tests/authz.db.test.ts calls every route as every actor and fails on any difference, on a
// route missing here, and on an entry for a route that no longer exists. Every new route is
// added, with its expected outcome for each actor: here, or in a feature's own file
// tests/authz/<feature>.ts exporting `entries` (merged below).
//
// ok        the call returns data (for an action with an empty form: field errors)
// login     redirected to the sign-in page
// forbidden 403: signed in, but not the role for it
// notFound  404: the record does not exist for this actor (another organisation's record
//           answers 404, not 403, so that its existence is not told)
// redirect  redirected elsewhere (e.g. a signed-in user sent away from the sign-in page)
// none      the route module has no loader / no action
// badRequest        400 (e.g. a webhook delivery without a valid signature)
// methodNotAllowed  405 (e.g. a GET of a webhook)

import {
  adminOnly,
  all,
  anonymousOnly,
  none,
  orgMembers,
  publicPage,
  signedIn,
  staffOnly,
  type MatrixEntry,
} from './authz-rows';

export * from './authz-rows';

const CORE: Record<string, MatrixEntry> = {
  _index: publicPage,
  stats: publicPage,
  'stats[.]json': publicPage,
  'challenges._index': publicPage,
  'events._index': publicPage,
  'events.$slug': { ...publicPage, params: (f) => ({ slug: f.eventSlug }) },
  'contracts._index': publicPage,
  'contracts.$code': { ...publicPage, params: (f) => ({ code: f.contractCode }) },

  login: { loader: anonymousOnly, action: anonymousOnly },
  // the second factor is for staff; a verified session is sent on to where it was going
  // login_ : a page of its own, not nested in the sign-in page (whose loader turns signed-in users away)
  'login_.2fa': {
    loader: { ...all('redirect'), anonymous: 'login' },
    action: { ...all('redirect'), anonymous: 'login' },
  },
  logout: { loader: all('redirect'), action: all('redirect') },
  'signup._index': { loader: anonymousOnly, action: none },
  'signup.enterprise': { loader: anonymousOnly, action: anonymousOnly },
  'signup.team': { loader: anonymousOnly, action: anonymousOnly },
  'signup.sent': { loader: anonymousOnly, action: none },
  // the unlock link mailed to a locked account's owner (ADR 015)
  'login_.unlock.$token': {
    params: () => ({ token: 'a'.repeat(32) }),
    loader: anonymousOnly,
    action: anonymousOnly,
  },
  'invite.$token': {
    params: () => ({ token: 'a'.repeat(32) }),
    loader: anonymousOnly,
    action: anonymousOnly,
  },
  // the form's rules for the browser, the same for everyone (the page asks nobody to sign in)
  'password.forgot': { loader: all('ok'), action: all('ok') },
  'password.reset.$token': {
    params: () => ({ token: 'a'.repeat(32) }),
    loader: all('ok'),
    action: all('ok'),
  },

  account: { loader: signedIn, action: none },
  'account._index': { loader: signedIn, action: none },
  'account.password': { loader: signedIn, action: signedIn },
  'account.members': { loader: orgMembers, action: orgMembers },
  'account.2fa': { loader: staffOnly, action: staffOnly },

  admin: { loader: adminOnly, action: none },
  notifications: { loader: signedIn, action: signedIn },
};

const features = import.meta.glob<{ entries: Record<string, MatrixEntry> }>('./authz/*.ts', {
  eager: true,
});

export const MATRIX: Record<string, MatrixEntry> = Object.assign(
  {},
  CORE,
  ...Object.values(features).map((f) => f.entries),
);
