// Clarification questions through the public challenge page (challenges.$code): its loader
// and action as a signed-in user or a visitor meets them.
import { expect } from 'vitest';
import { db } from '~/lib/db.server';
import { DONE_MESSAGES } from '~/lib/done';
import { action, loader } from '~/routes/challenges.$code/route';
import type { TestUser } from '../factories';
import { args, formPost, signedInRequest, TEST_ORIGIN } from '../route-call';

/**
 * Posts a question form as `as`. What the page shows after it: the notice its redirect back
 * to the questions asks for (`?done=`, app/lib/done.ts), or the errors the action sent back
 * (and then no notice).
 */
export async function postQuestionForm(as: TestUser, code: string, fields: Record<string, string>) {
  const result = await action(
    args(await signedInRequest(db, as, `/challenges/${code}`, formPost(fields)), { code }),
  );
  if ('result' in result) return { notice: null, errors: result.result.error ?? {} };
  expect(result.status).toBe(302);
  const to = new URL(result.headers.get('Location') ?? '', 'http://x');
  expect(`${to.pathname}${to.hash}`).toBe(`/challenges/${code}#questions`);
  const done = to.searchParams.get('done') ?? '';
  const messages: Record<string, string> = DONE_MESSAGES.questions;
  return { notice: messages[done] ?? `unknown notice ${done}`, errors: {} };
}

/** The questions part of the challenge page as `as` sees it (null: a visitor). */
export async function clarifications(as: TestUser | null, code: string) {
  const request = as
    ? await signedInRequest(db, as, `/challenges/${code}`)
    : new Request(`${TEST_ORIGIN}/challenges/${code}`);
  return (await loader(args(request, { code }))).clarifications;
}
