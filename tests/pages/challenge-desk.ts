// The bureau's challenge desk (review.challenges.$code): posting one of its forms, and what
// the desk then shows.
import { db } from '~/lib/db.server';
import { action } from '~/routes/review.challenges.$code/route';
import {
  args,
  doneNotice,
  formPost,
  signedInRequest,
  type Reply,
  type SignedIn,
} from '../route-call';

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

/**
 * Posts one of the desk's forms as `user`; what the desk then shows (see deskOutcome). A
 * redirect the action throws reads like one it returns; a refusal it throws (a 403, a 404)
 * is thrown on, for `thrown()`.
 */
export async function postToDesk(
  user: SignedIn,
  code: string,
  fields: Record<string, string> | [string, string][],
) {
  const request = await signedInRequest(db, user, `/review/challenges/${code}`, formPost(fields));
  let answer: unknown;
  try {
    answer = await action(args(request, { code }));
  } catch (error) {
    if (!(error instanceof Response && error.status === 302)) throw error;
    answer = error;
  }
  return deskOutcome(answer, code);
}
