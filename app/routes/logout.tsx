import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { getAuth } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { clearedSessionCookie, invalidateSession } from '~/lib/session.server';

// POST only: signing out changes state, so a GET (a link, an image) cannot do it.
export async function loader() {
  throw redirect('/');
}

export async function action({ request }: ActionFunctionArgs) {
  const auth = await getAuth(request);
  if (auth) await invalidateSession(db, auth.sessionId);
  return redirect('/', { headers: { 'Set-Cookie': clearedSessionCookie(request) } });
}
