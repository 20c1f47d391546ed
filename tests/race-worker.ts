// The worker's side of tests/race.ts, run in a process of its own (node --import tsx, with
// DATABASE_URL set to the test database). Protocol on stdin: one JSON line { jobs: [...] },
// then a line "go"; the results are printed as one JSON line.
import { createInterface } from 'node:readline';
import { db } from '~/lib/db.server';

/** Runs this process's share of the jobs with `run` once told to go, then exits. */
export async function raceWorker<Job>(run: (job: Job) => Promise<unknown>) {
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  const next = async () => String((await lines.next()).value ?? '');

  const { jobs } = JSON.parse(await next()) as { jobs: Job[] };
  await db.user.count(); // connect before the start, so that every process starts together
  process.stdout.write('ready\n');
  await next();
  const results = await Promise.all(
    jobs.map((job) =>
      run(job).catch((error: unknown) => ({
        ok: false as const,
        error: `exception: ${error instanceof Error ? error.message : String(error)}`,
      })),
    ),
  );
  process.stdout.write(`${JSON.stringify(results)}\n`);
  await db.$disconnect();
  process.exit(0);
}
