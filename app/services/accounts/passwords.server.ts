// Changing one's password, and resetting a forgotten one through a mailed single-use link.
// Either way every session of the account ends.
import { hashPassword, verifyPassword } from '~/lib/crypto/password.server';
import type { Db, Tx } from '~/lib/db.server';
import { clearAttempts, throttleKey } from '~/lib/throttle.server';
import { command } from '~/services/kernel/command.server';
import { refusal, type Result } from '~/services/kernel/refusal';
import { auditUser, findLink, issueLink, useLink } from './account-links.server';
import { passwordRefusal } from './password-rules.server';

const ERRORS = 'auth';
const RESET_LIFETIME_MS = 30 * 60 * 1000;

/** The new password in place; the lock of too many failed sign-ins and every session gone. */
async function replacePassword(tx: Tx, userId: string, passwordHash: string) {
  await tx.user.update({
    where: { id: userId },
    data: { passwordHash, failedSignIns: 0, lockedUntil: null },
  });
  await tx.session.deleteMany({ where: { userId } });
}

export async function changePassword(
  db: Db,
  userId: string,
  current: string,
  next: string,
): Promise<Result> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, passwordHash: true },
  });
  if (!(await verifyPassword(user.passwordHash, current)))
    return refusal(ERRORS, 'wrongPassword', { field: 'currentPassword' });
  const weak = passwordRefusal(next, user.email, 'newPassword');
  if (weak) return weak;
  const passwordHash = await hashPassword(next);
  return command(db, { errors: ERRORS }, async (ctx) => {
    await replacePassword(ctx.tx, userId, passwordHash);
    await auditUser(ctx, 'user.password_changed', userId, userId);
    return {};
  });
}

/** Always looks the same to the requester, whether or not the account exists. */
export async function requestPasswordReset(
  db: Db,
  email: string,
  origin: string,
  now = new Date(),
) {
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, disabledAt: true },
  });
  if (!user || user.disabledAt) return;
  await command(db, { errors: ERRORS }, async (ctx) => {
    const token = await issueLink(ctx.tx, 'reset', user.id, RESET_LIFETIME_MS, now);
    await auditUser(ctx, 'user.password_reset_requested', user.id, null);
    await ctx.mail({
      to: email,
      subject: '揭榜挂帅平台：重设密码 / Reset your Jiebang password',
      text: `请在30分钟内打开以下链接重设密码（仅可使用一次）：\nOpen this link within 30 minutes to choose a new password (single use):\n\n${origin}/password/reset/${token}\n\n如非本人操作，请忽略本邮件。 If you did not ask for this, ignore this message.`,
    });
    return {};
  });
}

export function findResetToken(db: Db, token: string, now = new Date()) {
  return findLink(db, 'reset', token, now);
}

export async function resetPassword(
  db: Db,
  token: string,
  password: string,
  now = new Date(),
): Promise<Result<object, 'resetInvalid' | 'weakPassword'>> {
  const row = await findResetToken(db, token, now);
  if (!row) return refusal(ERRORS, 'resetInvalid');
  const weak = passwordRefusal(password, row.user.email, 'password');
  if (weak) return weak;
  const passwordHash = await hashPassword(password);
  const done = await command<object, 'resetInvalid'>(db, { errors: ERRORS }, async (ctx) => {
    await useLink(ctx.tx, row.id, now, 'resetInvalid');
    await replacePassword(ctx.tx, row.userId, passwordHash);
    await auditUser(ctx, 'user.password_reset', row.userId, row.userId);
    return {};
  });
  if (!done.ok) return done;
  // the owner proved they read the account's mail: a lock an attacker set is lifted too
  await clearAttempts(db, throttleKey.account(row.userId));
  return { ok: true };
}
