import type { ReactNode } from 'react';
// Not 'react-dom/server': React 18.3.1's Node renderer (renderToPipeableStream) sends out its
// whole 2,048-byte view, unwritten bytes included, when a multi-byte character would cross
// it, so Chinese pages carried NULs (facebook/react#31134). Its web-streams renderer encodes
// every string whole before cutting views, so its bytes are exact. docs/decisions/016.
import { renderToReadableStream } from 'react-dom/server.browser';

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
export async function renderHtml(
  element: ReactNode,
  { nonce, waitForAll, abortDelayMs, onError }: RenderOptions,
): Promise<ReadableStream<Uint8Array>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), abortDelayMs);
  try {
    const stream = await renderToReadableStream(element, {
      nonce,
      signal: controller.signal,
      onError,
    });
    // once all is rendered there is nothing left to abort
    void stream.allReady.then(
      () => clearTimeout(timer),
      () => clearTimeout(timer),
    );
    if (waitForAll) await stream.allReady;
    return stream;
  } catch (error) {
    clearTimeout(timer);
    throw error;
  }
}
