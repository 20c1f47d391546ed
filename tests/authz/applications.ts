// Applications (揭榜): team X's application to enterprise A's open challenge, assigned to the
// reviewer. Team Y and enterprise B get 404 as if it did not exist.
import { all, none, type Fixtures, type MatrixEntry, type Row } from '../authz-rows';

const teams: Row = { ...all('forbidden'), anonymous: 'login', teamX: 'ok', teamY: 'ok' };
/** Team X's own record, for team actions: team Y gets 404. */
const ownedByX: Row = { ...teams, teamY: 'notFound' };

let seq = 0;
async function openChallengeOfA(f: Fixtures) {
  const id = `${Date.now().toString(36)}${(seq++).toString(36)}`;
  return f.db.challenge.create({
    data: {
      ref: `AUTHZ-APP-${id}`,
      code: `ZB-2099-A${id}`,
      enterpriseId: f.actors.enterpriseA.organizationId,
      title: '权限矩阵测试榜单',
      field: '新材料',
      background: '—',
      bountyType: 'FIXED',
      bountyFen: 1_000_000n,
      applicationDeadline: new Date('2099-01-01T00:00:00+08:00'),
      implementationMonths: 12,
      contactName: '—',
      contactPhone: '—',
      status: 'PUBLISHED',
      submittedAt: new Date(),
      publishedAt: new Date(),
    },
  });
}

async function applicationOfX(f: Fixtures) {
  const challenge = await openChallengeOfA(f);
  const app = await f.db.application.create({
    data: {
      challengeId: challenge.id,
      teamId: f.actors.teamX.organizationId,
      status: 'SUBMITTED',
      active: true,
      approach: '—',
      schedule: '—',
      budgetFen: 0n,
      membersJson: JSON.stringify([{ name: '—', role: '—' }]),
      submittedAt: new Date(),
    },
  });
  await f.db.reviewAssignment.create({
    data: { applicationId: app.id, reviewerId: f.actors.reviewer.userId },
  });
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
