// A separate process that approves appeal remedies, for tests/appeal-remedies.db.test.ts (the
// race's protocol: tests/race-worker.ts). Jobs: { awardId, actor }.
import { db } from '~/lib/db.server';
import { decideRemedy } from '~/services/evaluation/appeal-remedies.server';
import type { Actor } from '~/services/kernel/actor';
import { raceWorker } from './race-worker';

await raceWorker((j: { awardId: string; actor: Actor }) =>
  decideRemedy(db, j.actor, j.awardId, 'approve', ''),
);
