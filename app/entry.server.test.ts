import { createStaticHandler, isRouteErrorResponse } from '@remix-run/router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handleError } from './entry.server';

// what Remix hands handleError for a document request: the router's own error for an unknown
// URL (an ErrorResponse that carries an internal Error and its stack), a Response a loader threw…
async function routerErrorFor(path: string, method = 'GET') {
  const handler = createStaticHandler([
    { id: 'root', path: '/', children: [{ id: 'page', path: 'page', loader: () => null }] },
  ]);
  const context = await handler.query(new Request(`http://localhost${path}`, { method }));
  if (context instanceof Response) throw new Error('expected a render context');
  return Object.values(context.errors ?? {})[0];
}

function request(aborted = false) {
  const controller = new AbortController();
  if (aborted) controller.abort();
  return new Request('http://localhost/x', { signal: controller.signal });
}

const args = (r: Request) => ({ request: r, params: {}, context: {} });

describe('handleError', () => {
  const log = vi.spyOn(console, 'error').mockImplementation(() => {});
  afterEach(() => log.mockClear());

  it('logs nothing for an unknown URL or a method a route does not take', async () => {
    const notFound = await routerErrorFor('/no-such-page');
    expect(isRouteErrorResponse(notFound) && notFound.status).toBe(404);
    handleError(notFound, args(request()));
    const notAllowed = await routerErrorFor('/page', 'POST');
    expect(isRouteErrorResponse(notAllowed) && notAllowed.status).toBe(405);
    handleError(notAllowed, args(request()));
    expect(log).not.toHaveBeenCalled();
  });

  it('logs nothing for a 403 or 404 a loader threw', () => {
    handleError(new Response(null, { status: 403 }), args(request()));
    handleError(new Response(null, { status: 404 }), args(request()));
    expect(log).not.toHaveBeenCalled();
  });

  it('logs nothing for a request the client gave up on', () => {
    handleError(new Error('aborted'), args(request(true)));
    expect(log).not.toHaveBeenCalled();
  });

  it('logs a real fault with its stack', () => {
    const fault = new Error('database unreachable');
    handleError(fault, args(request()));
    expect(log).toHaveBeenCalledWith(fault);
    handleError(new Response(null, { status: 503 }), args(request()));
    expect(log).toHaveBeenCalledTimes(2);
  });
});
