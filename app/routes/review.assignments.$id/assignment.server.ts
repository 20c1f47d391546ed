// A reviewer's own assignment with the application to score.
import { parseMembers } from '~/domain/application-rules';
import { DEFAULT_CRITERIA } from '~/domain/evaluation';
import type { Db } from '~/lib/db.server';
import { challengeSummarySelect } from '~/services/needs/selects';
import { toFenOrNull } from '~/lib/fen';
import { assignmentOpen, pendingReevaluation } from '~/services/evaluation/shared.server';

/** Whether the assignment is the reviewer's own: another reviewer's does not exist for one. */
export async function isOwnAssignment(db: Db, reviewerId: string, id: string) {
  const own = await db.reviewAssignment.findFirst({
    where: { id, reviewerId },
    select: { id: true },
  });
  return own !== null;
}

/** The reviewer's own assignment with the application to score; another's is "not found". */
export async function assignmentForReviewer(
  db: Db,
  reviewerId: string,
  id: string,
  now = new Date(),
) {
  const a = await db.reviewAssignment.findFirst({
    where: { id, reviewerId },
    select: {
      id: true,
      recusedAt: true,
      recuseReason: true,
      submittedAt: true,
      round: true,
      scores: { select: { criterionId: true, score: true, comment: true } },
      application: {
        select: {
          id: true,
          status: true,
          appeals: pendingReevaluation,
          institution: true,
          approach: true,
          schedule: true,
          budgetFen: true,
          requestedFen: true,
          membersJson: true,
          submittedAt: true,
          team: { select: { name: true, nameEn: true, institution: true, country: true } },
          challenge: {
            select: {
              ...challengeSummarySelect,
              targets: { orderBy: { position: 'asc' }, select: { text: true } },
              criteria: {
                orderBy: { position: 'asc' },
                select: { id: true, key: true, name: true, nameEn: true, weight: true },
              },
            },
          },
        },
      },
    },
  });
  if (!a) return null;
  const ch = a.application.challenge;
  const attachments = await db.attachment.findMany({
    where: { ownerType: 'Application', ownerId: a.application.id },
    orderBy: { createdAt: 'asc' },
    select: { id: true, originalName: true },
  });
  const stored = ch.criteria.length
    ? ch.criteria.map((c) => ({ ...c, id: c.id as string | null }))
    : DEFAULT_CRITERIA.map((c) => ({ ...c, id: null as string | null }));
  const scoreOf = new Map(a.scores.map((s) => [s.criterionId, s]));
  const open = assignmentOpen(a, now);
  return {
    id: a.id,
    recused: a.recusedAt !== null,
    recuseReason: a.recuseReason,
    submittedAt: a.submittedAt?.toISOString() ?? null,
    open,
    canScore: open && a.recusedAt === null,
    challenge: {
      code: ch.code ?? '',
      title: ch.title,
      titleEn: ch.titleEn,
      bountyFen: toFenOrNull(ch.bountyFen),
      targets: ch.targets.map((t) => t.text),
    },
    application: {
      status: a.application.status,
      team: a.application.team.name,
      teamEn: a.application.team.nameEn,
      institution: a.application.institution ?? a.application.team.institution,
      country: a.application.team.country,
      approach: a.application.approach,
      schedule: a.application.schedule,
      budgetFen: toFenOrNull(a.application.budgetFen),
      requestedFen: toFenOrNull(a.application.requestedFen),
      submittedAt: a.application.submittedAt?.toISOString() ?? null,
      members: parseMembers(a.application.membersJson).map((m) => ({ ...m, title: m.title ?? '' })),
      attachments,
    },
    criteria: stored.map((c) => {
      const s = c.id ? scoreOf.get(c.id) : undefined;
      return {
        key: c.key,
        name: c.name,
        nameEn: c.nameEn ?? null,
        weight: c.weight,
        score: s?.score ?? null,
        comment: s?.comment ?? '',
      };
    }),
  };
}
