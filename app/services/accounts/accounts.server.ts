// Accounts: sign-up, sign-in with throttling, password change and reset, invitations.
// Each state change commits together with its audit record.
import { checkPassword } from '~/domain/password-policy';
import type { Role } from '~/domain/roles';
import { getT } from '~/i18n/i18n';
import type { Db } from '~/lib/db.server';
import { trustedOrigin } from '~/lib/env.server';
import { audit } from '~/services/kernel/audit.server';
import { isCommonPassword } from '~/lib/crypto/common-passwords.server';
import { queueMail, deliver } from '~/lib/mail.server';
import { hashPassword, verifyPassword, verifyStandIn } from '~/lib/crypto/password.server';
import {
  clearAttempts,
  POLICIES,
  refundAttempt,
  reserveAttempt,
  throttleKey,
} from '~/lib/throttle.server';
import { invalidateUserSessions } from '~/lib/session.server';
import { generateToken, hashToken } from '~/lib/crypto/tokens.server';

type FieldErrors = Record<string, string[]>;
export type Failure = { ok: false; fieldErrors?: FieldErrors; formError?: string };

const RESET_LIFETIME_MS = 30 * 60 * 1000;
const INVITE_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

const PROBLEM_KEYS = {
  too_short: 'validation.passwordTooShort',
  too_long: 'validation.passwordTooLong',
  common: 'validation.passwordCommon',
  contains_email: 'validation.passwordContainsEmail',
} as const;

/** The password rules the browser cannot check; a field error key or null. */
export function passwordProblem(password: string, email?: string): string | null {
  const problem = checkPassword(password, { email, isCommon: isCommonPassword });
  return problem ? PROBLEM_KEYS[problem] : null;
}

export type SignInResult =
  { ok: true; userId: string; role: Role; totpEnabled: boolean } | { ok: false };

export type SignInOptions = {
  /** The client's address (ADR 015: X-Forwarded-For only with TRUST_PROXY=1). */
  address?: string | null;
  /** The trusted origin for the unlock link mailed when this attempt locks the account. */
  origin?: string;
  now?: Date;
};

const UNLOCK_LIFETIME_MS = 30 * 60 * 1000;

/** A refusal that costs one argon2 verification, like a wrong password. */
async function refuse(password: string): Promise<{ ok: false }> {
  await verifyStandIn(password);
  return { ok: false };
}

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
    select: { id: true, role: true, passwordHash: true, disabledAt: true, totpEnabledAt: true },
  });
  const addressKey = opts.address ? throttleKey.address(opts.address) : null;
  if (addressKey && !(await reserveAttempt(db, addressKey, POLICIES.address, now)).allowed)
    return refuse(password);
  if (!user) return refuse(password);
  const accountKey = throttleKey.account(user.id);
  const reserved = await reserveAttempt(db, accountKey, POLICIES.account, now);
  if (!reserved.allowed) return refuse(password);
  const valid = await verifyPassword(user.passwordHash, password);
  if (!valid || user.disabledAt) {
    if (reserved.lockedUntil && !user.disabledAt)
      await offerUnlock(db, user.id, opts.origin ?? trustedOrigin(), now);
    return { ok: false };
  }
  await clearAttempts(db, accountKey);
  if (addressKey) await refundAttempt(db, addressKey);
  return {
    ok: true,
    userId: user.id,
    role: user.role as Role,
    totpEnabled: user.totpEnabledAt !== null,
  };
}

/**
 * Mails the owner of a just-locked account a single-use link that signs them in despite the
 * lock, so that an attacker re-locking the account cannot keep them out. At most one live link
 * at a time: a stream of locks does not flood the mailbox.
 */
async function offerUnlock(db: Db, userId: string, origin: string, now: Date) {
  const token = generateToken();
  const mailId = await db.$transaction(async (tx) => {
    const live = await tx.passwordResetToken.count({
      where: { userId, purpose: 'unlock', usedAt: null, expiresAt: { gt: now } },
    });
    if (live > 0) return null;
    const user = await tx.user.findUniqueOrThrow({
      where: { id: userId },
      select: { email: true, locale: true },
    });
    await tx.passwordResetToken.create({
      data: {
        id: hashToken(token),
        purpose: 'unlock',
        userId,
        expiresAt: new Date(now.getTime() + UNLOCK_LIFETIME_MS),
      },
    });
    await audit(tx, {
      actorId: null,
      action: 'user.sign_in_locked',
      entityType: 'User',
      entityId: userId,
    });
    const [zh, en] = [getT('zh'), getT('en')];
    const link = `${origin}/login/unlock/${token}`;
    return queueMail(tx, {
      to: user.email,
      subject: `${zh('auth.unlockMailSubject')} / ${en('auth.unlockMailSubject')}`,
      text: `${zh('auth.unlockMailBody')}\n${en('auth.unlockMailBody')}\n\n${link}`,
    });
  });
  // sent without waiting for SMTP: the locking answer must not take longer than any other
  // refusal (deliver records failures, never throws)
  if (mailId) void deliver(db, [mailId]);
}

/** The live unlock link of a token, or null. */
export async function findUnlockToken(db: Db, token: string, now = new Date()) {
  const row = await db.passwordResetToken.findUnique({
    where: { id: hashToken(token) },
    select: {
      id: true,
      purpose: true,
      userId: true,
      expiresAt: true,
      usedAt: true,
      user: { select: { email: true } },
    },
  });
  return row && row.purpose === 'unlock' && !row.usedAt && row.expiresAt > now ? row : null;
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
  if (!row) return refuse(password);
  const reserved = await reserveAttempt(
    db,
    throttleKey.unlockLink(row.id),
    POLICIES.unlockLink,
    now,
  );
  if (!reserved.allowed) return refuse(password);
  const user = await db.user.findUniqueOrThrow({
    where: { id: row.userId },
    select: { id: true, role: true, passwordHash: true, disabledAt: true, totpEnabledAt: true },
  });
  if (!(await verifyPassword(user.passwordHash, password)) || user.disabledAt) return { ok: false };
  const claimed = await db.$transaction(async (tx) => {
    const used = await tx.passwordResetToken.updateMany({
      where: { id: row.id, usedAt: null },
      data: { usedAt: now },
    });
    if (used.count !== 1) return false;
    await audit(tx, {
      actorId: user.id,
      action: 'user.unlocked',
      entityType: 'User',
      entityId: user.id,
    });
    return true;
  });
  if (!claimed) return { ok: false };
  await clearAttempts(
    db,
    throttleKey.account(user.id),
    throttleKey.secondFactor(user.id),
    throttleKey.unlockLink(row.id),
  );
  return {
    ok: true,
    userId: user.id,
    role: user.role as Role,
    totpEnabled: user.totpEnabledAt !== null,
  };
}

export type SignUpInput =
  | {
      kind: 'ENTERPRISE';
      orgName: string;
      creditCode: string;
      contactPhone: string;
      name: string;
      email: string;
      password: string;
    }
  | {
      kind: 'TEAM';
      orgName: string;
      institution: string;
      country: string;
      leader: string;
      members?: string;
      name: string;
      email: string;
      password: string;
    };

/** Members typed one per line as "name, role" (Chinese or Latin comma). */
export function parseMembers(text: string | undefined) {
  return (text ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [name, ...role] = line.split(/[,，]/);
      return { name: name!.trim(), role: role.join(',').trim() };
    });
}

/**
 * Registers an organisation and its first member, or, when the address already has an account,
 * mails that account's owner instead: both end in the same "check your mail" answer, so the
 * form does not tell who is registered (ADR 015). `userId` is null in the second case.
 */
export async function signUp(
  db: Db,
  input: SignUpInput,
  opts: { origin?: string } = {},
): Promise<{ ok: true; userId: string | null } | Failure> {
  const origin = opts.origin ?? trustedOrigin();
  const problem = passwordProblem(input.password, input.email);
  if (problem) return { ok: false, fieldErrors: { password: [problem] } };
  // a registered credit code is public record (the national registry), unlike an e-mail
  if (
    input.kind === 'ENTERPRISE' &&
    (await db.organization.findUnique({
      where: { creditCode: input.creditCode },
      select: { id: true },
    }))
  ) {
    return { ok: false, fieldErrors: { creditCode: ['auth.creditCodeTaken'] } };
  }
  // hashed either way, so that both answers take the same time
  const passwordHash = await hashPassword(input.password);
  const existing = await db.user.findUnique({
    where: { email: input.email },
    select: { id: true },
  });
  if (existing) {
    await mailExistingOwner(db, existing.id, input.email, origin);
    return { ok: true, userId: null };
  }
  try {
    const created = await db.$transaction(async (tx) => {
      const org = await tx.organization.create({
        data:
          input.kind === 'ENTERPRISE'
            ? {
                kind: 'ENTERPRISE',
                name: input.orgName,
                creditCode: input.creditCode,
                contactName: input.name,
                contactPhone: input.contactPhone,
                contactEmail: input.email,
              }
            : {
                kind: 'TEAM',
                name: input.orgName,
                institution: input.institution,
                country: input.country,
                leader: input.leader,
                membersJson: JSON.stringify(parseMembers(input.members)),
                contactName: input.name,
                contactEmail: input.email,
              },
      });
      const user = await tx.user.create({
        data: {
          email: input.email,
          name: input.name,
          role: input.kind,
          organizationId: org.id,
          passwordHash,
        },
      });
      await audit(tx, {
        actorId: user.id,
        action: 'organization.registered',
        entityType: 'Organization',
        entityId: org.id,
        data: { kind: input.kind },
      });
      const [zh, en] = [getT('zh'), getT('en')];
      const mailId = await queueMail(tx, {
        to: input.email,
        subject: `${zh('auth.welcomeMailSubject')} / ${en('auth.welcomeMailSubject')}`,
        text: `${zh('auth.welcomeMailBody')}\n${en('auth.welcomeMailBody')}\n\n${origin}/login`,
      });
      return { id: user.id, mailId };
    });
    await deliver(db, [created.mailId]);
    return { ok: true, userId: created.id };
  } catch (error) {
    // two sign-ups racing for the same e-mail or credit code: the unique index decides, and
    // the loser hears what anyone registering a taken address hears
    if ((error as { code?: string }).code === 'P2002') return { ok: true, userId: null };
    throw error;
  }
}

async function mailExistingOwner(db: Db, userId: string, email: string, origin: string) {
  const mailId = await db.$transaction(async (tx) => {
    await audit(tx, {
      actorId: null,
      action: 'user.signup_existing_address',
      entityType: 'User',
      entityId: userId,
    });
    const [zh, en] = [getT('zh'), getT('en')];
    return queueMail(tx, {
      to: email,
      subject: `${zh('auth.existingMailSubject')} / ${en('auth.existingMailSubject')}`,
      text: `${zh('auth.existingMailBody')}\n${en('auth.existingMailBody')}\n\n${origin}/login\n${origin}/password/forgot`,
    });
  });
  await deliver(db, [mailId]);
}

export async function changePassword(
  db: Db,
  userId: string,
  current: string,
  next: string,
): Promise<{ ok: true } | Failure> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, passwordHash: true },
  });
  if (!(await verifyPassword(user.passwordHash, current)))
    return { ok: false, fieldErrors: { currentPassword: ['auth.wrongPassword'] } };
  const problem = passwordProblem(next, user.email);
  if (problem) return { ok: false, fieldErrors: { newPassword: [problem] } };
  const passwordHash = await hashPassword(next);
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: userId },
      data: { passwordHash, failedSignIns: 0, lockedUntil: null },
    });
    await tx.session.deleteMany({ where: { userId } });
    await audit(tx, {
      actorId: userId,
      action: 'user.password_changed',
      entityType: 'User',
      entityId: userId,
    });
  });
  return { ok: true };
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
    select: { id: true, disabledAt: true, locale: true },
  });
  if (!user || user.disabledAt) return;
  const token = generateToken();
  const mailId = await db.$transaction(async (tx) => {
    await tx.passwordResetToken.create({
      data: {
        id: hashToken(token),
        userId: user.id,
        expiresAt: new Date(now.getTime() + RESET_LIFETIME_MS),
      },
    });
    await audit(tx, {
      actorId: null,
      action: 'user.password_reset_requested',
      entityType: 'User',
      entityId: user.id,
    });
    return queueMail(tx, {
      to: email,
      subject: '揭榜挂帅平台：重设密码 / Reset your Jiebang password',
      text: `请在30分钟内打开以下链接重设密码（仅可使用一次）：\nOpen this link within 30 minutes to choose a new password (single use):\n\n${origin}/password/reset/${token}\n\n如非本人操作，请忽略本邮件。 If you did not ask for this, ignore this message.`,
    });
  });
  await deliver(db, [mailId]);
}

export async function findResetToken(db: Db, token: string, now = new Date()) {
  const row = await db.passwordResetToken.findUnique({
    where: { id: hashToken(token) },
    select: { id: true, purpose: true, userId: true, expiresAt: true, usedAt: true },
  });
  // an unlock link is not a reset link: each token does the one thing its mail said
  return row && row.purpose === 'reset' && !row.usedAt && row.expiresAt > now ? row : null;
}

export async function resetPassword(
  db: Db,
  token: string,
  password: string,
  now = new Date(),
): Promise<{ ok: true } | Failure> {
  const row = await findResetToken(db, token, now);
  if (!row) return { ok: false, formError: 'auth.resetInvalid' };
  const user = await db.user.findUniqueOrThrow({
    where: { id: row.userId },
    select: { email: true },
  });
  const problem = passwordProblem(password, user.email);
  if (problem) return { ok: false, fieldErrors: { password: [problem] } };
  const passwordHash = await hashPassword(password);
  const done = await db.$transaction(async (tx) => {
    // the usedAt guard makes the link single-use even when submitted twice at once
    const claimed = await tx.passwordResetToken.updateMany({
      where: { id: row.id, usedAt: null },
      data: { usedAt: now },
    });
    if (claimed.count !== 1) return false;
    await tx.user.update({
      where: { id: row.userId },
      data: { passwordHash, failedSignIns: 0, lockedUntil: null },
    });
    await tx.session.deleteMany({ where: { userId: row.userId } });
    await audit(tx, {
      actorId: row.userId,
      action: 'user.password_reset',
      entityType: 'User',
      entityId: row.userId,
    });
    return true;
  });
  // the owner proved they read the account's mail: a lock an attacker set is lifted too
  if (done) await clearAttempts(db, throttleKey.account(row.userId));
  return done ? { ok: true } : { ok: false, formError: 'auth.resetInvalid' };
}

/** Invites a person into the inviter's organisation (or, for an admin, onto the bureau staff). */
export async function invite(
  db: Db,
  input: {
    inviterId: string;
    organizationId: string;
    role: Role;
    name: string;
    email: string;
    origin: string;
  },
  now = new Date(),
): Promise<{ ok: true; token: string } | Failure> {
  if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
    return { ok: false, fieldErrors: { email: ['auth.emailTaken'] } };
  }
  const token = generateToken();
  const mailId = await db.$transaction(async (tx) => {
    const invitation = await tx.invitation.create({
      data: {
        id: hashToken(token),
        organizationId: input.organizationId,
        email: input.email,
        name: input.name,
        role: input.role,
        invitedById: input.inviterId,
        expiresAt: new Date(now.getTime() + INVITE_LIFETIME_MS),
      },
    });
    await audit(tx, {
      actorId: input.inviterId,
      action: 'invitation.created',
      entityType: 'Invitation',
      entityId: invitation.id,
      data: { email: input.email, role: input.role },
    });
    return queueMail(tx, {
      to: input.email,
      subject: '揭榜挂帅平台：邀请加入 / You are invited to Jiebang',
      text: `${input.name}，您好：\n请在7天内打开以下链接设置密码并加入：\nOpen this link within 7 days to set your password and join:\n\n${input.origin}/invite/${token}`,
    });
  });
  await deliver(db, [mailId]);
  return { ok: true, token };
}

export async function findInvitation(db: Db, token: string, now = new Date()) {
  const row = await db.invitation.findUnique({
    where: { id: hashToken(token) },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      organizationId: true,
      expiresAt: true,
      acceptedAt: true,
      organization: { select: { name: true } },
    },
  });
  return row && !row.acceptedAt && row.expiresAt > now ? row : null;
}

export async function acceptInvitation(
  db: Db,
  token: string,
  password: string,
  now = new Date(),
): Promise<{ ok: true; userId: string } | Failure> {
  const row = await findInvitation(db, token, now);
  if (!row) return { ok: false, formError: 'auth.inviteInvalid' };
  const problem = passwordProblem(password, row.email);
  if (problem) return { ok: false, fieldErrors: { password: [problem] } };
  const passwordHash = await hashPassword(password);
  try {
    const userId = await db.$transaction(async (tx) => {
      const claimed = await tx.invitation.updateMany({
        where: { id: row.id, acceptedAt: null },
        data: { acceptedAt: now },
      });
      if (claimed.count !== 1) return null;
      const user = await tx.user.create({
        data: {
          email: row.email,
          name: row.name,
          role: row.role,
          organizationId: row.organizationId,
          passwordHash,
        },
      });
      await audit(tx, {
        actorId: user.id,
        action: 'invitation.accepted',
        entityType: 'User',
        entityId: user.id,
        data: { role: row.role },
      });
      return user.id;
    });
    return userId ? { ok: true, userId } : { ok: false, formError: 'auth.inviteInvalid' };
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002')
      return { ok: false, formError: 'auth.emailTaken' };
    throw error;
  }
}

/** A bureau admin disables or re-enables a user; disabling ends every session at once. */
export async function setUserDisabled(db: Db, adminId: string, userId: string, disabled: boolean) {
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: userId },
      data: { disabledAt: disabled ? new Date() : null },
    });
    if (disabled) await tx.session.deleteMany({ where: { userId } });
    await audit(tx, {
      actorId: adminId,
      action: disabled ? 'user.disabled' : 'user.enabled',
      entityType: 'User',
      entityId: userId,
    });
  });
}

export async function setUserRole(db: Db, adminId: string, userId: string, role: Role) {
  await db.$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({
      where: { id: userId },
      select: { role: true },
    });
    await tx.user.update({ where: { id: userId }, data: { role } });
    // a role change is a privilege change: the user signs in again under the new role
    await tx.session.deleteMany({ where: { userId } });
    await audit(tx, {
      actorId: adminId,
      action: 'user.role_changed',
      entityType: 'User',
      entityId: userId,
      data: { from: before.role, to: role },
    });
  });
}

export { invalidateUserSessions };
