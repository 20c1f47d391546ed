import { describe, expect, it } from 'vitest';
import { en } from '~/i18n/en';
import { zh } from '~/i18n/zh';
import { DONE_MESSAGES, doneHere, doneUrl, readDone } from './done';

const lookup = (catalogue: object, key: string) =>
  key
    .split('.')
    .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], catalogue);

describe('done notices', () => {
  it('adds the notice and its values to a path, keeping its query', () => {
    expect(doneUrl('needDecision', '/review/needs/n1', 'publish', { code: 'ZB-2026-001' })).toBe(
      '/review/needs/n1?done=publish&code=ZB-2026-001',
    );
    expect(doneUrl('need', '/needs/n1?lang=en&done=updated', 'submit')).toBe(
      '/needs/n1?lang=en&done=submit',
    );
  });

  it('reads only a notice the page knows, and only values of the kind its own redirects write', () => {
    const read = (query: string) =>
      readDone(new URLSearchParams(query), ['publish', 'return'], ['code']);
    expect(read('done=publish&code=ZB-2026-001')).toEqual({
      done: 'publish',
      values: { code: 'ZB-2026-001' },
    });
    expect(read('done=needs.errors.conflict')).toBeNull();
    expect(read('done=')).toBeNull();
    expect(read('code=ZB-1')).toBeNull();
    // a hostile link cannot put its own words into the bureau's voice
    expect(read('done=publish&code=请致电 400-000 领取奖金')?.values.code).toBe('');
    expect(read(`done=publish&code=${'A'.repeat(41)}`)?.values.code).toBe('');
    expect(read('done=publish&code=<b>x</b>')?.values.code).toBe('');
  });

  it('names a message in both languages for every notice of every page', () => {
    const missing = Object.entries(DONE_MESSAGES).flatMap(([page, messages]) =>
      Object.entries(messages as Record<string, string>)
        .filter(
          ([, key]) => typeof lookup(zh, key) !== 'string' || typeof lookup(en, key) !== 'string',
        )
        .map(([done, key]) => `${page}.${done} → ${key}`),
    );
    expect(missing).toEqual([]);
  });
});

describe('a notice on the page the form was sent from', () => {
  it("keeps the page's own query, drops the last notice and the single-fetch plumbing", () => {
    const request = new Request(
      'http://x/review/events/expo-2026.data?tq=%E9%99%B6%E7%93%B7&done=attached&code=ZB-1&_routes=routes%2Freview.events.%24slug',
      { method: 'POST' },
    );
    expect(doneHere('event', request, 'matchRecorded')).toBe(
      '/review/events/expo-2026?tq=%E9%99%B6%E7%93%B7&done=matchRecorded',
    );
    expect(
      doneHere('event', new Request('http://x/review/events/e?index'), 'attached', {
        code: 'ZB-2',
      }),
    ).toBe('/review/events/e?done=attached&code=ZB-2');
  });
});
