import { Suspense, createElement as h, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server.browser';
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
