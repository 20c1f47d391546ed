// Requests every route as every actor and compares with the matrix (tests/authz-matrix.ts).
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { createSession } from '~/services/session.server';
import { ACTORS, MATRIX, type Actor, type Fixtures, type Outcome } from './authz-matrix';

type RouteModule = {
  loader?: (args: { request: Request; params: Record<string, string>; context: object }) => unknown;
  action?: (args: { request: Request; params: Record<string, string>; context: object }) => unknown;
};

const modules = import.meta.glob<RouteModule>([
  '../app/routes/*.ts',
  '../app/routes/*.tsx',
  '!../app/routes/*.server.ts',
]);
const routeId = (path: string) => path.replace('../app/routes/', '').replace(/\.tsx?$/, '');
const routes = Object.keys(modules).map(routeId).sort();

const cookies = new Map<Actor, string>();
let fixtures: Fixtures;

// The seed's demo users stand for the actors: two enterprises, two teams, a reviewer, an admin.
const ACTOR_EMAILS: Record<Exclude<Actor, 'anonymous'>, string> = {
  enterpriseA: 'zhang.mingyuan@taichuan-mining.example',
  enterpriseB: 'li.xiaomei@boguang-opto.example',
  teamX: 'mengqf@sdust.example',
  teamY: 'guanzc@qdu.example',
  reviewer: 'reviewer@kjj.zibo.example',
  admin: 'admin@kjj.zibo.example',
};

// fresh sessions for every route: signing out (and a password change) ends them
beforeEach(async () => {
  for (const [actor, email] of Object.entries(ACTOR_EMAILS)) {
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    const { token } = await createSession(db, user.id, { twoFactorVerified: true });
    cookies.set(actor as Actor, `jiebang_session=${token}`);
  }
});

beforeAll(async () => {
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
  fixtures = {
    challengeCode: challenge.code!,
    eventSlug: event.slug,
    contractCode: contract.code,
    actors,
    db,
  };
});
afterAll(() => db.$disconnect());

async function outcome(call: () => unknown): Promise<Outcome> {
  let result: unknown;
  try {
    result = await call();
  } catch (thrown) {
    result = thrown;
  }
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

function request(path: string, actor: Actor, method: 'GET' | 'POST') {
  const headers = new Headers();
  const cookie = cookies.get(actor);
  if (cookie) headers.set('Cookie', cookie);
  const init: RequestInit = { method, headers };
  if (method === 'POST') init.body = new FormData();
  return new Request(`http://localhost${path}`, init);
}

describe(`authorization matrix (${inject('databaseKind')})`, () => {
  it('lists every route, and only existing routes', () => {
    expect(
      routes.filter((r) => !(r in MATRIX)),
      'routes missing from tests/authz-matrix.ts',
    ).toEqual([]);
    expect(
      Object.keys(MATRIX).filter((r) => !routes.includes(r)),
      'matrix entries without a route',
    ).toEqual([]);
  });

  for (const route of Object.keys(MATRIX).sort()) {
    it(`${route}: every actor gets what the matrix says`, async () => {
      const load = modules[`../app/routes/${route}.tsx`] ?? modules[`../app/routes/${route}.ts`];
      expect(load, `no module for ${route}`).toBeTruthy();
      const mod = await load!();
      const entry = MATRIX[route]!;
      const params = (await entry.params?.(fixtures)) ?? {};
      const actual: Record<string, Record<Actor, Outcome>> = {
        loader: {} as never,
        action: {} as never,
      };
      for (const kind of ['loader', 'action'] as const) {
        for (const actor of ACTORS) {
          const fn = mod[kind];
          actual[kind]![actor] = fn
            ? await outcome(() =>
                fn({
                  request: request(`/${route}`, actor, kind === 'loader' ? 'GET' : 'POST'),
                  params,
                  context: {},
                }),
              )
            : 'none';
        }
      }
      expect(actual).toEqual({ loader: entry.loader, action: entry.action });
    });
  }
});
