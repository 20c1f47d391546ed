// Helpers shared by the awards test files.
import { expect } from 'vitest';
import { db } from '~/lib/db.server';
import { action as awardsAction } from '~/routes/review.awards._index/route';
import { approveAward } from '~/services/evaluation/awards.server';
import { actorOf } from '~/services/kernel/actor';
import { makeStaff } from './factories';
import { postAs, type Reply } from './route-call';
import { raceAcrossProcesses, type RaceOutcome } from './race';
import { DONE_MESSAGES } from '~/lib/done';

export type User = { id: string; role: string; email: string; organizationId: string };

export async function decide(user: User, fields: Record<string, string>) {
  return postAs(db, awardsAction, user, '/review/awards', fields);
}

/** The notice a decision redirected to (`?done=`, app/lib/done.ts), as the page will show it. */
export function noticeOf(r: unknown) {
  expect(r).toBeInstanceOf(Response);
  const to = new URL((r as Response).headers.get('Location') ?? '', 'http://x');
  expect(to.pathname).toBe('/review/awards');
  const done = to.searchParams.get('done') as keyof typeof DONE_MESSAGES.awardDecision;
  const slot = to.searchParams.get('slot');
  return {
    key: DONE_MESSAGES.awardDecision[done],
    ...(slot ? { params: { slot: Number(slot) } } : {}),
  };
}

export const formErrors = (r: { result: Reply }) => r.result.error?.[''] ?? null;

export const applicationStatus = async (applicationId: string) =>
  (await db.application.findUniqueOrThrow({ where: { id: applicationId } })).status;

/** Proposals made straight in the database (the races are about approval, not proposal). */
export async function proposalsFor(
  challengeId: string,
  applicationIds: string[],
  proposedById: string,
) {
  await db.application.updateMany({
    where: { id: { in: applicationIds } },
    data: { status: 'SHORTLISTED' },
  });
  const ids: string[] = [];
  for (const applicationId of applicationIds) {
    const award = await db.award.create({
      data: { challengeId, applicationId, status: 'PROPOSED', proposedById },
    });
    ids.push(award.id);
  }
  return ids;
}

export const REFUSALS = ['full', 'decided', 'invalid', 'conflict'];

/**
 * A reviewer's proposal of each application, all approved at once by `admins` new admins in
 * turn: in this process, or across five with a connection each (tests/race.ts).
 */
export async function approveAllAtOnce(
  challengeId: string,
  applicationIds: string[],
  admins: number,
  mode: 'one process' | 'five processes',
) {
  const reviewer = await makeStaff(db, 'REVIEWER');
  const approvers = await Promise.all(Array.from({ length: admins }, () => makeStaff(db, 'ADMIN')));
  const awardIds = await proposalsFor(challengeId, applicationIds, reviewer.id);
  const jobs = awardIds.map((awardId, i) => ({ awardId, actor: actorOf(approvers[i % admins]!) }));
  const results: RaceOutcome[] =
    mode === 'one process'
      ? await Promise.all(jobs.map((j) => approveAward(db, j.actor, j.awardId)))
      : await raceAcrossProcesses('tests/award-race.worker.ts', jobs, 5);
  return { awardIds, results };
}
