// An upheld appeal changes the outcome (docs/decisions/034-upheld-appeals.md): upholding
// reopens the evaluation, other experts score it again (round 2), the new score earns a place
// or not, and a place is remedied by an extra slot or by replacing an unsigned award, with
// four-eyes; parallel approvals of one appeal's remedies pass once.
// The upheld appeal each test starts from, and its round 2: tests/appeal-remedies-helpers.ts.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { actorOf } from '~/services/kernel/actor';
import { decideRemedy, proposeRemedy } from '~/services/evaluation/appeal-remedies.server';
import { assignReevaluators } from '~/services/evaluation/reevaluation.server';
import { challengeRanking } from '~/services/evaluation/ranking.server';
import { submitScores } from '~/services/evaluation/scores.server';
import { makeStaff, scoresFor, teamMember } from './factories';
import { feedbackForTeam } from '~/routes/applications.$id.feedback/feedback.server';
import { assignmentOf, notificationsOf } from './evaluation-helpers';
import { args, errorsOf, postAs, signedInRequest } from './route-call';
import { action as remedyAction, loader as remedyLoader } from '~/routes/review.appeals.$id/route';
import { loader as appealsLoader } from '~/routes/review.appeals._index/route';
import { changeDueDates } from '~/services/evaluation/due-dates.server';
import { sendDueReminders } from '~/services/evaluation/reminders.server';
import { raceAcrossProcesses, RACE_TIMEOUT, type RaceOutcome } from './race';
import {
  appealOf,
  reevaluate,
  signContract,
  statusOf,
  upheldAppeal,
} from './appeal-remedies-helpers';

afterAll(() => db.$disconnect());

describe(`upheld appeals change the outcome (${inject('databaseKind')})`, () => {
  it('upholding reopens the evaluation, audits and tells every party', async () => {
    const s = await upheldAppeal();
    const appeal = await appealOf(s);
    expect(appeal.status).toBe('UPHELD');
    expect(appeal.reopenedAt).not.toBeNull();
    expect(appeal.outcome).toBeNull();
    expect(await statusOf(s.appellant.id)).toBe('SUBMITTED');
    expect(
      await db.auditEvent.count({
        where: { action: 'application.reopen', entityId: s.appellant.id },
      }),
    ).toBe(1);
    expect(await notificationsOf(s.member.id, 'appealRemedy.reopened')).toBe(1);
    expect(await notificationsOf(s.reviewer.id, 'appealRemedy.reopened')).toBe(1);
    // the admin who upheld it needs no notice
    expect(await notificationsOf(s.admin.id, 'appealRemedy.reopened')).toBe(0);
  });

  it('refuses the round-1 expert with a field error and excludes a recused expert', async () => {
    const s = await upheldAppeal();
    const again = await assignReevaluators(db, actorOf(s.reviewer), s.appealId, [s.r1.id]);
    expect(again).toMatchObject({ ok: false, error: 'scoredBefore', field: 'reviewerIds' });
    const conflicted = await makeStaff(db, 'REVIEWER', s.enterprise.name);
    const fresh = await makeStaff(db, 'REVIEWER');
    const r = await assignReevaluators(db, actorOf(s.reviewer), s.appealId, [
      conflicted.id,
      fresh.id,
    ]);
    expect(r).toMatchObject({ ok: true, created: 2, recused: 1 });
    expect((await assignmentOf(s.appellant.id, conflicted.id)).recusedAt).not.toBeNull();
    // the recused expert may not score, and does not hold the round open
    const c = await assignmentOf(s.appellant.id, conflicted.id);
    const refused = await submitScores(
      db,
      conflicted.id,
      c.id,
      await scoresFor(db, s.challenge.id, 100),
    );
    expect(refused).toMatchObject({ ok: false, error: 'recused' });
    const f = await assignmentOf(s.appellant.id, fresh.id);
    expect(
      (await submitScores(db, fresh.id, f.id, await scoresFor(db, s.challenge.id, 95))).ok,
    ).toBe(true);
    expect((await appealOf(s)).outcome).toBe('PLACE');
    // an expert is not assigned twice, and no expert once the outcome is known
    const late = await makeStaff(db, 'REVIEWER');
    expect(await assignReevaluators(db, actorOf(s.reviewer), s.appealId, [late.id])).toMatchObject({
      ok: false,
      error: 'scoringDone',
    });
  });

  it('a new score below the awarded one is NO_PLACE: declined again, the team told', async () => {
    const s = await upheldAppeal();
    await reevaluate(s, 80);
    const appeal = await appealOf(s);
    expect(appeal.outcome).toBe('NO_PLACE');
    expect(appeal.outcomeAt).not.toBeNull();
    expect(await statusOf(s.appellant.id)).toBe('DECLINED');
    expect(await notificationsOf(s.member.id, 'appealRemedy.noPlace')).toBe(1);
    // the round-2 score ranks the application now; round 1 stays on record
    const { ranked } = await challengeRanking(db, s.challenge.id);
    expect(ranked.find((r) => r.id === s.appellant.id)?.weighted).toBe(80);
    expect(await db.reviewAssignment.count({ where: { applicationId: s.appellant.id } })).toBe(3);
    // the team reads the re-evaluation's score and comments, and that it was reopened
    const feedback = await feedbackForTeam(db, s.appellant.teamId, s.appellant.id);
    expect(feedback?.reevaluation?.stage).toBe('NO_PLACE');
    expect(feedback?.review?.weighted).toBe(80);
    expect(feedback?.review?.criteria[0]?.comments).toHaveLength(2);
    const refused = await proposeRemedy(
      db,
      actorOf(s.reviewer),
      s.appealId,
      'APPEAL_SLOT',
      null,
      '补救',
    );
    expect(refused).toMatchObject({ ok: false, error: 'notPlace' });
  });

  it('the slot remedy adds a 赛马制 slot, with four-eyes', async () => {
    const s = await upheldAppeal();
    await reevaluate(s, 95);
    expect((await appealOf(s)).outcome).toBe('PLACE');
    expect(await notificationsOf(s.member.id, 'appealRemedy.place')).toBe(1);
    const p = await proposeRemedy(db, actorOf(s.admin), s.appealId, 'APPEAL_SLOT', null, '加名额');
    if (!p.ok) throw new Error(p.error);
    // the proposer may not approve
    expect(await decideRemedy(db, actorOf(s.admin), p.awardId, 'approve', '')).toMatchObject({
      ok: false,
      error: 'ownProposal',
    });
    // a reviewer may not approve at all
    expect(await decideRemedy(db, actorOf(s.reviewer), p.awardId, 'approve', '')).toMatchObject({
      ok: false,
      error: 'forbidden',
    });
    const ok = await decideRemedy(db, actorOf(s.admin2), p.awardId, 'approve', '同意');
    expect(ok).toMatchObject({ ok: true, slotNo: 2 });
    const challenge = await db.challenge.findUniqueOrThrow({ where: { id: s.challenge.id } });
    expect(challenge.awardSlots).toBe(2);
    const award = await db.award.findUniqueOrThrow({ where: { id: p.awardId } });
    expect(award).toMatchObject({ status: 'APPROVED', kind: 'APPEAL_SLOT', slotNo: 2 });
    expect(await statusOf(s.appellant.id)).toBe('AWARDED');
    expect((await appealOf(s)).outcome).toBe('REMEDIED');
    // the first award is untouched
    expect(await db.award.findUniqueOrThrow({ where: { id: s.awardIds[0]! } })).toMatchObject({
      status: 'APPROVED',
      slotNo: 1,
    });
    expect(await notificationsOf(s.member.id, 'appealRemedy.remedied')).toBe(1);
    expect(
      await db.auditEvent.count({ where: { action: 'appeal.remedied', entityId: s.appealId } }),
    ).toBe(1);
  });

  it('the replace remedy vacates the unsigned award and gives its slot to the appellant', async () => {
    const s = await upheldAppeal();
    await reevaluate(s, 95);
    const replaced = s.awardIds[0]!;
    const replacedTeam = await teamMember(db, s.applications[0]!.teamId);
    const p = await proposeRemedy(
      db,
      actorOf(s.reviewer),
      s.appealId,
      'APPEAL_REPLACE',
      replaced,
      '替换',
    );
    if (!p.ok) throw new Error(p.error);
    const ok = await decideRemedy(db, actorOf(s.admin2), p.awardId, 'approve', '同意');
    expect(ok).toMatchObject({ ok: true, slotNo: 1 });
    expect(await db.award.findUniqueOrThrow({ where: { id: replaced } })).toMatchObject({
      status: 'VACATED',
      slotNo: null,
      vacatedSlotNo: 1,
      vacatedReason: 'REPLACED',
      vacatedById: s.admin2.id,
    });
    expect(await db.award.findUniqueOrThrow({ where: { id: p.awardId } })).toMatchObject({
      status: 'APPROVED',
      slotNo: 1,
      replacesAwardId: replaced,
    });
    expect(
      (await db.challenge.findUniqueOrThrow({ where: { id: s.challenge.id } })).awardSlots,
    ).toBe(1);
    // the replaced team's application leaves the award and its active slot; the appellant's
    // takes the award, and the appeal is done
    const replacedApp = await db.application.findUniqueOrThrow({
      where: { id: s.applications[0]!.id },
    });
    expect(replacedApp).toMatchObject({ status: 'DECLINED', active: null });
    expect(await db.application.findUniqueOrThrow({ where: { id: s.appellant.id } })).toMatchObject(
      { status: 'AWARDED', active: true },
    );
    expect(await appealOf(s)).toMatchObject({ outcome: 'REMEDIED' });
    expect(await db.award.count({ where: { challengeId: s.challenge.id, slotNo: 1 } })).toBe(1);
    // audited: the vacancy, both applications' moves, the approval and the remedy
    const audited = async (action: string, entityId: string) =>
      db.auditEvent.findMany({ where: { action, entityId }, select: { actorId: true } });
    expect(await audited('award.vacated', replaced)).toEqual([{ actorId: s.admin2.id }]);
    expect(await audited('application.vacate', s.applications[0]!.id)).toEqual([
      { actorId: s.admin2.id },
    ]);
    expect(await audited('application.award', s.appellant.id)).toHaveLength(1);
    expect(await audited('award.approved', p.awardId)).toHaveLength(1);
    expect(await audited('appeal.remedied', s.appealId)).toHaveLength(1);
    // both teams told, each of its own fate
    expect(await notificationsOf(replacedTeam.id, 'appealRemedy.replaced')).toBe(1);
    expect(await notificationsOf(replacedTeam.id, 'appealRemedy.remedied')).toBe(0);
    expect(await notificationsOf(s.member.id, 'appealRemedy.remedied')).toBe(1);
    expect(await notificationsOf(s.member.id, 'appealRemedy.replaced')).toBe(0);
    // a second approval finds the appeal remedied
    const again = await proposeRemedy(
      db,
      actorOf(s.reviewer),
      s.appealId,
      'APPEAL_SLOT',
      null,
      '再加',
    );
    expect(again).toMatchObject({ ok: false, error: 'alreadyRemedied' });
  });

  it('round-2 experts get due-date reminders like round 1, until the outcome is known', async () => {
    // the challenge is AWARDED: only the re-evaluation keeps the review open
    const s = await upheldAppeal();
    const expert = await makeStaff(db, 'REVIEWER');
    // far from every other test's dates, so that only this assignment is due
    const assigned = await assignReevaluators(db, actorOf(s.reviewer), s.appealId, [expert.id], {
      now: new Date('2032-05-01T09:00:00+08:00'),
      dueAt: new Date('2032-05-10T00:00:00+08:00'),
    });
    expect(assigned.ok).toBe(true);
    const a = await assignmentOf(s.appellant.id, expert.id);
    // the experts' desk may still move its due date: the re-evaluation keeps it open
    const moved = await changeDueDates(
      db,
      actorOf(s.reviewer),
      { assignmentIds: [a.id], dueAt: new Date('2032-05-10T00:00:00+08:00') },
      { now: new Date('2032-05-01T10:00:00+08:00') },
    );
    expect(moved).toMatchObject({ ok: true, applied: 1, refused: 0 });
    await sendDueReminders(db, { now: new Date('2032-05-08T09:00:00+08:00') });
    expect(await notificationsOf(expert.id, 'reviewDueSoon')).toBe(1);
    expect(
      (await submitScores(db, expert.id, a.id, await scoresFor(db, s.challenge.id, 80))).ok,
    ).toBe(true);
    expect((await appealOf(s)).outcome).toBe('NO_PLACE');
    await sendDueReminders(db, { now: new Date('2032-05-10T08:00:00+08:00') });
    expect(await notificationsOf(expert.id, 'reviewDueToday')).toBe(0);
  });

  it('reviewers find the re-evaluations on the appeal desk, without the open appeals', async () => {
    const s = await upheldAppeal();
    const read = async (user: typeof s.reviewer) =>
      (await appealsLoader(args(await signedInRequest(db, user, '/review/appeals')))) as Awaited<
        ReturnType<typeof appealsLoader>
      >;
    const forReviewer = await read(s.reviewer);
    expect(forReviewer.canResolve).toBe(false);
    expect(forReviewer.open).toEqual([]);
    expect(forReviewer.resolved).toEqual([]);
    expect(forReviewer.upheld.map((a) => a.id)).toContain(s.appealId);
    const forAdmin = await read(s.admin);
    expect(forAdmin.canResolve).toBe(true);
    expect(forAdmin.upheld.map((a) => a.id)).toContain(s.appealId);
    expect(forAdmin.resolved.map((a) => a.id)).toContain(s.appealId);
  });

  it('refuses to replace an award once its contract is signed, even between proposal and approval', async () => {
    const s = await upheldAppeal();
    await reevaluate(s, 95);
    const replaced = s.awardIds[0]!;
    const p = await proposeRemedy(
      db,
      actorOf(s.reviewer),
      s.appealId,
      'APPEAL_REPLACE',
      replaced,
      '替换',
    );
    if (!p.ok) throw new Error(p.error);
    await signContract(replaced);
    expect(await decideRemedy(db, actorOf(s.admin2), p.awardId, 'approve', '')).toMatchObject({
      ok: false,
      error: 'contractSigned',
    });
    expect(
      await proposeRemedy(db, actorOf(s.reviewer), s.appealId, 'APPEAL_REPLACE', replaced, 'x'),
    ).toMatchObject({ ok: false, error: 'contractSigned' });
    expect((await db.award.findUniqueOrThrow({ where: { id: replaced } })).status).toBe('APPROVED');
    expect((await appealOf(s)).outcome).toBe('PLACE');
    // the slot remedy is still open, and a rejection tells the proposer
    const slot = await proposeRemedy(db, actorOf(s.reviewer), s.appealId, 'APPEAL_SLOT', null, 'y');
    if (!slot.ok) throw new Error(slot.error);
    expect((await decideRemedy(db, actorOf(s.admin2), slot.awardId, 'reject', '不同意')).ok).toBe(
      true,
    );
    expect(await notificationsOf(s.reviewer.id, 'appealRemedy.rejected')).toBe(1);
  });

  it('refuses hostile ids and kinds without writing', async () => {
    const s = await upheldAppeal();
    await reevaluate(s, 95);
    const before = await db.award.count();
    expect(
      await proposeRemedy(db, actorOf(s.reviewer), s.appealId, 'APPEAL_REPLACE', 'nope', 'x'),
    ).toMatchObject({ ok: false, error: 'replaceTarget', field: 'replacesAwardId' });
    expect(
      await proposeRemedy(db, actorOf(s.reviewer), "' OR 1=1 --", 'APPEAL_SLOT', null, 'x'),
    ).toMatchObject({ ok: false, error: 'notFound' });
    expect(
      await proposeRemedy(db, actorOf(s.member), s.appealId, 'APPEAL_SLOT', null, 'x'),
    ).toMatchObject({ ok: false, error: 'forbidden' });
    expect(
      await assignReevaluators(db, actorOf(s.member), s.appealId, [s.reviewer.id]),
    ).toMatchObject({ ok: false, error: 'forbidden' });
    expect(await decideRemedy(db, actorOf(s.admin), s.awardIds[0]!, 'approve', '')).toMatchObject({
      ok: false,
      error: 'notFound',
    });
    expect(await db.award.count()).toBe(before);
  });

  it('the page answers bad input with field errors and writes nothing', async () => {
    const s = await upheldAppeal();
    const url = `/review/appeals/${s.appealId}`;
    const post = (fields: Record<string, string>) =>
      postAs(db, remedyAction, s.reviewer, url, fields, { id: s.appealId });
    const before = await db.reviewAssignment.count();
    // the first round's expert: a field error on the list
    expect(errorsOf(await post({ intent: 'assign', 'reviewerIds[0]': s.r1.id }))).toEqual({
      reviewerIds: ['appealRemedies.errors.scoredBefore'],
    });
    expect(errorsOf(await post({ intent: 'assign' }))).toMatchObject({
      reviewerIds: ['appealRemedies.errors.reviewersRequired'],
    });
    expect(
      errorsOf(await post({ intent: 'assign', 'reviewerIds[0]': 'x', dueDate: '2021-13-40' })),
    ).toMatchObject({ dueDate: ['evaluation.errors.dueInvalid'] });
    // a remedy before the outcome, a replacement without its award, no reason
    expect(
      errorsOf(await post({ intent: 'propose', kind: 'APPEAL_SLOT', reason: '补救' })),
    ).toEqual({ '': ['appealRemedies.errors.notPlace'] });
    expect(
      errorsOf(await post({ intent: 'propose', kind: 'APPEAL_REPLACE', reason: '补救' })),
    ).toMatchObject({ replacesAwardId: ['appealRemedies.errors.replaceTarget'] });
    expect(errorsOf(await post({ intent: 'propose', kind: 'APPEAL_SLOT' }))).toMatchObject({
      reason: ['validation.required'],
    });
    expect(errorsOf(await post({ intent: 'propose', kind: 'BOGUS', reason: 'x' }))).toMatchObject({
      kind: ['appealRemedies.errors.kindRequired'],
    });
    // a decision on an award that is not this appeal's remedy
    expect(errorsOf(await post({ intent: 'approve', awardId: s.awardIds[0]! }))).toEqual({
      '': ['appealRemedies.errors.notFound'],
    });
    expect(await db.reviewAssignment.count()).toBe(before);
    expect(await db.award.count({ where: { appealId: s.appealId } })).toBe(0);
    // the page shows the stage, and the first round's expert as excluded
    const request = await signedInRequest(db, s.reviewer, url);
    const desk = (await remedyLoader(args(request, { id: s.appealId }))) as Awaited<
      ReturnType<typeof remedyLoader>
    >;
    expect(desk.appeal.stage).toBe('SCORING');
    expect(desk.staff.find((u) => u.id === s.r1.id)?.excluded).toBe(1);
    expect(desk.firstScore).toBe(60);
  });

  for (const mode of ['one process', 'five processes'] as const) {
    it(
      `of two remedies of one appeal approved at once, exactly one passes (${mode})`,
      async () => {
        const s = await upheldAppeal();
        await reevaluate(s, 95);
        const slot = await proposeRemedy(
          db,
          actorOf(s.reviewer),
          s.appealId,
          'APPEAL_SLOT',
          null,
          'a',
        );
        const replace = await proposeRemedy(
          db,
          actorOf(s.reviewer),
          s.appealId,
          'APPEAL_REPLACE',
          s.awardIds[0]!,
          'b',
        );
        if (!slot.ok || !replace.ok) throw new Error('proposals refused');
        const admins = [s.admin, s.admin2].map(actorOf);
        const jobs = Array.from({ length: 10 }, (_, i) => ({
          awardId: i % 2 ? slot.awardId : replace.awardId,
          actor: admins[Math.floor(i / 2) % 2]!,
        }));
        const results: RaceOutcome[] =
          mode === 'one process'
            ? await Promise.all(
                jobs.map((j) => decideRemedy(db, j.actor, j.awardId, 'approve', '')),
              )
            : await raceAcrossProcesses('tests/appeal-remedy-race.worker.ts', jobs, 5);
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        expect(results.filter((r) => !r.ok && r.error?.startsWith('exception'))).toEqual([]);
        const approved = await db.award.count({
          where: { appealId: s.appealId, status: 'APPROVED' },
        });
        expect(approved).toBe(1);
        expect((await appealOf(s)).outcome).toBe('REMEDIED');
        expect(await statusOf(s.appellant.id)).toBe('AWARDED');
        expect(
          await db.auditEvent.count({ where: { action: 'appeal.remedied', entityId: s.appealId } }),
        ).toBe(1);
      },
      RACE_TIMEOUT,
    );
  }
});
