// A separate process that proposes or approves promotions into vacated slots, for
// tests/vacancies.db.test.ts (the race's protocol: tests/race-worker.ts).
import { db } from '~/lib/db.server';
import { decidePromotion, proposePromotion } from '~/services/evaluation/promotions.server';
import type { Actor } from '~/services/kernel/actor';
import { raceWorker } from './race-worker';

type Job =
  | { kind: 'approve'; promotionId: string; actor: Actor }
  | { kind: 'propose'; awardId: string; candidateId: string; actor: Actor };

await raceWorker((j: Job) =>
  j.kind === 'approve'
    ? decidePromotion(db, j.actor, j.promotionId, 'approve', null)
    : proposePromotion(db, j.actor, j.awardId, j.candidateId),
);
