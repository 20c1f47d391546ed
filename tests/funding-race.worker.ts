// A separate process that confirms funding, for tests/funding.db.test.ts (the race's protocol:
// tests/race-worker.ts). Jobs: { challengeId, actor, ref }: the enterprise's share by a bank
// receipt with reference `ref` (a Stripe hold would ask the Stripe rail, which is off here).
import { db } from '~/lib/db.server';
import { confirmFunding } from '~/services/funding/funding.server';
import type { Actor } from '~/services/kernel/actor';
import { tinyPng } from './factories/files';
import { raceWorker } from './race-worker';

await raceWorker((j: { challengeId: string; actor: Actor; ref: string }) =>
  confirmFunding(db, j.actor, j.challengeId, {
    payer: 'ENTERPRISE',
    method: 'BANK_RECEIPT',
    bankReference: j.ref,
    receipt: new File([new Uint8Array(tinyPng())], 'r.png', { type: 'image/png' }),
  }),
);
