// Requests every route as every actor and compares with the matrix (tests/authz-matrix.ts).
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { ACTORS, MATRIX, type Actor, type Fixtures, type Outcome } from './authz-matrix';
import { actorCookies, loadFixtures, loadRoute, outcome, routes } from './authz-harness';

const cookies = new Map<Actor, string>();
let fixtures: Fixtures;

// fresh sessions for every route: signing out (and a password change) ends them
beforeEach(async () => {
  for (const [actor, cookie] of await actorCookies()) cookies.set(actor, cookie);
});

beforeAll(async () => {
  fixtures = await loadFixtures();
});
afterAll(() => db.$disconnect());

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
      const mod = await loadRoute(route);
      expect(mod, `no module for ${route}`).toBeTruthy();
      const entry = MATRIX[route]!;
      const params = (await entry.params?.(fixtures)) ?? {};
      const actual: Record<string, Record<Actor, Outcome>> = {
        loader: {} as never,
        action: {} as never,
      };
      for (const kind of ['loader', 'action'] as const) {
        for (const actor of ACTORS) {
          const fn = mod![kind];
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
