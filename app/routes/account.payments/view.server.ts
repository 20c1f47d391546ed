// What /account/payments shows a team: whether the Stripe rail is on, and then its linked
// account and that account's state as Stripe tells it.
import type { Db } from '~/lib/db.server';
import { stripeAccountStatus } from '~/lib/stripe/accounts.server';
import { isStripeConfigured } from '~/lib/stripe/client.server';

export async function paymentAccount(db: Db, organizationId: string) {
  const configured = isStripeConfigured();
  const org = await db.organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: { stripeAccountId: true },
  });
  return {
    configured,
    accountId: org.stripeAccountId,
    status: configured ? await stripeAccountStatus(org.stripeAccountId) : null,
  };
}
