// Setup shared by the questions test files. Importing this module registers its hooks in the importing
// test file (each test file loads its own copy of it), so every file gets its own fixtures.
import { beforeAll } from 'vitest';
import { db } from '~/lib/db.server';
import { challengeAudience, makeChallenge, makeUser, type TestUser } from './factories';

export type Challenge = Awaited<ReturnType<typeof makeChallenge>>;

/** Rows that bad input must leave alone. */
export async function counts() {
  const [questions, audits, notifications, mails] = await Promise.all([
    db.question.count(),
    db.auditEvent.count({ where: { entityType: 'Question' } }),
    db.notification.count(),
    db.mailMessage.count(),
  ]);
  return { questions, audits, notifications, mails };
}

export const notificationsOf = (user: TestUser, kind: string) =>
  db.notification.count({ where: { userId: user.id, kind } });
export const mailsTo = (user: TestUser) => db.mailMessage.count({ where: { to: user.email } });

export let challenge: Challenge;
export let code: string;
export let owner: TestUser;
export let owner2: TestUser;
export let ownerDisabled: TestUser;
export let otherEnterprise: TestUser;
export let teamMember: TestUser;
export let teamMate: TestUser;
export let otherTeam: TestUser;
export let reviewer: TestUser;
export let admin: TestUser;

beforeAll(async () => {
  challenge = await makeChallenge(db);
  code = challenge.code!;
  ({ owner, otherEnterprise, teamMember, teamMate, otherTeam, reviewer, admin } =
    await challengeAudience(db, challenge));
  owner2 = await makeUser(db, { role: 'ENTERPRISE', organizationId: challenge.enterpriseId });
  ownerDisabled = await makeUser(db, {
    role: 'ENTERPRISE',
    organizationId: challenge.enterpriseId,
  });
  await db.user.update({ where: { id: ownerDisabled.id }, data: { disabledAt: new Date() } });
});
