// Every message is kept in the MailMessage table (the local outbox a developer and the tests
// read); with SMTP_URL set it is also sent, after the caller's transaction has committed, by
// whichever process claims it first (docs/decisions/024-mail-delivery.md):
//
// - queueMail() writes the row inside the caller's transaction, due at once (nextAttemptAt).
// - deliver() sends the given rows right after the commit; sweepMail() sends every due row a
//   process left behind (it died before sending, or a send failed and its backoff has passed).
// - Before sending, a sender claims the row with one conditional UPDATE: attempts + 1 and a lease
//   (claimedUntil), only while the row is unsent, due, not under a live lease and still at the
//   attempts the sender read. Of two senders, on any number of instances, exactly one lands; a
//   crashed sender's lease runs out and another may then try.
// - A failed send waits RETRY_AFTER_MS[attempts - 1] before the next try; after MAX_ATTEMPTS it
//   is left failed (nextAttemptAt null, `error` kept) for an operator.
import nodemailer from 'nodemailer';
import type { Db, Tx } from '~/lib/db.server';

export type Mail = { to: string; subject: string; text: string };

/** Records the message inside the caller's transaction; returns its id for `deliver`. */
export async function queueMail(tx: Tx, mail: Mail): Promise<string> {
  const row = await tx.mailMessage.create({
    data: { ...mail, nextAttemptAt: new Date() },
    select: { id: true },
  });
  return row.id;
}

const MINUTE = 60_000;
/** The wait after a failed attempt, by the attempt's number (1 = the first). */
export const RETRY_AFTER_MS = [1, 5, 30, 120, 120].map((m) => m * MINUTE);
export const MAX_ATTEMPTS = RETRY_AFTER_MS.length + 1;
/**
 * How long a claim holds a message: far beyond one send, which the transport's timeouts bound
 * (connection and greeting 30 s, 60 s of silence on the socket).
 */
export const LEASE_MS = 10 * MINUTE;
/**
 * Mail not sent within a day of being written is not sent automatically any more: the links it
 * carries (reset, unlock: 30 minutes) are dead, and a backlog written while SMTP was off is not
 * sent the moment it is turned on. The last retry comes 4 h 36 min after the first attempt.
 */
export const SEND_WITHIN_MS = 24 * 60 * MINUTE;

/** An SMTP transport with bounded waits (the URL's own query parameters still win). */
export function createMailTransport(url: string) {
  return nodemailer.createTransport({
    url,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    dnsTimeout: 30_000,
  });
}

let cached: { url: string; transport: nodemailer.Transporter } | undefined;
function smtp(): nodemailer.Transporter | null {
  const url = process.env.SMTP_URL;
  if (!url) return null;
  if (cached?.url !== url) cached = { url, transport: createMailTransport(url) };
  return cached.transport;
}

export type SendOptions = {
  /** the clock: a fixed time (tests) or a function; default Date.now */
  now?: Date | (() => Date);
  /** default: SMTP_URL's transport; null or none configured: nothing is sent */
  transport?: nodemailer.Transporter | null;
};

export type SendOutcome = 'sent' | 'retry' | 'failed' | 'leaseLost';

const clock = (now: SendOptions['now']) =>
  now === undefined ? () => new Date() : typeof now === 'function' ? now : () => now;

/** Rows a sender may claim at `now`: unsent, due, recent, and under no live lease. */
function due(now: Date) {
  return {
    sentAt: null,
    nextAttemptAt: { lte: now },
    createdAt: { gte: new Date(now.getTime() - SEND_WITHIN_MS) },
    OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }],
  };
}

type Row = { id: string; to: string; subject: string; text: string; attempts: number };
const ROW = { id: true, to: true, subject: true, text: true, attempts: true } as const;

/**
 * Claims the message as read (`attempts` then) for LEASE_MS from `now`: one conditional UPDATE.
 * Returns this claim's attempt number, or null when it is not due or someone else claimed it.
 */
export async function claimMail(
  db: Db,
  row: { id: string; attempts: number },
  now: Date,
): Promise<number | null> {
  const n = await db.mailMessage.updateMany({
    where: { id: row.id, attempts: row.attempts, ...due(now) },
    data: { attempts: row.attempts + 1, claimedUntil: new Date(now.getTime() + LEASE_MS) },
  });
  return n.count === 1 ? row.attempts + 1 : null;
}

/** Claims and sends one message, then records the outcome while the claim is still its own. */
async function sendClaimed(
  db: Db,
  transport: nodemailer.Transporter,
  row: Row,
  now: () => Date,
): Promise<SendOutcome | null> {
  const attempt = await claimMail(db, row, now());
  if (attempt === null) return null;
  const mine = { id: row.id, attempts: attempt, sentAt: null };
  const from = process.env.MAIL_FROM ?? 'Jiebang <no-reply@jiebang.example>';
  let failure: string | null = null;
  try {
    await transport.sendMail({ from, to: row.to, subject: row.subject, text: row.text });
  } catch (error) {
    failure = (error instanceof Error ? error.message : String(error)).slice(0, 500);
  }
  const at = now();
  const data =
    failure === null
      ? { sentAt: at, error: null, nextAttemptAt: null, claimedUntil: null }
      : {
          error: `attempt ${attempt}: ${failure}`.slice(0, 500),
          nextAttemptAt:
            attempt >= MAX_ATTEMPTS ? null : new Date(at.getTime() + RETRY_AFTER_MS[attempt - 1]),
          claimedUntil: null,
        };
  const n = await db.mailMessage.updateMany({ where: mine, data });
  if (n.count !== 1) {
    // the lease ran out during the send and another sender claimed the message
    console.warn(`mail: ${row.id} was claimed by another sender during attempt ${attempt}`);
    return 'leaseLost';
  }
  if (failure === null) return 'sent';
  console.warn(`mail: ${row.id} attempt ${attempt} of ${MAX_ATTEMPTS} failed: ${failure}`);
  return attempt >= MAX_ATTEMPTS ? 'failed' : 'retry';
}

/**
 * Sends the given queued messages through SMTP when configured (after the commit that wrote
 * them); failures are recorded for a retry, never thrown.
 */
export async function deliver(db: Db, ids: readonly string[], options: SendOptions = {}) {
  const transport = options.transport === undefined ? smtp() : options.transport;
  if (!transport || ids.length === 0) return;
  const now = clock(options.now);
  for (const id of ids) {
    try {
      const row = await db.mailMessage.findFirst({ where: { id, ...due(now()) }, select: ROW });
      if (row) await sendClaimed(db, transport, row, now);
    } catch (error) {
      // the database failed: the row stays due and a sweep sends it
      console.error(`mail: delivering ${id} failed`, error);
    }
  }
}

export type SweepOptions = SendOptions & {
  /** at most this many claims in this sweep (default 500) */
  limit?: number;
  /** asked before each claim: true once the process is stopping */
  shouldStop?: () => boolean;
};

export type SweepSummary = Record<SendOutcome, number>;

const BATCH = 20;

/**
 * Sends every due message: those whose sender died before sending, and failed ones whose wait
 * has passed. Safe in any number of processes at once: each message is claimed by one.
 */
export async function sweepMail(db: Db, options: SweepOptions = {}): Promise<SweepSummary> {
  const summary: SweepSummary = { sent: 0, retry: 0, failed: 0, leaseLost: 0 };
  const transport = options.transport === undefined ? smtp() : options.transport;
  if (!transport) return summary;
  const now = clock(options.now);
  const limit = options.limit ?? 500;
  let claims = 0;
  while (claims < limit && !options.shouldStop?.()) {
    const batch = await db.mailMessage.findMany({
      where: due(now()),
      orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }],
      take: BATCH,
      select: ROW,
    });
    let claimed = 0;
    for (const row of batch) {
      if (claims >= limit || options.shouldStop?.()) break;
      const outcome = await sendClaimed(db, transport, row, now);
      if (outcome === null) continue; // another sender has it
      claims++;
      claimed++;
      summary[outcome]++;
    }
    // an empty batch, or one that others took entirely: nothing is left for this sweep
    if (claimed === 0) break;
  }
  return summary;
}

export function latestMailTo(db: Db, to: string) {
  return db.mailMessage.findFirst({ where: { to }, orderBy: { createdAt: 'desc' } });
}

/**
 * Runs `work`, which queues the ids of the mail it wrote inside its transaction, and sends that
 * mail once the work succeeded, i.e. after the transaction committed: a refusal or a rollback
 * sends nothing.
 */
export async function thenDeliver<R extends { ok: boolean }>(
  db: Db,
  work: (queue: (ids: readonly string[]) => void) => Promise<R>,
): Promise<R> {
  const ids: string[] = [];
  const result = await work((more) => {
    ids.push(...more);
  });
  if (result.ok) await deliver(db, ids);
  return result;
}
