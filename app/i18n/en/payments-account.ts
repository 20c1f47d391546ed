import type { paymentsAccount as zh } from '../zh/payments-account';
import type { DeepStrings } from '../types';

export const paymentsAccount: DeepStrings<typeof zh> = {
  title: 'Payment account',
  lead: 'The bureau pays talent rewards to teams through Stripe Connect: the money is transferred to your team’s Stripe account and paid out from there to your bank account. Link a Stripe account and complete the identity and bank account checks on Stripe first.',
  bankTransfer:
    'Rewards are currently paid by bank transfer and recorded by the bureau; your team does not need to link a payment account.',
  accountId: 'Account ID',
  status: 'Status',
  statuses: {
    notLinked: 'Not linked',
    onboarding: 'Checks not completed',
    restricted: 'Under review by Stripe, no payouts yet',
    active: 'Active, ready to receive payments',
    unknown: 'Cannot be checked right now',
  },
  link: 'Link a Stripe account',
  continue: 'Continue the checks on Stripe',
  linkHint: 'You will be taken to Stripe’s website and brought back to this page afterwards.',
  returned: 'Back from Stripe. The status here updates once the checks are complete.',
  expired: 'The link to Stripe has expired; please open it again.',
  errors: {
    notConfigured: 'Payments through Stripe are not enabled on this platform.',
    stripe: 'Stripe cannot be reached right now; please try again later.',
  },
};
