// How the authorization matrix's routes are called in-process: the route modules, the seeded
// users that stand for the actors, their sessions, the fixtures the matrix's params refer to,
// and how a loader's or action's answer reads as an outcome. Used by tests/authz.db.test.ts
// and tests/hostile-input.db.test.ts.
import { db } from '~/lib/db.server';
import type { Actor, Fixtures, Outcome } from './authz-matrix';
import { sessionCookie } from './route-call';

export type RouteArgs = { request: Request; params: Record<string, string>; context: object };
export type RouteModule = {
  loader?: (args: RouteArgs) => unknown;
  action?: (args: RouteArgs) => unknown;
};

// A route is a file in app/routes, or a folder there with its module in route.tsx (the files
// beside it, view-models and components, are not routes).
export const modules = import.meta.glob<RouteModule>([
  '../app/routes/*.ts',
  '../app/routes/*.tsx',
  '../app/routes/*/route.ts',
  '../app/routes/*/route.tsx',
  '!../app/routes/*.server.ts',
]);
const routeId = (path: string) =>
  path
    .replace('../app/routes/', '')
    .replace(/\/route\.tsx?$/, '')
    .replace(/\.tsx?$/, '');
export const routes = Object.keys(modules).map(routeId).sort();

export function loadRoute(route: string) {
  const load =
    modules[`../app/routes/${route}.tsx`] ??
    modules[`../app/routes/${route}.ts`] ??
    modules[`../app/routes/${route}/route.tsx`] ??
    modules[`../app/routes/${route}/route.ts`];
  return load ? load() : undefined;
}

// The seed's demo users stand for the actors: two enterprises, two teams, a reviewer, an admin.
export const ACTOR_EMAILS: Record<Exclude<Actor, 'anonymous'>, string> = {
  enterpriseA: 'zhang.mingyuan@taichuan-mining.example',
  enterpriseB: 'li.xiaomei@boguang-opto.example',
  teamX: 'mengqf@sdust.example',
  teamY: 'guanzc@qdu.example',
  reviewer: 'reviewer@kjj.zibo.example',
  admin: 'admin@kjj.zibo.example',
};

/** A fresh session cookie for every actor (staff with the second factor passed). */
export async function actorCookies() {
  const cookies = new Map<Actor, string>();
  for (const [actor, email] of Object.entries(ACTOR_EMAILS)) {
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    cookies.set(actor as Actor, await sessionCookie(db, user, { twoFactorVerified: true }));
  }
  return cookies;
}

export async function loadFixtures(): Promise<Fixtures> {
  const [challenge, event, contract] = await Promise.all([
    db.challenge.findFirstOrThrow({ where: { code: { not: null } }, orderBy: { code: 'asc' } }),
    db.matchingEvent.findFirstOrThrow({ orderBy: { date: 'asc' } }),
    db.contract.findFirstOrThrow({ orderBy: { code: 'asc' } }),
  ]);
  const actors = {} as Fixtures['actors'];
  for (const [actor, email] of Object.entries(ACTOR_EMAILS)) {
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    actors[actor as keyof Fixtures['actors']] = {
      userId: user.id,
      organizationId: user.organizationId,
    };
  }
  return {
    challengeCode: challenge.code!,
    eventSlug: event.slug,
    contractCode: contract.code,
    actors,
    db,
  };
}

/** What a loader's or action's answer (returned or thrown) means in the matrix's terms. */
export async function outcome(call: () => unknown): Promise<Outcome> {
  let result: unknown;
  try {
    result = await call();
  } catch (thrown) {
    result = thrown;
  }
  return outcomeOf(result);
}

export function outcomeOf(result: unknown): Outcome {
  if (result instanceof Response) {
    if (result.status >= 300 && result.status < 400) {
      return (result.headers.get('Location') ?? '').startsWith('/login?') ? 'login' : 'redirect';
    }
    if (result.status === 403) return 'forbidden';
    if (result.status === 404) return 'notFound';
    if (result.status === 400) return 'badRequest';
    if (result.status === 405) return 'methodNotAllowed';
    if (result.status === 200) return 'ok';
    return `status ${result.status}` as Outcome;
  }
  if (result instanceof Error) return `error: ${result.message}` as Outcome;
  // data() from @remix-run/node wraps the value and its init
  const init = (result as { init?: { status?: number } } | null)?.init;
  if (init?.status && init.status >= 400) return `status ${init.status}` as Outcome;
  return 'ok';
}
