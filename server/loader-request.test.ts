// The patch to @remix-run/server-runtime (patches/, ADR 037): a loader or action gets the
// request itself unless there is a parameter to strip. Remix made two new Requests per loader,
// so the root's and the page's loaders each read the session (the guards' memo is keyed by the
// request): one more database round trip per signed-in page. Both builds are checked.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

type Data = typeof import('@remix-run/server-runtime/dist/data');
const cjs = createRequire(import.meta.url)('@remix-run/server-runtime/dist/data.js') as Data;
// the ESM build has no type declarations of its own: the CommonJS build's describe it
const esm = (await import(
  // @ts-expect-error -- no declaration file for the ESM build
  '@remix-run/server-runtime/dist/esm/data.js'
)) as Data;

async function received(
  data: Data,
  kind: 'loader' | 'action',
  request: Request,
  singleFetch = true,
): Promise<Request> {
  let got: Request | undefined;
  const fn = ({ request: r }: { request: Request }) => {
    got = r;
    return null;
  };
  const args = { loadContext: {}, params: {}, request, routeId: 'routes/x', singleFetch };
  if (kind === 'loader') await data.callRouteLoader({ ...args, loader: fn } as never);
  else await data.callRouteAction({ ...args, action: fn } as never);
  return got!;
}

describe.each([
  ['CommonJS', cjs],
  ['ESM', esm],
])('a route module’s request (%s build)', (_name, data) => {
  it('is the request itself when there is nothing to strip', async () => {
    const request = new Request('http://localhost/applications?status=DRAFT');
    expect(await received(data, 'loader', request)).toBe(request);
    expect(await received(data, 'loader', request, false)).toBe(request);
    const post = new Request('http://localhost/applications/a1/edit', {
      method: 'POST',
      body: 'title=x',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    const got = await received(data, 'action', post);
    expect(got).toBe(post);
    expect(await got.text()).toBe('title=x');
  });

  it('still loses ?index, _routes and _data, keeping the rest', async () => {
    const index = await received(
      data,
      'action',
      new Request('http://localhost/challenges?index&q=a', { method: 'POST', body: 'x=1' }),
    );
    expect(index.url).toBe('http://localhost/challenges?q=a');
    expect(await index.text()).toBe('x=1');
    const routes = await received(
      data,
      'loader',
      new Request('http://localhost/challenges.data?_routes=root&page=2'),
    );
    expect(routes.url).toBe('http://localhost/challenges.data?page=2');
    const legacy = await received(
      data,
      'loader',
      new Request('http://localhost/challenges?_data=root&page=2'),
      false,
    );
    expect(legacy.url).toBe('http://localhost/challenges?page=2');
  });
});
