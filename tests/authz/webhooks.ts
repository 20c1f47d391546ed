import { all, type MatrixEntry } from '../authz-rows';

// Webhooks (webhooks.*): no session, the signature is the authentication, so every actor gets
// the same answer. The matrix's POST carries an empty form and no Stripe-Signature: 400.
// A GET is not a delivery: 405.
export const entries: Record<string, MatrixEntry> = {
  'webhooks.stripe': { loader: all('methodNotAllowed'), action: all('badRequest') },
};
