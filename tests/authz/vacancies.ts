// Vacancies and the next-ranked team (docs/decisions/033): the staff's vacancy desk (reviewers
// propose, admins decide: the action answers both with field errors for an empty form), and the
// team's page to decline its award (another team gets 404).
import { all, staffOnly, type Fixtures, type MatrixEntry, type Row } from '../authz-rows';
import { makeApplication, makeChallenge, PAST_DEADLINE } from '../factories';

/** Team X's own record: team Y gets 404, everyone else is not a team. */
const teamXOwn: Row = { ...all('forbidden'), anonymous: 'login', teamX: 'ok', teamY: 'notFound' };

/** Team X's awarded application to a closed challenge of enterprise A. */
async function awardedOfX(f: Fixtures) {
  const challenge = await makeChallenge(f.db, {
    enterpriseId: f.actors.enterpriseA.organizationId,
    status: 'AWARDED',
    deadline: PAST_DEADLINE,
  });
  const app = await makeApplication(f.db, {
    challengeId: challenge.id,
    teamId: f.actors.teamX.organizationId,
    status: 'AWARDED',
  });
  return app.id;
}

export const entries: Record<string, MatrixEntry> = {
  'review.vacancies._index': { loader: staffOnly, action: staffOnly },
  'applications.$id.decline': {
    params: async (f) => ({ id: await awardedOfX(f) }),
    loader: teamXOwn,
    action: teamXOwn,
  },
};
