// The staff second factor: TOTP (RFC 6238, 30 s, 6 digits) and one-time recovery codes.
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { createTOTPKeyURI, generateHOTP, verifyHOTP } from '@oslojs/otp';
import QRCode from 'qrcode';
import type { Db } from '~/lib/db.server';
import { audit } from '~/services/kernel/audit.server';
import { isSealed, open, seal, SecretBoxError } from '~/lib/crypto/secret-box.server';
import { clearAttempts, POLICIES, reserveAttempt, throttleKey } from '~/lib/throttle.server';
import { generateToken, hashToken } from '~/lib/crypto/tokens.server';

export const TOTP_PERIOD = 30;
export const TOTP_DIGITS = 6;
const RECOVERY_CODES = 8;

export function newTotpSecret(): string {
  const key = new Uint8Array(20);
  crypto.getRandomValues(key);
  return encodeBase32UpperCaseNoPadding(key);
}

export async function totpEnrolment(email: string, secret: string) {
  const uri = createTOTPKeyURI(
    'Jiebang',
    email,
    decodeBase32IgnorePadding(secret),
    TOTP_PERIOD,
    TOTP_DIGITS,
  );
  const qrSvg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return {
    uri,
    qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(qrSvg).toString('base64')}`,
    secret,
  };
}

/** The time step of `at` (RFC 6238: seconds since 1970 / 30). */
export const totpStep = (at = Date.now()) => Math.floor(at / 1000 / TOTP_PERIOD);

/**
 * The time step a code belongs to, or null. One step either side absorbs clock drift between
 * the server and the phone; knowing *which* step matched lets each be accepted only once.
 */
export function matchTotpStep(secret: string, code: string, at = Date.now()): number | null {
  const digits = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(digits)) return null;
  const key = decodeBase32IgnorePadding(secret);
  const step = totpStep(at);
  for (const s of [step - 1, step, step + 1])
    if (verifyHOTP(key, BigInt(s), TOTP_DIGITS, digits)) return s;
  return null;
}

export function verifyTotp(secret: string, code: string): boolean {
  return matchTotpStep(secret, code) !== null;
}

/** The code of a time step (the current one by default): for tests and the demo page. */
export function currentTotp(secret: string, step = totpStep()): string {
  return generateHOTP(decodeBase32IgnorePadding(secret), BigInt(step), TOTP_DIGITS);
}

/** Confirms enrolment with a first code; returns fresh recovery codes to show once. */
export async function enableTotp(
  db: Db,
  userId: string,
  secret: string,
  code: string,
): Promise<string[] | null> {
  const step = matchTotpStep(secret, code);
  if (step === null) return null;
  const codes = Array.from({ length: RECOVERY_CODES }, () => generateToken(8).slice(0, 10));
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: userId },
      // sealed with a key kept outside the database, bound to this user (secret-box.server.ts);
      // the enrolling code's step counts as used
      data: { totpSecret: seal(secret, userId), totpEnabledAt: new Date(), totpLastStep: step },
    });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.recoveryCode.createMany({
      data: codes.map((c) => ({ userId, codeHash: hashToken(c) })),
    });
    await audit(tx, {
      actorId: userId,
      action: 'user.totp_enabled',
      entityType: 'User',
      entityId: userId,
    });
  });
  return codes;
}

export type SecondFactorOutcome = 'ok' | 'invalid' | 'locked';

/** A code from the authenticator app, or a recovery code (used up by this call). */
export async function verifySecondFactor(
  db: Db,
  userId: string,
  code: string,
  now = new Date(),
): Promise<boolean> {
  return (await checkSecondFactor(db, userId, code, now)) === 'ok';
}

/**
 * Checks a second-factor code under the per-user throttle of ADR 015 (5 codes per 15 minutes,
 * then locked with back-off): the attempt is reserved before the code is looked at. A TOTP
 * time step is accepted at most once per user, and never one older than the last accepted:
 * the conditional UPDATE lets exactly one of two parallel sessions have it.
 */
export async function checkSecondFactor(
  db: Db,
  userId: string,
  code: string,
  now = new Date(),
): Promise<SecondFactorOutcome> {
  const key = throttleKey.secondFactor(userId);
  if (!(await reserveAttempt(db, key, POLICIES.secondFactor, now)).allowed) return 'locked';
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { totpSecret: true, totpEnabledAt: true },
  });
  if (!user?.totpSecret || !user.totpEnabledAt) return 'invalid';
  let secret: string;
  try {
    secret = open(user.totpSecret, userId);
  } catch (error) {
    // another key than the one it was sealed with (SECRETS_KEY changed or the key file lost),
    // or a value copied from another user: no code can match; the operator needs to know
    if (!(error instanceof SecretBoxError)) throw error;
    console.error(`second factor of user ${userId}: ${error.message}`);
    return 'invalid';
  }
  const step = matchTotpStep(secret, code, now.getTime());
  if (step !== null) {
    const claimed = await db.$executeRaw`
      UPDATE "User" SET "totpLastStep" = ${step}
      WHERE "id" = ${userId} AND ("totpLastStep" IS NULL OR "totpLastStep" < ${step})`;
    if (claimed !== 1) return 'invalid';
    // a secret stored in the clear by an earlier version is sealed at its next use
    if (!isSealed(user.totpSecret))
      await db.user.updateMany({
        where: { id: userId, totpSecret: user.totpSecret },
        data: { totpSecret: seal(secret, userId) },
      });
    await clearAttempts(db, key);
    return 'ok';
  }
  const normalized = code.trim().toLowerCase();
  if (!/^[a-z2-7]{10}$/.test(normalized)) return 'invalid';
  // updateMany with usedAt: null makes a recovery code single-use even under concurrent tries
  const used = await db.recoveryCode.updateMany({
    where: { userId, codeHash: hashToken(normalized), usedAt: null },
    data: { usedAt: now },
  });
  if (used.count !== 1) return 'invalid';
  await db.$transaction((tx) =>
    audit(tx, {
      actorId: userId,
      action: 'user.recovery_code_used',
      entityType: 'User',
      entityId: userId,
    }),
  );
  await clearAttempts(db, key);
  return 'ok';
}

/**
 * An admin resets another staff member's second factor (a lost phone and recovery codes): the
 * secret and the recovery codes go, every session of theirs ends, and they enrol again at their
 * next sign-in. False when there was nothing to reset.
 */
export async function resetSecondFactor(db: Db, adminId: string, userId: string): Promise<boolean> {
  if (adminId === userId) throw new Error('an admin does not reset their own second factor');
  return db.$transaction(async (tx) => {
    const reset = await tx.user.updateMany({
      where: { id: userId, totpEnabledAt: { not: null } },
      data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null },
    });
    if (reset.count !== 1) return false;
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.session.deleteMany({ where: { userId } });
    await audit(tx, {
      actorId: adminId,
      action: 'user.totp_reset',
      entityType: 'User',
      entityId: userId,
    });
    return true;
  });
}
