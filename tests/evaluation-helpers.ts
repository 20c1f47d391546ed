// Helpers shared by the evaluation test files.
import { db } from '~/lib/db.server';
import { postAs } from './route-call';
import { action as assignmentAction } from '~/routes/review.assignments.$id/route';

export type User = { id: string; role: string; email: string; organizationId: string };

export async function scoreVia(user: User, assignmentId: string, fields: Record<string, string>) {
  return postAs(db, assignmentAction, user, `/review/assignments/${assignmentId}`, fields, {
    id: assignmentId,
  });
}

export function scoreFields(scores: { key: string; score: number | string; comment: string }[]) {
  const fields: Record<string, string> = { intent: 'score' };
  scores.forEach((s, i) => {
    fields[`scores[${i}].key`] = s.key;
    fields[`scores[${i}].score`] = String(s.score);
    fields[`scores[${i}].comment`] = s.comment;
  });
  return fields;
}

export const assignmentOf = (applicationId: string, reviewerId: string) =>
  db.reviewAssignment.findUniqueOrThrow({
    where: { applicationId_reviewerId: { applicationId, reviewerId } },
  });

export const notificationsOf = (userId: string, kind: string) =>
  db.notification.count({ where: { userId, kind } });
