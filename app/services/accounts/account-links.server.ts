// What the account services share: the mailed single-use links of an account (a password reset,
// an unlock after a lock), kept in one table and told apart by purpose so that each link does
// the one thing its mail said, and the audit record of an event on a user account.
import { generateToken, hashToken } from '~/lib/crypto/tokens.server';
import type { Db, Tx } from '~/lib/db.server';
import type { Context } from '~/services/kernel/command.server';
import { Refused } from '~/services/kernel/refusal';

export type LinkPurpose = 'reset' | 'unlock';

/** A new link for `userId`, live for `lifetimeMs`: the token to mail (only its hash is kept). */
export async function issueLink(
  tx: Tx,
  purpose: LinkPurpose,
  userId: string,
  lifetimeMs: number,
  now: Date,
): Promise<string> {
  const token = generateToken();
  await tx.passwordResetToken.create({
    data: {
      id: hashToken(token),
      purpose,
      userId,
      expiresAt: new Date(now.getTime() + lifetimeMs),
    },
  });
  return token;
}

/** The live (unused, unexpired) link of `purpose` behind `token`, with its owner's address. */
export async function findLink(db: Db, purpose: LinkPurpose, token: string, now: Date) {
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
  return row && row.purpose === purpose && !row.usedAt && row.expiresAt > now ? row : null;
}

/**
 * Uses the link up. The usedAt guard makes it single-use even when submitted twice at once: the
 * second submission is refused with `code`.
 */
export async function useLink(tx: Tx, id: string, now: Date, code: string): Promise<void> {
  const used = await tx.passwordResetToken.updateMany({
    where: { id, usedAt: null },
    data: { usedAt: now },
  });
  if (used.count !== 1) throw new Refused(code);
}

/** The audit record of `action` on the account `userId`; `actorId` null when nobody signed in. */
export function auditUser(
  ctx: Context,
  action: string,
  userId: string,
  actorId: string | null,
  data?: Record<string, unknown>,
): Promise<void> {
  return ctx.audit({ actorId, action, entityType: 'User', entityId: userId, data });
}
