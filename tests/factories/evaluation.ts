// Records for the expert-review and award tests: a closed challenge with submitted bids from
// distinct teams, and scores for its criteria.
import type { Db } from '~/lib/db.server';
import { makeChallenge } from './needs';
import { makeTeam } from './people';
import { uid } from './unique';

/** A deadline long past: the challenge is closed for applications. */
export const PAST_DEADLINE = new Date('2021-06-30T00:00:00+08:00');

/**
 * A published challenge past its deadline (status CLOSED, or PUBLISHED when `stillPublished`
 * is set: the effective status is CLOSED either way) with `bids` submitted applications, one
 * per new team, each naming an institution (by default the team's own).
 */
export async function closedChallenge(
  db: Db,
  opts: {
    bids?: number;
    institutions?: (string | null)[];
    awardSlots?: number;
    stageGateDate?: Date | null;
    stillPublished?: boolean;
    status?: 'SUBMITTED' | 'SHORTLISTED';
  } = {},
) {
  const challenge = await makeChallenge(db, {
    status: opts.stillPublished ? 'PUBLISHED' : 'CLOSED',
    deadline: PAST_DEADLINE,
  });
  if (opts.awardSlots || opts.stageGateDate !== undefined) {
    await db.challenge.update({
      where: { id: challenge.id },
      data: { awardSlots: opts.awardSlots ?? 1, stageGateDate: opts.stageGateDate ?? null },
    });
  }
  const enterprise = await db.organization.findUniqueOrThrow({
    where: { id: challenge.enterpriseId },
  });
  const bids = opts.bids ?? 3;
  const applications = [];
  for (let i = 0; i < bids; i++) {
    const team = await makeTeam(db, `评审测试团队${uid()}`);
    const institution = opts.institutions?.[i];
    applications.push(
      await db.application.create({
        data: {
          challengeId: challenge.id,
          teamId: team.id,
          status: opts.status ?? 'SUBMITTED',
          institution: institution === undefined ? team.institution : institution,
          approach: `技术路线 ${i + 1}`,
          schedule: '12个月完成',
          budgetFen: 1_000_000n,
          membersJson: JSON.stringify([{ name: '张三', role: '负责人', title: '教授' }]),
          submittedAt: new Date('2021-06-20T10:00:00+08:00'),
        },
      }),
    );
  }
  return { challenge, enterprise, applications };
}

/** Scores with the same value and a comment for every criterion of the challenge. */
export async function scoresFor(db: Db, challengeId: string, value: number | number[]) {
  const criteria = await db.reviewCriterion.findMany({
    where: { challengeId },
    orderBy: { position: 'asc' },
  });
  return criteria.map((c, i) => ({
    key: c.key,
    score: Array.isArray(value) ? value[i]! : value,
    comment: `${c.name}评语 ${uid()}`,
  }));
}
