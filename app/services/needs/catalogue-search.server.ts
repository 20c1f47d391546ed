// The catalogue's query as the database reads it: the filters as one where clause, each sort
// as runs of rows in one index order after a keyset cursor, and the lookups made beforehand
// (literal search terms, an event's challenges). Read by listPublishedChallenges
// (catalogue.server.ts).
import {
  catalogueSearchTerms,
  openDeadlineFrom,
  type CatalogueQuery,
  type CatalogueSort,
  type CursorKey,
} from '~/domain/catalogue-query';
import { NEED_STATUSES, PUBLIC_STATUSES } from '~/domain/need';
import { containsPattern, hasLikeSpecial } from '~/domain/search';
import { Prisma, type Db } from '~/lib/db.server';

type ChallengeWhere = NonNullable<NonNullable<Parameters<Db['challenge']['count']>[0]>['where']>;

// The public statuses, written as "none of the others": a NOT IN cannot use the
// (status, publishedAt) index, so SQLite's planner (which has no statistics) walks the sort's
// own index and stops after one page, instead of sorting every public row for each page
// (0.3 ms against 30 ms a page at 20,000 challenges). Only statuses of NEED_STATUSES are
// ever written, so the two sets are the same rows. publishedAt is set whenever a challenge is
// public; the keyset of the "newest" sort needs it.
const NOT_PUBLIC = NEED_STATUSES.filter((s) => !(PUBLIC_STATUSES as readonly string[]).includes(s));
export const LISTED: ChallengeWhere = {
  status: { notIn: NOT_PUBLIC },
  publishedAt: { not: null },
};

const NOT_PUBLISHED = PUBLIC_STATUSES.filter((s) => s !== 'PUBLISHED');

/**
 * The catalogue's filters as one where clause. Search: every term must occur in the
 * normalised searchText (substring, so Chinese needs no word segmentation; docs/decisions/008),
 * literally: a term with `%`, `_` or `\` is matched by literalMatches (looked up beforehand,
 * see literalSearchIds), the others by Prisma's `contains`.
 * Open / closed: the rule of effectiveNeedStatus(), as a bound on the stored deadline computed
 * from `now` (openDeadlineFrom), so no background job has to have closed anything.
 */
export function catalogueWhere(
  query: CatalogueQuery,
  now: Date,
  /** the challenges of query.event, looked up beforehand (see eventChallengeIds) */
  eventChallenges: string[] = [],
  /** the challenges whose text holds the terms with LIKE's special characters, or null */
  literalMatches: string[] | null = null,
): ChallengeWhere {
  const and: ChallengeWhere[] = [LISTED];
  for (const term of catalogueSearchTerms(query.q))
    if (!hasLikeSpecial(term)) and.push({ searchText: { contains: term } });
  if (literalMatches) and.push({ id: { in: literalMatches } });
  if (query.field) and.push({ field: query.field });
  if (query.bounty === 'fixed') and.push({ bountyType: 'FIXED' });
  if (query.bounty === 'open') and.push({ bountyType: 'OPEN' });
  if (query.minFen !== null) and.push({ bountyFen: { gte: BigInt(query.minFen) } });
  if (query.maxFen !== null) and.push({ bountyFen: { lte: BigInt(query.maxFen) } });
  const openFrom = openDeadlineFrom(now);
  if (query.state === 'open') {
    and.push({ status: 'PUBLISHED', applicationDeadline: { gte: openFrom } });
  }
  if (query.state === 'closed') {
    and.push({
      OR: [
        { status: { in: NOT_PUBLISHED } },
        { status: 'PUBLISHED', applicationDeadline: { lt: openFrom } },
      ],
    });
  }
  // an event lists a few dozen challenges: naming them beats a subquery on every row
  if (query.event) and.push({ id: { in: eventChallenges } });
  return { AND: and };
}

type OrderBy = NonNullable<NonNullable<Parameters<Db['challenge']['findMany']>[0]>['orderBy']>;

/** A run of rows read in one index order; a sort is one run, or several read one after another. */
type Run = { where: ChallengeWhere; orderBy: OrderBy };

/**
 * The runs of rows after a cursor (or from the start), in the sort's order; ties are broken
 * by id so that the order is total and a page boundary exact. Each run is one plain ORDER BY
 * on the columns of an index, which both engines read in order and stop after one page. The
 * keyset "after (v, id)" is written `col <= v AND (col < v OR id < id₀)`: the range on its
 * own lets SQLite read the index from the cursor on (an OR of two ranges made it merge both
 * and sort every remaining row).
 */
export function runsAfter(sort: CatalogueSort, key: CursorKey | null): Run[] {
  switch (sort) {
    case 'newest':
      return [
        {
          where:
            key?.sort === 'newest'
              ? {
                  publishedAt: { lte: key.value },
                  OR: [{ publishedAt: { lt: key.value } }, { id: { lt: key.id } }],
                }
              : {},
          orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
        },
      ];
    case 'deadline':
      return [
        {
          where:
            key?.sort === 'deadline'
              ? {
                  applicationDeadline: { gte: key.value },
                  OR: [{ applicationDeadline: { gt: key.value } }, { id: { gt: key.id } }],
                }
              : {},
          orderBy: [{ applicationDeadline: 'asc' }, { id: 'asc' }],
        },
      ];
    case 'bounty': {
      // The largest bounty first, open bounties (no amount) after every fixed one. Read as two
      // runs rather than one ORDER BY … NULLS LAST, which neither engine serves from the
      // (bountyFen, id) index: SQLite would sort every match for each page.
      const bounty = key?.sort === 'bounty' ? key : null;
      const fixed: Run = {
        where:
          bounty && bounty.value !== null
            ? {
                bountyFen: { lte: BigInt(bounty.value) },
                OR: [{ bountyFen: { lt: BigInt(bounty.value) } }, { id: { lt: bounty.id } }],
              }
            : { bountyFen: { not: null } },
        orderBy: [{ bountyFen: 'desc' }, { id: 'desc' }],
      };
      const open: Run = {
        where:
          bounty && bounty.value === null
            ? { bountyFen: null, id: { lt: bounty.id } }
            : { bountyFen: null },
        // bountyFen is constant here; naming it keeps the order that of the index read backwards
        orderBy: [{ bountyFen: 'desc' }, { id: 'desc' }],
      };
      return bounty?.value === null ? [open] : [fixed, open];
    }
  }
}

/**
 * The listed challenges whose search text holds every term that has `%`, `_` or `\`, found
 * literally: Prisma's `contains` passes them to LIKE as wildcards, and SQLite's LIKE has no
 * escape character unless the statement names one. Null when no term has one. Such terms are
 * rare (a visitor typing "20%"), and the list is at most the challenges that contain them.
 */
export async function literalSearchIds(db: Db, terms: readonly string[]): Promise<string[] | null> {
  const special = terms.filter(hasLikeSpecial);
  if (special.length === 0) return null;
  const holds = special.map((t) => Prisma.sql`"searchText" LIKE ${containsPattern(t)} ESCAPE '\\'`);
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Challenge"
    WHERE "publishedAt" IS NOT NULL AND ${Prisma.join(holds, ' AND ')}`;
  return rows.map((r) => r.id);
}

export async function eventChallengeIds(db: Db, slug: string): Promise<string[]> {
  const rows = await db.eventChallenge.findMany({
    where: { event: { slug } },
    select: { challengeId: true },
  });
  return rows.map((r) => r.challengeId);
}
