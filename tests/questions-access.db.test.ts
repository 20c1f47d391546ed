// Clarification questions: who may post at all, and when questions are still taken.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { MAX_PENDING_PER_TEAM } from '~/domain/question';
import { db } from '~/lib/db.server';
import { action, loader } from '~/routes/challenges.$code/route';
import { makeChallenge, makeUser } from './factories';
import { clarifications as page, postQuestionForm as post } from './pages/challenge-questions';
import { args, formPost, TEST_ORIGIN, thrown } from './route-call';
import {
  setUpQuestions,
  counts,
  code,
  owner,
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
  describe('access', () => {
    it('an anonymous POST is sent to sign in, and nothing is saved', async () => {
      const before = await counts();
      const response = await thrown(
        action(
          args(
            new Request(
              `${TEST_ORIGIN}/challenges/${code}`,
              formPost({ intent: 'ask', body: '匿名提问' }),
            ),
            { code },
          ),
        ),
      );
      expect(response.status).toBe(302);
      expect(response.headers.get('Location')).toBe(
        `/login?redirectTo=${encodeURIComponent(`/challenges/${code}`)}`,
      );
      expect(await counts()).toEqual(before);
    });

    it('only team members ask: 403 for enterprises and staff', async () => {
      const before = await counts();
      for (const user of [owner, otherEnterprise, reviewer, admin]) {
        const response = await thrown(post(user, code, { intent: 'ask', body: '提问' }));
        expect(response.status).toBe(403);
      }
      expect(await counts()).toEqual(before);
    });

    it('an unpublished need or an unknown code answers 404 to the page and to the action', async () => {
      const need = await makeChallenge(db, { published: false });
      await db.challenge.update({
        where: { id: need.id },
        data: { code: `ZB-2099-N${need.id.slice(-6)}` },
      });
      const unpublished = (await db.challenge.findUniqueOrThrow({ where: { id: need.id } })).code!;
      for (const c of [unpublished, 'ZB-2099-999999']) {
        expect(
          (await thrown(loader(args(new Request(`${TEST_ORIGIN}/challenges/${c}`), { code: c }))))
            .status,
        ).toBe(404);
        expect((await thrown(post(teamMember, c, { intent: 'ask', body: '提问' }))).status).toBe(
          404,
        );
      }
    });
  });

  describe('when questions are taken', () => {
    it('not once applications have closed (deadline passed, or decided): a form error, nothing saved', async () => {
      const closed = await makeChallenge(db, { deadline: new Date('2021-06-30T00:00:00+08:00') });
      const awarded = await makeChallenge(db, { status: 'AWARDED' });
      for (const c of [closed, awarded]) {
        const before = await counts();
        const result = await post(teamMember, c.code!, { intent: 'ask', body: '还能提问吗？' });
        expect(result.errors).toEqual({ '': ['questions.errors.closed'] });
        expect(await counts()).toEqual(before);
        expect((await page(teamMember, c.code!)).ask).toEqual({ ok: false, reason: 'closed' });
        expect((await page(null, c.code!)).ask).toEqual({ ok: false, reason: 'closed' });
      }
    });

    it('an enterprise still answers a question asked in time after the deadline', async () => {
      const c = await makeChallenge(db);
      const member = await makeUser(db, { role: 'ENTERPRISE', organizationId: c.enterpriseId });
      await post(teamMember, c.code!, { intent: 'ask', body: '截止前的问题' });
      const q = await db.question.findFirstOrThrow({ where: { challengeId: c.id } });
      await db.challenge.update({
        where: { id: c.id },
        data: { applicationDeadline: new Date('2021-06-30T00:00:00+08:00') },
      });
      const result = await post(member, c.code!, {
        intent: 'answer',
        questionId: q.id,
        answer: '截止后的答复',
      });
      expect(result.notice).toBe('questions.notices.answered');
      expect((await page(null, c.code!)).items.map((i) => i.answer)).toEqual(['截止后的答复']);
    });

    it(`a team has at most ${MAX_PENDING_PER_TEAM} unanswered questions on one challenge`, async () => {
      const c = await makeChallenge(db);
      for (let i = 0; i < MAX_PENDING_PER_TEAM; i++) {
        expect(
          (await post(teamMember, c.code!, { intent: 'ask', body: `问题 ${i}` })).errors,
        ).toEqual({});
      }
      const before = await counts();
      const refused = await post(teamMate, c.code!, { intent: 'ask', body: '再问一个' });
      expect(refused.errors).toEqual({ '': ['questions.errors.tooManyPending'] });
      expect(await counts()).toEqual(before);
      expect((await page(teamMember, c.code!)).ask).toEqual({
        ok: false,
        reason: 'tooManyPending',
      });
      // another team is not held back
      expect(
        (await post(otherTeam, c.code!, { intent: 'ask', body: '另一个团队的问题' })).errors,
      ).toEqual({});
    });
  });
});
