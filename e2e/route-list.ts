// Every page a role can GET, with concrete params taken from the browser tests' own database
// (the seeded programme plus whatever earlier specs added). Shared by the byte check
// (bytes.spec.ts) and the layout sweeps, so that a new route is swept everywhere once it is
// listed here; `unlisted()` names the route modules that are in neither list.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type Page } from '@playwright/test';
import { databaseFile, signIn, signInStaff } from './helpers';

export const ROLES = ['anonymous', 'enterprise', 'team', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The demo account each signed-in role is swept as; all of them read Chinese by default. */
export const ACCOUNTS: Record<Exclude<Role, 'anonymous'>, { email: string; staff: boolean }> = {
  // owns a returned need (the revision form), an awarded challenge and a contract
  enterprise: { email: 'li.xiaomei@boguang-opto.example', staff: false },
  // an awarded application and a contract
  team: { email: 'mengqf@sdust.example', staff: false },
  reviewer: { email: 'reviewer@kjj.zibo.example', staff: true },
  admin: { email: 'admin@kjj.zibo.example', staff: true },
};

/** Signs `page` (and so `page.request`) in as the role's demo account. */
export async function signInAs(page: Page, role: Role) {
  if (role === 'anonymous') return;
  const { email, staff } = ACCOUNTS[role];
  if (staff) await signInStaff(page, email);
  else await signIn(page, email);
}

/** Route modules with a GET that no role's list holds, and why. */
export const NOT_SWEPT: Record<string, string> = {
  logout: 'GET only redirects',
  'login_.2fa': 'only reached halfway through a staff sign-in; e2e/accounts.spec.ts covers it',
  'attachments.$id': 'a file download, not a page (the seed has no attachments)',
  'webhooks.stripe': 'takes POSTs from Stripe; a GET answers 405',
  'stats[.]json': 'JSON, not a page; swept as /stats.json by the byte check only',
  // for the proxy and the monitoring (tests/operations.db.test.ts covers them)
  readyz: 'JSON for the proxy, not a page',
  metrics: 'Prometheus text for its scraper, not a page',
  // the open data's files (tests/ocds.db.test.ts covers them); /open-data documents them
  'open-data.ocds.releases[.]json': 'JSON, not a page',
  'open-data.ocds.$file': 'JSON, not a page',
  // tests/payout-clock.db.test.ts covers it; /open-data documents it
  'open-data.payout-clock[.]json': 'JSON, not a page',
  // the lists as CSV and Excel downloads, not pages (tests/exports.db.test.ts covers them)
  'challenges[.]csv': 'a file download, not a page',
  'challenges[.]xlsx': 'a file download, not a page',
  'review.contracts[.]csv': 'a file download, not a page',
  'review.contracts[.]xlsx': 'a file download, not a page',
  'review.contracts.registrations[.]csv': 'a file download, not a page',
  'review.contracts.registrations[.]xlsx': 'a file download, not a page',
  'review.payments.instalments[.]csv': 'a file download, not a page',
  'review.payments.instalments[.]xlsx': 'a file download, not a page',
  'review.payments.disbursements[.]csv': 'a file download, not a page',
  'review.payments.disbursements[.]xlsx': 'a file download, not a page',
  'review.challenges.$code.applications[.]csv': 'a file download, not a page',
  'review.challenges.$code.applications[.]xlsx': 'a file download, not a page',
  // its token is signed per subscription; e2e/alerts.spec.ts opens it at 375 px, both states
  'alerts.unsubscribe.$token':
    'needs a signed link from an alert mail; e2e/alerts.spec.ts covers it',
};

export type RouteUrl = { /** route module id, as in app/routes */ route: string; path: string };

type Row = Record<string, string | null>;

/**
 * The URLs `role` can GET. Reads the e2e server's SQLite file (scripts/e2e-server.mjs), so it
 * must be called inside a test, once the web server has started.
 */
export function routesFor(role: Role): RouteUrl[] {
  const db = new Database(databaseFile(), { readonly: true, fileMustExist: true });
  try {
    const one = (sql: string, ...args: unknown[]) => {
      const row = db.prepare(sql).get(...args) as Row | undefined;
      if (!row) throw new Error(`route-list: no record for ${sql} (${args.join(', ')})`);
      return row;
    };
    const orgOf = (email: string) =>
      one('SELECT organizationId AS id FROM User WHERE email = ?', email).id!;

    const challenge = one(
      "SELECT code FROM Challenge WHERE code IS NOT NULL AND status = 'AWARDED' ORDER BY code",
    ).code!;
    const event = one('SELECT slug FROM MatchingEvent ORDER BY slug').slug!;
    const contract = one('SELECT code FROM Contract ORDER BY code').code!;
    const token = 'a'.repeat(32);

    const publicPages: RouteUrl[] = [
      { route: '_index', path: '/' },
      { route: 'stats', path: '/stats' },
      { route: 'stats', path: '/stats?year=2021&quarter=4' },
      { route: 'report', path: '/report' },
      { route: 'report', path: '/report?year=2021' },
      { route: 'challenges._index', path: '/challenges' },
      // a search and a filter: the catalogue's form fields hold Chinese values then
      { route: 'challenges._index', path: `/challenges?q=${encodeURIComponent('叶片')}` },
      { route: 'challenges._index', path: `/challenges?field=${encodeURIComponent('新材料')}` },
      { route: 'challenges.$code', path: `/challenges/${challenge}` },
      { route: 'events._index', path: '/events' },
      { route: 'events.$slug', path: `/events/${event}` },
      { route: 'contracts._index', path: '/contracts' },
      { route: 'contracts.$code', path: `/contracts/${contract}` },
      { route: 'open-data._index', path: '/open-data' },
      { route: 'password.forgot', path: '/password/forgot' },
      // an unknown token: the page that says the link is no longer valid
      { route: 'password.reset.$token', path: `/password/reset/${token}` },
    ];
    if (role === 'anonymous') {
      return [
        ...publicPages,
        { route: 'login', path: '/login' },
        { route: 'signup._index', path: '/signup' },
        { route: 'signup.enterprise', path: '/signup/enterprise' },
        { route: 'signup.team', path: '/signup/team' },
        { route: 'signup.sent', path: '/signup/sent' },
        { route: 'login_.unlock.$token', path: `/login/unlock/${token}` },
        { route: 'invite.$token', path: `/invite/${token}` },
        { route: 'login_.unlock.$token', path: `/login/unlock/${token}` },
        { route: 'signup.sent', path: '/signup/sent' },
      ];
    }

    const signedIn: RouteUrl[] = [
      ...publicPages,
      { route: 'account._index', path: '/account' },
      { route: 'account.password', path: '/account/password' },
      { route: 'notifications', path: '/notifications' },
    ];

    if (role === 'enterprise') {
      const org = orgOf(ACCOUNTS.enterprise.email);
      // the seed's returned need (its revision form); an earlier spec may have resubmitted it
      const returned = one(
        "SELECT id FROM Challenge WHERE enterpriseId = ? ORDER BY status IN ('RETURNED', 'DRAFT') DESC, ref",
        org,
      ).id!;
      const awarded = one(
        "SELECT id FROM Challenge WHERE enterpriseId = ? ORDER BY status = 'AWARDED' DESC, ref",
        org,
      ).id!;
      const own = one('SELECT code FROM Contract WHERE enterpriseId = ? ORDER BY code', org).code!;
      const award = one(
        'SELECT a.id FROM Award a JOIN Challenge c ON c.id = a.challengeId WHERE c.enterpriseId = ? ORDER BY a.id',
        org,
      ).id!;
      return [
        ...signedIn,
        { route: 'account.members', path: '/account/members' },
        { route: 'needs._index', path: '/needs' },
        { route: 'needs.new', path: '/needs/new' },
        { route: 'needs.$id._index', path: `/needs/${returned}` },
        { route: 'needs.$id.edit', path: `/needs/${returned}/edit` },
        { route: 'needs.$id._index', path: `/needs/${awarded}` },
        { route: 'needs.$id.applications', path: `/needs/${awarded}/applications` },
        { route: 'negotiation.$awardId', path: `/negotiation/${award}` },
        { route: 'workspace.contracts._index', path: '/workspace/contracts' },
        { route: 'workspace.contracts.$code', path: `/workspace/contracts/${own}` },
        { route: 'workspace.payments', path: '/workspace/payments' },
      ];
    }

    if (role === 'team') {
      const org = orgOf(ACCOUNTS.team.email);
      const application = one(
        'SELECT id FROM Application WHERE teamId = ? ORDER BY createdAt',
        org,
      ).id!;
      const own = one('SELECT code FROM Contract WHERE teamId = ? ORDER BY code', org).code!;
      const award = one(
        'SELECT w.id FROM Award w JOIN Application a ON a.id = w.applicationId WHERE a.teamId = ? ORDER BY w.id',
        org,
      ).id!;
      return [
        ...signedIn,
        { route: 'account.members', path: '/account/members' },
        { route: 'account.payments', path: '/account/payments' },
        { route: 'account.alerts', path: '/account/alerts' },
        { route: 'applications._index', path: '/applications' },
        { route: 'applications.$id._index', path: `/applications/${application}` },
        { route: 'applications.$id.edit', path: `/applications/${application}/edit` },
        { route: 'applications.$id.feedback', path: `/applications/${application}/feedback` },
        // the page to decline an award (the seed's first application: nothing to decline)
        { route: 'applications.$id.decline', path: `/applications/${application}/decline` },
        { route: 'apply.$code', path: `/apply/${challenge}` },
        { route: 'negotiation.$awardId', path: `/negotiation/${award}` },
        { route: 'workspace.contracts._index', path: '/workspace/contracts' },
        { route: 'workspace.contracts.$code', path: `/workspace/contracts/${own}` },
        { route: 'workspace.payments', path: '/workspace/payments' },
      ];
    }

    // bureau staff: the review desk; admins also the admin pages
    const submitted = one(
      "SELECT id FROM Challenge WHERE status IN ('SUBMITTED', 'RETURNED', 'REJECTED') ORDER BY status = 'SUBMITTED' DESC, ref",
    ).id!;
    const open = db
      .prepare(
        'SELECT a.id FROM Award a LEFT JOIN Contract c ON c.awardId = a.id ORDER BY c.id IS NULL DESC, a.id',
      )
      .get() as Row | undefined;
    const upheld = db.prepare("SELECT id FROM Appeal WHERE status = 'UPHELD' ORDER BY id").get() as
      Row | undefined;
    const assignment = db
      .prepare(
        'SELECT id FROM ReviewAssignment WHERE reviewerId = (SELECT id FROM User WHERE email = ?)',
      )
      .get(ACCOUNTS[role].email) as Row | undefined;
    const staff: RouteUrl[] = [
      ...signedIn,
      { route: 'account.2fa', path: '/account/2fa' },
      { route: 'review._index', path: '/review' },
      { route: 'review.needs._index', path: '/review/needs' },
      { route: 'review.needs.$id', path: `/review/needs/${submitted}` },
      { route: 'review.challenges._index', path: '/review/challenges' },
      { route: 'review.challenges.$code', path: `/review/challenges/${challenge}` },
      { route: 'review.events._index', path: '/review/events' },
      { route: 'review.events.$slug', path: `/review/events/${event}` },
      { route: 'review.assignments._index', path: '/review/assignments' },
      { route: 'review.experts._index', path: '/review/experts' },
      // the seed has no expert assignments; an unknown one shows the desk's "not found" page
      {
        route: 'review.assignments.$id',
        path: `/review/assignments/${assignment?.id ?? 'no-such-assignment'}`,
      },
      { route: 'review.awards._index', path: '/review/awards' },
      { route: 'review.appeals._index', path: '/review/appeals' },
      // the re-evaluation of an upheld appeal; the seed has none: the "not found" page
      {
        route: 'review.appeals.$id',
        path: `/review/appeals/${upheld?.id ?? 'no-such-appeal'}`,
      },
      { route: 'review.vacancies._index', path: '/review/vacancies' },
      { route: 'review.contracts._index', path: '/review/contracts' },
      ...(open?.id
        ? [{ route: 'review.contracts.new.$awardId', path: `/review/contracts/new/${open.id}` }]
        : []),
      { route: 'review.payments', path: '/review/payments' },
    ];
    if (role === 'reviewer') return staff;
    return [
      ...staff,
      { route: 'admin._index', path: '/admin' },
      { route: 'admin.users', path: '/admin/users' },
      { route: 'admin.organizations', path: '/admin/organizations' },
      { route: 'admin.audit', path: '/admin/audit' },
      { route: 'admin.mail', path: '/admin/mail' },
    ];
  } finally {
    db.close();
  }
}

/** Route modules in app/routes that render a page but are in no role's list nor NOT_SWEPT. */
export function unlisted(): string[] {
  const listed = new Set(ROLES.flatMap((r) => routesFor(r).map((u) => u.route)));
  const ids = routeIds();
  const layouts = new Set(ids.filter((id) => ids.some((other) => other.startsWith(`${id}.`))));
  return ids.filter((id) => !listed.has(id) && !(id in NOT_SWEPT) && !layouts.has(id));
}

/** Route ids: a module file in app/routes, or a folder there holding route.tsx. */
function routeIds(): string[] {
  return readdirSync('app/routes', { withFileTypes: true })
    .filter((e) =>
      e.isDirectory()
        ? existsSync(path.join('app/routes', e.name, 'route.tsx')) ||
          existsSync(path.join('app/routes', e.name, 'route.ts'))
        : /\.tsx?$/.test(e.name) && !e.name.endsWith('.server.ts'),
    )
    .map((e) => e.name.replace(/\.tsx?$/, ''));
}
