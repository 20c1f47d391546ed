// A team links its Stripe connected account on /account/payments, against the local Stripe
// stand-in (tests/stripe-standin.ts) through the real SDK. Apart from tests/stripe-rail.db.test.ts
// (the rail and the outbox), as its setup is only the stand-in.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { accountIdempotencyKey } from '~/lib/stripe/accounts.server';
import {
  action as paymentsAction,
  loader as paymentsLoader,
} from '~/routes/account.payments/route';
import { makeTeam, makeUser } from './factories';
import { args, formPost, signedInRequest } from './route-call';
import { pointStripeAt, standInSettings, startStandIn, type StandIn } from './stripe-standin';

let standIn: StandIn;
let restoreStripeSettings = () => {};

beforeAll(async () => {
  standIn = await startStandIn();
  restoreStripeSettings = pointStripeAt(standInSettings(standIn));
});

afterAll(async () => {
  restoreStripeSettings();
  await standIn?.close();
  await db.$disconnect();
});

describe(`a team's payment account (${inject('databaseKind')})`, () => {
  it('links an Express account once and sends the team to Stripe onboarding', async () => {
    const team = await makeTeam(db);
    const member = await makeUser(db, { role: 'TEAM', organizationId: team.id });
    const page = async () =>
      (await paymentsLoader(
        args(await signedInRequest(db, member, '/account/payments')),
      )) as Awaited<ReturnType<typeof paymentsLoader>>;
    expect(await page()).toMatchObject({ configured: true, accountId: null, status: 'notLinked' });

    const link = async () => {
      const res = await paymentsAction(
        args(await signedInRequest(db, member, '/account/payments', formPost({ intent: 'link' }))),
      );
      expect(res).toBeInstanceOf(Response);
      return (res as Response).headers.get('Location')!;
    };
    const first = await link();
    const { stripeAccountId } = await db.organization.findUniqueOrThrow({ where: { id: team.id } });
    expect(stripeAccountId).toMatch(/^acct_/);
    expect(first).toContain(`/_standin/onboarding/${stripeAccountId}`);
    expect(decodeURIComponent(first)).toContain('/account/payments?done=stripeReturned');
    const created = standIn.state.requests.filter(
      (r) => r.path === '/v1/accounts' && r.idempotencyKey === accountIdempotencyKey(team.id),
    );
    expect(created).toHaveLength(1);
    expect(created[0]!.params).toMatchObject({
      type: 'express',
      metadata: { organizationId: team.id },
    });
    expect(await page()).toMatchObject({ accountId: stripeAccountId, status: 'onboarding' });

    // again (the link expired): the same account, a new link
    await link();
    expect(
      (await db.organization.findUniqueOrThrow({ where: { id: team.id } })).stripeAccountId,
    ).toBe(stripeAccountId);
    expect(
      standIn.state.accounts.filter(
        (a) => (a.metadata as { organizationId?: string }).organizationId === team.id,
      ),
    ).toHaveLength(1);

    await fetch(`${standIn.url}/_standin/accounts/${stripeAccountId}/complete`, { method: 'POST' });
    expect(await page()).toMatchObject({ status: 'active' });
  });

  it('says rewards are paid by bank transfer when Stripe is not configured', async () => {
    const team = await makeTeam(db);
    const member = await makeUser(db, { role: 'TEAM', organizationId: team.id });
    const key = process.env.STRIPE_SECRET_KEY;
    delete process.env.STRIPE_SECRET_KEY;
    try {
      const data = await paymentsLoader(
        args(await signedInRequest(db, member, '/account/payments')),
      );
      expect(data).toMatchObject({ configured: false, status: null });
      const res = await paymentsAction(
        args(await signedInRequest(db, member, '/account/payments', formPost({ intent: 'link' }))),
      );
      expect(res).toMatchObject({
        result: { error: { '': ['paymentsAccount.errors.notConfigured'] } },
      });
    } finally {
      process.env.STRIPE_SECRET_KEY = key;
    }
  });
});
