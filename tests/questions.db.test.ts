// Clarification questions on a challenge, through the challenge page's loader and action:
// who may ask, answer and hide, what each viewer sees, who is notified and mailed, what is
// audited, and that bad input changes nothing and answers with field errors.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ANSWER_MAX_LENGTH, QUESTION_MAX_LENGTH } from '~/domain/question';
import { db } from '~/lib/db.server';
import { makeChallenge, makeUser, type TestUser } from './factories';
import { clarifications as page, postQuestionForm as post } from './pages/challenge-questions';
import { TEST_ORIGIN, thrown } from './route-call';
import {
  setUpQuestions,
  counts,
  notificationsOf,
  mailsTo,
  challenge,
  code,
  owner,
  owner2,
  ownerDisabled,
  otherEnterprise,
  teamMember,
  teamMate,
  otherTeam,
  reviewer,
  admin,
} from './questions-helpers';

setUpQuestions();

afterAll(() => db.$disconnect());

describe(`clarification questions (${inject('databaseKind')})`, () => {
  let questionId: string;

  it('a team asks: saved, audited, the enterprise’s active members notified and mailed', async () => {
    const before = await counts();
    const ownerMails = await mailsTo(owner);
    const result = await post(teamMember, code, {
      intent: 'ask',
      body: '  考核指标中的寿命试验按什么加载谱进行？\n请说明。  ',
    });
    expect(result.errors).toEqual({});
    expect(result.notice).toBe('questions.notices.asked');

    const question = await db.question.findFirstOrThrow({ where: { challengeId: challenge.id } });
    questionId = question.id;
    expect(question).toMatchObject({
      teamId: teamMember.organizationId,
      askedById: teamMember.id,
      body: '考核指标中的寿命试验按什么加载谱进行？\n请说明。',
      answer: null,
      answeredAt: null,
      hiddenAt: null,
    });
    const events = await db.auditEvent.findMany({
      where: { entityType: 'Question', entityId: question.id },
    });
    expect(events.map((e) => [e.action, e.actorId])).toEqual([['question.asked', teamMember.id]]);

    for (const member of [owner, owner2]) {
      expect(await notificationsOf(member, 'questionAsked')).toBe(1);
    }
    expect(await notificationsOf(ownerDisabled, 'questionAsked')).toBe(0);
    expect(await mailsTo(owner)).toBe(ownerMails + 1);
    const mail = await db.mailMessage.findFirstOrThrow({
      where: { to: owner.email },
      orderBy: { createdAt: 'desc' },
    });
    expect(mail.text).toContain(`${TEST_ORIGIN}/challenges/${code}#question-${question.id}`);
    expect(mail.text).toContain(code);
    // two enterprise members: two notifications and two mails, nothing for the team
    expect(await counts()).toEqual({
      questions: before.questions + 1,
      audits: before.audits + 1,
      notifications: before.notifications + 2,
      mails: before.mails + 2,
    });
    expect(await notificationsOf(teamMember, 'questionAsked')).toBe(0);
  });

  it('an unanswered question is not on the public page; the team and the enterprise see it', async () => {
    expect((await page(null, code)).items).toEqual([]);
    expect((await page(otherTeam, code)).items).toEqual([]);
    expect((await page(otherEnterprise, code)).items).toEqual([]);

    const own = (await page(teamMate, code)).items;
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({
      id: questionId,
      mine: true,
      answer: null,
      canAnswer: false,
      team: null,
    });

    const enterprise = (await page(owner, code)).items;
    expect(enterprise).toHaveLength(1);
    // the enterprise answers it, and is not told which team asked
    expect(enterprise[0]).toMatchObject({
      id: questionId,
      mine: false,
      canAnswer: true,
      team: null,
    });

    const staff = (await page(reviewer, code)).items;
    // staff may answer in the bureau's name (tests/bureau-answers.db.test.ts)
    expect(staff[0]).toMatchObject({ id: questionId, canModerate: true, canAnswer: true });
    expect(staff[0]!.team?.name).toBeTruthy();
  });

  it('who may ask, per the page: a team on an open challenge; the others are told why not', async () => {
    expect((await page(teamMember, code)).ask).toEqual({ ok: true });
    expect((await page(null, code)).ask).toEqual({ ok: false, reason: 'signIn' });
    expect((await page(owner, code)).ask).toEqual({ ok: false, reason: 'role' });
    expect((await page(admin, code)).ask).toEqual({ ok: false, reason: 'role' });
  });

  it('a member of another enterprise cannot answer: 404, nothing changed', async () => {
    const before = await counts();
    const response = await thrown(
      post(otherEnterprise, code, { intent: 'answer', questionId, answer: '冒充答复' }),
    );
    expect(response.status).toBe(404);
    expect(await counts()).toEqual(before);
    expect((await db.question.findUniqueOrThrow({ where: { id: questionId } })).answer).toBeNull();
  });

  it('a team cannot answer: 403, nothing changed', async () => {
    const before = await counts();
    for (const user of [teamMember, otherTeam]) {
      const response = await thrown(
        post(user, code, { intent: 'answer', questionId, answer: '答复' }),
      );
      expect(response.status).toBe(403);
    }
    expect(await counts()).toEqual(before);
  });

  it('the enterprise answers: public, audited, the asking team notified and mailed', async () => {
    const before = await counts();
    const result = await post(owner, code, {
      intent: 'answer',
      questionId,
      answer: '按GB/T 35089规定的加载谱，额定转速。',
    });
    expect(result.errors).toEqual({});
    expect(result.notice).toBe('questions.notices.answered');

    const question = await db.question.findUniqueOrThrow({ where: { id: questionId } });
    expect(question).toMatchObject({
      answer: '按GB/T 35089规定的加载谱，额定转速。',
      answeredById: owner.id,
    });
    expect(question.answeredAt).toBeInstanceOf(Date);

    const publicItems = (await page(null, code)).items;
    expect(publicItems).toEqual([
      expect.objectContaining({
        id: questionId,
        body: question.body,
        answer: question.answer,
        hidden: false,
        mine: false,
        team: null,
        canAnswer: false,
        canModerate: false,
      }),
    ]);
    expect((await page(otherTeam, code)).items).toHaveLength(1);

    for (const member of [teamMember, teamMate]) {
      expect(await notificationsOf(member, 'questionAnswered')).toBe(1);
      expect(await mailsTo(member)).toBe(1);
    }
    expect(await counts()).toEqual({
      ...before,
      audits: before.audits + 1,
      notifications: before.notifications + 2,
      mails: before.mails + 2,
    });
    const event = await db.auditEvent.findFirstOrThrow({
      where: { entityId: questionId, action: 'question.answered' },
    });
    expect(event.actorId).toBe(owner.id);
  });

  it('editing the answer is allowed and audited with the previous text; nobody is notified again', async () => {
    const before = await counts();
    const result = await post(owner2, code, {
      intent: 'answer',
      questionId,
      answer: '按GB/T 35089规定的加载谱。',
    });
    expect(result.notice).toBe('questions.notices.edited');
    const question = await db.question.findUniqueOrThrow({ where: { id: questionId } });
    expect(question.answer).toBe('按GB/T 35089规定的加载谱。');
    // the first answer keeps its author and time
    expect(question.answeredById).toBe(owner.id);
    const event = await db.auditEvent.findFirstOrThrow({
      where: { entityId: questionId, action: 'question.answer_edited' },
    });
    expect(event.actorId).toBe(owner2.id);
    expect(JSON.parse(event.data!)).toMatchObject({
      previous: '按GB/T 35089规定的加载谱，额定转速。',
      answer: '按GB/T 35089规定的加载谱。',
    });
    expect(await counts()).toEqual({ ...before, audits: before.audits + 1 });
  });

  it('only staff hide: 403 for the enterprise and teams', async () => {
    const before = await counts();
    for (const user of [owner, teamMember]) {
      const response = await thrown(post(user, code, { intent: 'hide', questionId }));
      expect(response.status).toBe(403);
    }
    expect(await counts()).toEqual(before);
  });

  it('staff hide: gone from the public page and the enterprise’s list, the team notified', async () => {
    const before = await counts();
    const result = await post(reviewer, code, { intent: 'hide', questionId });
    expect(result.notice).toBe('questions.notices.hidden');
    const question = await db.question.findUniqueOrThrow({ where: { id: questionId } });
    expect(question.hiddenById).toBe(reviewer.id);
    expect(question.hiddenAt).toBeInstanceOf(Date);

    expect((await page(null, code)).items).toEqual([]);
    expect((await page(otherTeam, code)).items).toEqual([]);
    expect((await page(owner, code)).items).toEqual([]);
    // the asking team still sees its own question, marked hidden; staff see it marked too
    expect((await page(teamMember, code)).items).toEqual([
      expect.objectContaining({ id: questionId, hidden: true, mine: true }),
    ]);
    expect((await page(admin, code)).items).toEqual([
      expect.objectContaining({ id: questionId, hidden: true }),
    ]);

    for (const member of [teamMember, teamMate]) {
      expect(await notificationsOf(member, 'questionHidden')).toBe(1);
    }
    expect(await counts()).toEqual({
      ...before,
      audits: before.audits + 1,
      notifications: before.notifications + 2,
      mails: before.mails + 2,
    });
    expect(
      await db.auditEvent.count({
        where: { entityId: questionId, action: 'question.hidden', actorId: reviewer.id },
      }),
    ).toBe(1);
  });

  it('hiding a hidden question changes nothing; a hidden question cannot be answered', async () => {
    const before = await counts();
    expect((await post(admin, code, { intent: 'hide', questionId })).notice).toBe(
      'questions.notices.unchanged',
    );
    const refused = await post(owner, code, { intent: 'answer', questionId, answer: '再答一次' });
    expect(refused.errors).toEqual({ '': ['questions.errors.hidden'] });
    expect(refused.notice).toBeNull();
    expect(await counts()).toEqual(before);
    expect((await db.question.findUniqueOrThrow({ where: { id: questionId } })).answer).toBe(
      '按GB/T 35089规定的加载谱。',
    );
  });

  it('staff unhide: public again, audited', async () => {
    const result = await post(admin, code, { intent: 'unhide', questionId });
    expect(result.notice).toBe('questions.notices.unhidden');
    expect((await page(null, code)).items.map((q) => q.id)).toEqual([questionId]);
    const event = await db.auditEvent.findFirstOrThrow({
      where: { entityId: questionId, action: 'question.unhidden' },
    });
    expect(event.actorId).toBe(admin.id);
    expect(JSON.parse(event.data!)).toMatchObject({ hiddenById: reviewer.id });
  });

  describe('bad input: field errors, nothing saved', () => {
    const cases: [string, Record<string, string>, () => TestUser, Record<string, string[]>][] = [
      [
        'an empty question',
        { intent: 'ask', body: '' },
        () => teamMember,
        { body: ['validation.required'] },
      ],
      [
        'a blank question',
        { intent: 'ask', body: ' \n\t ' },
        () => teamMember,
        { body: ['validation.required'] },
      ],
      [
        'no question at all',
        { intent: 'ask' },
        () => teamMember,
        { body: ['validation.required'] },
      ],
      [
        'a question too long',
        { intent: 'ask', body: '问'.repeat(QUESTION_MAX_LENGTH + 1) },
        () => teamMember,
        { body: ['validation.tooLong'] },
      ],
      ['an empty form', {}, () => teamMember, { intent: ['validation.invalid'] }],
      [
        'an unknown intent',
        { intent: 'delete', questionId: 'x' },
        () => admin,
        { intent: ['validation.invalid'] },
      ],
      [
        'an answer without a question id',
        { intent: 'answer', answer: '答复' },
        () => owner,
        { questionId: ['validation.required'] },
      ],
      [
        'an empty answer',
        { intent: 'answer', questionId: 'set below', answer: '' },
        () => owner,
        { answer: ['validation.required'] },
      ],
      [
        'an answer too long',
        { intent: 'answer', questionId: 'set below', answer: '答'.repeat(ANSWER_MAX_LENGTH + 1) },
        () => owner,
        { answer: ['validation.tooLong'] },
      ],
      [
        'hiding without a question id',
        { intent: 'hide' },
        () => reviewer,
        { questionId: ['validation.required'] },
      ],
    ];
    for (const [name, fields, as, errors] of cases) {
      it(name, async () => {
        const before = await counts();
        const answerBefore = (await db.question.findUniqueOrThrow({ where: { id: questionId } }))
          .answer;
        const sent = fields.questionId === 'set below' ? { ...fields, questionId } : fields;
        const result = await post(as(), code, sent);
        expect(result.errors).toEqual(errors);
        expect(result.notice).toBeNull();
        expect(await counts()).toEqual(before);
        expect((await db.question.findUniqueOrThrow({ where: { id: questionId } })).answer).toBe(
          answerBefore,
        );
      });
    }

    it('the longest question and answer allowed are taken', async () => {
      const longest = await makeChallenge(db);
      const enterpriseUser = await makeUser(db, {
        role: 'ENTERPRISE',
        organizationId: longest.enterpriseId,
      });
      const asked = await post(teamMember, longest.code!, {
        intent: 'ask',
        body: '问'.repeat(QUESTION_MAX_LENGTH),
      });
      expect(asked.errors).toEqual({});
      const q = await db.question.findFirstOrThrow({ where: { challengeId: longest.id } });
      const answered = await post(enterpriseUser, longest.code!, {
        intent: 'answer',
        questionId: q.id,
        answer: '答'.repeat(ANSWER_MAX_LENGTH),
      });
      expect(answered.errors).toEqual({});
      expect((await db.question.findUniqueOrThrow({ where: { id: q.id } })).answer).toHaveLength(
        ANSWER_MAX_LENGTH,
      );
    });
  });

  describe('access', () => {
    it('a question of another challenge is not found through this one', async () => {
      const other = await makeChallenge(db);
      const response = await thrown(
        post(owner, other.code!, { intent: 'answer', questionId, answer: '答复' }),
      );
      expect(response.status).toBe(404);
      const hide = await thrown(post(reviewer, other.code!, { intent: 'hide', questionId }));
      expect(hide.status).toBe(404);
      const unknown = await thrown(
        post(owner, code, { intent: 'answer', questionId: 'no-such-question', answer: '答复' }),
      );
      expect(unknown.status).toBe(404);
    });
  });
});
