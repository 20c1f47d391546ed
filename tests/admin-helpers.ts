// Setup shared by the admin test files. Each file calls setUpAdmin() once at its top: the
// integration suite runs its files in one module graph (vitest.config.ts, isolate: false), so
// the hook is registered by the call, in that file, and every file gets its own fixtures.
import { beforeAll } from 'vitest';
import { db } from '~/lib/db.server';
import { action as usersAction } from '~/routes/admin.users/route';
import { makeUser } from './factories';
import { args, formPost, signedInRequest } from './route-call';
import { DONE_MESSAGES } from '~/lib/done';

export type Admin = Awaited<ReturnType<typeof makeUser>>;
export let admin: Admin;

/** Registers the hook that makes the admin for the calling test file. */
export function setUpAdmin() {
  beforeAll(async () => {
    admin = await makeUser(db, { role: 'ADMIN' });
  });
}

/**
 * Posts the fields to the users page as the admin. Refusals come back as field or form errors
 * (never thrown, so never a 500); the action's data and its errors by field ('' = form).
 */
export async function post(fields: Record<string, string>, as: Admin = admin) {
  const request = await signedInRequest(db, as, '/admin/users', formPost(fields));
  try {
    const result = await usersAction(args(request));
    return { ...result, errors: result.result.error ?? {}, notice: null };
  } catch (thrownResponse) {
    // a change redirects back with its notice (`?done=`, app/lib/done.ts): the shown message
    if (!(thrownResponse instanceof Response)) throw thrownResponse;
    const to = new URL(thrownResponse.headers.get('Location') ?? '', 'http://x');
    if (to.pathname !== '/admin/users') throw thrownResponse;
    const done = to.searchParams.get('done') as keyof typeof DONE_MESSAGES.users;
    return {
      target: 'page',
      result: { status: 'success' } as { status?: string },
      errors: {} as Record<string, string[] | null>,
      notice: { key: DONE_MESSAGES.users[done] },
    };
  }
}
