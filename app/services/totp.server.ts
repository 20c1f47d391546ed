// The staff second factor: TOTP (RFC 6238, 30 s, 6 digits) and one-time recovery codes.
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { createTOTPKeyURI, generateTOTP, verifyTOTPWithGracePeriod } from '@oslojs/otp';
import QRCode from 'qrcode';
import type { Db } from '~/lib/db.server';
import { audit } from './audit.server';
import { isSealed, open, seal, SecretBoxError } from './secret-box.server';
import { generateToken, hashToken } from './tokens.server';

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

export function verifyTotp(secret: string, code: string): boolean {
  const digits = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(digits)) return false;
  // one step either side absorbs clock drift between the server and the phone
  return verifyTOTPWithGracePeriod(
    decodeBase32IgnorePadding(secret),
    TOTP_PERIOD,
    TOTP_DIGITS,
    digits,
    TOTP_PERIOD,
  );
}

/** For tests and the operator's own checks. */
export function currentTotp(secret: string): string {
  return generateTOTP(decodeBase32IgnorePadding(secret), TOTP_PERIOD, TOTP_DIGITS);
}

/** Confirms enrolment with a first code; returns fresh recovery codes to show once. */
export async function enableTotp(
  db: Db,
  userId: string,
  secret: string,
  code: string,
): Promise<string[] | null> {
  if (!verifyTotp(secret, code)) return null;
  const codes = Array.from({ length: RECOVERY_CODES }, () => generateToken(8).slice(0, 10));
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: userId },
      // sealed with a key kept outside the database, bound to this user (secret-box.server.ts)
      data: { totpSecret: seal(secret, userId), totpEnabledAt: new Date() },
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

/** A code from the authenticator app, or a recovery code (used up by this call). */
export async function verifySecondFactor(db: Db, userId: string, code: string): Promise<boolean> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { totpSecret: true, totpEnabledAt: true },
  });
  if (!user?.totpSecret || !user.totpEnabledAt) return false;
  let secret: string;
  try {
    secret = open(user.totpSecret, userId);
  } catch (error) {
    // another key than the one it was sealed with (SECRETS_KEY changed or the key file lost),
    // or a value copied from another user: no code can match; the operator needs to know
    if (!(error instanceof SecretBoxError)) throw error;
    console.error(`second factor of user ${userId}: ${error.message}`);
    return false;
  }
  if (verifyTotp(secret, code)) {
    // a secret stored in the clear by an earlier version is sealed at its next use
    if (!isSealed(user.totpSecret))
      await db.user.updateMany({
        where: { id: userId, totpSecret: user.totpSecret },
        data: { totpSecret: seal(secret, userId) },
      });
    return true;
  }
  const normalized = code.trim().toLowerCase();
  if (!/^[a-z2-7]{10}$/.test(normalized)) return false;
  // updateMany with usedAt: null makes a recovery code single-use even under concurrent tries
  const used = await db.recoveryCode.updateMany({
    where: { userId, codeHash: hashToken(normalized), usedAt: null },
    data: { usedAt: new Date() },
  });
  if (used.count === 1) {
    await db.$transaction((tx) =>
      audit(tx, {
        actorId: userId,
        action: 'user.recovery_code_used',
        entityType: 'User',
        entityId: userId,
      }),
    );
  }
  return used.count === 1;
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
      data: { totpSecret: null, totpEnabledAt: null },
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
