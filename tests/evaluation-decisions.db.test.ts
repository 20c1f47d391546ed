// Expert review after the scores: criteria locked by the first score, shortlisting and
// declining with the team's feedback, and the appeal an admin resolves.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { actorOf } from '~/services/kernel/actor';
import { closedChallenge, makeStaff, scoresFor, teamMember } from './factories';
import {
  args,
  errorsOf,
  formPost,
  postAs,
  type Reply,
  signedInRequest,
  thrownOrReturned,
} from './route-call';
import { postToDesk } from './pages/challenge-desk';
import {
  action as feedbackAction,
  loader as feedbackLoader,
} from '~/routes/applications.$id.feedback/route';
import {
  action as appealsAction,
  loader as appealsLoader,
} from '~/routes/review.appeals._index/route';
import { loader as listLoader } from '~/routes/review.challenges._index/route';
import { challengeDesk } from '~/routes/review.challenges.$code/desk.server';
import { submitAppeal } from '~/services/evaluation/appeals.server';
import { submitScores } from '~/services/evaluation/scores.server';
import { type User, assignmentOf, notificationsOf } from './evaluation-helpers';

afterAll(() => db.$disconnect());

describe(`expert review (${inject('databaseKind')})`, () => {
  it('sets criteria and a parallel award until the first score, then locks the criteria', async () => {
    const { challenge, applications } = await closedChallenge(db, { bids: 1 });
    const code = challenge.code!;
    const reviewer = await makeStaff(db, 'REVIEWER');
    const saved = await postToDesk(reviewer, code, [
      ['intent', 'criteria'],
      ['criteria[0].name', '技术方案'],
      ['criteria[0].weight', '50'],
      ['criteria[1].name', '产业化前景'],
      ['criteria[1].nameEn', 'Market prospects'],
      ['criteria[1].weight', '30'],
      ['criteria[2].name', '团队能力'],
      ['criteria[2].weight', '20'],
    ]);
    expect(saved.notice?.key).toBe('evaluation.desk.criteria.saved');
    expect(
      (
        await db.reviewCriterion.findMany({
          where: { challengeId: challenge.id },
          orderBy: { position: 'asc' },
        })
      ).map((c) => [c.key, c.name, c.nameEn, c.weight]),
    ).toEqual([
      ['technical', '技术方案', null, 50],
      ['c2', '产业化前景', 'Market prospects', 30],
      ['team', '团队能力', null, 20],
    ]);
    const slots = await postToDesk(reviewer, code, [
      ['intent', 'slots'],
      ['awardSlots', '3'],
      ['stageGateDate', '2022-03-01'],
    ]);
    expect(slots.notice?.key).toBe('evaluation.desk.slots.saved');
    const set = await db.challenge.findUniqueOrThrow({ where: { id: challenge.id } });
    expect(set.awardSlots).toBe(3);
    expect(set.stageGateDate!.toISOString()).toBe(
      new Date('2022-03-01T00:00:00+08:00').toISOString(),
    );

    await postToDesk(reviewer, code, [
      ['intent', 'assign'],
      ['reviewerIds', reviewer.id],
    ]);
    const assignment = await assignmentOf(applications[0]!.id, reviewer.id);
    expect(
      await submitScores(
        db,
        reviewer.id,
        assignment.id,
        await scoresFor(db, challenge.id, [90, 60, 30]),
      ),
    ).toEqual({ ok: true });
    expect((await challengeDesk(db, code, actorOf(reviewer)))!.rows[0]!.weighted).toBe(69);
    const locked = await postToDesk(reviewer, code, [['intent', 'defaults']]);
    expect(errorsOf(locked)['']).toEqual(['evaluation.errors.criteriaLocked']);
    expect(await db.reviewCriterion.count({ where: { challengeId: challenge.id } })).toBe(3);
    // a started assignment cannot be taken back
    const unassigned = await postToDesk(reviewer, code, [
      ['intent', 'unassign'],
      ['assignmentId', assignment.id],
    ]);
    expect(errorsOf(unassigned)['']).toEqual(['evaluation.errors.assignmentStarted']);
  });

  it('shortlists and declines, tells the team, and shows the feedback after the decision', async () => {
    const { challenge, applications } = await closedChallenge(db, {
      bids: 2,
      stillPublished: true,
    });
    const [winner, loser] = applications as [(typeof applications)[0], (typeof applications)[0]];
    const code = challenge.code!;
    const reviewer = await makeStaff(db, 'REVIEWER');
    const reviewer2 = await makeStaff(db, 'REVIEWER');
    const member = await teamMember(db, loser.teamId);
    const otherTeam = await teamMember(db, winner.teamId);

    // a PUBLISHED challenge past its deadline is under evaluation
    const list = (await listLoader(
      args(await signedInRequest(db, reviewer, '/review/challenges')),
    )) as { rows: { code: string; status: string; undecided: number }[] };
    expect(list.rows.find((r) => r.code === code)).toMatchObject({
      status: 'CLOSED',
      undecided: 2,
    });

    await postToDesk(reviewer, code, [
      ['intent', 'assign'],
      ['reviewerIds', reviewer.id],
      ['reviewerIds', reviewer2.id],
    ]);
    for (const [r, value] of [
      [reviewer, 62],
      [reviewer2, 71],
    ] as const) {
      await submitScores(
        db,
        r.id,
        (await assignmentOf(loser.id, r.id)).id,
        (await scoresFor(db, challenge.id, value)).map((s, i) => ({
          ...s,
          comment: `${r.id === reviewer.id ? '甲' : '乙'}评语${i + 1}`,
        })),
      );
    }
    // before the decision the team sees no scores and cannot appeal
    const early = (await feedbackLoader(
      args(await signedInRequest(db, member, `/applications/${loser.id}/feedback`), {
        id: loser.id,
      }),
    )) as { feedback: { review: unknown; appealRefusal: string } };
    expect(early.feedback.review).toBeNull();
    expect(early.feedback.appealRefusal).toBe('not_decided');

    const shortlisted = await postToDesk(reviewer, code, [
      ['intent', 'shortlist'],
      ['applicationId', winner.id],
    ]);
    expect(shortlisted.notice?.key).toBe('evaluation.desk.ranking.shortlisted');
    expect((await db.application.findUniqueOrThrow({ where: { id: winner.id } })).status).toBe(
      'SHORTLISTED',
    );
    expect(await notificationsOf(otherTeam.id, 'applicationShortlisted')).toBe(1);
    // shortlisting twice is not a transition
    expect(
      errorsOf(
        await postToDesk(reviewer, code, [
          ['intent', 'shortlist'],
          ['applicationId', winner.id],
        ]),
      )[''],
    ).toEqual(['evaluation.errors.invalid']);

    const declined = await postToDesk(reviewer, code, [
      ['intent', 'decline'],
      ['applicationId', loser.id],
    ]);
    expect(declined.notice?.key).toBe('evaluation.desk.ranking.declined');
    const decided = await db.application.findUniqueOrThrow({ where: { id: loser.id } });
    expect([decided.status, decided.active, decided.decidedAt !== null]).toEqual([
      'DECLINED',
      null,
      true,
    ]);
    const told = await db.notification.findFirstOrThrow({
      where: { userId: member.id, kind: 'applicationDeclined' },
    });
    expect(told.link).toBe(`/applications/${loser.id}/feedback`);
    expect(JSON.parse(told.payload)).toEqual({ code });

    // the team sees per-criterion averages and comments, never who wrote them
    const response = await feedbackLoader(
      args(await signedInRequest(db, member, `/applications/${loser.id}/feedback`), {
        id: loser.id,
      }),
    );
    const feedback = (response as { feedback: { review: Record<string, unknown> } }).feedback;
    expect(feedback.review).toMatchObject({ weighted: 66.5, reviewers: 2 });
    const criteria = feedback.review.criteria as { average: number; comments: string[] }[];
    expect(criteria.map((c) => c.average)).toEqual([66.5, 66.5, 66.5, 66.5]);
    expect(criteria[0]!.comments.sort()).toEqual(['乙评语1', '甲评语1']);
    const serialized = JSON.stringify(response);
    for (const r of [reviewer, reviewer2]) {
      expect(serialized).not.toContain(r.id);
      expect(serialized).not.toContain(r.email);
      expect(serialized).not.toContain(
        (await db.user.findUniqueOrThrow({ where: { id: r.id } })).name,
      );
    }
    // another team's application does not exist for this team
    for (const call of [
      async () =>
        feedbackLoader(
          args(await signedInRequest(db, otherTeam, `/applications/${loser.id}/feedback`), {
            id: loser.id,
          }),
        ),
      async () =>
        feedbackAction(
          args(
            await signedInRequest(
              db,
              otherTeam,
              `/applications/${loser.id}/feedback`,
              formPost({ reason: '不服' }),
            ),
            { id: loser.id },
          ),
        ),
    ])
      expect(((await thrownOrReturned(call)) as Response).status).toBe(404);
  });

  it('takes one appeal within 7 days of the decision; an admin resolves it', async () => {
    const { challenge, applications } = await closedChallenge(db, { bids: 3 });
    const [declinedApp, lateApp, raceApp] = applications as [
      (typeof applications)[0],
      (typeof applications)[0],
      (typeof applications)[0],
    ];
    const now = new Date();
    const DAY = 24 * 3600 * 1000;
    await db.application.updateMany({
      where: { id: { in: [declinedApp.id, raceApp.id] } },
      data: { status: 'DECLINED', active: null, decidedAt: now },
    });
    await db.application.update({
      where: { id: lateApp.id },
      data: { status: 'DECLINED', active: null, decidedAt: new Date(now.getTime() - 9 * DAY) },
    });
    const member = await teamMember(db, declinedApp.teamId);
    const admin = await makeStaff(db, 'ADMIN');
    const reviewer = await makeStaff(db, 'REVIEWER');
    const appealVia = async (reason: string) =>
      postAs(
        db,
        feedbackAction,
        member,
        `/applications/${declinedApp.id}/feedback`,
        { reason },
        { id: declinedApp.id },
      );
    const adminsBefore = await notificationsOf(admin.id, 'appealReceived');

    expect(errorsOf((await appealVia('   ')) as Reply).reason).toEqual(['validation.required']);
    expect(errorsOf((await appealVia('x'.repeat(2001))) as Reply).reason).toEqual([
      'validation.tooLong',
    ]);
    expect(await db.appeal.count({ where: { applicationId: declinedApp.id } })).toBe(0);

    const filed = await appealVia('评审未考虑我们的中试数据。');
    expect((filed as Response).status).toBe(302);
    expect(await notificationsOf(admin.id, 'appealReceived')).toBe(adminsBefore + 1);
    expect(errorsOf((await appealVia('再次申诉')) as Reply)['']).toEqual([
      'evaluation.errors.appealAlready',
    ]);
    expect(await db.appeal.count({ where: { applicationId: declinedApp.id } })).toBe(1);

    // 9 days after the decision the window is closed
    const lateMember = await teamMember(db, lateApp.teamId);
    expect(await submitAppeal(db, actorOf(lateMember), lateApp.id, '迟到的申诉')).toEqual({
      ok: false,
      error: 'appealWindowClosed',
      key: 'evaluation.errors.appealWindowClosed',
    });
    // parallel appeals on one decision: exactly one is taken
    const raceMember = await teamMember(db, raceApp.teamId);
    const raced = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        submitAppeal(db, actorOf(raceMember), raceApp.id, `并发申诉 ${i}`),
      ),
    );
    expect(raced.filter((r) => r.ok)).toHaveLength(1);
    expect(await db.appeal.count({ where: { applicationId: raceApp.id } })).toBe(1);

    // the admins' desk: a reviewer may not resolve, bad input is refused, then it is resolved
    const appeal = await db.appeal.findFirstOrThrow({ where: { applicationId: declinedApp.id } });
    const resolve = async (user: User, fields: Record<string, string>) =>
      postAs(db, appealsAction, user, '/review/appeals', fields);
    expect(
      (
        (await resolve(reviewer, {
          intent: 'dismiss',
          appealId: appeal.id,
          resolution: '驳回',
        })) as Response
      ).status,
    ).toBe(403);
    expect(
      errorsOf(
        (
          (await resolve(admin, { intent: 'dismiss', appealId: appeal.id, resolution: '' })) as {
            result: Reply;
          }
        ).result,
      ).resolution,
    ).toEqual(['validation.required']);
    expect(
      errorsOf(
        (
          (await resolve(admin, { intent: 'maybe', appealId: appeal.id, resolution: '好' })) as {
            result: Reply;
          }
        ).result,
      ).intent,
    ).toBeTruthy();
    const listed = (await appealsLoader(
      args(await signedInRequest(db, admin, '/review/appeals')),
    )) as { open: { id: string }[] };
    expect(listed.open.map((a) => a.id)).toContain(appeal.id);
    expect((await db.appeal.findUniqueOrThrow({ where: { id: appeal.id } })).status).toBe('OPEN');

    const done = (await resolve(admin, {
      intent: 'dismiss',
      appealId: appeal.id,
      resolution: '经复核，中试数据已在评审中考虑，维持原决定。',
    })) as { done: boolean };
    expect(done.done).toBe(true);
    const resolved = await db.appeal.findUniqueOrThrow({ where: { id: appeal.id } });
    expect([resolved.status, resolved.resolvedById]).toEqual(['DISMISSED', admin.id]);
    const told = await db.notification.findFirstOrThrow({
      where: { userId: member.id, kind: 'appealResolved' },
    });
    expect(JSON.parse(told.payload)).toEqual({
      code: challenge.code,
      comment: '经复核，中试数据已在评审中考虑，维持原决定。',
    });
    const again = (await resolve(admin, {
      intent: 'uphold',
      appealId: appeal.id,
      resolution: '改判',
    })) as { result: Reply };
    expect(errorsOf(again.result)['']).toEqual(['evaluation.errors.invalid']);
    expect(
      await db.auditEvent.count({ where: { entityType: 'Appeal', entityId: appeal.id } }),
    ).toBe(2);
  });
});
