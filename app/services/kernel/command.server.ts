// The kernel every state-changing service goes through (docs/decisions/019-service-kernel.md):
// one transaction with one set of options, the locks as its first statements, the audit record
// in the same transaction, refusals turned into results after the rollback, and mail delivered
// only once the transaction has committed.
import type { Db, Tx } from '~/lib/db.server';
import { deliver, queueMail, type Mail } from '~/lib/mail.server';
import type { Actor } from './actor';
import { audit as recordAudit, type AuditInput } from './audit.server';
import { notifyOrganization, notifyUsers, type Notice } from './notify.server';
import { Refused, type Refusal, type Result } from './refusal';

/**
 * One policy for both engines. `maxWait` bounds the wait to start: a PostgreSQL pool
 * connection, or the SQLite gate that admits one transaction at a time per process.
 * `timeout` bounds the transaction itself, including the wait for a row lock held by another
 * transaction on the same record; a transaction that overruns it is rolled back.
 */
export const TX_OPTIONS = { maxWait: 20_000, timeout: 30_000 } as const;

export type CommandSpec = {
  /** the translation namespace of this command's refusals, e.g. `evaluation.errors` */
  errors: string;
  /** who acts: the default actor of the audit records */
  actor?: Actor | null;
  /**
   * The locks, taken as the transaction's first statements (kernel/locks.server.ts), always
   * in the order challenge → award → contract. Returning false refuses with `notFound`.
   */
  lock?: (tx: Tx) => Promise<boolean | void>;
};

export type Context = {
  tx: Tx;
  actor: Actor | null;
  /** An audit record in this transaction; the actor defaults to the command's. */
  audit(e: Omit<AuditInput, 'actorId'> & { actorId?: string | null }): Promise<void>;
  /** A mail, recorded now and sent once the transaction has committed. */
  mail(m: Mail): Promise<void>;
  /** In-app notices (and their mail) to users or to every member of an organisation. */
  notifyUsers(userIds: readonly string[], n: Notice): Promise<void>;
  notifyOrganization(organizationId: string, n: Notice): Promise<void>;
  /** Mail ids queued by code that writes mail itself, to send after commit. */
  deliverAfterCommit(ids: readonly string[]): void;
  /** Work to do once the transaction has committed (never after a refusal or a rollback). */
  afterCommit(fn: () => unknown): void;
};

type Pending = { mailIds: string[]; after: (() => unknown)[] };

/**
 * What each command's transaction owes after its commit, by transaction: a command given that
 * transaction joins it. (An AsyncLocalStorage did this before: on Node 20 its first use turns on
 * promise hooks for the rest of the process, 3-6 times the cost of a bare await in a micro
 * benchmark, though no page measured faster without it.)
 */
const pendingOf = new WeakMap<Tx, Pending>();

function contextOf(tx: Tx, actor: Actor | null, pending: Pending): Context {
  return {
    tx,
    actor,
    async audit(e) {
      await recordAudit(tx, {
        ...e,
        actorId: e.actorId === undefined ? (actor?.id ?? null) : e.actorId,
      });
    },
    async mail(m) {
      pending.mailIds.push(await queueMail(tx, m));
    },
    async notifyUsers(userIds, n) {
      pending.mailIds.push(...(await notifyUsers(tx, [...userIds], n)));
    },
    async notifyOrganization(organizationId, n) {
      pending.mailIds.push(...(await notifyOrganization(tx, organizationId, n)));
    },
    deliverAfterCommit(ids) {
      pending.mailIds.push(...ids);
    },
    afterCommit(fn) {
      pending.after.push(fn);
    },
  };
}

/**
 * Runs `work` as one command. On its own (given the client) it opens the transaction, takes
 * `spec.lock`, and after commit sends the mail and runs the after-commit work; a `Refused`
 * thrown anywhere rolls everything back and comes out as `{ ok: false, error, key, field }`.
 *
 * Given a transaction instead (a caller composing several commands, or a webhook recording its
 * event in the same transaction), it joins it: the locks are taken again (a no-op for the
 * holder), mail waits for the outer commit, and a refusal is thrown on, so that the outer
 * command rolls back as a whole.
 */
export async function command<T extends object, C extends string = string>(
  db: Db | Tx,
  spec: CommandSpec,
  work: (ctx: Context) => Promise<T>,
): Promise<Result<T, C>> {
  const actor = spec.actor ?? null;
  const run = async (tx: Tx, pending: Pending) => {
    if (spec.lock && (await spec.lock(tx)) === false) throw new Refused('notFound');
    return work(contextOf(tx, actor, pending));
  };

  if (!('$transaction' in db)) {
    // a transaction from outside any command (a test that rolls back): its mail stays queued
    const pending = pendingOf.get(db) ?? { mailIds: [], after: [] };
    try {
      const value = await run(db, pending);
      return { ok: true as const, ...value };
    } catch (error) {
      // the refusal keeps this command's message when an outer command turns it into a result
      if (error instanceof Refused && !error.key) error.key = `${spec.errors}.${error.code}`;
      throw error;
    }
  }

  const pending: Pending = { mailIds: [], after: [] };
  let value: T;
  try {
    value = await (db as Db).$transaction((tx) => {
      pendingOf.set(tx, pending);
      return run(tx, pending);
    }, TX_OPTIONS);
  } catch (error) {
    if (error instanceof Refused) return error.toRefusal(spec.errors) as Refusal<C>;
    throw error;
  }
  await deliver(db as Db, pending.mailIds);
  for (const fn of pending.after) await fn();
  return { ok: true as const, ...value };
}
