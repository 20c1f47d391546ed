// A separate process that approves award proposals, for tests/awards.db.test.ts (the race's
// protocol: tests/race-worker.ts). Jobs: { awardId, actor }.
import { db } from '~/lib/db.server';
import { approveAward } from '~/services/evaluation/awards.server';
import type { Actor } from '~/services/kernel/actor';
import { raceWorker } from './race-worker';

await raceWorker((j: { awardId: string; actor: Actor }) => approveAward(db, j.actor, j.awardId));
