// Expert review and awards: the bureau's evaluation desk (staff), a reviewer's own assignments
// (another staff member's assignment answers 404), the admins' award and appeal desks, and a
// team's review feedback (another team gets 404).
import {
  adminOnly,
  all,
  none,
  staffOnly,
  type Fixtures,
  type MatrixEntry,
  type Row,
} from '../authz-rows';

/** The reviewer's own record: the admin, staff too, gets 404 as if it did not exist. */
const reviewersOwn: Row = { ...staffOnly, admin: 'notFound' };
/** Team X's own application: team Y gets 404. */
const teamXOwn: Row = { ...all('forbidden'), anonymous: 'login', teamX: 'ok', teamY: 'notFound' };

let seq = 0;
/** A closed challenge of enterprise A with a bid of team X, assigned to the reviewer. */
async function bidOfX(f: Fixtures, status: 'SUBMITTED' | 'DECLINED') {
  const id = `${Date.now().toString(36)}${(seq++).toString(36)}`;
  const challenge = await f.db.challenge.create({
    data: {
      ref: `AUTHZ-EV-${id}`,
      code: `ZB-2099-E${id}`,
      enterpriseId: f.actors.enterpriseA.organizationId,
      title: '权限矩阵评审测试榜单',
      field: '新材料',
      background: '—',
      bountyType: 'FIXED',
      bountyFen: 1_000_000n,
      applicationDeadline: new Date('2021-06-30T00:00:00+08:00'),
      implementationMonths: 12,
      contactName: '—',
      contactPhone: '—',
      status: 'CLOSED',
      submittedAt: new Date(),
      publishedAt: new Date(),
    },
  });
  const app = await f.db.application.create({
    data: {
      challengeId: challenge.id,
      teamId: f.actors.teamX.organizationId,
      status,
      active: status === 'DECLINED' ? null : true,
      approach: '—',
      schedule: '—',
      submittedAt: new Date(),
      decidedAt: status === 'DECLINED' ? new Date() : null,
    },
  });
  const assignment = await f.db.reviewAssignment.create({
    data: { applicationId: app.id, reviewerId: f.actors.reviewer.userId },
  });
  return { code: challenge.code!, applicationId: app.id, assignmentId: assignment.id };
}

export const entries: Record<string, MatrixEntry> = {
  'review.challenges._index': { loader: staffOnly, action: none },
  'review.challenges.$code': {
    params: async (f) => ({ code: (await bidOfX(f, 'SUBMITTED')).code }),
    loader: staffOnly,
    action: staffOnly,
  },
  'review.assignments._index': { loader: staffOnly, action: none },
  'review.assignments.$id': {
    params: async (f) => ({ id: (await bidOfX(f, 'SUBMITTED')).assignmentId }),
    loader: reviewersOwn,
    action: reviewersOwn,
  },
  'review.awards._index': { loader: adminOnly, action: adminOnly },
  'review.appeals._index': { loader: adminOnly, action: adminOnly },
  'applications.$id.feedback': {
    params: async (f) => ({ id: (await bidOfX(f, 'DECLINED')).applicationId }),
    loader: teamXOwn,
    action: teamXOwn,
  },
};
