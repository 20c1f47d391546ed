// What a bureau admin changes about other people's accounts: disabling and enabling, the role,
// a lost second factor, staff invitations; and the first admin, created from the command line.
// Every change of access ends the sessions it affects, so that it holds at once.
import { rolesForKind, type ManagedRole } from '~/domain/roles';
import { hashPassword } from '~/lib/crypto/password.server';
import type { Db, Tx } from '~/lib/db.server';
import { command } from '~/services/kernel/command.server';
import { Refused, refusal, type Result } from '~/services/kernel/refusal';
import { auditUser } from './account-links.server';
import { invite } from './invitations.server';

const ERRORS = 'admin';

/** The user an admin acts on; a refusal when they are gone or are the admin themselves. */
async function otherUser(tx: Tx, adminId: string, userId: string, selfField?: string) {
  const user = await tx.user.findUnique({
    where: { id: userId },
    select: { id: true, role: true, organization: { select: { kind: true } } },
  });
  if (!user) throw new Refused('userNotFound');
  if (user.id === adminId) throw new Refused('cannotSelf', { field: selfField });
  return user;
}

/**
 * Disables or re-enables a user; disabling ends every session at once. A user already in the
 * asked state is left alone (nothing changed, nothing audited); an admin does not disable
 * themselves.
 */
export async function setUserDisabled(
  db: Db,
  adminId: string,
  userId: string,
  disabled: boolean,
): Promise<Result<{ changed: boolean }>> {
  return command(db, { errors: ERRORS }, async (ctx) => {
    // re-enabling oneself is no change at all: only disabling needs another user
    if (disabled) await otherUser(ctx.tx, adminId, userId);
    const changed = await ctx.tx.user.updateMany({
      where: { id: userId, disabledAt: disabled ? null : { not: null } },
      data: { disabledAt: disabled ? new Date() : null },
    });
    if (changed.count === 0) {
      if (!(await ctx.tx.user.count({ where: { id: userId } }))) throw new Refused('userNotFound');
      return { changed: false };
    }
    if (disabled) await ctx.tx.session.deleteMany({ where: { userId } });
    await auditUser(ctx, disabled ? 'user.disabled' : 'user.enabled', userId, adminId);
    return { changed: true };
  });
}

/** Gives a user another role their organisation's kind allows (never to the admin themselves). */
export async function setUserRole(
  db: Db,
  adminId: string,
  userId: string,
  role: ManagedRole,
): Promise<Result> {
  return command(db, { errors: ERRORS }, async (ctx) => {
    const user = await otherUser(ctx.tx, adminId, userId, 'role');
    if (!rolesForKind(user.organization.kind).includes(role))
      throw new Refused('roleIncompatible', { field: 'role' });
    if (user.role === role) throw new Refused('roleSame', { field: 'role' });
    const updated = await ctx.tx.user.updateMany({ where: { id: userId }, data: { role } });
    if (updated.count !== 1) throw new Refused('userNotFound');
    // a role change is a privilege change: the user signs in again under the new role
    await ctx.tx.session.deleteMany({ where: { userId } });
    await auditUser(ctx, 'user.role_changed', userId, adminId, { from: user.role, to: role });
    return {};
  });
}

/**
 * An admin resets another staff member's second factor (a lost phone and recovery codes): the
 * secret and the recovery codes go, every session of theirs ends, and they enrol again at their
 * next sign-in. One's own factor is changed by enrolling again, never by an admin action.
 */
export async function resetSecondFactor(db: Db, adminId: string, userId: string): Promise<Result> {
  return command(db, { errors: ERRORS }, async (ctx) => {
    await otherUser(ctx.tx, adminId, userId);
    const reset = await ctx.tx.user.updateMany({
      where: { id: userId, totpEnabledAt: { not: null } },
      data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null },
    });
    if (reset.count !== 1) throw new Refused('noSecondFactor');
    await ctx.tx.recoveryCode.deleteMany({ where: { userId } });
    await ctx.tx.session.deleteMany({ where: { userId } });
    await auditUser(ctx, 'user.totp_reset', userId, adminId);
    return {};
  });
}

const firstBureau = (db: Db | Tx) =>
  db.organization.findFirst({
    where: { kind: 'BUREAU' },
    orderBy: { createdAt: 'asc' },
    select: { id: true },
  });

/** Invites a reviewer or an admin onto the bureau's staff. */
export async function inviteStaff(
  db: Db,
  adminId: string,
  input: { name: string; email: string; role: ManagedRole; origin: string },
): Promise<Result<{ token: string }>> {
  const bureau = await firstBureau(db);
  if (!bureau) return refusal(ERRORS, 'noBureau');
  return invite(db, { inviterId: adminId, organizationId: bureau.id, ...input });
}

/**
 * The first bureau admin, made from the command line (and the bureau with them when there is
 * none yet). They set up their authenticator at their first sign-in.
 */
export async function createAdmin(
  db: Db,
  input: { email: string; name: string; password: string },
): Promise<Result<{ userId: string }>> {
  if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } }))
    return refusal(ERRORS, 'emailTaken', { key: 'auth.emailTaken' });
  const passwordHash = await hashPassword(input.password);
  return command(db, { errors: ERRORS }, async (ctx) => {
    const bureau =
      (await firstBureau(ctx.tx)) ??
      (await ctx.tx.organization.create({
        data: { kind: 'BUREAU', name: '科学技术局', nameEn: 'Science and Technology Bureau' },
      }));
    const user = await ctx.tx.user.create({
      data: {
        email: input.email,
        name: input.name,
        role: 'ADMIN',
        organizationId: bureau.id,
        passwordHash,
      },
    });
    await auditUser(ctx, 'user.admin_created_by_cli', user.id, null);
    return { userId: user.id };
  });
}
