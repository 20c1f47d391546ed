// The outbox page tells an operator a mail the sender will try again from one it has given up
// on, through the real send path with an SMTP server that refuses every message.
import nodemailer from 'nodemailer';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { deliver, MAX_ATTEMPTS, queueMail, RETRY_AFTER_MS } from '~/lib/mail.server';
import { loader as mailLoader } from '~/routes/admin.mail/route';
import { uid } from './factories';
import { setUpAdmin, admin } from './admin-helpers';
import { args, signedInRequest } from './route-call';

setUpAdmin();

afterAll(() => db.$disconnect());

const refusing = nodemailer.createTransport({
  name: 'refusing',
  version: '1',
  send: (_mail: unknown, done: (error: Error | null, info: unknown) => void) =>
    done(new Error('550 mailbox unavailable'), null),
});

async function shown(id: string) {
  const page = await mailLoader(args(await signedInRequest(db, admin, '/admin/mail')));
  const message = page.messages.find((m) => m.id === id);
  expect(message, 'the mail is on the first page').toBeDefined();
  return message!;
}

describe(`the outbox page (${inject('databaseKind')})`, () => {
  it('shows a failed mail as retrying, with its next attempt, then as given up', async () => {
    const id = await db.$transaction((tx) =>
      queueMail(tx, { to: `bounce-${uid()}@example.test`, subject: '测试', text: '正文' }),
    );
    let now = new Date();
    await deliver(db, [id], { transport: refusing, now });

    const first = await shown(id);
    expect(first.state).toEqual({ kind: 'retrying', attempts: 1, maxAttempts: MAX_ATTEMPTS });
    expect(new Date(first.nextAttemptAt!).getTime()).toBe(now.getTime() + RETRY_AFTER_MS[0]);
    expect(first.error).toContain('550 mailbox unavailable');

    for (const wait of RETRY_AFTER_MS) {
      now = new Date(now.getTime() + wait);
      await deliver(db, [id], { transport: refusing, now });
    }

    const last = await shown(id);
    expect(last.state).toEqual({ kind: 'givenUp', attempts: MAX_ATTEMPTS });
    expect(last.nextAttemptAt).toBeNull();
    expect(last.sentAt).toBeNull();
  });
});
