// Public reads: published challenges, events and contracts. Explicit selects only, so that a
// public page never loads more columns than it shows.
import {
  CATALOGUE_PAGE_SIZE,
  catalogueSearchTerms,
  decodeCursor,
  DEFAULT_QUERY,
  encodeCursor,
  openDeadlineFrom,
  type BountyFilter,
  type CatalogueQuery,
  type CatalogueSort,
  type CursorKey,
} from '~/domain/catalogue-query';
import { effectiveNeedStatus, NEED_STATUSES, PUBLIC_STATUSES } from '~/domain/need';
import { containsPattern, hasLikeSpecial } from '~/domain/search';
import { Prisma, type Db } from '~/lib/db.server';
import { toFen, toFenOrNull } from '~/lib/fen';

export const PAGE_SIZE = CATALOGUE_PAGE_SIZE;

export type { BountyFilter };

type ChallengeWhere = NonNullable<NonNullable<Parameters<Db['challenge']['count']>[0]>['where']>;

// The public statuses, written as "none of the others": a NOT IN cannot use the
// (status, publishedAt) index, so SQLite's planner (which has no statistics) walks the sort's
// own index and stops after one page, instead of sorting every public row for each page
// (0.3 ms against 30 ms a page at 20,000 challenges). Only statuses of NEED_STATUSES are
// ever written, so the two sets are the same rows. publishedAt is set whenever a challenge is
// public; the keyset of the "newest" sort needs it.
const NOT_PUBLIC = NEED_STATUSES.filter((s) => !(PUBLIC_STATUSES as readonly string[]).includes(s));
const LISTED: ChallengeWhere = {
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
function runsAfter(sort: CatalogueSort, key: CursorKey | null): Run[] {
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

export type CatalogueOptions = Partial<CatalogueQuery> & {
  /** the same as `after`, kept for callers that page by hand */
  cursor?: string | null;
  now?: Date;
  /** rows per page; PAGE_SIZE unless a test wants many page boundaries */
  pageSize?: number;
};

const listSelect = {
  id: true,
  code: true,
  title: true,
  titleEn: true,
  field: true,
  bountyType: true,
  bountyFen: true,
  applicationDeadline: true,
  publishedAt: true,
  status: true,
  enterprise: { select: { name: true, nameEn: true } },
} as const;

/**
 * One page of the public catalogue for a query: PAGE_SIZE rows by keyset on the sort's index
 * (never OFFSET, so a deep page costs what the first does), the count of all matches, and the
 * cursor of the next page (null on the last). A malformed cursor, or one made for another
 * sort, gives the first page.
 */
export async function listPublishedChallenges(db: Db, opts: CatalogueOptions = {}) {
  const now = opts.now ?? new Date();
  const query: CatalogueQuery = {
    ...DEFAULT_QUERY,
    ...opts,
    after: opts.after ?? opts.cursor ?? null,
  };
  const size = Math.min(Math.max(Math.trunc(opts.pageSize ?? PAGE_SIZE), 1), 100);
  const where = catalogueWhere(
    query,
    now,
    query.event ? await eventChallengeIds(db, query.event) : [],
    await literalSearchIds(db, catalogueSearchTerms(query.q)),
  );
  const key = decodeCursor(query.sort, query.after);
  const [rows, total] = await Promise.all([
    (async () => {
      const rows = [];
      for (const run of runsAfter(query.sort, key)) {
        rows.push(
          ...(await db.challenge.findMany({
            where: { AND: [where, run.where] },
            orderBy: run.orderBy,
            take: size + 1 - rows.length,
            select: listSelect,
          })),
        );
        if (rows.length > size) break;
      }
      return rows;
    })(),
    // counts a column of the (status, publishedAt) index: COUNT(id) would read every row
    db.challenge.count({ where, select: { publishedAt: true } }).then((c) => c.publishedAt),
  ]);
  const page = rows.slice(0, size);
  const last = page[page.length - 1];
  let next: string | null = null;
  if (rows.length > size && last) {
    next =
      query.sort === 'bounty'
        ? encodeCursor({ sort: 'bounty', value: toFenOrNull(last.bountyFen), id: last.id })
        : encodeCursor({
            sort: query.sort,
            value: query.sort === 'deadline' ? last.applicationDeadline : last.publishedAt!,
            id: last.id,
          });
  }
  return {
    total,
    next,
    items: page.map((c) => ({
      code: c.code!,
      title: c.title,
      titleEn: c.titleEn,
      field: c.field,
      bountyFen: toFenOrNull(c.bountyFen),
      deadline: c.applicationDeadline.toISOString(),
      publishedAt: c.publishedAt?.toISOString() ?? null,
      status: effectiveNeedStatus(c.status as never, c.applicationDeadline, now),
      enterprise: c.enterprise.name,
      enterpriseEn: c.enterprise.nameEn,
    })),
  };
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

async function eventChallengeIds(db: Db, slug: string): Promise<string[]> {
  const rows = await db.eventChallenge.findMany({
    where: { event: { slug } },
    select: { challengeId: true },
  });
  return rows.map((r) => r.challengeId);
}

/** Whether anything at all is published: tells "nothing yet" from "nothing matches". */
export async function anyPublishedChallenge(db: Db): Promise<boolean> {
  return (await db.challenge.findFirst({ where: LISTED, select: { id: true } })) !== null;
}

/** The matching events a visitor may filter by, newest first. */
export async function listEventOptions(db: Db) {
  return db.matchingEvent.findMany({
    orderBy: [{ date: 'desc' }, { id: 'desc' }],
    select: { slug: true, name: true, nameEn: true },
  });
}

export async function getPublishedChallenge(db: Db, code: string, now = new Date()) {
  const c = await db.challenge.findFirst({
    where: { code, status: { in: [...PUBLIC_STATUSES] } },
    select: {
      id: true,
      code: true,
      title: true,
      titleEn: true,
      field: true,
      background: true,
      bountyType: true,
      bountyFen: true,
      applicationDeadline: true,
      implementationMonths: true,
      publishedAt: true,
      status: true,
      closedAt: true,
      closedReason: true,
      contactName: true,
      enterprise: { select: { name: true, nameEn: true } },
      targets: { orderBy: { position: 'asc' }, select: { text: true, textEn: true } },
      events: {
        select: { event: { select: { slug: true, name: true, nameEn: true, date: true } } },
      },
      matches: {
        orderBy: { matchedAt: 'asc' },
        select: {
          team: { select: { name: true, nameEn: true, institution: true, institutionEn: true } },
        },
      },
      contracts: { select: { code: true, status: true } },
    },
  });
  if (!c) return null;
  const attachments = await db.attachment.findMany({
    where: { ownerType: 'Challenge', ownerId: c.id },
    orderBy: { createdAt: 'asc' },
    select: { id: true, originalName: true, sizeBytes: true },
  });
  const { id: _id, closedAt: _closedAt, closedReason: _closedReason, ...rest } = c;
  return {
    ...rest,
    attachments,
    bountyFen: toFenOrNull(c.bountyFen),
    applicationDeadline: c.applicationDeadline.toISOString(),
    publishedAt: c.publishedAt?.toISOString() ?? null,
    status: effectiveNeedStatus(c.status as never, c.applicationDeadline, now),
    // the bureau closed applications before the deadline, for this public reason
    closedEarly:
      c.closedAt && c.closedReason !== null
        ? { at: c.closedAt.toISOString(), reason: c.closedReason }
        : null,
    events: c.events.map((e) => ({ ...e.event, date: e.event.date.toISOString() })),
    matches: c.matches.map((m) => m.team),
  };
}

export async function listEvents(db: Db) {
  const events = await db.matchingEvent.findMany({
    orderBy: [{ date: 'desc' }, { id: 'desc' }],
    select: {
      slug: true,
      name: true,
      nameEn: true,
      industry: true,
      date: true,
      place: true,
      _count: { select: { challenges: true } },
      matches: { select: { teamId: true } },
    },
  });
  return events.map(({ matches, _count, ...e }) => ({
    ...e,
    date: e.date.toISOString(),
    challengeCount: _count.challenges,
    teamCount: new Set(matches.map((m) => m.teamId)).size,
  }));
}

export async function getEvent(db: Db, slug: string) {
  const e = await db.matchingEvent.findUnique({
    where: { slug },
    select: {
      slug: true,
      name: true,
      nameEn: true,
      industry: true,
      date: true,
      place: true,
      description: true,
      challenges: {
        select: { challenge: { select: { code: true, title: true, titleEn: true, status: true } } },
      },
      matches: {
        orderBy: [{ matchedAt: 'asc' }, { id: 'asc' }],
        select: {
          matchedAt: true,
          challenge: { select: { code: true, title: true, titleEn: true } },
          team: {
            select: { id: true, name: true, nameEn: true, institution: true, institutionEn: true },
          },
        },
      },
    },
  });
  if (!e) return null;
  return {
    ...e,
    date: e.date.toISOString(),
    challenges: e.challenges
      .map((c) => c.challenge)
      .filter((c) => c.code && (PUBLIC_STATUSES as readonly string[]).includes(c.status))
      .sort((a, b) => (a.code! < b.code! ? -1 : 1)),
    matches: e.matches.map((m) => ({ ...m, matchedAt: m.matchedAt.toISOString() })),
    teamCount: new Set(e.matches.map((m) => m.team.id)).size,
  };
}

const contractSelect = {
  code: true,
  status: true,
  signedAt: true,
  rewardFen: true,
  rdInvestmentFen: true,
  challenge: { select: { code: true, title: true, titleEn: true } },
  enterprise: { select: { name: true, nameEn: true } },
  team: { select: { name: true, nameEn: true, institution: true, institutionEn: true } },
  disbursements: { where: { status: 'PAID' }, select: { amountFen: true } },
} as const;

export async function listContracts(db: Db) {
  const rows = await db.contract.findMany({
    orderBy: [{ signedAt: 'asc' }, { id: 'asc' }],
    select: contractSelect,
  });
  return rows.map(publicContract);
}

function publicContract<
  T extends {
    rewardFen: bigint;
    rdInvestmentFen: bigint;
    signedAt: Date;
    disbursements: { amountFen: bigint }[];
  },
>(c: T) {
  const { disbursements, ...rest } = c;
  return {
    ...rest,
    signedAt: c.signedAt.toISOString(),
    rewardFen: toFen(c.rewardFen),
    rdInvestmentFen: toFen(c.rdInvestmentFen),
    paidFen: disbursements.reduce((sum, d) => sum + toFen(d.amountFen), 0),
  };
}

export async function getContract(db: Db, code: string) {
  const c = await db.contract.findUnique({
    where: { code },
    select: {
      ...contractSelect,
      milestones: {
        orderBy: { seq: 'asc' },
        select: {
          seq: true,
          title: true,
          dueDate: true,
          shareBp: true,
          amountFen: true,
          status: true,
          acceptedAt: true,
          disbursement: { select: { status: true, paidAt: true } },
        },
      },
    },
  });
  if (!c) return null;
  const { milestones, ...rest } = c;
  return {
    ...publicContract(rest),
    milestones: milestones.map((m) => ({
      ...m,
      dueDate: m.dueDate.toISOString(),
      acceptedAt: m.acceptedAt?.toISOString() ?? null,
      amountFen: toFen(m.amountFen),
      paid: m.disbursement?.status === 'PAID',
      paidAt: m.disbursement?.paidAt?.toISOString() ?? null,
    })),
  };
}
