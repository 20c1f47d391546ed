// react-router's useResolvedPath, patched (patches/, ADR 037) to skip serialising the route's
// matches for an absolute path: every link still gets the href it got before. All three builds
// are checked, each with its own router and contexts: the server loads the production UMD
// build, tests the development one, the browser bundle the ESM one.
import { createRequire } from 'node:module';
import { createElement as h } from 'react';
import { renderToString } from 'react-dom/server';
import * as esmBuild from 'react-router/dist/index.js';
import { describe, expect, it } from 'vitest';

type Build = typeof import('react-router');

const load = createRequire(import.meta.url);
const builds: [string, Build][] = [
  ['production (server)', load('react-router/dist/umd/react-router.production.min.js') as Build],
  ['development', load('react-router/dist/umd/react-router.development.js') as Build],
  ['ESM (browser)', esmBuild as unknown as Build],
];

/** `to` → the href of a link in the route `:code/*` (inside `challenges`) at `location`. */
const expected: [string | { pathname: string; search?: string }, string][] = [
  ['/', '/'],
  ['/stats', '/stats'],
  ['/challenges/ZB-2021-047/', '/challenges/ZB-2021-047/'],
  ['/?lang=en', '/?lang=en'],
  ['/challenges?q=膜&sort=deadline', '/challenges?q=膜&sort=deadline'],
  ['/a/../b', '/b'],
  ['/#top', '/#top'],
  [{ pathname: '/obj', search: '?x=1' }, '/obj?x=1'],
  // relative ones still resolve against the route, which the patch leaves alone
  ['apply', '/challenges/ZB-2021-047/apply'],
  ['../ZB-2021-050', '/challenges/ZB-2021-050'],
  ['..', '/challenges'],
  ['.', '/challenges/ZB-2021-047'],
  ['?lang=en', '/challenges/ZB-2021-047/files/a?lang=en'],
  [{ pathname: 'x' }, '/challenges/ZB-2021-047/x'],
];

function hrefs(build: Build, location: string) {
  const Probes = () =>
    h(
      'ul',
      null,
      expected.map(([to], i) => h('li', { key: i }, build.useHref(to))),
    );
  const html = renderToString(
    h(
      build.MemoryRouter,
      { initialEntries: [location] },
      h(
        build.Routes,
        null,
        h(
          build.Route,
          { path: 'challenges' },
          h(build.Route, { path: ':code/*', element: h(Probes) }),
        ),
      ),
    ),
  );
  return [...html.matchAll(/<li>(.*?)<\/li>/g)].map((m) =>
    m[1]!.replaceAll('&amp;', '&').replaceAll('&#x27;', "'"),
  );
}

describe("a link's href, with the absolute paths' shortcut", () => {
  for (const [name, build] of builds) {
    it(`is what the router's rules give, absolute or relative (${name})`, () => {
      const location = '/challenges/ZB-2021-047/files/a';
      // twice: the second render must not be served anything the first one left behind
      for (let round = 0; round < 2; round++)
        expect(hrefs(build, location)).toEqual(expected.map(([, href]) => href));
    });
  }
});
