// The persisted outbox (docs/decisions/012-stripe-rail-and-outbox.md): work that must happen
// outside a database transaction (a payment call) is written as an OutboxJob inside the
// transaction that decides it, and done after commit by whichever worker claims it.
//
// - enqueue() inserts a job keyed by its idempotency key, or leaves the existing one alone.
// - runOutbox() claims due jobs one at a time: a guarded update moves a PENDING job that is due,
//   or a RUNNING job whose lease has run out (its worker died), to RUNNING with a new lease and
//   attempts + 1. The update's WHERE names the attempts it read, so of two workers (threads or
//   processes, SQLite or PostgreSQL) exactly one lands; the other claims nothing and moves on.
// - The handler runs outside any transaction. What it learnt is written afterwards, in one
//   transaction with the job's new status, and only while the job is still this claim's (a
//   worker whose lease ran out and was overtaken writes nothing; the new holder redoes the call
//   with the same key and gets the same answer).
// - A retryable error puts the job back to PENDING with a backoff; a definitive one marks it
//   FAILED and lets the handler record the failure in the same transaction; an abandoned one
//   (nobody can tell what happened) marks it FAILED for an operator and records nothing else.
//
// Every statement runs inside a short transaction of its own: on SQLite a statement outside a
// transaction could otherwise share the connection with another request's open transaction
// (docs/decisions/009-money-writes.md, "SQLite finding").
import { isPostgresUrl, Prisma, type Db, type Tx } from '~/lib/db.server';

export type OutboxStatus = 'PENDING' | 'RUNNING' | 'DONE' | 'FAILED';

export type OutboxJobInput = {
  kind: string;
  idempotencyKey: string;
  payload: unknown;
  /** not before this time (default: now) */
  runAfter?: Date;
};

/**
 * Adds a job inside the caller's transaction, unless a job with this idempotency key exists
 * (whatever its status): the same work is never queued twice. Returns whether it was added.
 */
export async function enqueue(tx: Tx, job: OutboxJobInput): Promise<boolean> {
  const existing = await tx.outboxJob.findUnique({
    where: { idempotencyKey: job.idempotencyKey },
    select: { id: true },
  });
  if (existing) return false;
  // createMany + skipDuplicates would be one statement on PostgreSQL, but SQLite's Prisma
  // client has no skipDuplicates; the unique key still stops a concurrent second insert.
  await tx.outboxJob.create({
    data: {
      kind: job.kind,
      idempotencyKey: job.idempotencyKey,
      payload: JSON.stringify(job.payload),
      status: 'PENDING',
      ...(job.runAfter ? { runAfter: job.runAfter } : {}),
    },
  });
  return true;
}

export type ClaimedJob<P = unknown> = {
  id: string;
  kind: string;
  idempotencyKey: string;
  payload: P;
  /** this claim's number: 1 for the first run, 2 after a retry or a crash, … */
  attempts: number;
  lockedUntil: Date;
  createdAt: Date;
};

/** What a handler reports after its outside work succeeded. */
export type HandlerResult = {
  /** the work's effect on the database, written in one transaction with the job's new status */
  effect?: (tx: Tx) => Promise<void>;
  /**
   * The job is over but did not fully succeed (e.g. a transfer was made, its payout refused):
   * it is marked FAILED with this text after `effect` is written.
   */
  failed?: string;
  /** kept in lastError of a DONE job (e.g. why there was nothing to do) */
  note?: string;
  /** outside work that follows the commit (e.g. sending the mail the effect queued) */
  afterCommit?: () => Promise<void>;
};

export type ErrorDecision =
  /** try again later, the same job and key */
  | 'retry'
  /** it definitively did not happen: mark FAILED and call onFailed */
  | 'fail'
  /** nobody can tell: mark FAILED for an operator, record nothing else */
  | 'abandon';

export interface OutboxHandler<P = unknown> {
  /** Does the job's outside work. Must not open a transaction that spans a network call. */
  run(job: ClaimedJob<P>, ctx: { db: Db; now: Date }): Promise<HandlerResult | void>;
  /** What an error thrown by run() means; default: classifyError(). */
  classify?(error: unknown): ErrorDecision;
  /** Records a definitive failure, in the transaction that marks the job FAILED. */
  onFailed?(tx: Tx, job: ClaimedJob<P>, reason: string, error: unknown): Promise<void>;
  /** A text for lastError and onFailed; default: the error's message. */
  describe?(error: unknown): string;
  /**
   * How long after its creation a job may still be retried; later, a retryable error abandons
   * it (Stripe forgets an idempotency key after 24 hours: a later retry could pay twice).
   */
  retryWindowMs?: number;
}

export type Handlers = Record<string, OutboxHandler<never>>;

/**
 * A default for handlers without their own: an HTTP 4xx other than 408, 409 and 429 is
 * definitive; everything else (connection errors, timeouts, 5xx, bugs) is retried.
 */
export function classifyError(error: unknown): ErrorDecision {
  const status = (error as { statusCode?: unknown; status?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500)
    return [408, 409, 429].includes(status) ? 'retry' : 'fail';
  return 'retry';
}

export const DEFAULT_LEASE_MS = 60_000;

/** Exponential backoff from 2 s, doubling per attempt, at most 15 minutes, with some jitter. */
export function defaultBackoff(attempts: number): number {
  const base = Math.min(2_000 * 2 ** Math.max(0, attempts - 1), 15 * 60_000);
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

export type RunOptions = {
  db: Db;
  handlers: Handlers;
  /** the clock: a fixed time (tests) or a function (workers); default Date.now */
  now?: Date | (() => Date);
  /** how long a claim holds a job; must outlast its handler (default 60 s) */
  leaseMs?: number;
  /** at most this many jobs in this run (default 50) */
  limit?: number;
  backoff?: (attempts: number) => number;
  /** called for every job this run finished or rescheduled (logging, tests) */
  onJob?: (report: JobReport) => void;
  /** asked before each claim: true once the process is shutting down (the job under way ends) */
  shouldStop?: () => boolean;
};

export type JobReport = {
  id: string;
  kind: string;
  idempotencyKey: string;
  attempts: number;
  outcome: 'done' | 'retry' | 'failed' | 'abandoned' | 'leaseLost';
  error?: string;
};

export type RunSummary = {
  claimed: number;
  done: number;
  retried: number;
  failed: number;
  leaseLost: number;
};

const clock = (now: RunOptions['now']) =>
  now === undefined ? () => new Date() : typeof now === 'function' ? now : () => now;

/** The jobs a worker may claim now: due PENDING ones, and RUNNING ones whose lease ran out. */
function claimable(kinds: string[], now: Date) {
  return {
    kind: { in: kinds },
    OR: [
      { status: 'PENDING', runAfter: { lte: now } },
      { status: 'RUNNING', lockedUntil: { lt: now } },
    ],
  };
}

const TX = { maxWait: 20_000, timeout: 30_000 };

type ClaimedRow = {
  id: string;
  kind: string;
  idempotencyKey: string;
  payload: string;
  attempts: number;
  createdAt: Date;
};

/**
 * PostgreSQL: one statement picks the first due job that no other worker holds (`FOR UPDATE
 * SKIP LOCKED`) and claims it, so N workers on N instances take N different jobs at once
 * instead of queueing on the same row.
 */
async function claimSkippingLocked(db: Db, kinds: string[], now: Date, lockedUntil: Date) {
  const [row] = await db.$queryRaw<ClaimedRow[]>`
    UPDATE "OutboxJob" SET "status" = 'RUNNING', "attempts" = "attempts" + 1,
                           "lockedUntil" = ${lockedUntil}
    WHERE "id" = (
      SELECT "id" FROM "OutboxJob"
      WHERE "kind" IN (${Prisma.join(kinds)})
        AND (("status" = 'PENDING' AND "runAfter" <= ${now})
          OR ("status" = 'RUNNING' AND "lockedUntil" < ${now}))
      ORDER BY "runAfter", "createdAt"
      LIMIT 1
      FOR UPDATE SKIP LOCKED)
    RETURNING "id", "kind", "idempotencyKey", "payload", "attempts", "createdAt"`;
  return row ?? null;
}

/** Claims one due job, or returns null. Two claimers never both get the same job. */
export async function claimNext(
  db: Db,
  kinds: string[],
  now: Date,
  leaseMs: number,
): Promise<ClaimedJob | null> {
  if (kinds.length === 0) return null;
  if (isPostgresUrl(process.env.DATABASE_URL ?? '')) {
    const lockedUntil = new Date(now.getTime() + leaseMs);
    const row = await claimSkippingLocked(db, kinds, now, lockedUntil);
    if (!row) return null;
    return {
      id: row.id,
      kind: row.kind,
      idempotencyKey: row.idempotencyKey,
      payload: JSON.parse(row.payload) as unknown,
      attempts: row.attempts,
      lockedUntil,
      createdAt: row.createdAt,
    };
  }
  // SQLite has one writer at a time: the guarded update below is its equivalent
  return db.$transaction(async (tx) => {
    // A write first: on SQLite it takes the database's write lock at once (waiting out the busy
    // timeout behind another process's claim) instead of failing on a read-to-write upgrade
    // (as lockContract, docs/decisions/009-money-writes.md). A no-op on PostgreSQL.
    await tx.$executeRaw`UPDATE "OutboxJob" SET "id" = "id" WHERE "id" = ''`;
    const candidates = await tx.outboxJob.findMany({
      where: claimable(kinds, now),
      orderBy: [{ runAfter: 'asc' }, { createdAt: 'asc' }],
      take: 10,
      select: {
        id: true,
        kind: true,
        idempotencyKey: true,
        payload: true,
        attempts: true,
        createdAt: true,
      },
    });
    const lockedUntil = new Date(now.getTime() + leaseMs);
    for (const c of candidates) {
      // the guard: still claimable, and nobody claimed it since we read it (attempts)
      const n = await tx.outboxJob.updateMany({
        where: { id: c.id, attempts: c.attempts, ...claimable(kinds, now) },
        data: { status: 'RUNNING', attempts: c.attempts + 1, lockedUntil },
      });
      if (n.count === 1)
        return {
          id: c.id,
          kind: c.kind,
          idempotencyKey: c.idempotencyKey,
          payload: JSON.parse(c.payload) as unknown,
          attempts: c.attempts + 1,
          lockedUntil,
          createdAt: c.createdAt,
        };
    }
    return null;
  }, TX);
}

class LeaseLost extends Error {
  constructor() {
    super('outbox: the job was claimed by another worker meanwhile');
  }
}

/**
 * Ends this claim of the job in one transaction: `status` (and its fields) only if the job is
 * still RUNNING under this claim's attempts, then `effect`. A lost lease writes nothing.
 */
async function settle(
  db: Db,
  job: ClaimedJob,
  data: {
    status: OutboxStatus;
    lastError?: string | null;
    runAfter?: Date;
    doneAt?: Date | null;
  },
  effect?: (tx: Tx) => Promise<void>,
): Promise<boolean> {
  try {
    await db.$transaction(async (tx) => {
      const n = await tx.outboxJob.updateMany({
        where: { id: job.id, status: 'RUNNING', attempts: job.attempts },
        data: { ...data, lockedUntil: null },
      });
      if (n.count !== 1) throw new LeaseLost();
      if (effect) await effect(tx);
    }, TX);
    return true;
  } catch (error) {
    if (error instanceof LeaseLost) return false;
    throw error;
  }
}

const describeDefault = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).slice(0, 1000);

/** Runs one claimed job to its next state. */
async function runJob(
  opts: Required<Pick<RunOptions, 'db' | 'backoff'>> & { now: () => Date },
  handler: OutboxHandler<unknown>,
  job: ClaimedJob,
): Promise<JobReport> {
  const { db } = opts;
  const report = (outcome: JobReport['outcome'], error?: string): JobReport => ({
    id: job.id,
    kind: job.kind,
    idempotencyKey: job.idempotencyKey,
    attempts: job.attempts,
    outcome,
    ...(error ? { error } : {}),
  });
  const describe = handler.describe ?? describeDefault;
  const retryLater = async (text: string) => {
    const now = opts.now();
    const ok = await settle(db, job, {
      status: 'PENDING',
      lastError: text.slice(0, 1000),
      runAfter: new Date(now.getTime() + opts.backoff(job.attempts)),
    });
    return report(ok ? 'retry' : 'leaseLost', text);
  };

  let result: HandlerResult | void;
  try {
    result = await handler.run(job, { db, now: opts.now() });
  } catch (error) {
    const text = describe(error);
    let decision = (handler.classify ?? classifyError)(error);
    const now = opts.now();
    if (
      decision === 'retry' &&
      handler.retryWindowMs !== undefined &&
      now.getTime() - job.createdAt.getTime() > handler.retryWindowMs
    )
      decision = 'abandon';
    if (decision === 'retry') return retryLater(text);
    if (decision === 'abandon') {
      const why = `abandoned: ${text}`.slice(0, 1000);
      const ok = await settle(db, job, { status: 'FAILED', lastError: why, doneAt: now });
      return report(ok ? 'abandoned' : 'leaseLost', why);
    }
    try {
      const ok = await settle(
        db,
        job,
        { status: 'FAILED', lastError: text, doneAt: now },
        handler.onFailed ? (tx) => handler.onFailed!(tx, job, text, error) : undefined,
      );
      return report(ok ? 'failed' : 'leaseLost', text);
    } catch (recording) {
      // the failure could not be recorded (rolled back): the job is run again later, and the
      // same key gives the same answer then
      return retryLater(`recording the failure failed: ${describeDefault(recording)}`);
    }
  }
  const failed = result?.failed?.slice(0, 1000);
  try {
    const ok = await settle(
      db,
      job,
      failed
        ? { status: 'FAILED', lastError: failed, doneAt: opts.now() }
        : { status: 'DONE', lastError: result?.note?.slice(0, 1000) ?? null, doneAt: opts.now() },
      result?.effect,
    );
    // best effort: what it sends (mail) is kept in the database and can be sent again
    if (ok) await result?.afterCommit?.().catch(() => undefined);
    return report(ok ? (failed ? 'failed' : 'done') : 'leaseLost', failed);
  } catch (recording) {
    return retryLater(`recording the result failed: ${describeDefault(recording)}`);
  }
}

/**
 * Claims and runs due jobs of the kinds in `handlers`, one at a time, until none is due or
 * `limit` jobs ran. Safe to call from any number of workers and processes at once.
 */
export async function runOutbox(options: RunOptions): Promise<RunSummary> {
  const now = clock(options.now);
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const limit = options.limit ?? 50;
  const backoff = options.backoff ?? defaultBackoff;
  const kinds = Object.keys(options.handlers);
  const summary: RunSummary = { claimed: 0, done: 0, retried: 0, failed: 0, leaseLost: 0 };
  while (summary.claimed < limit && !options.shouldStop?.()) {
    const job = await claimNext(options.db, kinds, now(), leaseMs);
    if (!job) break;
    summary.claimed++;
    const handler = options.handlers[job.kind] as OutboxHandler<unknown>;
    const r = await runJob({ db: options.db, backoff, now }, handler, job);
    if (r.outcome === 'done') summary.done++;
    else if (r.outcome === 'retry') summary.retried++;
    else if (r.outcome === 'leaseLost') summary.leaseLost++;
    else summary.failed++;
    options.onJob?.(r);
  }
  return summary;
}

// ---------------------------------------------------------------------------------------------
// Waking the in-process worker. A module that enqueues a job may ask for a run soon after its
// transaction commits (the job is invisible before that); the worker, if this process runs
// one, registers itself here. Without a worker the request is a no-op: the next poll, or
// `npm run outbox:run`, finds the job anyway.

let wake: (() => void) | undefined;

export function setOutboxWaker(fn: (() => void) | undefined): void {
  wake = fn;
}

/** Asks this process's worker, if any, to look for due jobs shortly. */
export function requestOutboxRun(): void {
  wake?.();
}
