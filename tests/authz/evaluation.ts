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
import { assignReviewer, makeApplication, makeChallenge, PAST_DEADLINE } from '../factories';

/** The reviewer's own record: the admin, staff too, gets 404 as if it did not exist. */
const reviewersOwn: Row = { ...staffOnly, admin: 'notFound' };
/** Team X's own application: team Y gets 404. */
const teamXOwn: Row = { ...all('forbidden'), anonymous: 'login', teamX: 'ok', teamY: 'notFound' };

/** A closed challenge of enterprise A with a bid of team X, assigned to the reviewer. */
async function bidOfX(f: Fixtures, status: 'SUBMITTED' | 'DECLINED') {
  const challenge = await makeChallenge(f.db, {
    enterpriseId: f.actors.enterpriseA.organizationId,
    status: 'CLOSED',
    deadline: PAST_DEADLINE,
  });
  const app = await makeApplication(f.db, {
    challengeId: challenge.id,
    teamId: f.actors.teamX.organizationId,
    status,
  });
  const assignment = await assignReviewer(f.db, app.id, f.actors.reviewer.userId);
  return { code: challenge.code!, applicationId: app.id, assignmentId: assignment.id };
}

/** An upheld appeal of team X on its declined bid, its evaluation reopened. */
async function upheldAppealOfX(f: Fixtures) {
  const { applicationId } = await bidOfX(f, 'DECLINED');
  const appeal = await f.db.appeal.create({
    data: {
      applicationId,
      reason: '评分有误',
      status: 'UPHELD',
      resolution: '理由成立',
      resolvedById: f.actors.admin.userId,
      resolvedAt: new Date(),
      reopenedAt: new Date(),
    },
  });
  return { id: appeal.id };
}

export const entries: Record<string, MatrixEntry> = {
  'review.challenges._index': { loader: staffOnly, action: none },
  'review.challenges.$code': {
    params: async (f) => ({ code: (await bidOfX(f, 'SUBMITTED')).code }),
    loader: staffOnly,
    action: staffOnly,
  },
  'review.assignments._index': { loader: staffOnly, action: none },
  'review.experts._index': { loader: staffOnly, action: staffOnly },
  'review.assignments.$id': {
    params: async (f) => ({ id: (await bidOfX(f, 'SUBMITTED')).assignmentId }),
    loader: reviewersOwn,
    action: reviewersOwn,
  },
  'review.awards._index': { loader: adminOnly, action: adminOnly },
  // staff read the upheld appeals' re-evaluations there; only admins resolve appeals
  'review.appeals._index': { loader: staffOnly, action: adminOnly },
  // the re-evaluation of an upheld appeal: staff assign and propose, admins decide (the
  // service refuses a reviewer's decision)
  'review.appeals.$id': { params: upheldAppealOfX, loader: staffOnly, action: staffOnly },
  'applications.$id.feedback': {
    params: async (f) => ({ id: (await bidOfX(f, 'DECLINED')).applicationId }),
    loader: teamXOwn,
    action: teamXOwn,
  },
};
