// Setup shared by the questions test files. Each file calls setUpQuestions() once at its top: the
// integration suite runs its files in one module graph (vitest.config.ts, isolate: false), so
// the hook is registered by the call, in that file, and every file gets its own fixtures.
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

/** Registers the hook that makes the challenge and its audience for the calling test file. */
export function setUpQuestions() {
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
}
