import { createRequire } from 'node:module';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Suspense, createElement as h, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { renderHtml } from './render-html.server';

const NUL = 0x00;
const REPLACEMENT = Buffer.from('\uFFFD'); // EF BF BD

async function bytesOf(element: ReactNode, waitForAll = true, abortDelayMs = 5_000) {
  const errors: unknown[] = [];
  const stream = await renderHtml(element, {
    waitForAll,
    abortDelayMs,
    onError: (e) => {
      errors.push(e);
    },
  });
  return { bytes: Buffer.from(await new Response(stream).arrayBuffer()), errors };
}

// Chinese text (3 bytes a character) after an ASCII run of every length, so that some
// character straddles each of the renderer's internal buffer boundaries
function page(pad: number) {
  return h(
    'main',
    null,
    h('p', null, 'x'.repeat(pad)),
    Array.from({ length: 60 }, (_, i) =>
      h(
        'section',
        { key: i },
        h('input', { placeholder: '标题、需求背景或考核指标中的字词' }),
        h('textarea', { defaultValue: `公司承接燃气轮机叶片项目，科技局工作台${i}` }),
      ),
    ),
  );
}

describe('renderHtml', () => {
  it('sends Chinese text byte for byte, wherever a buffer boundary falls', async () => {
    for (let pad = 0; pad < 48; pad++) {
      const { bytes, errors } = await bytesOf(page(pad));
      expect(errors).toEqual([]);
      expect(bytes.indexOf(NUL), `NUL at pad ${pad}`).toBe(-1);
      expect(bytes.indexOf(REPLACEMENT), `U+FFFD at pad ${pad}`).toBe(-1);
      expect(bytes.toString('utf8')).toBe(renderToString(page(pad)));
    }
  });

  it('streams the shell first, or waits for everything when asked', async () => {
    let resolve!: () => void;
    const ready = new Promise<void>((r) => (resolve = r));
    let loaded = false;
    function Slow() {
      if (!loaded) throw ready.then(() => (loaded = true));
      return h('p', null, '已加载');
    }
    const element = h(Suspense, { fallback: h('p', null, '加载中') }, h(Slow));
    setTimeout(resolve, 20);
    const { bytes } = await bytesOf(element, true);
    expect(bytes.toString('utf8')).toContain('已加载');
    expect(bytes.toString('utf8')).not.toContain('加载中');
  });

  it('gives up on a part that never arrives after the abort delay, keeping the fallback', async () => {
    function Never(): ReactNode {
      throw new Promise(() => {});
    }
    const element = h('div', null, h(Suspense, { fallback: h('p', null, '加载中') }, h(Never)));
    const started = Date.now();
    const { bytes, errors } = await bytesOf(element, false, 50);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(bytes.toString('utf8')).toContain('加载中');
    expect(errors.length).toBe(1);
  });

  it('rejects when the shell itself fails', async () => {
    function Broken(): ReactNode {
      throw new Error('shell fault');
    }
    await expect(bytesOf(h(Broken))).rejects.toThrow('shell fault');
  });
});

// The tests above run React's development build; `npm start` runs its production build, patched
// the same way (patches/react-dom+18.3.1.patch), so its bytes are checked here too.
describe("React's production Node renderer, as patched", () => {
  // by its file: the package's exports pick the build by NODE_ENV
  const require = createRequire(import.meta.url);
  const file = path.join(
    path.dirname(require.resolve('react-dom/package.json')),
    'cjs/react-dom-server.node.production.min.js',
  );
  const production = require(file) as typeof import('react-dom/server');

  function render(element: ReactNode) {
    return new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const sink = new PassThrough();
      sink.on('data', (c: Buffer) => chunks.push(c));
      sink.on('end', () => resolve(Buffer.concat(chunks)));
      const r = production.renderToPipeableStream(element, {
        onAllReady: () => r.pipe(sink),
        onShellError: reject,
      });
    });
  }

  it('sends Chinese, mixed and long text byte for byte', async () => {
    const mixed = (pad: number) =>
      h(
        'div',
        null,
        h('p', null, 'y'.repeat(pad)),
        Array.from({ length: 40 }, (_, i) =>
          h(
            'span',
            { key: i, title: '锂电池'.repeat(i % 7) },
            `${'ab'.repeat(i)}电池${'é'.repeat(i % 5)}`,
          ),
        ),
        // longer than a view: sent on its own
        h('p', null, '长'.repeat(1_000)),
      );
    for (let pad = 0; pad < 48; pad++) {
      for (const element of [page(pad), mixed(pad)]) {
        const bytes = await render(element);
        expect(bytes.indexOf(NUL), `NUL at pad ${pad}`).toBe(-1);
        expect(bytes.toString('utf8')).toBe(renderToString(element));
      }
    }
  });

  it('sends a page longer than the gathered text (16,384 characters) whole, in order', async () => {
    // text gathered past the limit is sent in the middle of the page: emoji (two UTF-16 units),
    // Chinese and attributes on both sides of it
    const long = h(
      'main',
      null,
      Array.from({ length: 60 }, (_, i) =>
        h(
          'section',
          { key: i, 'data-i': i, title: `第${i}节😀` },
          `${'揭榜挂帅😀'.repeat(i * 3)}${i}`,
        ),
      ),
    );
    const bytes = await render(long);
    expect(bytes.length).toBeGreaterThan(3 * 16_384);
    expect(bytes.indexOf(NUL)).toBe(-1);
    expect(bytes.toString('utf8')).toBe(renderToString(long));
  });
});
