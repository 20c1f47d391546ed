// Reads of "ChallengeTally": running counts of challenges per (status, bounty type, field,
// submitted, published), kept by triggers on "Challenge" in the statement that writes it
// (docs/decisions/041). The programme figures and the catalogue's "共 N 项" read these few
// hundred rows instead of counting every challenge after each write.
import { PUBLIC_STATUSES } from '~/domain/need';
import { type Db, Prisma } from '~/lib/db.server';

type Counted = { n: unknown; bounty: unknown };

/** The statuses the public sees, as an SQL list (the figures' reads of "Challenge" use it too). */
export const PUBLIC_SQL = Prisma.join([...PUBLIC_STATUSES]);

/** The whole programme's challenges per status, bounty type and whether submitted. */
export function talliedGroups(db: Db) {
  return db.$queryRaw<(Counted & { status: string; bountyType: string; submitted: unknown })[]>`
    SELECT "status", "bountyType", "submitted", SUM("n") AS "n", SUM("bountyFen") AS "bounty"
    FROM "ChallengeTally"
    GROUP BY "status", "bountyType", "submitted"
    HAVING SUM("n") > 0`;
}

/** The fixed bounties of the published challenges, per field. */
export function talliedFixedByField(db: Db) {
  return db.$queryRaw<(Counted & { field: string })[]>`
    SELECT "field", SUM("n") AS "n", SUM("bountyFen") AS "bounty"
    FROM "ChallengeTally"
    WHERE "bountyType" = 'FIXED' AND "status" IN (${PUBLIC_SQL})
    GROUP BY "field"
    HAVING SUM("n") > 0`;
}

/**
 * How many challenges the catalogue lists (published, in a public status), of one field and
 * one bounty type when given: the catalogue's filters that the tally's key holds.
 */
export async function talliedListed(
  db: Db,
  { field, bountyType }: { field: string | null; bountyType: 'FIXED' | 'OPEN' | null },
): Promise<number> {
  const [row] = await db.$queryRaw<{ n: unknown }[]>`
    SELECT SUM("n") AS "n" FROM "ChallengeTally"
    WHERE "published" AND "status" IN (${PUBLIC_SQL})
      ${field === null ? Prisma.empty : Prisma.sql`AND "field" = ${field}`}
      ${bountyType === null ? Prisma.empty : Prisma.sql`AND "bountyType" = ${bountyType}`}`;
  return Number(row?.n ?? 0);
}
