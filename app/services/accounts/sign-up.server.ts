// Registering an organisation with its first member (ADR 015: the form never tells who is
// registered already).
import { getT } from '~/i18n/i18n';
import { hashPassword } from '~/lib/crypto/password.server';
import type { Db } from '~/lib/db.server';
import { trustedOrigin } from '~/lib/env.server';
import { command } from '~/services/kernel/command.server';
import { refusal, type Result } from '~/services/kernel/refusal';
import { auditUser } from './account-links.server';
import { passwordRefusal } from './password-rules.server';

const ERRORS = 'auth';

/** A password that breaks a rule (on `password`), or a registered credit code (on `creditCode`). */
export type SignUpRefusal = 'weakPassword' | 'creditCodeTaken';
/** The new member, or null when the address had an account already. */
type Registered = { userId: string | null };

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

function organizationOf(input: SignUpInput) {
  return input.kind === 'ENTERPRISE'
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
      };
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
): Promise<Result<Registered, SignUpRefusal>> {
  const origin = opts.origin ?? trustedOrigin();
  const weak = passwordRefusal(input.password, input.email, 'password');
  if (weak) return weak;
  // a registered credit code is public record (the national registry), unlike an e-mail
  if (
    input.kind === 'ENTERPRISE' &&
    (await db.organization.findUnique({
      where: { creditCode: input.creditCode },
      select: { id: true },
    }))
  )
    return refusal(ERRORS, 'creditCodeTaken', { field: 'creditCode' });
  // hashed either way, so that a new and a registered address take the same time
  const passwordHash = await hashPassword(input.password);
  try {
    return await command<Registered, SignUpRefusal>(db, { errors: ERRORS }, async (ctx) => {
      const existing = await ctx.tx.user.findUnique({
        where: { email: input.email },
        select: { id: true },
      });
      const [zh, en] = [getT('zh'), getT('en')];
      if (existing) {
        await auditUser(ctx, 'user.signup_existing_address', existing.id, null);
        await ctx.mail({
          to: input.email,
          subject: `${zh('auth.existingMailSubject')} / ${en('auth.existingMailSubject')}`,
          text: `${zh('auth.existingMailBody')}\n${en('auth.existingMailBody')}\n\n${origin}/login\n${origin}/password/forgot`,
        });
        return { userId: null };
      }
      const org = await ctx.tx.organization.create({ data: organizationOf(input) });
      const user = await ctx.tx.user.create({
        data: {
          email: input.email,
          name: input.name,
          role: input.kind,
          organizationId: org.id,
          passwordHash,
        },
      });
      await ctx.audit({
        actorId: user.id,
        action: 'organization.registered',
        entityType: 'Organization',
        entityId: org.id,
        data: { kind: input.kind },
      });
      await ctx.mail({
        to: input.email,
        subject: `${zh('auth.welcomeMailSubject')} / ${en('auth.welcomeMailSubject')}`,
        text: `${zh('auth.welcomeMailBody')}\n${en('auth.welcomeMailBody')}\n\n${origin}/login`,
      });
      return { userId: user.id };
    });
  } catch (error) {
    // two sign-ups racing for the same e-mail or credit code: the unique index decides, and
    // the loser hears what anyone registering a taken address hears
    if ((error as { code?: string }).code === 'P2002') return { ok: true, userId: null };
    throw error;
  }
}
