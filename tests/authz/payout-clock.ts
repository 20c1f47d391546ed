import { publicPage, type MatrixEntry } from '../authz-rows';

// the payout clock in the open data: public, like /stats.json (its desk flags are on
// /review/payments, whose row is in tests/authz/payments.ts)
export const entries: Record<string, MatrixEntry> = {
  'open-data.payout-clock[.]json': publicPage,
};
