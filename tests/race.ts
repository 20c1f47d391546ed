// Races across processes: each of `processes` Node processes (a worker file run with tsx) has
// its own database connection, as a second server process would, and takes its share of the
// jobs. All are released at the same instant; within each process the jobs run concurrently.
// The worker's side is tests/race-worker.ts.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { expect, inject } from 'vitest';

/** What a worker reports for each job: the command's result, or the exception it threw. */
export type RaceOutcome = { ok: boolean; error?: string };

// five Node processes start (tsx) and queue on one SQLite file: give them room on a busy machine
export const RACE_TIMEOUT = 180_000;

export async function raceAcrossProcesses<Job>(
  workerFile: string,
  jobs: Job[],
  processes: number,
): Promise<RaceOutcome[]> {
  const shares = Array.from({ length: processes }, (_, p) =>
    jobs.filter((_, i) => i % processes === p),
  );
  const workers = shares.map((share) => {
    const child = spawn(process.execPath, ['--import', 'tsx', workerFile], {
      env: { ...process.env, DATABASE_URL: inject('databaseUrl') },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    child.stdin.write(`${JSON.stringify({ jobs: share })}\n`);
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    return { child, next: async () => String((await lines.next()).value ?? '') };
  });
  for (const w of workers) expect(await w.next()).toBe('ready');
  for (const w of workers) w.child.stdin.write('go\n');
  const outputs = await Promise.all(workers.map((w) => w.next()));
  for (const w of workers) w.child.stdin.end();
  return outputs.flatMap((line) => JSON.parse(line) as RaceOutcome[]);
}
