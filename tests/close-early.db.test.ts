// Bureau staff close a challenge's applications before its deadline, through the staff
// challenge desk's action: the transition, its reason and audit record, who is notified, what
// the public page and the application service do afterwards, and every refusal.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CLOSE_REASON_MAX_LENGTH } from '~/domain/need';
import { db } from '~/lib/db.server';
import { actorOf } from '~/services/kernel/actor';
import { makeApplication, makeChallenge, makeTeam, makeUser, type TestUser } from './factories';
import { args, formPost, sessionCookie, signedInRequest, TEST_ORIGIN, thrown } from './route-call';
import { postToDesk } from './pages/challenge-desk';
import { loader as publicLoader } from '~/routes/challenges.$code/route';
import { action, loader as deskLoader } from '~/routes/review.challenges.$code/route';
import { createApplication } from '~/services/applications/apply.server';
import { closeApplicationsEarly } from '~/services/needs/needs.server';

afterAll(() => db.$disconnect());

const close = (as: TestUser, code: string, fields: Record<string, string>) =>
  postToDesk(as, code, { intent: 'closeEarly', ...fields });

/** What a refused close must leave alone. */
async function stateOf(challengeId: string) {
  const [challenge, audits, reviews, notifications, mails] = await Promise.all([
    db.challenge.findUniqueOrThrow({
      where: { id: challengeId },
      select: { status: true, closedAt: true, closedReason: true },
    }),
    db.auditEvent.count({ where: { entityId: challengeId } }),
    db.needReview.count({ where: { challengeId } }),
    db.notification.count(),
    db.mailMessage.count(),
  ]);
  return { challenge, audits, reviews, notifications, mails };
}

const teamInput = {
  intent: 'submit' as const,
  institution: '山东理工大学',
  approach: '测试方案',
  schedule: '测试进度',
  budgetFen: 1_000_000,
  requestedFen: null,
  members: [{ name: '张三', role: '负责人', title: null }],
};

let reviewer: TestUser;
let admin: TestUser;

beforeAll(async () => {
  reviewer = await makeUser(db, { role: 'REVIEWER' });
  admin = await makeUser(db, { role: 'ADMIN' });
});

describe(`closing applications early (${inject('databaseKind')})`, () => {
  it('a reviewer closes with a reason: one transition, audited, applicants and enterprise notified', async () => {
    const challenge = await makeChallenge(db);
    const code = challenge.code!;
    const owner = await makeUser(db, {
      role: 'ENTERPRISE',
      organizationId: challenge.enterpriseId,
    });
    const applied = await makeTeam(db);
    const applicant = await makeUser(db, { role: 'TEAM', organizationId: applied.id });
    await makeApplication(db, { challengeId: challenge.id, teamId: applied.id });
    const drafting = await makeTeam(db);
    const drafter = await makeUser(db, { role: 'TEAM', organizationId: drafting.id });
    await makeApplication(db, { challengeId: challenge.id, teamId: drafting.id, status: 'DRAFT' });
    const latecomer = await makeUser(db, { role: 'TEAM' });

    // the desk offers the form while the challenge is open
    const before = await deskLoader(args(await signedInRequest(db, reviewer, `/x`), { code }));
    expect(before.desk.challenge.status).toBe('PUBLISHED');
    expect(before.desk.underEvaluation).toBe(false);
    expect(before.closure).toBeNull();

    const result = await close(reviewer, code, {
      reason: '  企业需求已由申报团队覆盖，\n提前启动评审。  ',
    });
    expect(result.errors).toEqual({});
    expect(result.notice).toEqual({
      key: 'evaluation.desk.closeEarly.done',
      params: { code },
    });

    const row = await db.challenge.findUniqueOrThrow({ where: { id: challenge.id } });
    expect(row.status).toBe('CLOSED');
    expect(row.closedReason).toBe('企业需求已由申报团队覆盖，\n提前启动评审。');
    expect(row.closedAt).toBeInstanceOf(Date);
    expect(Math.abs(row.closedAt!.getTime() - Date.now())).toBeLessThan(60_000);

    const events = await db.auditEvent.findMany({ where: { entityId: challenge.id } });
    expect(events.map((e) => [e.action, e.actorId])).toEqual([['need.close_early', reviewer.id]]);
    expect(JSON.parse(events[0]!.data!)).toMatchObject({
      from: 'PUBLISHED',
      to: 'CLOSED',
      code,
      reason: row.closedReason,
    });
    const reviews = await db.needReview.findMany({ where: { challengeId: challenge.id } });
    expect(reviews.map((r) => [r.action, r.actorId, r.comment])).toEqual([
      ['close', reviewer.id, row.closedReason],
    ]);

    // the enterprise and the team that applied; not the team with a mere draft
    for (const user of [owner, applicant]) {
      const notes = await db.notification.findMany({ where: { userId: user.id } });
      expect(notes.map((n) => [n.kind, n.link])).toEqual([
        ['applicationsClosedEarly', `/challenges/${code}`],
      ]);
      const mail = await db.mailMessage.findFirstOrThrow({ where: { to: user.email } });
      expect(mail.text).toContain(`榜单 ${code}`);
      expect(mail.text).toContain('提前截止揭榜');
      expect(mail.text).toContain('closed applications');
      expect(mail.text).toContain('企业需求已由申报团队覆盖');
    }
    expect(await db.notification.count({ where: { userId: drafter.id } })).toBe(0);

    // the public page says so, with the reason, and offers no application
    const page = await publicLoader(
      args(new Request(`${TEST_ORIGIN}/challenges/${code}`), { code }),
    );
    expect(page.challenge.status).toBe('CLOSED');
    expect(page.challenge.closedEarly).toEqual({
      at: row.closedAt!.toISOString(),
      reason: row.closedReason,
    });

    // no new application, nor submitting the draft
    const fresh = await createApplication(db, actorOf(latecomer), challenge.id, teamInput);
    expect(fresh).toEqual({ ok: false, error: 'closed', key: 'applications.errors.closed' });
    expect(await db.application.count({ where: { teamId: latecomer.organizationId } })).toBe(0);

    // and expert review can start now
    const after = await deskLoader(args(await signedInRequest(db, admin, `/x`), { code }));
    expect(after.desk.challenge.status).toBe('CLOSED');
    expect(after.desk.underEvaluation).toBe(true);
    expect(after.closure).toEqual({
      closedAt: row.closedAt!.toISOString(),
      reason: row.closedReason,
    });
  });

  it('bad reasons are field errors and change nothing', async () => {
    const challenge = await makeChallenge(db);
    const before = await stateOf(challenge.id);
    const cases: [Record<string, string>, string[]][] = [
      [{}, ['validation.required']],
      [{ reason: '   ' }, ['validation.required']],
      [{ reason: '因'.repeat(CLOSE_REASON_MAX_LENGTH + 1) }, ['validation.tooLong']],
      [{ reason: '原因\u0000' }, ['validation.controlChars']],
    ];
    for (const [fields, errors] of cases) {
      const result = await close(admin, challenge.code!, fields);
      expect(result.target).toBe('closeEarly');
      expect(result.errors).toEqual({ reason: errors });
      expect(result.notice).toBeNull();
    }
    // the longest reason allowed is taken
    expect(await stateOf(challenge.id)).toEqual(before);
    const longest = await close(admin, challenge.code!, {
      reason: '因'.repeat(CLOSE_REASON_MAX_LENGTH),
    });
    expect(longest.errors).toEqual({});
    expect((await stateOf(challenge.id)).challenge.status).toBe('CLOSED');
  });

  it('the enterprise and teams may not close: 403, nothing changed', async () => {
    const challenge = await makeChallenge(db);
    const owner = await makeUser(db, {
      role: 'ENTERPRISE',
      organizationId: challenge.enterpriseId,
    });
    const team = await makeUser(db, { role: 'TEAM' });
    const before = await stateOf(challenge.id);
    for (const user of [owner, team]) {
      const response = await thrown(close(user, challenge.code!, { reason: '我想提前截止' }));
      expect(response.status).toBe(403);
    }
    // the service refuses them too, as if the challenge did not exist
    for (const user of [owner, team]) {
      expect(await closeApplicationsEarly(db, actorOf(user), challenge.id, '绕过页面')).toEqual({
        ok: false,
        error: 'notFound',
        key: 'evaluation.desk.closeEarly.notFound',
      });
    }
    expect(await stateOf(challenge.id)).toEqual(before);
  });

  it('staff who have not passed the second factor are sent to it', async () => {
    const challenge = await makeChallenge(db);
    const before = await stateOf(challenge.id);
    const request = new Request(`${TEST_ORIGIN}/review/challenges/${challenge.code}`, {
      ...formPost({ intent: 'closeEarly', reason: '半登录' }),
      headers: { Cookie: await sessionCookie(db, reviewer, { twoFactorVerified: false }) },
    });
    const response = await thrown(action(args(request, { code: challenge.code! })));
    expect(response.status).toBe(302);
    expect(await stateOf(challenge.id)).toEqual(before);
  });

  it('refuses a challenge that is past its deadline, already closed or not published', async () => {
    const past = await makeChallenge(db, { deadline: new Date('2021-08-31T00:00:00+08:00') });
    const closed = await makeChallenge(db, { status: 'CLOSED' });
    const awarded = await makeChallenge(db, { status: 'AWARDED' });
    for (const c of [past, closed, awarded]) {
      const before = await stateOf(c.id);
      const result = await close(reviewer, c.code!, { reason: '提前截止' });
      expect(result.errors).toEqual({ '': ['evaluation.desk.closeEarly.notOpen'] });
      expect(result.notice).toBeNull();
      expect(await stateOf(c.id)).toEqual(before);
    }
    const unpublished = await makeChallenge(db, { published: false });
    expect(await closeApplicationsEarly(db, actorOf(reviewer), unpublished.id, '未发布')).toEqual({
      ok: false,
      error: 'notFound',
      key: 'evaluation.desk.closeEarly.notFound',
    });
    const missing = await thrown(close(reviewer, 'ZB-2099-nope', { reason: '不存在' }));
    expect(missing.status).toBe(404);
  });

  it('staff closing at once: one transition, one audit record, one round of notices', async () => {
    const challenge = await makeChallenge(db);
    const owner = await makeUser(db, {
      role: 'ENTERPRISE',
      organizationId: challenge.enterpriseId,
    });
    const actors = [reviewer, admin, reviewer, admin, reviewer, admin].map(actorOf);
    const results = await Promise.all(
      actors.map((actor, i) => closeApplicationsEarly(db, actor, challenge.id, `原因 ${i}`)),
    );
    const won = results.filter((r) => r.ok);
    expect(won).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual(
      Array.from({ length: 5 }, () => ({
        ok: false,
        error: 'notOpen',
        key: 'evaluation.desk.closeEarly.notOpen',
      })),
    );
    const row = await db.challenge.findUniqueOrThrow({ where: { id: challenge.id } });
    expect(row.status).toBe('CLOSED');
    expect(row.closedReason).toMatch(/^原因 \d$/);
    expect(
      await db.auditEvent.count({
        where: { entityId: challenge.id, action: 'need.close_early' },
      }),
    ).toBe(1);
    expect(await db.needReview.count({ where: { challengeId: challenge.id } })).toBe(1);
    expect(await db.notification.count({ where: { userId: owner.id } })).toBe(1);
  });
});
