// A separate process that approves award proposals, for tests/awards.db.test.ts: with one
// database connection of its own (as a second server process would have), it runs its share
// of the approvals concurrently once the test says "go", and prints the results as JSON.
//   node --import tsx tests/award-race.worker.ts   (DATABASE_URL: the test database;
//   stdin: one JSON line { jobs: [{ awardId, actor }] }, then a line "go")
import { createInterface } from 'node:readline';
import { db } from '~/lib/db.server';
import { approveAward } from '~/services/evaluation/awards.server';
import type { Actor } from '~/services/kernel/actor';

type Job = { awardId: string; actor: Actor };

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const next = async () => String((await lines.next()).value ?? '');

const { jobs } = JSON.parse(await next()) as { jobs: Job[] };
await db.user.count(); // connect before the start, so that every process starts together
process.stdout.write('ready\n');
await next();
const results = await Promise.all(
  jobs.map((j) =>
    approveAward(db, j.actor, j.awardId).catch((error: unknown) => ({
      ok: false as const,
      error: `exception: ${error instanceof Error ? error.message : String(error)}`,
    })),
  ),
);
process.stdout.write(`${JSON.stringify(results)}\n`);
await db.$disconnect();
process.exit(0);
