// A separate process that registers contracts, for tests/contracts-desk.db.test.ts (the race's
// protocol: tests/race-worker.ts). Jobs: { awardId, actor, input } with dates as ISO strings.
import type { ContractInput } from '~/forms/contracts';
import { db } from '~/lib/db.server';
import { registerContract } from '~/services/contracts/registration.server';
import type { Actor } from '~/services/kernel/actor';
import { raceWorker } from './race-worker';

type WireInput = Omit<ContractInput, 'signedAt' | 'milestones'> & {
  signedAt: string;
  milestones: (Omit<ContractInput['milestones'][number], 'dueDate'> & { dueDate: string })[];
};

await raceWorker((j: { awardId: string; actor: Actor; input: WireInput }) =>
  registerContract(db, j.actor, j.awardId, {
    ...j.input,
    signedAt: new Date(j.input.signedAt),
    milestones: j.input.milestones.map((m) => ({ ...m, dueDate: new Date(m.dueDate) })),
  }),
);
