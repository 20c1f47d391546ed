// The team's payment account page (/account/payments) in the authorization matrix: team
// members only. With the Stripe rail off (as in this test run) it says rewards are paid by
// bank transfer; an empty form gets field errors.
import { all, type MatrixEntry, type Row } from '../authz-rows';

const teamsOnly: Row = { ...all('forbidden'), anonymous: 'login', teamX: 'ok', teamY: 'ok' };

export const entries: Record<string, MatrixEntry> = {
  'account.payments': { loader: teamsOnly, action: teamsOnly },
};
