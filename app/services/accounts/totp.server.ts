// The staff second factor: TOTP (RFC 6238, 30 s, 6 digits) and one-time recovery codes.
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { createTOTPKeyURI, generateHOTP, verifyHOTP } from '@oslojs/otp';
import QRCode from 'qrcode';
import { isSealed, open, seal, SecretBoxError } from '~/lib/crypto/secret-box.server';
import { generateToken, hashToken } from '~/lib/crypto/tokens.server';
import type { Db } from '~/lib/db.server';
import { markTwoFactorVerified } from '~/lib/session.server';
import { clearAttempts, POLICIES, reserveAttempt, throttleKey } from '~/lib/throttle.server';
import { command } from '~/services/kernel/command.server';
import { Refused } from '~/services/kernel/refusal';
import { auditUser } from './account-links.server';

const ERRORS = 'auth';

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

/**
 * Confirms enrolment with a first code; returns fresh recovery codes to show once. Given the
 * enrolling session, it counts as having passed the second factor, in the same transaction.
 */
export async function enableTotp(
  db: Db,
  userId: string,
  secret: string,
  code: string,
  opts: { sessionId?: string } = {},
): Promise<string[] | null> {
  const step = matchTotpStep(secret, code);
  if (step === null) return null;
  const codes = Array.from({ length: RECOVERY_CODES }, () => generateToken(8).slice(0, 10));
  await command(db, { errors: ERRORS }, async (ctx) => {
    await ctx.tx.user.update({
      where: { id: userId },
      // sealed with a key kept outside the database, bound to this user (secret-box.server.ts);
      // the enrolling code's step counts as used
      data: { totpSecret: seal(secret, userId), totpEnabledAt: new Date(), totpLastStep: step },
    });
    await ctx.tx.recoveryCode.deleteMany({ where: { userId } });
    await ctx.tx.recoveryCode.createMany({
      data: codes.map((c) => ({ userId, codeHash: hashToken(c) })),
    });
    if (opts.sessionId) await markTwoFactorVerified(ctx.tx, opts.sessionId);
    await auditUser(ctx, 'user.totp_enabled', userId, userId);
    return {};
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
  const stored = user.totpSecret;
  let secret: string;
  try {
    secret = open(stored, userId);
  } catch (error) {
    // another key than the one it was sealed with (SECRETS_KEY changed or the key file lost),
    // or a value copied from another user: no code can match; the operator needs to know
    if (!(error instanceof SecretBoxError)) throw error;
    console.error(`second factor of user ${userId}: ${error.message}`);
    return 'invalid';
  }
  const step = matchTotpStep(secret, code, now.getTime());
  if (step !== null) {
    const claimed = await command(db, { errors: ERRORS }, async (ctx) => {
      // a conditional UPDATE: of two sessions sending the same code, one has it
      const n = await ctx.tx.$executeRaw`
        UPDATE "User" SET "totpLastStep" = ${step}
        WHERE "id" = ${userId} AND ("totpLastStep" IS NULL OR "totpLastStep" < ${step})`;
      if (n !== 1) throw new Refused('codeInvalid');
      // a secret stored in the clear by an earlier version is sealed at its next use
      if (!isSealed(stored))
        await ctx.tx.user.updateMany({
          where: { id: userId, totpSecret: stored },
          data: { totpSecret: seal(secret, userId) },
        });
      return {};
    });
    if (!claimed.ok) return 'invalid';
    await clearAttempts(db, key);
    return 'ok';
  }
  const normalized = code.trim().toLowerCase();
  if (!/^[a-z2-7]{10}$/.test(normalized)) return 'invalid';
  const used = await command(db, { errors: ERRORS }, async (ctx) => {
    // updateMany with usedAt: null makes a recovery code single-use even under concurrent tries
    const n = await ctx.tx.recoveryCode.updateMany({
      where: { userId, codeHash: hashToken(normalized), usedAt: null },
      data: { usedAt: now },
    });
    if (n.count !== 1) throw new Refused('codeInvalid');
    await auditUser(ctx, 'user.recovery_code_used', userId, userId);
    return {};
  });
  if (!used.ok) return 'invalid';
  await clearAttempts(db, key);
  return 'ok';
}

/**
 * The second factor at sign-in: a right code marks the session as having passed it. The
 * attempt counts against the throttle whatever the outcome (checkSecondFactor).
 */
export async function passSecondFactor(
  db: Db,
  userId: string,
  sessionId: string,
  code: string,
): Promise<SecondFactorOutcome> {
  const outcome = await checkSecondFactor(db, userId, code);
  if (outcome === 'ok') await markTwoFactorVerified(db, sessionId);
  return outcome;
}
