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
  const table = ROOTS[root];
  const n = await tx.$executeRaw(
    Prisma.sql`UPDATE ${Prisma.raw(`"${table}"`)} SET "id" = "id" WHERE "id" = ${id}`,
  );
  return n === 1;
}

/**
 * Shares one root row's lock by id; false when there is no such row. On SQLite the transaction
 * takes the database's one write lock, as lockRoot does (there is no shared row lock).
 */
export async function shareRoot(tx: Tx, root: Root, id: string): Promise<boolean> {
  if (!isPostgresUrl(process.env.DATABASE_URL ?? '')) return lockRoot(tx, root, id);
  const table = ROOTS[root];
  const rows = await tx.$queryRaw<unknown[]>(
    Prisma.sql`SELECT "id" FROM ${Prisma.raw(`"${table}"`)} WHERE "id" = ${id} FOR SHARE`,
  );
  return rows.length === 1;
}

export const lockChallenge = (tx: Tx, id: string) => lockRoot(tx, 'challenge', id);
export const shareChallenge = (tx: Tx, id: string) => shareRoot(tx, 'challenge', id);
export const lockApplication = (tx: Tx, id: string) => lockRoot(tx, 'application', id);
export const lockAward = (tx: Tx, id: string) => lockRoot(tx, 'award', id);
export const lockContract = (tx: Tx, id: string) => lockRoot(tx, 'contract', id);
export const lockEvent = (tx: Tx, id: string) => lockRoot(tx, 'event', id);
export const lockOrganization = (tx: Tx, id: string) => lockRoot(tx, 'organization', id);
