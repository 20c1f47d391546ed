// Bureau staff answer clarification questions in the bureau's name, through the public
// challenge page's action: the answer is marked as the bureau's wherever answers show, the
// asking team is notified as when the enterprise answers, and only the side that answered may
// change an answer.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ANSWER_MAX_LENGTH } from '~/domain/question';
import { db } from '~/lib/db.server';
import { actorOf } from '~/services/kernel/actor';
import { answerQuestion } from '~/services/needs/questions.server';
import { challengeAudience, makeChallenge, type TestUser } from './factories';
import { clarifications, postQuestionForm as post } from './pages/challenge-questions';
import { TEST_ORIGIN, thrown } from './route-call';

afterAll(() => db.$disconnect());

const items = async (as: TestUser | null, code: string) => (await clarifications(as, code)).items;

async function snapshot(questionId: string) {
  const [question, audits, notifications, mails] = await Promise.all([
    db.question.findUniqueOrThrow({
      where: { id: questionId },
      select: { answer: true, answeredById: true, answeredAt: true, answeredByBureau: true },
    }),
    db.auditEvent.count({ where: { entityId: questionId } }),
    db.notification.count(),
    db.mailMessage.count(),
  ]);
  return { question, audits, notifications, mails };
}

let code: string;
let challengeId: string;
let owner: TestUser;
let otherEnterprise: TestUser;
let asker: TestUser;
let askerMate: TestUser;
let otherTeam: TestUser;
let reviewer: TestUser;
let admin: TestUser;

/** A question asked by `asker`'s team, straight into the table. */
async function ask(body = '样机试验由谁承担费用？') {
  const q = await db.question.create({
    data: { challengeId, teamId: asker.organizationId, askedById: asker.id, body },
  });
  return q.id;
}

beforeAll(async () => {
  const challenge = await makeChallenge(db);
  code = challenge.code!;
  challengeId = challenge.id;
  ({
    owner,
    otherEnterprise,
    teamMember: asker,
    teamMate: askerMate,
    otherTeam,
    reviewer,
    admin,
  } = await challengeAudience(db, challenge));
});

describe(`bureau answers to clarification questions (${inject('databaseKind')})`, () => {
  it('a reviewer answers: public as the bureau’s answer, audited, the asking team notified', async () => {
    const questionId = await ask();
    // staff are offered the answer form on an unanswered question
    const staffView = (await items(reviewer, code)).find((q) => q.id === questionId)!;
    expect(staffView.canAnswer).toBe(true);

    const before = await snapshot(questionId);
    const result = await post(reviewer, code, {
      intent: 'answer',
      questionId,
      answer: '  样机试验费用由揭榜团队列入预算，科技局按合同节点兑付奖励。 ',
    });
    expect(result.errors).toEqual({});
    expect(result.notice).toBe('questions.notices.answered');

    const after = await snapshot(questionId);
    expect(after.question).toMatchObject({
      answer: '样机试验费用由揭榜团队列入预算，科技局按合同节点兑付奖励。',
      answeredById: reviewer.id,
      answeredByBureau: true,
    });
    expect(after.question.answeredAt).toBeInstanceOf(Date);
    expect(after.audits).toBe(before.audits + 1);
    const event = await db.auditEvent.findFirstOrThrow({
      where: { entityId: questionId, action: 'question.answered' },
    });
    expect(event.actorId).toBe(reviewer.id);
    expect(JSON.parse(event.data!)).toMatchObject({ byBureau: true, code });

    // the asking team's two members: one notice and one mail each, nobody else
    for (const member of [asker, askerMate]) {
      const notes = await db.notification.findMany({
        where: { userId: member.id, kind: 'questionAnswered' },
      });
      expect(notes.map((n) => n.link)).toEqual([`/challenges/${code}#question-${questionId}`]);
      expect(await db.mailMessage.count({ where: { to: member.email } })).toBe(1);
    }
    expect(after.notifications).toBe(before.notifications + 2);
    expect(after.mails).toBe(before.mails + 2);

    // shown as the bureau's to every viewer
    for (const viewer of [null, owner, otherTeam, asker, admin]) {
      const item = (await items(viewer, code)).find((q) => q.id === questionId);
      expect(item, viewer?.role ?? 'anonymous').toMatchObject({
        answer: after.question.answer,
        byBureau: true,
      });
    }
  });

  it('staff edit the bureau’s answer; the enterprise may not', async () => {
    const questionId = await ask('是否接受联合体揭榜？');
    await post(admin, code, { intent: 'answer', questionId, answer: '接受。' });

    const edit = await post(reviewer, code, {
      intent: 'answer',
      questionId,
      answer: '接受，牵头单位须为山东省内单位。',
    });
    expect(edit.notice).toBe('questions.notices.edited');
    const edited = await snapshot(questionId);
    expect(edited.question).toMatchObject({
      answer: '接受，牵头单位须为山东省内单位。',
      answeredById: admin.id,
      answeredByBureau: true,
    });
    const event = await db.auditEvent.findFirstOrThrow({
      where: { entityId: questionId, action: 'question.answer_edited' },
    });
    expect(JSON.parse(event.data!)).toMatchObject({ previous: '接受。', byBureau: true });

    // the enterprise sees no form for it and is refused when it posts anyway
    const ownerView = (await items(owner, code)).find((q) => q.id === questionId)!;
    expect(ownerView.canAnswer).toBe(false);
    const refused = await post(owner, code, { intent: 'answer', questionId, answer: '不接受。' });
    expect(refused.errors).toEqual({ '': ['questions.errors.answeredByOther'] });
    expect(refused.notice).toBeNull();
    expect(await snapshot(questionId)).toEqual(edited);
  });

  it('the bureau does not rewrite the enterprise’s answer', async () => {
    const questionId = await ask('需要提供哪些检测报告？');
    await post(owner, code, { intent: 'answer', questionId, answer: '第三方检测报告。' });
    const before = await snapshot(questionId);
    expect(before.question.answeredByBureau).toBe(false);
    expect((await items(null, code)).find((q) => q.id === questionId)?.byBureau).toBe(false);
    expect((await items(reviewer, code)).find((q) => q.id === questionId)?.canAnswer).toBe(false);

    const refused = await post(reviewer, code, {
      intent: 'answer',
      questionId,
      answer: '科技局改写的答复',
    });
    expect(refused.errors).toEqual({ '': ['questions.errors.answeredByOther'] });
    expect(await snapshot(questionId)).toEqual(before);
  });

  it('teams cannot answer (403) and another enterprise cannot either (404)', async () => {
    const questionId = await ask();
    const before = await snapshot(questionId);
    for (const user of [asker, otherTeam]) {
      const response = await thrown(
        post(user, code, { intent: 'answer', questionId, answer: '自问自答' }),
      );
      expect(response.status).toBe(403);
    }
    const other = await thrown(
      post(otherEnterprise, code, { intent: 'answer', questionId, answer: '冒充答复' }),
    );
    expect(other.status).toBe(404);
    expect(await snapshot(questionId)).toEqual(before);
  });

  it('bad answers from staff are field errors and change nothing', async () => {
    const questionId = await ask();
    const before = await snapshot(questionId);
    const cases: [string, string[]][] = [
      ['', ['validation.required']],
      ['   ', ['validation.required']],
      ['答'.repeat(ANSWER_MAX_LENGTH + 1), ['validation.tooLong']],
      ['答复\u0007', ['validation.controlChars']],
    ];
    for (const [answer, errors] of cases) {
      const result = await post(reviewer, code, { intent: 'answer', questionId, answer });
      expect(result.errors).toEqual({ answer: errors });
      expect(result.notice).toBeNull();
    }
    expect(await snapshot(questionId)).toEqual(before);
  });

  it('a hidden question cannot be answered by staff either', async () => {
    const questionId = await ask('联系电话多少？');
    await post(admin, code, { intent: 'hide', questionId });
    const before = await snapshot(questionId);
    const result = await post(reviewer, code, { intent: 'answer', questionId, answer: '答复' });
    expect(result.errors).toEqual({ '': ['questions.errors.hidden'] });
    expect(await snapshot(questionId)).toEqual(before);
  });

  it('the enterprise and the bureau answering at once: one answer, the other refused', async () => {
    const questionId = await ask('能否延长实施周期？');
    const results = await Promise.all([
      answerQuestion(db, {
        code,
        questionId,
        actor: actorOf(owner),
        answer: '企业：可以协商。',
        origin: TEST_ORIGIN,
      }),
      answerQuestion(db, {
        code,
        questionId,
        actor: actorOf(reviewer),
        answer: '科技局：不能延长。',
        origin: TEST_ORIGIN,
      }),
    ]);
    expect(results.filter((r) => r.ok)).toEqual([{ ok: true, kind: 'answer' }]);
    expect(results.filter((r) => !r.ok)).toEqual([
      { ok: false, error: 'answeredByOther', key: 'questions.errors.answeredByOther' },
    ]);
    const row = (await snapshot(questionId)).question;
    expect(row.answer).toBe(row.answeredByBureau ? '科技局：不能延长。' : '企业：可以协商。');
    expect(
      await db.auditEvent.count({ where: { entityId: questionId, action: 'question.answered' } }),
    ).toBe(1);
    expect(await db.auditEvent.count({ where: { entityId: questionId } })).toBe(1);
    expect(
      await db.notification.count({ where: { userId: asker.id, link: { contains: questionId } } }),
    ).toBe(1);
  });
});
