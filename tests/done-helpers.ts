// Reading a "done" notice the way the page does (app/lib/done.ts): after a change, an action
// redirects to its page with `?done=<key>` and a few values; the tests check what the user
// will be told, not a value that only the action returns.
import { expect } from 'vitest';
import { DONE_MESSAGES, readDone, type DonePage } from '~/lib/done';

type Reply = { status?: string; error?: Record<string, string[] | null> | null };

/**
 * The notice `r` (a redirect to `path`) asks the page to show: its translation key and the
 * values its message names, read through the same filter as the page. Fails otherwise.
 */
export function doneNotice(
  page: DonePage,
  r: unknown,
  path: string,
  valueNames: readonly string[] = [],
): { key: string; params?: Record<string, string> } {
  expect(r).toBeInstanceOf(Response);
  const response = r as Response;
  expect(response.status).toBe(302);
  const to = new URL(response.headers.get('Location') ?? '', 'http://x');
  expect(to.pathname).toBe(path);
  const messages: Record<string, string> = DONE_MESSAGES[page];
  const found = readDone(to.searchParams, Object.keys(messages), valueNames);
  expect(found, `a notice of ${page} in ${to.search}`).not.toBeNull();
  const params = Object.fromEntries(
    Object.entries(found!.values).filter(([, value]) => value !== ''),
  );
  return { key: messages[found!.done]!, ...(Object.keys(params).length ? { params } : {}) };
}

/** The values the challenge desk's notices name (its `<DoneNotice values>`). */
const DESK_VALUES = ['code', 'created', 'recused'] as const;

/**
 * What the challenge desk shows after a post: the errors its action sent back for one form
 * (and no notice), or the notice of its redirect back to the desk (and no errors).
 */
export function deskOutcome(r: unknown, code: string) {
  if (r && typeof r === 'object' && 'result' in r) {
    const { target, result } = r as { target: string; result: Reply };
    return { target, result, notice: null, errors: result.error ?? {} };
  }
  return {
    target: null,
    result: {} as Reply,
    notice: doneNotice('challengeDesk', r, `/review/challenges/${code}`, DESK_VALUES),
    errors: {},
  };
}
