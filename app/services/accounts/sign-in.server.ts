// Signing in with a password, under the shared throttle of ADR 015, and through the unlock link
// mailed to the owner of a locked account. The throttle's counters are written by their own
// atomic statements (lib/throttle.server.ts), outside any command: a refused attempt must
// still count.
import type { Role } from '~/domain/roles';
import { getT } from '~/i18n/i18n';
import { verifyPassword, verifyStandIn } from '~/lib/crypto/password.server';
import type { Db } from '~/lib/db.server';
import { trustedOrigin } from '~/lib/env.server';
import { deliver, queueMail } from '~/lib/mail.server';
import {
  clearAttempts,
  POLICIES,
  refundAttempt,
  reserveAttempt,
  throttleKey,
} from '~/lib/throttle.server';
import { command } from '~/services/kernel/command.server';
import { refusal, type Refusal, type Result } from '~/services/kernel/refusal';
import { auditUser, findLink, issueLink, useLink } from './account-links.server';

const ERRORS = 'auth';
const UNLOCK_LIFETIME_MS = 30 * 60 * 1000;

/**
 * Signed in, or the one refusal (`auth.invalid`) for every reason: an unknown account, a wrong
 * password, a disabled or locked one, a throttled address, a spent unlock link.
 */
export type SignInResult = Result<{ userId: string; role: Role; totpEnabled: boolean }, 'invalid'>;

const invalid = (): Refusal<'invalid'> => refusal(ERRORS, 'invalid');

export type SignInOptions = {
  /** The client's address (ADR 015: X-Forwarded-For only with TRUST_PROXY=1). */
  address?: string | null;
  /** The trusted origin for the unlock link mailed when this attempt locks the account. */
  origin?: string;
  now?: Date;
};

const signInUser = {
  id: true,
  role: true,
  passwordHash: true,
  disabledAt: true,
  totpEnabledAt: true,
} as const;

/** A refusal that costs one argon2 verification, like a wrong password. */
async function refuseAfterStandIn(password: string): Promise<Refusal<'invalid'>> {
  await verifyStandIn(password);
  return invalid();
}

const signedIn = (user: { id: string; role: string; totpEnabledAt: Date | null }) => ({
  ok: true as const,
  userId: user.id,
  role: user.role as Role,
  totpEnabled: user.totpEnabledAt !== null,
});

/**
 * One answer for an unknown account, a wrong password, a disabled user and a locked one, each
 * after exactly one argon2 verification. The attempt is reserved in the shared throttle before
 * the password is checked (docs/decisions/015-sign-in-abuse-policy.md): however many guesses
 * arrive at once, at most the policy's number of passwords are checked, and while the account
 * is locked not even the right password signs in. The attempt that locks the account mails its
 * owner an unlock link.
 */
export async function signIn(
  db: Db,
  email: string,
  password: string,
  opts: SignInOptions = {},
): Promise<SignInResult> {
  const now = opts.now ?? new Date();
  const user = await db.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: signInUser,
  });
  const addressKey = opts.address ? throttleKey.address(opts.address) : null;
  if (addressKey && !(await reserveAttempt(db, addressKey, POLICIES.address, now)).allowed)
    return refuseAfterStandIn(password);
  if (!user) return refuseAfterStandIn(password);
  const accountKey = throttleKey.account(user.id);
  const reserved = await reserveAttempt(db, accountKey, POLICIES.account, now);
  if (!reserved.allowed) return refuseAfterStandIn(password);
  const valid = await verifyPassword(user.passwordHash, password);
  if (!valid || user.disabledAt) {
    if (reserved.lockedUntil && !user.disabledAt)
      await offerUnlock(db, user.id, opts.origin ?? trustedOrigin(), now);
    return invalid();
  }
  await clearAttempts(db, accountKey);
  if (addressKey) await refundAttempt(db, addressKey);
  return signedIn(user);
}

/**
 * Mails the owner of a just-locked account a single-use link that signs them in despite the
 * lock, so that an attacker re-locking the account cannot keep them out. At most one live link
 * at a time: a stream of locks does not flood the mailbox.
 */
async function offerUnlock(db: Db, userId: string, origin: string, now: Date) {
  await command(db, { errors: ERRORS }, async (ctx) => {
    const live = await ctx.tx.passwordResetToken.count({
      where: { userId, purpose: 'unlock', usedAt: null, expiresAt: { gt: now } },
    });
    if (live > 0) return {};
    const user = await ctx.tx.user.findUniqueOrThrow({
      where: { id: userId },
      select: { email: true },
    });
    const token = await issueLink(ctx.tx, 'unlock', userId, UNLOCK_LIFETIME_MS, now);
    await auditUser(ctx, 'user.sign_in_locked', userId, null);
    const [zh, en] = [getT('zh'), getT('en')];
    const link = `${origin}/login/unlock/${token}`;
    const mailId = await queueMail(ctx.tx, {
      to: user.email,
      subject: `${zh('auth.unlockMailSubject')} / ${en('auth.unlockMailSubject')}`,
      text: `${zh('auth.unlockMailBody')}\n${en('auth.unlockMailBody')}\n\n${link}`,
    });
    // sent without waiting for SMTP (not ctx.mail, which waits): the locking answer must not
    // take longer than any other refusal (deliver records failures, never throws)
    ctx.afterCommit(() => {
      void deliver(db, [mailId]);
    });
    return {};
  });
}

/** The live unlock link of a token, or null. */
export function findUnlockToken(db: Db, token: string, now = new Date()) {
  return findLink(db, 'unlock', token, now);
}

/**
 * Signs in through an unlock link: the account's lock does not apply, only the link's own small
 * allowance of passwords (whoever holds the mail has it; nobody else can use the path). A
 * success uses the link up and clears the account's password and second-factor counters.
 */
export async function signInWithUnlock(
  db: Db,
  token: string,
  password: string,
  now = new Date(),
): Promise<SignInResult> {
  const row = await findUnlockToken(db, token, now);
  if (!row) return refuseAfterStandIn(password);
  const reserved = await reserveAttempt(
    db,
    throttleKey.unlockLink(row.id),
    POLICIES.unlockLink,
    now,
  );
  if (!reserved.allowed) return refuseAfterStandIn(password);
  const user = await db.user.findUniqueOrThrow({ where: { id: row.userId }, select: signInUser });
  if (!(await verifyPassword(user.passwordHash, password)) || user.disabledAt) return invalid();
  const claimed = await command(db, { errors: ERRORS }, async (ctx) => {
    await useLink(ctx.tx, row.id, now, 'unlockInvalid');
    await auditUser(ctx, 'user.unlocked', user.id, user.id);
    return {};
  });
  if (!claimed.ok) return invalid();
  await clearAttempts(
    db,
    throttleKey.account(user.id),
    throttleKey.secondFactor(user.id),
    throttleKey.unlockLink(row.id),
  );
  return signedIn(user);
}
