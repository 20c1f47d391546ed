// The one lock policy (docs/decisions/019-service-kernel.md): a write on a record starts its
// transaction with a no-op UPDATE of the record it belongs to (its "root": a challenge, an
// award, a contract, a matching event, an application). On PostgreSQL that takes the row's
// lock until commit, so a second writer waits there and then reads what the first committed;
// on SQLite a write as the first statement takes the database's write lock at once. Several
// roots are always locked in the order challenge → application → award → contract, so two
// commands never wait on each other in a circle.
//
// A command that only needs its root to stay as it is, while it writes a row of its own under
// it (a team saving its application's text under the challenge), shares the root's lock
// instead (shareRoot): on PostgreSQL, `FOR SHARE`, so that such commands go on side by side and
// one that locks the root waits for all of them, and they for it. On a deadline day every
// team's save locked the same challenge, and each waited for the one before to commit.
//
// A command that would read the root rows right after locking them reads them in the lock's
// own statement instead (lockRootReading): one round trip less on PostgreSQL (ADR 040).
import { isPostgresUrl, Prisma, type Tx } from '~/lib/db.server';

// Table names are fixed here, never taken from input: the raw statement interpolates them.
const ROOTS = {
  challenge: 'Challenge',
  application: 'Application',
  award: 'Award',
  contract: 'Contract',
  event: 'MatchingEvent',
  // an organisation's own settings (a team's alert subscriptions and their limit)
  organization: 'Organization',
} as const;

export type Root = keyof typeof ROOTS;

/** Locks one root row by id; false when there is no such row. */
export async function lockRoot(tx: Tx, root: Root, id: string): Promise<boolean> {
  return (await lockRootReading<{ id: string }>(tx, root, id, ['id'])) !== null;
}

/**
 * Shares one root row's lock by id; false when there is no such row. On SQLite the transaction
 * takes the database's one write lock, as lockRoot does (there is no shared row lock).
 */
export async function shareRoot(tx: Tx, root: Root, id: string): Promise<boolean> {
  return (await lockRootReading<{ id: string }>(tx, root, id, ['id'], 'share')) !== null;
}

/**
 * lockRoot (`mode: 'lock'`) or shareRoot (`'share'`) that also reads the root row's `columns`
 * as the lock finds it, in the same statement: the no-op `UPDATE … RETURNING`, or on
 * PostgreSQL the `FOR SHARE` select itself (SQLite has no shared row lock: it takes the
 * database's one write lock). The read a command would send next costs no round trip of its
 * own. Null when there is no such row. Column names come from the caller's code, never from
 * input: they are interpolated. Values come back as `$queryRaw` gives them (dates as Date on
 * both engines).
 */
export async function lockRootReading<R>(
  tx: Tx,
  root: Root,
  id: string,
  columns: readonly (keyof R & string)[],
  mode: 'lock' | 'share' = 'lock',
): Promise<R | null> {
  const table = Prisma.raw(`"${ROOTS[root]}"`);
  const cols = Prisma.raw(columns.map((c) => `"${c}"`).join(', '));
  const rows =
    mode === 'share' && isPostgresUrl(process.env.DATABASE_URL ?? '')
      ? await tx.$queryRaw<R[]>`SELECT ${cols} FROM ${table} WHERE "id" = ${id} FOR SHARE`
      : await tx.$queryRaw<
          R[]
        >`UPDATE ${table} SET "id" = "id" WHERE "id" = ${id} RETURNING ${cols}`;
  return rows[0] ?? null;
}

export const lockChallenge = (tx: Tx, id: string) => lockRoot(tx, 'challenge', id);
export const shareChallenge = (tx: Tx, id: string) => shareRoot(tx, 'challenge', id);
export const lockApplication = (tx: Tx, id: string) => lockRoot(tx, 'application', id);
export const lockAward = (tx: Tx, id: string) => lockRoot(tx, 'award', id);
export const lockContract = (tx: Tx, id: string) => lockRoot(tx, 'contract', id);
export const lockEvent = (tx: Tx, id: string) => lockRoot(tx, 'event', id);
export const lockOrganization = (tx: Tx, id: string) => lockRoot(tx, 'organization', id);
