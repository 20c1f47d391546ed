// The answer to a proved password (a sign-in, an unlock link, an accepted invitation): the
// session starts, and the way on is the second factor first for staff.
import { redirect } from '@remix-run/node';
import { db } from '~/lib/db.server';
import { startSession } from '~/lib/session.server';

/** To `next` (the account page without one); staff by the second factor, which sends them on. */
export async function signedIn(
  request: Request,
  user: Parameters<typeof startSession>[2],
  next?: string,
) {
  const { cookie, secondFactor } = await startSession(db, request, user);
  const to = !secondFactor
    ? (next ?? '/account')
    : next
      ? `${secondFactor}?redirectTo=${encodeURIComponent(next)}`
      : secondFactor;
  return redirect(to, { headers: { 'Set-Cookie': cookie } });
}
