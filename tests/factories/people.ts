// Organisations, their members and the bureau's staff: every call makes new, uniquely named rows.
import { computeCheckChar, CREDIT_CODE_CHARSET } from '~/domain/credit-code';
import type { Role } from '~/domain/roles';
import type { Db } from '~/lib/db.server';
import { actorOf } from '~/services/kernel/actor';
import { uid } from './unique';

/** A valid 统一社会信用代码: a random body with its check character. */
export function creditCode(): string {
  let body = '91370303';
  while (body.length < 17) {
    body += CREDIT_CODE_CHARSET[Math.floor(Math.random() * CREDIT_CODE_CHARSET.length)];
  }
  return body + computeCheckChar(body);
}

export function makeEnterprise(db: Db, name = `测试企业${uid()}有限公司`) {
  return db.organization.create({ data: { kind: 'ENTERPRISE', name, creditCode: creditCode() } });
}

export function makeTeam(db: Db, name = `测试团队${uid()}`) {
  return db.organization.create({
    data: { kind: 'TEAM', name, institution: '山东理工大学', country: 'CN' },
  });
}

/** The bureau of the seeded programme (staff are its members). */
export function bureau(db: Db) {
  return db.organization.findFirstOrThrow({
    where: { kind: 'BUREAU' },
    orderBy: { createdAt: 'asc' },
  });
}

/**
 * A new user with a unique e-mail; without an organisation, one of the role's kind is made
 * (staff join the bureau). The password hash is a placeholder: these users never sign in
 * with a password.
 */
export async function makeUser(
  db: Db,
  opts: { role: Exclude<Role, 'SYSTEM'>; organizationId?: string; name?: string; email?: string },
) {
  const organizationId =
    opts.organizationId ??
    (opts.role === 'ENTERPRISE'
      ? (await makeEnterprise(db)).id
      : opts.role === 'TEAM'
        ? (await makeTeam(db)).id
        : (await bureau(db)).id);
  const id = uid();
  return db.user.create({
    data: {
      email: opts.email ?? `user-${id}@example.test`,
      name: opts.name ?? `测试用户${id}`,
      role: opts.role,
      organizationId,
      passwordHash: 'not-a-password-hash',
    },
  });
}

export type TestUser = Awaited<ReturnType<typeof makeUser>>;

/** A reviewer or admin of the bureau, with an affiliation when given. */
export async function makeStaff(
  db: Db,
  role: 'REVIEWER' | 'ADMIN',
  affiliation: string | null = null,
) {
  const user = await makeUser(db, { role });
  return affiliation ? db.user.update({ where: { id: user.id }, data: { affiliation } }) : user;
}

/** Two reviewers who request payments and two admins who approve and pay (four-eyes). */
export async function makePaymentStaff(db: Db) {
  return {
    reviewer: actorOf(await makeUser(db, { role: 'REVIEWER' })),
    reviewer2: actorOf(await makeUser(db, { role: 'REVIEWER' })),
    admin: actorOf(await makeUser(db, { role: 'ADMIN' })),
    admin2: actorOf(await makeUser(db, { role: 'ADMIN' })),
  };
}

/** A member of a team (e.g. the one that made an application), to sign in as. */
export function teamMember(db: Db, teamId: string) {
  return makeUser(db, { role: 'TEAM', organizationId: teamId });
}

/**
 * Everyone a challenge's page answers differently: a member of its enterprise and one of
 * another enterprise, two members of one team and one of another team, a reviewer, an admin.
 */
export async function challengeAudience(db: Db, challenge: { enterpriseId: string }) {
  const owner = await makeUser(db, { role: 'ENTERPRISE', organizationId: challenge.enterpriseId });
  const otherEnterprise = await makeUser(db, { role: 'ENTERPRISE' });
  const team = await makeTeam(db);
  return {
    owner,
    otherEnterprise,
    teamMember: await teamMember(db, team.id),
    teamMate: await teamMember(db, team.id),
    otherTeam: await makeUser(db, { role: 'TEAM' }),
    reviewer: await makeUser(db, { role: 'REVIEWER' }),
    admin: await makeUser(db, { role: 'ADMIN' }),
  };
}

/** One member of each party of an award or contract, for signed-in requests. */
export async function partiesOf(db: Db, f: { enterpriseId: string; teamId: string }) {
  const [enterprise, team] = await Promise.all([
    makeUser(db, { role: 'ENTERPRISE', organizationId: f.enterpriseId }),
    teamMember(db, f.teamId),
  ]);
  return { enterprise, team };
}
