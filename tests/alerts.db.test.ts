// Alerts for teams (issue 16, point 2): publishing a challenge through the bureau's decision
// enqueues one job in the publishing transaction; running it (by two workers at once, and again
// after a lost end) tells each member of a team with a matching subscription exactly once, in
// the app and by mail in the member's language with an unsubscribe link; the link works signed
// out, a forged one changes nothing; a daily subscription's matches come in one digest mail;
// the team's page refuses hostile input and other teams.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { digestSlot } from '~/domain/alerts';
import { db } from '~/lib/db.server';
import { signToken } from '~/lib/crypto/signed-token.server';
import { action as pageAction, loader as pageLoader } from '~/routes/account.alerts/route';
import {
  action as unsubscribeAction,
  loader as unsubscribeLoader,
} from '~/routes/alerts.unsubscribe.$token';
import {
  CHALLENGE_JOB,
  DIGEST_JOB,
  ensureDigestJob,
  runAlerts,
} from '~/services/alerts/delivery.server';
import { createAlert } from '~/services/alerts/subscriptions.server';
import { actorOf } from '~/services/kernel/actor';
import { transition } from '~/services/needs/needs.server';
import { makeChallenge, makeTeam, makeUser, uid, type TestUser } from './factories';
import {
  args,
  errorsOf,
  formPost,
  postAs,
  signedInRequest,
  statusOf,
  TEST_ORIGIN,
} from './route-call';

const WAN = 1_000_000;

afterAll(async () => {
  // later files publish too: no subscription of this file may match their challenges
  await db.alertSubscription.updateMany({
    where: { endedAt: null },
    data: { endedAt: new Date() },
  });
  await db.$disconnect();
});

async function teamOf(n: number, locales: string[] = []) {
  const team = await makeTeam(db);
  const members: TestUser[] = [];
  for (let i = 0; i < n; i++) {
    const m = await makeUser(db, { role: 'TEAM', organizationId: team.id });
    members.push(
      locales[i] ? await db.user.update({ where: { id: m.id }, data: { locale: locales[i] } }) : m,
    );
  }
  return { team, members };
}

type Criteria = Parameters<typeof createAlert>[2]['criteria'];
const anything: Criteria = {
  fields: [],
  keywords: [],
  minBountyFen: null,
  maxBountyFen: null,
  includeOpen: true,
};

async function subscribe(
  member: TestUser,
  criteria: Partial<Criteria>,
  channels: Parameters<typeof createAlert>[2]['channels'] = { inApp: true, mail: 'IMMEDIATE' },
) {
  const r = await createAlert(db, actorOf(member), {
    criteria: { ...anything, ...criteria },
    channels,
  });
  if (!r.ok) throw new Error(`subscription refused: ${r.error}`);
  return r.id;
}

let reviewer: TestUser;
/** A new need, submitted, then published by the bureau's decision (the real publication). */
async function publish(opts: Parameters<typeof makeChallenge>[1] = {}) {
  reviewer ??= await makeUser(db, { role: 'REVIEWER' });
  const need = await makeChallenge(db, { ...opts, published: false });
  const r = await transition(db, actorOf(reviewer), need.id, 'publish');
  if (!r.ok) throw new Error(`publication refused: ${r.error}`);
  return { id: need.id, code: r.code! };
}

/** What the members were told of the challenge: deliveries, notices and mails, per member. */
async function toldOf(challengeId: string, members: TestUser[]) {
  const code = (await db.challenge.findUniqueOrThrow({ where: { id: challengeId } })).code!;
  return Promise.all(
    members.map(async (m) => ({
      deliveries: await db.alertDelivery.count({ where: { userId: m.id, challengeId } }),
      notices: await db.notification.count({
        where: { userId: m.id, kind: 'challengeAlert', link: `/challenges/${code}` },
      }),
      mails: await db.mailMessage.findMany({
        where: { to: m.email, text: { contains: `/challenges/${code}` } },
      }),
    })),
  );
}

const unsubscribeLink = (text: string) => /\/alerts\/unsubscribe\/(\S+)/.exec(text)?.[1] ?? null;

/** A request without any session, as from a mail client. */
const signedOut = (path: string, init: RequestInit = {}) =>
  new Request(new URL(path, TEST_ORIGIN), init);

describe(`alerts for teams (${inject('databaseKind')})`, () => {
  it('a matching publication tells each member once, in the app and by mail in their language', async () => {
    const { members } = await teamOf(2, ['zh', 'en']);
    const other = await teamOf(1);
    const enterprise = await makeUser(db, { role: 'ENTERPRISE' });
    await subscribe(members[0]!, { fields: ['氢能'] });
    // a second subscription of the same team that matches too: still one notice per member
    await subscribe(members[1]!, { keywords: ['储氢'] }, { inApp: true, mail: 'DAILY' });
    await subscribe(other.members[0]!, { fields: ['生物医药'] });

    const title = `高压储氢瓶 ${uid()}`;
    const c = await publish({ field: '氢能', title, bountyFen: 300 * WAN });
    // the job was written with the publication
    expect(
      await db.outboxJob.count({
        where: { kind: CHALLENGE_JOB, idempotencyKey: `${CHALLENGE_JOB}:${c.id}` },
      }),
    ).toBe(1);

    // two workers at once, then the job again as if its first end had been lost
    await Promise.all([runAlerts(db), runAlerts(db)]);
    const job = await db.outboxJob.findUniqueOrThrow({
      where: { idempotencyKey: `${CHALLENGE_JOB}:${c.id}` },
    });
    expect(job.status).toBe('DONE');
    await db.outboxJob.update({ where: { id: job.id }, data: { status: 'PENDING' } });
    await runAlerts(db);

    const told = await toldOf(c.id, members);
    for (const t of told) {
      expect(t.deliveries).toBe(1);
      expect(t.notices).toBe(1);
      expect(t.mails).toHaveLength(1);
    }
    // the immediate subscription won over the daily one: mailed at once
    expect(told[0]!.mails[0]!.subject).toBe(`新榜单 ${c.code}：${title}`);
    expect(told[1]!.mails[0]!.subject).toBe(`New challenge ${c.code}: ${title}`);
    expect(told[1]!.mails[0]!.text).toContain('Unsubscribe from this alert:');
    expect(unsubscribeLink(told[0]!.mails[0]!.text)).not.toBeNull();
    // another team's subscription and another role: nothing
    expect(await toldOf(c.id, [other.members[0]!, enterprise])).toEqual([
      { deliveries: 0, notices: 0, mails: [] },
      { deliveries: 0, notices: 0, mails: [] },
    ]);
    expect(await db.alertDelivery.count({ where: { challengeId: c.id } })).toBe(2);
  });

  it('a publication that matches nothing tells nobody', async () => {
    const { members } = await teamOf(1);
    await subscribe(members[0]!, { fields: ['氢能'], minBountyFen: 500 * WAN, includeOpen: false });
    const cheap = await publish({ field: '氢能', bountyFen: 100 * WAN });
    const open = await publish({ field: '氢能', bountyFen: null });
    const elsewhere = await publish({ field: '新材料', bountyFen: 900 * WAN });
    await runAlerts(db);
    for (const c of [cheap, open, elsewhere])
      expect(await toldOf(c.id, members)).toEqual([{ deliveries: 0, notices: 0, mails: [] }]);
    const rich = await publish({ field: '氢能', bountyFen: 500 * WAN });
    await runAlerts(db);
    expect((await toldOf(rich.id, members))[0]!.deliveries).toBe(1);
  });

  it('the unsubscribe link works signed out, twice harmlessly; a forged one changes nothing', async () => {
    const { members } = await teamOf(1);
    const keyword = `k${uid()}`;
    const id = await subscribe(members[0]!, { keywords: [keyword] });
    const first = await publish({ title: `膜分离 ${keyword}` });
    await runAlerts(db);
    const [told] = await toldOf(first.id, members);
    const token = unsubscribeLink(told!.mails[0]!.text)!;
    const path = `/alerts/unsubscribe/${token}`;

    // forged: another id under a signature of this one, an altered signature, another purpose
    const [value, signature] = token.split('.');
    const other = await subscribe(members[0]!, { fields: ['先进陶瓷'] });
    const forged = [
      `${other}.${signature}`,
      `${value}.${signature!.slice(0, -2)}${signature!.at(-2) === 'A' ? 'B' : 'A'}${signature!.at(-1)}`,
      signToken('another.purpose', id),
      'x',
    ];
    const audits = await db.auditEvent.count({ where: { entityId: { in: [id, other] } } });
    for (const bad of forged) {
      const p = { token: bad };
      expect(statusOf(await unsubscribeLoader(args(signedOut(path), p)).catch((e) => e))).toBe(400);
      const posted = signedOut(path, formPost({ intent: 'unsubscribe' }));
      expect(statusOf(await unsubscribeAction(args(posted, p)).catch((e) => e))).toBe(400);
    }
    expect(
      await db.alertSubscription.count({ where: { id: { in: [id, other] }, endedAt: null } }),
    ).toBe(2);
    expect(await db.auditEvent.count({ where: { entityId: { in: [id, other] } } })).toBe(audits);

    // opening the link changes nothing; the button, signed out, ends the subscription
    const view = await unsubscribeLoader(args(signedOut(path), { token }));
    expect(view).toMatchObject({ ended: false, subscription: { keywords: [keyword] } });
    expect(await db.alertSubscription.count({ where: { id, endedAt: null } })).toBe(1);
    const done = await unsubscribeAction(
      args(signedOut(path, formPost({ intent: 'unsubscribe' })), { token }),
    );
    expect(done).toMatchObject({ done: true });
    expect(await db.alertSubscription.count({ where: { id, endedAt: { not: null } } })).toBe(1);
    expect(
      await db.auditEvent.count({ where: { entityId: id, action: 'alert.unsubscribe' } }),
    ).toBe(1);
    // again: already ended, nothing more written
    expect(
      await unsubscribeAction(
        args(signedOut(path, formPost({ intent: 'unsubscribe' })), { token }),
      ),
    ).toMatchObject({ done: true });
    expect(
      await db.auditEvent.count({ where: { entityId: id, action: 'alert.unsubscribe' } }),
    ).toBe(1);
    expect(await unsubscribeLoader(args(signedOut(path), { token }))).toMatchObject({
      ended: true,
    });
    // the other subscription stays; a new match of the ended one tells nobody
    expect(await db.alertSubscription.count({ where: { id: other, endedAt: null } })).toBe(1);
    const second = await publish({ title: `膜分离二 ${keyword}` });
    await runAlerts(db);
    expect(await toldOf(second.id, members)).toEqual([{ deliveries: 0, notices: 0, mails: [] }]);
  });

  it('a daily subscription gathers the day’s matches into one mail, once', async () => {
    // what is already due (another file's jobs, a digest a server asked for) runs now, before
    // this member has anything waiting: a digest gathers every member's waiting deliveries
    await runAlerts(db);
    const { members } = await teamOf(1, ['en']);
    const keyword = `d${uid()}`;
    await subscribe(members[0]!, { keywords: [keyword] }, { inApp: false, mail: 'DAILY' });
    const a = await publish({ title: `甲 ${keyword}` });
    const b = await publish({ title: `乙 ${keyword}` });
    await runAlerts(db);
    const before = await toldOf(a.id, members);
    expect(before).toEqual([{ deliveries: 1, notices: 0, mails: [] }]);

    // the day's digest job: asked for by two instances at once, one job
    // the next digest to come: today's while it is before 08:00 in Shanghai, else tomorrow's.
    // An app server started by another test file asks for today's (the key makes it this one);
    // a later day's would let that one run first, at this test's clock, and mail the member.
    const now = new Date();
    const later = digestSlot(now).dueAt > now ? now : new Date(now.getTime() + 86_400_000);
    const { day, dueAt } = digestSlot(later);
    await Promise.all([ensureDigestJob(db, later), ensureDigestJob(db, later)]);
    const key = `${DIGEST_JOB}:${day}`;
    expect(await db.outboxJob.count({ where: { idempotencyKey: key } })).toBe(1);
    // not before 08:00 of that day
    await runAlerts(db, { now: new Date(dueAt.getTime() - 1) });
    expect(await db.mailMessage.count({ where: { to: members[0]!.email } })).toBe(0);

    const at = new Date(dueAt.getTime() + 60_000);
    await Promise.all([runAlerts(db, { now: at }), runAlerts(db, { now: at })]);
    // and once more, as if the job's end had been lost
    await db.outboxJob.update({ where: { idempotencyKey: key }, data: { status: 'PENDING' } });
    await runAlerts(db, { now: at });

    const mails = await db.mailMessage.findMany({ where: { to: members[0]!.email } });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('New challenges: 2 match your alerts');
    expect(mails[0]!.text).toContain(`/challenges/${a.code}`);
    expect(mails[0]!.text).toContain(`/challenges/${b.code}`);
    expect(unsubscribeLink(mails[0]!.text)).not.toBeNull();
    expect(
      await db.alertDelivery.count({ where: { userId: members[0]!.id, digestedAt: null } }),
    ).toBe(0);
  });
});

describe(`the team's alerts page (${inject('databaseKind')})`, () => {
  const post = (user: TestUser, fields: Record<string, string>) =>
    postAs(db, pageAction, user, '/account/alerts', fields);

  it('a member adds and removes subscriptions; at most ten; another team cannot touch them', async () => {
    const { team, members } = await teamOf(2);
    const r = await signedInRequest(
      db,
      members[0]!,
      '/account/alerts',
      formPost([
        ['intent', 'create'],
        ['fields', '氢能'],
        ['fields', '新材料'],
        ['keywords', '储氢，Membrane 储氢'],
        ['minWan', '50'],
        ['maxWan', '1,000'],
        ['inApp', 'on'],
        ['mail', 'DAILY'],
      ]),
    );
    const created = await pageAction(args(r)).catch((e: unknown) => e);
    expect(statusOf(created)).toBe(302);
    const page = await pageLoader(args(await signedInRequest(db, members[1]!, '/account/alerts')));
    expect(page.subscriptions).toEqual([
      {
        id: expect.any(String),
        fields: ['氢能', '新材料'],
        keywords: ['储氢', 'membrane'],
        minBountyFen: 50 * WAN,
        maxBountyFen: 1000 * WAN,
        includeOpen: false,
        inApp: true,
        mail: 'DAILY',
      },
    ]);
    const id = page.subscriptions[0]!.id;

    // another team's member: not found, nothing changed
    const stranger = (await teamOf(1)).members[0]!;
    expect(errorsOf(await post(stranger, { intent: 'remove', id }))).toEqual({
      '': ['alerts.errors.notFound'],
    });
    expect(await db.alertSubscription.count({ where: { id, endedAt: null } })).toBe(1);

    // up to ten, then refused
    for (let i = 1; i < 10; i++) await subscribe(members[0]!, { keywords: [`w${i}`] });
    expect(
      errorsOf(
        await post(members[1]!, { intent: 'create', keywords: 'x', inApp: 'on', mail: 'NONE' }),
      ),
    ).toEqual({
      '': ['alerts.errors.tooMany'],
    });
    expect(
      await db.alertSubscription.count({ where: { organizationId: team.id, endedAt: null } }),
    ).toBe(10);

    // the other member removes one
    expect(statusOf(await post(members[1]!, { intent: 'remove', id }))).toBe(302);
    expect(await db.alertSubscription.count({ where: { id, endedAt: { not: null } } })).toBe(1);
    expect(errorsOf(await post(members[1]!, { intent: 'remove', id }))).toEqual({
      '': ['alerts.errors.notFound'],
    });
  });

  it('hostile and meaningless input: a field-level message each, nothing written', async () => {
    const { team, members } = await teamOf(1);
    const m = members[0]!;
    const base = { intent: 'create', inApp: 'on', mail: 'IMMEDIATE' };
    const cases: [Record<string, string>, Record<string, string[]>][] = [
      [{ ...base }, { fields: ['alerts.errors.noCriteria'] }],
      [{ ...base, fields: '火星' }, { fields: ['validation.invalid'] }],
      [
        { ...base, keywords: Array.from({ length: 11 }, (_, i) => `k${i}`).join(' ') },
        { keywords: ['alerts.errors.keywords.tooMany'] },
      ],
      [{ ...base, keywords: '材'.repeat(31) }, { keywords: ['alerts.errors.keywords.tooLong'] }],
      [{ ...base, keywords: 'a\u0000b' }, { keywords: ['validation.controlChars'] }],
      [{ ...base, keywords: 'x'.repeat(100_000) }, { keywords: ['validation.tooLong'] }],
      [{ ...base, minWan: '200', maxWan: '100' }, { maxWan: ['alerts.errors.rangeInverted'] }],
      [{ ...base, minWan: '-5' }, { minWan: ['needs.errors.bountyNegative'] }],
      [{ ...base, minWan: '1e9' }, { minWan: ['alerts.errors.bound'] }],
      [{ ...base, maxWan: '99999999' }, { maxWan: ['needs.errors.bountyTooLarge'] }],
      [{ ...base, fields: '氢能', inApp: 'yes' }, { inApp: ['validation.invalid'] }],
      [{ intent: 'create', fields: '氢能', mail: 'NONE' }, { inApp: ['alerts.errors.noChannel'] }],
      [{ intent: 'create', fields: '氢能', mail: 'HOURLY' }, { mail: ['validation.required'] }],
    ];
    const audits = await db.auditEvent.count({ where: { entityType: 'AlertSubscription' } });
    for (const [fields, expected] of cases) {
      const answer = await post(m, fields);
      expect(statusOf(answer), JSON.stringify(fields).slice(0, 80)).toBe('data');
      expect(errorsOf(answer)).toMatchObject(expected);
    }
    expect(await db.alertSubscription.count({ where: { organizationId: team.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { entityType: 'AlertSubscription' } })).toBe(audits);
  });
});
