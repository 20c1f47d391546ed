// A separate process that registers contracts, for tests/contracts-desk.db.test.ts: with one
// database connection of its own (as a second server process would have), it runs its share
// of the registrations concurrently once the test says "go", and prints the results as JSON.
//   node --import tsx tests/contract-race.worker.ts   (DATABASE_URL: the test database;
//   stdin: one JSON line { jobs: [{ awardId, actor, input }] } with dates as ISO strings,
//   then a line "go")
import { createInterface } from 'node:readline';
import type { ContractInput } from '~/forms/contracts';
import { db } from '~/lib/db.server';
import { registerContract } from '~/services/contracts/registration.server';
import type { Actor } from '~/services/kernel/actor';

type WireInput = Omit<ContractInput, 'signedAt' | 'milestones'> & {
  signedAt: string;
  milestones: (Omit<ContractInput['milestones'][number], 'dueDate'> & { dueDate: string })[];
};
type Job = { awardId: string; actor: Actor; input: WireInput };

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const next = async () => String((await lines.next()).value ?? '');

const { jobs } = JSON.parse(await next()) as { jobs: Job[] };
await db.user.count(); // connect before the start, so that every process starts together
process.stdout.write('ready\n');
await next();
const results = await Promise.all(
  jobs.map((j) =>
    registerContract(db, j.actor, j.awardId, {
      ...j.input,
      signedAt: new Date(j.input.signedAt),
      milestones: j.input.milestones.map((m) => ({ ...m, dueDate: new Date(m.dueDate) })),
    }).catch((error: unknown) => ({
      ok: false as const,
      error: `exception: ${error instanceof Error ? error.message : String(error)}`,
    })),
  ),
);
process.stdout.write(`${JSON.stringify(results)}\n`);
await db.$disconnect();
process.exit(0);
