// The header's count of unread notices (root loader): a user's own unread notices, no one
// else's, and none once they are marked read — on both engines.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { loader as rootLoader } from '~/root';
import { markAllRead } from '~/services/accounts/inbox.server';
import { makeUser } from './factories';
import { args, signedInRequest, type SignedIn } from './route-call';

afterAll(() => db.$disconnect());

async function unreadShown(user: SignedIn) {
  const answer = (await rootLoader(args(await signedInRequest(db, user, '/')))) as unknown as {
    data?: { user: { unread: number } | null };
    user?: { unread: number } | null;
  };
  return (answer.data ?? answer).user?.unread;
}

const notice = (userId: string, readAt: Date | null = null) =>
  db.notification.create({
    data: { userId, kind: 'test.notice', payload: '{}', link: null, readAt },
  });

describe(`unread notices in the header (${inject('databaseKind')})`, () => {
  it('counts the user’s unread notices only, and none after marking them read', async () => {
    const me = await makeUser(db, { role: 'TEAM' });
    const other = await makeUser(db, { role: 'TEAM' });
    expect(await unreadShown(me)).toBe(0);

    await notice(me.id);
    await notice(me.id);
    await notice(me.id, new Date());
    await notice(other.id);
    expect(await unreadShown(me)).toBe(2);
    expect(await unreadShown(other)).toBe(1);

    await markAllRead(db, me.id);
    expect(await unreadShown(me)).toBe(0);
    expect(await unreadShown(other)).toBe(1);
  });
});
