// Demo mode (`npm start` without NODE_ENV=production, or DEMO=1): the seed's accounts are listed
// on the sign-in page, and the staff among them carry a demo authenticator whose current code
// the second-factor page shows, so that a newcomer reaches the bureau's desk without an app.
// None of this exists outside demo mode: no code is shown and no demo secret is seeded.
import users from '../../../seeds/users.json';
import { isStaffRole, type Role } from '~/domain/roles';
import type { Db } from '~/lib/db.server';
import { demoMode } from '~/lib/env.server';
import { open, seal } from '~/lib/crypto/secret-box.server';
import { command } from '~/services/kernel/command.server';
import { DEMO_PASSWORD } from '~/services/programme/seed-files';
import { auditUser } from '~/services/accounts/account-links.server';
import { currentTotp, newTotpSecret, TOTP_PERIOD, totpStep } from '~/services/accounts/totp.server';

const demoStaff = new Set(users.filter((u) => isStaffRole(u.role as Role)).map((u) => u.email));

/** The seed's demo accounts, for the sign-in page in demo mode only. */
export function demoAccounts() {
  if (!demoMode()) return null;
  return {
    password: DEMO_PASSWORD,
    users: users.map((u) => ({
      email: u.email,
      name: u.name,
      role: u.role,
      staff: demoStaff.has(u.email),
    })),
  };
}

/**
 * Enrols each demo staff account that has no authenticator yet with a fresh random secret,
 * sealed like any other. Only in demo mode; returns how many were enrolled.
 */
export async function seedDemoSecondFactors(db: Db): Promise<number> {
  if (!demoMode()) return 0;
  const pending = await db.user.findMany({
    where: { email: { in: [...demoStaff] }, totpEnabledAt: null },
    select: { id: true },
  });
  for (const u of pending) {
    await command(db, { errors: 'auth' }, async (ctx) => {
      await ctx.tx.user.update({
        where: { id: u.id },
        data: { totpSecret: seal(newTotpSecret(), u.id), totpEnabledAt: new Date() },
      });
      await auditUser(ctx, 'seed.demo_totp', u.id, null);
      return {};
    });
  }
  return pending.length;
}

export type DemoCode = { code: string } | { waitSeconds: number };

/**
 * The code a demo staff account can type now: the current time step's, or, when that step was
 * used already (each is accepted once), the next step's, which the server still accepts.
 * Null outside demo mode and for every account that is not a seeded demo staff account.
 */
export async function demoSecondFactorCode(
  db: Db,
  userId: string,
  now = Date.now(),
): Promise<DemoCode | null> {
  if (!demoMode()) return null;
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { email: true, totpSecret: true, totpEnabledAt: true, totpLastStep: true },
  });
  if (!user?.totpSecret || !user.totpEnabledAt || !demoStaff.has(user.email)) return null;
  let secret: string;
  try {
    secret = open(user.totpSecret, userId);
  } catch {
    return null; // sealed with another key: the page shows no code, the operator sees the log
  }
  const step = totpStep(now);
  const last = user.totpLastStep ?? -1;
  if (step > last) return { code: currentTotp(secret, step) };
  if (step + 1 > last) return { code: currentTotp(secret, step + 1) };
  // step last + 1 is accepted (one step ahead) from the start of step `last`
  const nextUsable = last * TOTP_PERIOD * 1000;
  return { waitSeconds: Math.max(1, Math.ceil((nextUsable - now) / 1000)) };
}
