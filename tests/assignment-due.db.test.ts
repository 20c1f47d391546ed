// Review due dates (issue #16.3, docs/decisions/028-review-due-dates.md) through the bureau's
// pages and the services: assigning with a due date, one expert to many applications (a
// conflicted pair refused, the rest assigned), moving reviews to another expert, each expert's
// load, reminders sent once however many runs race, and hostile input that changes nothing.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { dueDayAfter } from '~/domain/review-due';
import { shanghaiDateString } from '~/domain/shanghai-date';
import { db } from '~/lib/db.server';
import {
  action as expertsAction,
  loader as expertsLoader,
} from '~/routes/review.experts._index/route';
import { loadOf } from '~/routes/review.experts._index/experts.server';
import { loader as myAssignmentsLoader } from '~/routes/review.assignments._index/route';
import { bulkAssign, bulkReassign, changeDueDates } from '~/services/evaluation/due-dates.server';
import { sendDueReminders } from '~/services/evaluation/reminders.server';
import { actorOf } from '~/services/kernel/actor';
import { assignReviewer, closedChallenge, makeStaff, makeUser, scoresFor } from './factories';
import { notificationsOf, scoreFields, scoreVia } from './evaluation-helpers';
import { postToDesk } from './pages/challenge-desk';
import {
  args,
  doneNotice,
  errorsOf,
  postAs,
  signedInRequest,
  thrownOrReturned,
  type SignedIn,
} from './route-call';

afterAll(() => db.$disconnect());

const dayString = (days: number) => shanghaiDateString(dueDayAfter(new Date(), days));
const day = (d: string) => new Date(`${d}T00:00:00+08:00`);

/** Posts the experts desk's form as `user` (entries may repeat a name, as checkboxes do). */
async function postExperts(user: SignedIn, fields: [string, string][], query = '') {
  const request = await signedInRequest(db, user, `/review/experts${query}`, {
    method: 'POST',
    body: new URLSearchParams(fields),
  });
  return thrownOrReturned(async () => expertsAction(args(request)));
}

const notice = (r: unknown) =>
  doneNotice('reviewExperts', r, '/review/experts', ['applied', 'refused', 'conflicts']);

/** Everything a refused action could have changed, to compare before and after. */
const snapshot = async (applicationIds: string[]) => ({
  assignments: await db.reviewAssignment.findMany({
    where: { applicationId: { in: applicationIds } },
    orderBy: { id: 'asc' },
  }),
  audit: await db.auditEvent.count({ where: { entityId: { in: applicationIds } } }),
});

describe(`review due dates (${inject('databaseKind')})`, () => {
  it('assigns from the challenge desk with the chosen due date, and refuses a past one', async () => {
    const { challenge, applications } = await closedChallenge(db, { bids: 2 });
    const staff = await makeStaff(db, 'REVIEWER');
    const code = challenge.code!;
    const before = await snapshot(applications.map((a) => a.id));
    const past = await postToDesk(staff, code, [
      ['intent', 'assign'],
      ['reviewerIds', staff.id],
      ['dueDate', dayString(-1)],
    ]);
    expect(past.errors).toEqual({ dueDate: ['evaluation.errors.duePast'] });
    expect(await snapshot(applications.map((a) => a.id))).toEqual(before);

    const due = dayString(10);
    const ok = await postToDesk(staff, code, [
      ['intent', 'assign'],
      ['reviewerIds', staff.id],
      ['dueDate', due],
    ]);
    expect(ok.notice?.key).toBe('evaluation.desk.assign.done');
    const rows = await db.reviewAssignment.findMany({ where: { reviewerId: staff.id } });
    expect(rows.map((r) => shanghaiDateString(r.dueAt))).toEqual([due, due]);

    // the expert's queue shows the due date
    const request = await signedInRequest(db, staff, '/review/assignments');
    const queue = await myAssignmentsLoader(args(request));
    expect(queue.rows.map((r) => [r.dueDate, r.overdue])).toEqual([
      [due, false],
      [due, false],
    ]);
  });

  it('assigns one expert to many applications, refusing the conflicted pair with its reason', async () => {
    const one = await closedChallenge(db, {
      bids: 2,
      institutions: ['淄博职业学院', '山东大学'],
    });
    const two = await closedChallenge(db, { bids: 1, institutions: ['青岛科技大学'] });
    const ids = [...one.applications, ...two.applications].map((a) => a.id);
    // the factories' teams are of 山东理工大学: the expert is of the first bid's institution
    const expert = await makeStaff(db, 'REVIEWER', '淄博职业学院');
    const desk = await makeStaff(db, 'ADMIN');
    const due = dayString(7);

    const r = await postExperts(desk, [
      ['intent', 'assignMany'],
      ['expertId', expert.id],
      ...ids.map((id): [string, string] => ['applicationIds', id]),
      ['dueDate', due],
    ]);
    expect(notice(r)).toEqual({
      key: 'reviewDue.experts.notices.assigned',
      params: { applied: '2', refused: '1', conflicts: '1' },
    });
    const made = await db.reviewAssignment.findMany({ where: { reviewerId: expert.id } });
    expect(made.map((a) => a.applicationId).sort()).toEqual([ids[1], ids[2]].sort());
    expect(made.every((a) => shanghaiDateString(a.dueAt) === due)).toBe(true);
    // each assignment is audited on its application; the expert is told once
    expect(
      await db.auditEvent.count({ where: { action: 'review.assigned', entityId: { in: ids } } }),
    ).toBe(2);
    expect(await notificationsOf(expert.id, 'reviewAssignedMany')).toBe(1);

    // the same again: both already assigned, the conflict still refused, nothing written
    const again = await bulkAssign(db, actorOf(desk), {
      expertId: expert.id,
      applicationIds: ids,
      dueAt: day(due),
    });
    expect(again).toMatchObject({ ok: true, applied: 0, refused: 3 });
    expect(again.ok && again.items.map((i) => i.reason).sort()).toEqual([
      'alreadyAssigned',
      'alreadyAssigned',
      'conflict',
    ]);
    expect(await db.reviewAssignment.count({ where: { reviewerId: expert.id } })).toBe(2);
  });

  it('two parallel bulk assignments of the same pairs write each pair once', async () => {
    const { applications } = await closedChallenge(db, { bids: 3 });
    const ids = applications.map((a) => a.id);
    const expert = await makeStaff(db, 'REVIEWER');
    const desk = actorOf(await makeStaff(db, 'ADMIN'));
    const input = { expertId: expert.id, applicationIds: ids, dueAt: dueDayAfter(new Date(), 5) };
    const [a, b] = await Promise.all([bulkAssign(db, desk, input), bulkAssign(db, desk, input)]);
    expect([a, b].map((r) => (r.ok ? r.applied : -1)).sort()).toEqual([0, 3]);
    expect(await db.reviewAssignment.count({ where: { reviewerId: expert.id } })).toBe(3);
  });

  it('moves unstarted reviews to another expert, never to a conflicted one, and shows the load', async () => {
    const { challenge, applications } = await closedChallenge(db, {
      bids: 3,
      institutions: ['烟台大学', '鲁东大学', '潍坊学院'],
    });
    const ids = applications.map((a) => a.id);
    const from = await makeStaff(db, 'REVIEWER');
    const to = await makeStaff(db, 'REVIEWER', '鲁东大学');
    const desk = await makeStaff(db, 'ADMIN');
    const overdueDay = day('2021-07-01');
    const rows = [];
    for (const id of ids) rows.push(await assignReviewer(db, id, from.id, overdueDay));
    // the third review is under way: it stays
    await db.reviewCriterion.createMany({
      data: [
        { challengeId: challenge.id, key: 'technical', name: '技术方案', weight: 100, position: 0 },
      ],
    });
    const submitted = await scoreVia(
      from,
      rows[2]!.id,
      scoreFields(await scoresFor(db, challenge.id, 80)),
    );
    expect((submitted as Response).status).toBe(302);
    await db.assignmentReminder.create({ data: { assignmentId: rows[0]!.id, kind: 'before' } });

    const now = new Date();
    expect((await loadOf(db, [from.id], now)).get(from.id)).toEqual({
      assigned: 3,
      done: 1,
      overdue: 2,
    });

    const due = dayString(3);
    const r = await postExperts(
      desk,
      [
        ['intent', 'reassign'],
        ...rows.map((a): [string, string] => ['assignmentIds', a.id]),
        ['toExpertId', to.id],
        ['dueDate', due],
      ],
      `?expert=${from.id}`,
    );
    expect(
      doneNotice('reviewExperts', r, '/review/experts', ['applied', 'refused', 'conflicts']),
    ).toEqual({
      key: 'reviewDue.experts.notices.reassigned',
      params: { applied: '1', refused: '2', conflicts: '1' },
    });
    expect(
      new URL((r as Response).headers.get('Location')!, 'http://x').searchParams.get('expert'),
    ).toBe(from.id);
    const moved = await db.reviewAssignment.findUniqueOrThrow({ where: { id: rows[0]!.id } });
    expect([moved.reviewerId, shanghaiDateString(moved.dueAt)]).toEqual([to.id, due]);
    // the reminders start again for the new expert and date
    expect(await db.assignmentReminder.count({ where: { assignmentId: moved.id } })).toBe(0);
    expect(
      (await db.reviewAssignment.findUniqueOrThrow({ where: { id: rows[1]!.id } })).reviewerId,
    ).toBe(from.id);
    expect(
      await db.auditEvent.count({ where: { action: 'review.reassigned', entityId: ids[0] } }),
    ).toBe(1);
    const load = await loadOf(db, [from.id, to.id], now);
    expect(load.get(from.id)).toEqual({ assigned: 2, done: 1, overdue: 1 });
    expect(load.get(to.id)).toEqual({ assigned: 1, done: 0, overdue: 0 });

    // a new due date for the one still open; the submitted one is left as it was
    const redated = await changeDueDates(db, actorOf(desk), {
      assignmentIds: [rows[1]!.id, rows[2]!.id],
      dueAt: day(due),
    });
    expect(redated).toMatchObject({ ok: true, applied: 1, refused: 1 });
    expect((await loadOf(db, [from.id], now)).get(from.id)).toEqual({
      assigned: 2,
      done: 1,
      overdue: 0,
    });

    // the page shows the expert's load and their open review
    const page = await expertsLoader(
      args(await signedInRequest(db, desk, `/review/experts?expert=${from.id}`)),
    );
    expect(page.experts.find((e) => e.id === from.id)).toMatchObject({ assigned: 2, done: 1 });
    expect(page.selected?.open.map((o) => [o.id, o.dueDate])).toEqual([[rows[1]!.id, due]]);
  });

  it('sends each reminder once, in the expert’s language, however many runs race', async () => {
    const { applications } = await closedChallenge(db, { bids: 2 });
    const zh = await makeStaff(db, 'REVIEWER');
    const en = await makeStaff(db, 'REVIEWER');
    await db.user.update({ where: { id: en.id }, data: { locale: 'en' } });
    // far from every other test's dates, so that only these two are due
    const dueDay = day('2031-03-10');
    const a = await assignReviewer(db, applications[0]!.id, zh.id, dueDay);
    const b = await assignReviewer(db, applications[1]!.id, en.id, dueDay);
    const mails = (email: string) => db.mailMessage.findMany({ where: { to: email } });

    const before = new Date('2031-03-08T09:00:00+08:00');
    const runs = await Promise.all([
      sendDueReminders(db, { now: before }),
      sendDueReminders(db, { now: before }),
    ]);
    expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(2);
    expect(await notificationsOf(zh.id, 'reviewDueSoon')).toBe(1);
    expect(await notificationsOf(en.id, 'reviewDueSoon')).toBe(1);
    const [zhMail] = await mails(zh.email);
    const [enMail] = await mails(en.email);
    expect(zhMail!.text).toContain('将于 2031-03-10 截止');
    expect(enMail!.text).toContain('is due on 2031-03-10');
    expect(enMail!.text).not.toContain('截止');
    // a later run the same day, or the next, sends nothing new
    expect((await sendDueReminders(db, { now: new Date('2031-03-09T09:00:00+08:00') })).sent).toBe(
      0,
    );

    // on the day: the second reminder, once; a submitted review gets none
    await db.reviewAssignment.update({ where: { id: b.id }, data: { submittedAt: new Date() } });
    const onTheDay = new Date('2031-03-10T08:00:00+08:00');
    const [x, y] = await Promise.all([
      sendDueReminders(db, { now: onTheDay }),
      sendDueReminders(db, { now: onTheDay }),
    ]);
    expect(x.sent + y.sent).toBe(1);
    expect(await notificationsOf(zh.id, 'reviewDueToday')).toBe(1);
    expect(await notificationsOf(en.id, 'reviewDueToday')).toBe(0);
    expect(await db.assignmentReminder.count({ where: { assignmentId: a.id } })).toBe(2);
    // the day after: overdue, no more reminders
    expect((await sendDueReminders(db, { now: new Date('2031-03-11T08:00:00+08:00') })).sent).toBe(
      0,
    );
  });

  it('refuses hostile input whole and changes nothing', async () => {
    const { applications } = await closedChallenge(db, { bids: 2 });
    const ids = applications.map((a) => a.id);
    const expert = await makeStaff(db, 'REVIEWER');
    const desk = await makeStaff(db, 'ADMIN');
    const team = await makeUser(db, { role: 'TEAM' });
    const dueAt = dueDayAfter(new Date(), 5);
    const staffActor = actorOf(desk);
    const before = await snapshot(ids);

    const tenThousand = Array.from({ length: 10_000 }, (_, i) => `${ids[i % 2]}`);
    expect(
      await bulkAssign(db, staffActor, { expertId: expert.id, applicationIds: tenThousand, dueAt }),
    ).toMatchObject({ ok: false, error: 'bulkTooMany', field: 'applicationIds' });
    expect(
      await bulkAssign(db, staffActor, {
        expertId: expert.id,
        applicationIds: [...ids, 'no-such-application'],
        dueAt,
      }),
    ).toMatchObject({ ok: false, error: 'notFound' });
    expect(
      await bulkAssign(db, staffActor, {
        expertId: expert.id,
        applicationIds: ids,
        dueAt: day('2021-01-01'),
      }),
    ).toMatchObject({ ok: false, error: 'duePast', field: 'dueDate' });
    expect(
      await bulkAssign(db, staffActor, {
        expertId: expert.id,
        applicationIds: ids,
        dueAt: dueDayAfter(new Date(), 91),
      }),
    ).toMatchObject({ ok: false, error: 'dueTooFar' });
    expect(
      await bulkAssign(db, staffActor, { expertId: team.id, applicationIds: ids, dueAt }),
    ).toMatchObject({ ok: false, error: 'invalidReviewer', field: 'expertId' });
    expect(
      await bulkAssign(db, actorOf(team), { expertId: expert.id, applicationIds: ids, dueAt }),
    ).toMatchObject({ ok: false, error: 'staffOnly' });
    expect(
      await bulkReassign(db, actorOf(team), { assignmentIds: ['x'], toExpertId: expert.id, dueAt }),
    ).toMatchObject({ ok: false, error: 'staffOnly' });
    expect(
      await changeDueDates(db, staffActor, { assignmentIds: ['no-such-assignment'], dueAt }),
    ).toMatchObject({ ok: false, error: 'notFound' });

    // through the page: an outsider is turned away, bad fields get their messages
    const outsider = await postExperts(team, [
      ['intent', 'assignMany'],
      ['expertId', expert.id],
      ['applicationIds', ids[0]!],
      ['dueDate', dayString(5)],
    ]);
    expect(outsider).toBeInstanceOf(Response);
    expect((outsider as Response).status).toBe(403);
    const bad = await postExperts(desk, [
      ['intent', 'assignMany'],
      ['expertId', expert.id],
      ['dueDate', '2021-02-30'],
    ]);
    expect(errorsOf(bad)).toEqual({
      applicationIds: ['evaluation.errors.bulkEmpty'],
      dueDate: ['evaluation.errors.dueInvalid'],
    });
    const flood = await postExperts(desk, [
      ['intent', 'assignMany'],
      ['expertId', expert.id],
      ...Array.from({ length: 10_000 }, (): [string, string] => ['applicationIds', ids[0]!]),
      ['dueDate', dayString(5)],
    ]);
    expect(flood).not.toBeInstanceOf(Response);
    expect(Object.keys(errorsOf(flood)).length).toBeGreaterThan(0);
    const stranger = await postAs(db, expertsAction, desk, '/review/experts', {
      intent: 'reassign',
      assignmentIds: 'no-such-assignment',
      toExpertId: expert.id,
      dueDate: dayString(5),
    });
    expect(errorsOf(stranger)).toEqual({ assignmentIds: ['evaluation.errors.notFound'] });

    expect(await snapshot(ids)).toEqual(before);
  });
});
