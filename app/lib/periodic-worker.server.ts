// The skeleton the app server's in-process background jobs share (mail sweeper, alerts,
// due-date reminders): one per process, kept on globalThis so that a dev-server reload does not
// start a second one and server.mjs can drain it on SIGTERM; never under Vitest (tests run the
// jobs themselves). One run at a time; the next one pollMs after the last ended, or sooner when
// woken (a wake during a run makes that run go round once more).

export type PeriodicWorker = {
  /** Runs the job soon (e.g. right after a commit that gave it work). */
  wake(): void;
  /** Stops, and resolves once the run under way has ended (a shutdown). */
  drain(): Promise<void>;
};

export type PeriodicJob = {
  pollMs: number;
  /** Delay before the first run (a server still warming up may want a pause). */
  firstDelayMs: number;
  /** Logged once started. */
  startedLine: string;
  /** Logged, with the error, when a run throws. */
  failedLine: string;
  run(shouldStop: () => boolean): Promise<void>;
  /** Called once at drain, before waiting for the run under way. */
  onDrain?(): void;
};

type WorkerKey =
  | '__jiebangMailWorker'
  | '__jiebangAlertsWorker'
  | '__jiebangReminderWorker'
  | '__jiebangHousekeepingWorker';

declare global {
  var __jiebangMailWorker: PeriodicWorker | undefined;
  var __jiebangAlertsWorker: PeriodicWorker | undefined;
  var __jiebangReminderWorker: PeriodicWorker | undefined;
  var __jiebangHousekeepingWorker: PeriodicWorker | undefined;
}

/** An integer setting from the environment, or the fallback; out of range is a startup error. */
export function intFromEnv(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  const n = raw ? Number(raw) : fallback;
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be an integer between ${min} and ${max}`);
  return n;
}

/**
 * Starts the worker kept at globalThis[key] unless one runs, this is Vitest, or `configure`
 * returns null (the job is off in this environment). Returns the worker, or null.
 */
export function startPeriodicWorker(
  key: WorkerKey,
  env: NodeJS.ProcessEnv,
  configure: () => PeriodicJob | null,
): PeriodicWorker | null {
  const current = globalThis[key];
  if (current) return current;
  if (env.VITEST) return null;
  const job = configure();
  if (!job) return null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  const schedule = (delay: number) => {
    clearTimeout(timer);
    timer = setTimeout(tick, delay);
    timer.unref();
  };
  const runRound = async () => {
    try {
      do {
        again = false;
        await job.run(() => stopped);
      } while (again && !stopped);
    } catch (error) {
      console.error(job.failedLine, error);
    } finally {
      running = null;
      if (!stopped) schedule(job.pollMs);
    }
  };
  function tick() {
    if (stopped) return;
    if (running) again = true;
    else running = runRound();
  }
  const worker: PeriodicWorker = {
    wake() {
      if (!stopped) setTimeout(tick, 20).unref();
    },
    async drain() {
      stopped = true;
      clearTimeout(timer);
      job.onDrain?.();
      globalThis[key] = undefined;
      await running;
    },
  };
  globalThis[key] = worker;
  console.log(job.startedLine);
  schedule(job.firstDelayMs);
  return worker;
}
