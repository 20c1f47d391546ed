// A separate process that confirms funding, for tests/funding.db.test.ts (the race's protocol:
// tests/race-worker.ts). Jobs: { challengeId, actor, pi }: the enterprise's share by a hold.
import { db } from '~/lib/db.server';
import { confirmFunding } from '~/services/funding/funding.server';
import type { Actor } from '~/services/kernel/actor';
import { raceWorker } from './race-worker';

await raceWorker((j: { challengeId: string; actor: Actor; pi: string }) =>
  confirmFunding(db, j.actor, j.challengeId, {
    payer: 'ENTERPRISE',
    method: 'STRIPE_HOLD',
    stripePaymentIntentId: j.pi,
  }),
);
