import users from '../../seeds/users.json';
import { demoMode } from '~/lib/env.server';
import { DEMO_PASSWORD } from './seed.server';

/** The seed's demo accounts, for the sign-in page in demo mode only. */
export function demoAccounts() {
  if (!demoMode()) return null;
  return {
    password: DEMO_PASSWORD,
    users: users.map((u) => ({ email: u.email, name: u.name, role: u.role })),
  };
}
