// Invitations: a member brings a colleague into their organisation (an admin brings staff onto
// the bureau's), by a mailed single-use link on which the colleague sets their password.
import type { Role } from '~/domain/roles';
import { hashPassword } from '~/lib/crypto/password.server';
import { generateToken, hashToken } from '~/lib/crypto/tokens.server';
import type { Db } from '~/lib/db.server';
import { command } from '~/services/kernel/command.server';
import { Refused, refusal, type Result } from '~/services/kernel/refusal';
import { auditUser } from './account-links.server';
import { passwordRefusal } from './password-rules.server';

const ERRORS = 'auth';
const INVITE_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

export type InviteInput = {
  inviterId: string;
  organizationId: string;
  role: Role;
  name: string;
  email: string;
  origin: string;
};

/** Invites a person into the inviter's organisation (or, for an admin, onto the bureau staff). */
export async function invite(
  db: Db,
  input: InviteInput,
  now = new Date(),
): Promise<Result<{ token: string }>> {
  const token = generateToken();
  return command(db, { errors: ERRORS }, async (ctx) => {
    if (await ctx.tx.user.findUnique({ where: { email: input.email }, select: { id: true } }))
      throw new Refused('emailTaken', { field: 'email' });
    const invitation = await ctx.tx.invitation.create({
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
    await ctx.audit({
      actorId: input.inviterId,
      action: 'invitation.created',
      entityType: 'Invitation',
      entityId: invitation.id,
      data: { email: input.email, role: input.role },
    });
    await ctx.mail({
      to: input.email,
      subject: '揭榜挂帅平台：邀请加入 / You are invited to Jiebang',
      text: `${input.name}，您好：\n请在7天内打开以下链接设置密码并加入：\nOpen this link within 7 days to set your password and join:\n\n${input.origin}/invite/${token}`,
    });
    return { token };
  });
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

/** A used, expired or unknown link; a password that breaks a rule; an address registered since. */
export type AcceptRefusal = 'inviteInvalid' | 'weakPassword' | 'emailTaken';
type Accepted = { userId: string; role: Role };

/** The invited person sets their password: their account exists from now on. */
export async function acceptInvitation(
  db: Db,
  token: string,
  password: string,
  now = new Date(),
): Promise<Result<Accepted, AcceptRefusal>> {
  const row = await findInvitation(db, token, now);
  if (!row) return refusal(ERRORS, 'inviteInvalid');
  const weak = passwordRefusal(password, row.email, 'password');
  if (weak) return weak;
  const passwordHash = await hashPassword(password);
  try {
    return await command<Accepted, AcceptRefusal>(db, { errors: ERRORS }, async (ctx) => {
      // the acceptedAt guard makes the link single-use even when submitted twice at once
      const claimed = await ctx.tx.invitation.updateMany({
        where: { id: row.id, acceptedAt: null },
        data: { acceptedAt: now },
      });
      if (claimed.count !== 1) throw new Refused('inviteInvalid');
      const user = await ctx.tx.user.create({
        data: {
          email: row.email,
          name: row.name,
          role: row.role,
          organizationId: row.organizationId,
          passwordHash,
        },
      });
      await auditUser(ctx, 'invitation.accepted', user.id, user.id, { role: row.role });
      return { userId: user.id, role: row.role as Role };
    });
  } catch (error) {
    // the address was registered meanwhile (a sign-up, another invitation)
    if ((error as { code?: string }).code === 'P2002') return refusal(ERRORS, 'emailTaken');
    throw error;
  }
}
