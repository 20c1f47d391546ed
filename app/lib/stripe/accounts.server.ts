// A team's Stripe Connect account: linking (an Express account, then Stripe's hosted
// onboarding) and its status, for /account/payments. The account's id is what the Stripe rail
// pays to (docs/decisions/012-stripe-rail-and-outbox.md).
import type Stripe from 'stripe';
import type { Db } from '~/lib/db.server';
import { stripe } from '~/lib/stripe/client.server';
import { doneUrl } from '~/lib/done';

export type StripeAccountStatus =
  /** no account linked yet */
  | 'notLinked'
  /** created, the team has not finished Stripe's onboarding */
  | 'onboarding'
  /** onboarding submitted, Stripe does not allow payouts (yet) */
  | 'restricted'
  /** ready: payouts enabled */
  | 'active'
  /** Stripe could not be asked */
  | 'unknown';

export function statusOfAccount(
  account: Pick<Stripe.Account, 'details_submitted' | 'payouts_enabled'>,
): StripeAccountStatus {
  if (!account.details_submitted) return 'onboarding';
  return account.payouts_enabled ? 'active' : 'restricted';
}

/** The linked account's status as Stripe reports it; 'unknown' when Stripe cannot be asked. */
export async function stripeAccountStatus(accountId: string | null): Promise<StripeAccountStatus> {
  if (!accountId) return 'notLinked';
  try {
    return statusOfAccount(await stripe().accounts.retrieve(accountId, {}, { timeout: 5_000 }));
  } catch (error) {
    console.warn(`stripe: account ${accountId} could not be retrieved`, (error as Error).message);
    return 'unknown';
  }
}

/** The key of an organisation's account creation: a second click replays the first account. */
export const accountIdempotencyKey = (organizationId: string) =>
  `jiebang-account:${organizationId}`;

/**
 * Makes sure the organisation has a connected account (an Express account, created once:
 * the idempotency key makes a repeated or concurrent creation return the same account, and
 * the id is stored only where none is), then returns a fresh onboarding link's URL. Account
 * links are single-use and expire within minutes, so one is made per click. Throws Stripe's
 * errors.
 */
export async function startOnboarding(
  db: Db,
  organizationId: string,
  origin: string,
): Promise<{ url: string; accountId: string; created: boolean }> {
  const org = await db.organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: { id: true, stripeAccountId: true },
  });
  let accountId = org.stripeAccountId;
  let created = false;
  if (!accountId) {
    const account = await stripe().accounts.create(
      {
        type: 'express',
        // the country and the bank account are the team's to give during Stripe's onboarding
        capabilities: { transfers: { requested: true } },
        metadata: { organizationId: org.id },
      },
      { idempotencyKey: accountIdempotencyKey(org.id) },
    );
    const n = await db.$transaction((tx) =>
      tx.organization.updateMany({
        where: { id: org.id, stripeAccountId: null },
        data: { stripeAccountId: account.id },
      }),
    );
    created = n.count === 1;
    const stored = await db.organization.findUniqueOrThrow({
      where: { id: org.id },
      select: { stripeAccountId: true },
    });
    accountId = stored.stripeAccountId ?? account.id;
  }
  const link = await stripe().accountLinks.create({
    account: accountId,
    refresh_url: `${origin}${doneUrl('stripeOnboarding', '/account/payments', 'stripeExpired')}`,
    return_url: `${origin}${doneUrl('stripeOnboarding', '/account/payments', 'stripeReturned')}`,
    type: 'account_onboarding',
  });
  return { url: link.url, accountId, created };
}

/** Whether an error is an answer (or a failure to answer) of Stripe's API. */
export function isStripeError(error: unknown): boolean {
  const type = (error as { type?: unknown } | null)?.type;
  return typeof type === 'string' && type.startsWith('Stripe');
}
