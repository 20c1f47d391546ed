// The route-matching memo patched into @remix-run/router (patches/, ADR 037): a tree is
// flattened and ranked once, and matching still answers as the router always did. Both builds
// are checked: the server loads the CommonJS one, the browser bundle the ESM one.
import { createRequire } from 'node:module';
import type { AgnosticRouteObject } from '@remix-run/router';
import * as esmBuild from '@remix-run/router/dist/router.js';
import { describe, expect, it } from 'vitest';

type Router = typeof import('@remix-run/router');
type Route = AgnosticRouteObject;

const cjs = createRequire(import.meta.url)('@remix-run/router') as Router;
// the ESM build's own types describe only its Router interface
const esm = esmBuild as unknown as Router;

function tree(): Route[] {
  return [
    {
      id: 'root',
      path: '',
      children: [
        { id: 'home', index: true },
        {
          id: 'challenges',
          path: 'challenges',
          children: [
            { id: 'challenges-index', index: true },
            { id: 'challenge', path: ':code' },
            { id: 'challenge-new', path: 'new' },
          ],
        },
        { id: 'docs', path: 'docs/*' },
        { id: 'about', path: ':lang?/about' },
        { id: 'case', path: 'CaseOnly', caseSensitive: true },
        { id: 'layout', children: [{ id: 'inside', path: 'inside' }] },
        { id: 'splat', path: '*' },
      ],
    },
  ];
}

/** What the router answered for these paths before the patch (its own rules, by hand). */
const expected: [string, string[], Record<string, string | undefined>][] = [
  ['/', ['root', 'home'], {}],
  ['/challenges', ['root', 'challenges', 'challenges-index'], {}],
  ['/challenges/', ['root', 'challenges', 'challenges-index'], {}],
  ['/challenges/new', ['root', 'challenges', 'challenge-new'], {}],
  ['/challenges/ZB-2021-047', ['root', 'challenges', 'challenge'], { code: 'ZB-2021-047' }],
  ['/challenges/%E6%9D%90%E6%96%99', ['root', 'challenges', 'challenge'], { code: '材料' }],
  ['/CHALLENGES/New', ['root', 'challenges', 'challenge-new'], {}],
  ['/docs', ['root', 'docs'], { '*': '' }],
  ['/docs/a/b', ['root', 'docs'], { '*': 'a/b' }],
  ['/about', ['root', 'about'], { lang: undefined }],
  ['/en/about', ['root', 'about'], { lang: 'en' }],
  ['/CaseOnly', ['root', 'case'], {}],
  ['/caseonly', ['root', 'splat'], { '*': 'caseonly' }],
  ['/inside', ['root', 'layout', 'inside'], {}],
  ['/x/y', ['root', 'splat'], { '*': 'x/y' }],
];

function answer(router: Router, routes: Route[], path: string, basename?: string) {
  const matches = router.matchRoutes(routes, path, basename);
  return matches && { ids: matches.map((m) => m.route.id), params: { ...matches[0].params } };
}

/** Counts every property read of the tree's arrays (iteration, forEach, length, elements). */
function counted(routes: Route[]) {
  const reads: string[] = [];
  const wrap = (list: Route[]): Route[] =>
    new Proxy(
      list.map((r) => (r.children ? { ...r, children: wrap(r.children) } : r)),
      {
        get(target, key, receiver) {
          reads.push(String(key));
          return Reflect.get(target, key, receiver);
        },
      },
    );
  return { routes: wrap(routes), reads };
}

describe.each([
  ['CommonJS (server)', cjs],
  ['ESM (browser bundle)', esm],
])('route matching, %s', (_name, router) => {
  it('answers dynamic, splat, index, optional and case-sensitive paths as before, every time', () => {
    const routes = tree();
    for (let round = 0; round < 3; round++)
      for (const [path, ids, params] of expected)
        expect(answer(router, routes, path), `${path}, round ${round}`).toEqual({ ids, params });
    expect(router.matchRoutes([{ id: 'only', path: 'only' }], '/elsewhere')).toBeNull();
    expect(answer(router, routes, '/base/challenges/x', '/base')).toEqual({
      ids: ['root', 'challenges', 'challenge'],
      params: { code: 'x' },
    });
    expect(router.matchRoutes(routes, '/other/challenges', '/base')).toBeNull();
  });

  it('does not flatten a tree again: a second match reads nothing of it', () => {
    // a shape of its own, so that the first match flattens it
    const own = tree();
    own.push({ id: 'own', path: `own-${_name}` });
    const { routes, reads } = counted(own);
    expect(answer(router, routes, '/challenges/new')?.ids).toEqual([
      'root',
      'challenges',
      'challenge-new',
    ]);
    expect(reads).toContain('forEach');
    reads.length = 0;
    expect(answer(router, routes, '/challenges/ZB-1')?.params).toEqual({ code: 'ZB-1' });
    expect(answer(router, routes, '/docs/x')?.params).toEqual({ '*': 'x' });
    expect(reads).toEqual([]);
  });

  it('hands each call fresh matches: a caller changing one does not change the next', () => {
    const routes = tree();
    const first = router.matchRoutes(routes, '/challenges/A')!;
    (first[0].params as Record<string, string>).code = 'changed';
    first.pop();
    const second = router.matchRoutes(routes, '/challenges/A')!;
    expect(second.map((m) => m.route.id)).toEqual(['root', 'challenges', 'challenge']);
    expect(second[2].params).toEqual({ code: 'A' });
    expect(second[2].route).toBe(routes[0].children![1].children![1]);
  });

  it('ranks a new tree of the same shape once, and answers with its own route objects', () => {
    router.matchRoutes(tree(), '/inside');
    const { routes, reads } = counted(tree());
    const matches = router.matchRoutes(routes, '/challenges/ZB-2')!;
    // the shape is read by iterating the tree; flattenRoutes (forEach) does not run
    expect(reads).not.toContain('forEach');
    expect(matches.map((m) => m.route)).toEqual([
      routes[0],
      routes[0].children![1],
      routes[0].children![1].children![1],
    ]);
    expect(matches[2].route).toBe(routes[0].children![1].children![1]);
    // another shape is ranked on its own
    const other = tree();
    other[0].children!.push({ id: 'static', path: 'challenges/ZB-2' });
    expect(answer(router, other, '/challenges/ZB-2')?.ids).toEqual(['root', 'static']);
    expect(answer(router, routes, '/challenges/ZB-2')?.ids).toEqual([
      'root',
      'challenges',
      'challenge',
    ]);
  });

  it('sees routes added by patchRoutes (lazy route discovery) to a tree it has matched', () => {
    const routes = [{ id: 'r', path: '/', children: [{ id: 'a', path: 'a' }] }];
    const r = router.createRouter({ routes, history: router.createMemoryHistory() });
    const held = r.routes;
    expect(answer(router, held, '/a/b')).toBeNull();
    r.patchRoutes('a', [{ id: 'a-b', path: 'b' }]);
    expect(answer(router, held, '/a/b')?.ids).toEqual(['r', 'a', 'a-b']);
    r.patchRoutes(null, [{ id: 'c', path: '/c' }]);
    expect(answer(router, r.routes, '/c')?.ids).toEqual(['c']);
    r.dispose();
  });

  it('matchPath reuses a compiled pattern but not its answers', () => {
    const a = router.matchPath('/users/:id/*', '/users/7/files/x')!;
    (a.params as Record<string, string>).id = 'changed';
    expect(router.matchPath('/users/:id/*', '/users/7/files/x')).toEqual({
      params: { id: '7', '*': 'files/x' },
      pathname: '/users/7/files/x',
      pathnameBase: '/users/7',
      pattern: { path: '/users/:id/*', caseSensitive: false, end: true },
    });
    expect(router.matchPath({ path: '/A', caseSensitive: true }, '/a')).toBeNull();
    expect(router.matchPath({ path: '/A', caseSensitive: false }, '/a')).not.toBeNull();
    expect(router.matchPath({ path: '/a', end: false }, '/a/b')?.pathname).toBe('/a');
    expect(router.matchPath({ path: '/a', end: true }, '/a/b')).toBeNull();
  });

  it('resolves a link to an absolute path as before, from any page, every time', () => {
    type ResolveTo = (to: string, from: string[], location: string, relative: boolean) => object;
    const resolveTo = (router as unknown as { resolveTo: ResolveTo }).resolveTo;
    const cases: [string, string[], string, boolean, object][] = [
      [
        '/challenges/ZB-1?x=1#h',
        ['/'],
        '/stats',
        false,
        { pathname: '/challenges/ZB-1', search: '?x=1', hash: '#h' },
      ],
      [
        '/challenges/ZB-1?x=1#h',
        ['/', '/x'],
        '/foo/',
        true,
        { pathname: '/challenges/ZB-1', search: '?x=1', hash: '#h' },
      ],
      ['/a/../b/', ['/'], '/', false, { pathname: '/b/', search: '', hash: '' }],
      ['/a/./b', ['/', '/c'], '/c/', false, { pathname: '/a/b', search: '', hash: '' }],
      // relative ones are resolved from the page, each time
      [
        '.',
        ['/', '/challenges'],
        '/challenges/',
        false,
        { pathname: '/challenges/', search: '', hash: '' },
      ],
      [
        '..',
        ['/', '/challenges', '/challenges/x'],
        '/challenges/x',
        false,
        { pathname: '/challenges', search: '', hash: '' },
      ],
      ['x', ['/', '/stats'], '/stats', false, { pathname: '/stats/x', search: '', hash: '' }],
    ];
    for (let round = 0; round < 3; round++)
      for (const [to, from, location, relative, path] of cases)
        expect(resolveTo(to, from, location, relative), `${to}, round ${round}`).toEqual(path);
    // a caller changing its answer does not change the next one
    (resolveTo('/kept', ['/'], '/', false) as { pathname: string }).pathname = '/changed';
    expect(resolveTo('/kept', ['/'], '/', false)).toEqual({
      pathname: '/kept',
      search: '',
      hash: '',
    });
  });
});

// The render's route objects (patches/@remix-run+react+2.17.5.patch and
// patches/react-router-dom+6.30.4.patch, ADR 037): RemixServer made them, and the static router
// converted them, anew for every page served.
describe('the static router of a render', () => {
  type StaticRouter = { routes: Route[]; state: { matches: { route: Route }[] } };
  const { createStaticRouter } = createRequire(import.meta.url)('react-router-dom/server') as {
    createStaticRouter: (routes: Route[], context: unknown) => StaticRouter;
  };
  const contextFor = (routes: Route[], pathname: string) => {
    const matches = cjs.matchRoutes(routes, pathname)!;
    return {
      basename: '',
      location: { pathname, search: '', hash: '', state: null, key: 'default' },
      matches,
      loaderData: {},
      actionData: null,
      errors: null,
      statusCode: 200,
      loaderHeaders: {},
      actionHeaders: {},
      activeDeferreds: null,
    };
  };

  it('converts a route tree once, and matches each render against the kept data routes', () => {
    const routes = tree();
    const first = createStaticRouter(routes, contextFor(routes, '/challenges/ZB-1'));
    const second = createStaticRouter(routes, contextFor(routes, '/challenges'));
    expect(second.routes).toBe(first.routes);
    expect(first.state.matches.map((m) => m.route.id)).toEqual(['root', 'challenges', 'challenge']);
    expect(second.state.matches.map((m) => m.route.id)).toEqual([
      'root',
      'challenges',
      'challenges-index',
    ]);
    // the matches carry the kept data routes, each render its own match objects
    expect(second.state.matches[1]!.route).toBe(first.state.matches[1]!.route);
    expect(second.state.matches[1]).not.toBe(first.state.matches[1]);
    // another tree (another build, HMR) is converted for itself
    const other = tree();
    expect(createStaticRouter(other, contextFor(other, '/')).routes).not.toBe(first.routes);
  });
});

// patches/@remix-run+react+2.17.5.patch (ADR 037): RemixServer kept its route objects per route
// modules object, which Remix makes anew for every request, so it never found them. Driven
// here through Remix's own request handler, as the server runs it.
describe('the route objects of RemixServer', () => {
  const require = createRequire(import.meta.url);
  const { createElement, useContext } = require('react') as typeof import('react');
  const { renderToString } = require('react-dom/server') as typeof import('react-dom/server');
  const { RemixServer } = require('@remix-run/react') as typeof import('@remix-run/react');
  const { UNSAFE_RouteContext } = require('react-router') as typeof import('react-router');
  const { createRequestHandler } = require('@remix-run/server-runtime') as {
    createRequestHandler: (build: unknown, mode: string) => (request: Request) => Promise<Response>;
  };

  /** A one-route build whose page records the route object it was rendered with. */
  function build(seen: unknown[]) {
    const Root = () => {
      seen.push(useContext(UNSAFE_RouteContext).matches[0]!.route);
      return createElement('p', null, 'ok');
    };
    const manifestRoute = {
      id: 'root',
      path: '',
      module: '/root.js',
      imports: [],
      hasAction: false,
      hasLoader: false,
      hasClientAction: false,
      hasClientLoader: false,
      hasErrorBoundary: false,
    };
    return {
      mode: 'production',
      future: {},
      isSpaMode: false,
      publicPath: '/',
      assetsBuildDirectory: 'public/build',
      assets: {
        version: 'test',
        url: '/manifest.js',
        entry: { module: '/entry.js', imports: [] },
        routes: { root: manifestRoute },
      },
      routes: { root: { id: 'root', path: '', module: { default: Root } } },
      entry: {
        module: {
          default: (request: Request, status: number, headers: Headers, context: unknown) =>
            new Response(
              renderToString(
                createElement(RemixServer, { context: context as never, url: request.url }),
              ),
              { status, headers },
            ),
        },
      },
    };
  }

  it('are made once for a build, though each request brings a new route modules object', async () => {
    const seen: unknown[] = [];
    const handle = createRequestHandler(build(seen), 'production');
    for (const path of ['/', '/?a=1', '/'])
      expect((await handle(new Request(`http://localhost${path}`))).status).toBe(200);
    expect(seen).toHaveLength(3);
    expect(seen[1]).toBe(seen[0]);
    expect(seen[2]).toBe(seen[0]);
    // a new build (another module object) gets route objects of its own
    const other: unknown[] = [];
    await createRequestHandler(build(other), 'production')(new Request('http://localhost/'));
    expect(other[0]).not.toBe(seen[0]);
  });
});
