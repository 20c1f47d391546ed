// A reviewer's own assignments, newest first, each marked open (still to be reviewed) or not,
// with its due date and whether it has passed.
import { isOverdue } from '~/domain/review-due';
import { shanghaiDateString } from '~/domain/shanghai-date';
import type { Db } from '~/lib/db.server';
import { assignmentOpen, pendingReevaluation } from '~/services/evaluation/shared.server';

export async function myAssignments(db: Db, reviewerId: string, now = new Date()) {
  const rows = await db.reviewAssignment.findMany({
    where: { reviewerId },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    take: 500,
    select: {
      id: true,
      recusedAt: true,
      recuseReason: true,
      submittedAt: true,
      createdAt: true,
      dueAt: true,
      round: true,
      application: {
        select: {
          status: true,
          appeals: pendingReevaluation,
          team: { select: { name: true, nameEn: true } },
          challenge: {
            select: {
              code: true,
              title: true,
              titleEn: true,
              status: true,
              applicationDeadline: true,
            },
          },
        },
      },
    },
  });
  return rows.map((r) => {
    const open = assignmentOpen(r, now) && r.recusedAt === null;
    return {
      id: r.id,
      code: r.application.challenge.code ?? '',
      title: r.application.challenge.title,
      titleEn: r.application.challenge.titleEn,
      team: r.application.team.name,
      teamEn: r.application.team.nameEn,
      applicationStatus: r.application.status,
      recused: r.recusedAt !== null,
      recuseReason: r.recuseReason,
      submittedAt: r.submittedAt?.toISOString() ?? null,
      assignedAt: r.createdAt.toISOString(),
      open,
      todo: open && r.submittedAt === null,
      dueDate: shanghaiDateString(r.dueAt),
      overdue: isOverdue({ ...r, open }, now),
    };
  });
}
