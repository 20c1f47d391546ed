import { PassThrough } from 'node:stream';
import { createReadableStreamFromReadable } from '@remix-run/node';
import type { ReactNode } from 'react';
// React 18.3.1's Node renderer, with the one-line fix of React 19 (facebook/react#26228) applied
// by patches/react-dom+18.3.1.patch: unpatched, it sent out its whole 2,048-byte view, unwritten
// bytes included, when a multi-byte character would cross it, so Chinese pages carried NULs
// (facebook/react#31134). The web-streams renderer, which had no such bug, encodes every string
// on its own and cost a sixth of a page's CPU. docs/decisions/016.
import { renderToPipeableStream } from 'react-dom/server';

export type RenderOptions = {
  nonce?: string;
  /** resolve only once everything, suspended parts included, is rendered (crawlers, no-JS) */
  waitForAll: boolean;
  /** gives up on parts still suspended after this long */
  abortDelayMs: number;
  onError: (error: unknown) => void;
};

/**
 * Renders a document as a byte stream; resolves when the shell (or, with `waitForAll`, the
 * whole document) is ready and rejects when the shell fails.
 */
export function renderHtml(
  element: ReactNode,
  { nonce, waitForAll, abortDelayMs, onError }: RenderOptions,
): Promise<ReadableStream<Uint8Array>> {
  return new Promise((resolve, reject) => {
    let started = false;
    const start = () => {
      if (started) return;
      started = true;
      const body = new PassThrough();
      // React's listener of the stream's 'close' ends it again after every page; Node answers
      // a second end() by building an error, stack and all, that nobody reads (~1 % of a
      // page's CPU in the profile of ADR 020)
      const end = body.end.bind(body) as (...args: unknown[]) => PassThrough;
      body.end = ((...args: unknown[]) => (body.writableEnded ? body : end(...args))) as never;
      render.pipe(body);
      resolve(createReadableStreamFromReadable(body));
    };
    // the arrow reads `render` only when the delay is over
    const timer = setTimeout(() => render.abort(), abortDelayMs);
    const render = renderToPipeableStream(element, {
      nonce,
      onShellReady() {
        if (!waitForAll) start();
      },
      onAllReady() {
        // once all is rendered there is nothing left to abort
        clearTimeout(timer);
        start();
      },
      onShellError(error) {
        clearTimeout(timer);
        reject(error);
      },
      onError,
    });
  });
}
