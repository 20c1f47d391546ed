// Applications (揭榜): team X's application to enterprise A's open challenge, assigned to the
// reviewer. Team Y and enterprise B get 404 as if it did not exist.
import { all, none, type Fixtures, type MatrixEntry, type Row } from '../authz-rows';
import { assignReviewer, makeApplication, makeChallenge } from '../factories';

const teams: Row = { ...all('forbidden'), anonymous: 'login', teamX: 'ok', teamY: 'ok' };
/** Team X's own record, for team actions: team Y gets 404. */
const ownedByX: Row = { ...teams, teamY: 'notFound' };

/** An open challenge of enterprise A. */
const openChallengeOfA = (f: Fixtures) =>
  makeChallenge(f.db, {
    enterpriseId: f.actors.enterpriseA.organizationId,
    deadline: new Date('2099-01-01T00:00:00+08:00'),
  });

/** Team X's submitted application to it, assigned to the reviewer. */
async function applicationOfX(f: Fixtures) {
  const challenge = await openChallengeOfA(f);
  const app = await makeApplication(f.db, {
    challengeId: challenge.id,
    teamId: f.actors.teamX.organizationId,
  });
  await assignReviewer(f.db, app.id, f.actors.reviewer.userId);
  return app.id;
}

export const entries: Record<string, MatrixEntry> = {
  // any team may open the form of a public challenge; an empty form gives field errors
  'apply.$code': {
    params: async (f) => ({ code: (await openChallengeOfA(f)).code! }),
    loader: teams,
    action: teams,
  },
  // teams see their own, staff those assigned to them; enterprises are sent to their needs
  'applications._index': {
    loader: { ...all('ok'), anonymous: 'login', enterpriseA: 'redirect', enterpriseB: 'redirect' },
    action: none,
  },
  'applications.$id._index': {
    params: async (f) => ({ id: await applicationOfX(f) }),
    loader: {
      anonymous: 'login',
      enterpriseA: 'ok',
      enterpriseB: 'notFound',
      teamX: 'ok',
      teamY: 'notFound',
      reviewer: 'ok',
      admin: 'ok',
    },
    action: ownedByX,
  },
  'applications.$id.edit': {
    params: async (f) => ({ id: await applicationOfX(f) }),
    loader: ownedByX,
    action: ownedByX,
  },
  'needs.$id.applications': {
    params: async (f) => ({ id: (await openChallengeOfA(f)).id }),
    loader: {
      ...all('forbidden'),
      anonymous: 'login',
      enterpriseA: 'ok',
      enterpriseB: 'notFound',
    },
    action: none,
  },
};
