// Public reads: published challenges, events and contracts. Explicit selects only, so that a
// public page never loads more columns than it shows. How a catalogue query becomes SQL is in
// catalogue-search.server.ts.
import {
  CATALOGUE_PAGE_SIZE,
  catalogueSearchTerms,
  decodeCursor,
  DEFAULT_QUERY,
  encodeCursor,
  openDeadlineFrom,
  type BountyFilter,
  type CatalogueQuery,
} from '~/domain/catalogue-query';
import { effectiveNeedStatus, PUBLIC_STATUSES } from '~/domain/need';
import { startOfNextShanghaiDay } from '~/domain/shanghai-date';
import { pick, type Locale } from '~/i18n/i18n';
import type { Db } from '~/lib/db.server';
import { createMemo, instanceKey } from '~/lib/data-version.server';
import { toFen, toFenOrNull } from '~/lib/fen';
import { listAttachments } from '~/services/attachments/attachments.server';
import { milestoneTermsSelect } from '~/services/contracts/selects';
import { eventCardSelect } from '~/services/events/selects';
import {
  catalogueWhere,
  eventChallengeIds,
  LISTED,
  readRuns,
  runsAfter,
  searchedPage,
  BOUNTY_TYPE,
  type ChallengeWhere,
  type Run,
} from './catalogue-search.server';
import { talliedListed } from './challenge-tally.server';
import { challengeCardSelect, orgNamesSelect } from './selects';

export const PAGE_SIZE = CATALOGUE_PAGE_SIZE;

export type { BountyFilter };

/**
 * The tables the catalogue page's kept reads (its pages, counts, events, "anything published")
 * read: challenges and their enterprises' names, the events and which challenges each has.
 * The search's own tables (ChallengeSearch, …) are written only by triggers on "Challenge", so
 * "Challenge" covers them. A write to any other table (a draft application saved, a
 * notification read) leaves the kept pages in place. A read of another table added to these
 * reads must be added here: tests/data-version-tables.db.test.ts fails until it is.
 */
export const CATALOGUE_TABLES = [
  'Challenge',
  // kept by triggers on "Challenge" (ADR 041), like the search's own tables
  'ChallengeTally',
  'Organization',
  'MatchingEvent',
  'EventChallenge',
] as const;

export type CatalogueOptions = Partial<CatalogueQuery> & {
  /** the same as `after`, kept for callers that page by hand */
  cursor?: string | null;
  now?: Date;
  /** rows per page; PAGE_SIZE unless a test wants many page boundaries */
  pageSize?: number;
};

/** A catalogue row's fields (the page, and the catalogue's export). */
export const listSelect = {
  ...challengeCardSelect,
  bountyType: true,
  bountyFen: true,
  applicationDeadline: true,
  publishedAt: true,
  status: true,
} as const;

/**
 * One page of the public catalogue for a query: PAGE_SIZE rows by keyset on the sort's index
 * (never OFFSET, so a deep page costs what the first does), the count of all matches, and the
 * cursor of the next page (null on the last). A malformed cursor, or one made for another
 * sort, gives the first page.
 *
 * The page as the catalogue asks for it (no `now` of the caller's, the page's own size) is
 * kept per data version (`pages`): every signed-in member gets /challenges uncached, and
 * while nothing is written the same few pages are rendered again and again. A caller that
 * pages through every row (an export, with its own size) or asks about another moment is
 * served afresh: it would push the visitors' pages out of the bounded memo.
 */
export async function listPublishedChallenges(
  db: Db,
  opts: CatalogueOptions = {},
): Promise<CataloguePage> {
  const now = opts.now ?? new Date();
  const query: CatalogueQuery = {
    ...DEFAULT_QUERY,
    ...opts,
    after: opts.after ?? opts.cursor ?? null,
  };
  const size = Math.min(Math.max(Math.trunc(opts.pageSize ?? PAGE_SIZE), 1), 100);
  // read before any lookup below: a page or count begun before a write is not kept for after it
  const version = pages.version();
  const read = () => readPage(db, query, size, now, version);
  if (opts.now !== undefined || size !== PAGE_SIZE) return read();
  return pages.get(
    pageKey(db, query, now),
    version,
    read,
    // open or closed is a matter of the Shanghai day (openDeadlineFrom, effectiveNeedStatus)
    () => startOfNextShanghaiDay(now).getTime(),
  );
}

/**
 * A page of the catalogue: its rows (frozen: one value serves many requests), count, next.
 * `more`: a search's count stopped at its limit, and there are more than `total` matches.
 */
export type CataloguePage = Readonly<{
  total: number;
  more: boolean;
  next: string | null;
  items: readonly CatalogueItem[];
}>;

export type CatalogueItem = ReturnType<typeof catalogueItem>;

/**
 * The catalogue's pages at the data version they were read at, for the same day (the key has
 * it). Keyed by the query as it is read — the search's terms, not the text typed; the cursor
 * decoded — so spellings of one query share an entry. Nothing in a page depends on who asks.
 * 256 pages of 20 rows are about 1.5 MB.
 */
const pages = createMemo({ maxKeys: 256, tables: CATALOGUE_TABLES });

/** The catalogue page's other reads (any challenge published, the events), the same way. */
const pageReads = createMemo({ maxKeys: 8, tables: CATALOGUE_TABLES });

function pageKey(db: Db, query: CatalogueQuery, now: Date) {
  const { field, bounty, minFen, maxFen, state, event, sort } = query;
  const key = {
    day: openDeadlineFrom(now).getTime(),
    terms: catalogueSearchTerms(query.q),
    filters: [field, bounty, minFen, maxFen, state, event],
    sort,
    after: decodeCursor(sort, query.after),
  };
  return `${instanceKey(db)} ${JSON.stringify(key)}`;
}

async function readPage(
  db: Db,
  query: CatalogueQuery,
  size: number,
  now: Date,
  version: number,
): Promise<CataloguePage> {
  const terms = catalogueSearchTerms(query.q);
  const where = catalogueWhere(
    query,
    now,
    query.event ? await eventChallengeIds(db, query.event) : [],
  );
  const runs = runsAfter(query.sort, decodeCursor(query.sort, query.after));
  const { rows, total, more } =
    terms.length > 0
      ? await searchedRows(db, terms, where, runs, size, version)
      : await listedRows(db, where, runs, size, version, talliedFilters(query));
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
  const items = page.map((c) => catalogueItem(c, now));
  return Object.freeze({ total, more, next, items: Object.freeze(items) });
}

/** A row as the catalogue shows it, frozen: one page is served to many requests. */
function catalogueItem(c: ListedRow, now: Date) {
  return Object.freeze({
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
  });
}

type ListedRow = Awaited<ReturnType<typeof listedRows>>['rows'][number];

// one projection per kept page (or event list) and language, dropped with it
const projections = new WeakMap<object, Map<Locale, unknown>>();
function projected<T>(source: object, locale: Locale, make: () => T): T {
  let byLocale = projections.get(source);
  if (!byLocale) projections.set(source, (byLocale = new Map()));
  if (!byLocale.has(locale)) byLocale.set(locale, make());
  return byLocale.get(locale) as T;
}

/**
 * A page's rows with their names in the visitor's language only: the other language's would be
 * encoded into every page and never shown. Made once per kept page and language, so that the
 * requests of a data version share it as they share the page.
 */
export function catalogueItemsIn(locale: Locale, items: CataloguePage['items']) {
  return projected(items, locale, () =>
    Object.freeze(
      items.map(({ titleEn, enterpriseEn, ...c }) =>
        Object.freeze({
          ...c,
          title: pick(locale, c.title, titleEn),
          enterprise: pick(locale, c.enterprise, enterpriseEn),
        }),
      ),
    ),
  );
}

/** The event options with their names in the visitor's language only, as catalogueItemsIn. */
export function eventOptionsIn(locale: Locale, events: readonly EventOption[]) {
  return projected(events, locale, () =>
    Object.freeze(
      events.map((e) => Object.freeze({ slug: e.slug, name: pick(locale, e.name, e.nameEn) })),
    ),
  );
}

/**
 * "共 N 项" of a query, counted once per data version: at 100,000 challenges a count reads every
 * listed row, and the same few queries (the plain list, a popular field) are asked all day.
 */
const counts = createMemo({ maxKeys: 256, tables: CATALOGUE_TABLES });

/** The memos of the catalogue page (tests look at their `stats`). */
export const catalogueMemos = { pages, pageReads, counts };

/** The count of `where` (and `terms`) at `version`, from the memo or from `count`. */
export function countOnce<T>(
  db: Db,
  version: number,
  parts: { where: ChallengeWhere; terms?: readonly string[]; how?: string },
  count: () => Promise<T>,
): Promise<T> {
  // bounty bounds are bigint fen, which JSON does not take as they are
  const key = JSON.stringify(parts, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  return counts.get(`${instanceKey(db)} ${key}`, version, count);
}

/**
 * The filters of a query without a search when the tally's key holds all of them (a field, a
 * bounty type): its count is read from ChallengeTally (ADR 041), not from every listed row.
 */
function talliedFilters(query: CatalogueQuery) {
  const { minFen, maxFen, state, event, bounty, field } = query;
  if (minFen !== null || maxFen !== null || state !== 'all' || event) return null;
  return { field: field ?? null, bountyType: BOUNTY_TYPE[bounty] };
}

/** Without a search: each run read by Prisma in its index order, and the listed rows counted. */
async function listedRows(
  db: Db,
  where: ChallengeWhere,
  runs: Run[],
  size: number,
  version: number,
  tallied: Parameters<typeof talliedListed>[1] | null,
) {
  const [rows, total] = await Promise.all([
    readRuns(runs, size, (run, take) =>
      db.challenge.findMany({
        where: { AND: [where, run.where] },
        orderBy: run.orderBy,
        take,
        select: listSelect,
      }),
    ),
    countOnce(db, version, { where }, () =>
      tallied
        ? talliedListed(db, tallied)
        : // counts a column of the (status, publishedAt) index: COUNT(id) would read every row
          db.challenge.count({ where, select: { publishedAt: true } }).then((c) => c.publishedAt),
    ),
  ]);
  return { rows, total, more: false };
}

/** With a search: the page's ids and the count from the index (searchedPage), then its rows. */
async function searchedRows(
  db: Db,
  terms: string[],
  where: ChallengeWhere,
  runs: Run[],
  size: number,
  version: number,
) {
  const { ids, total, more } = await searchedPage(db, terms, where, runs, size, (count, how) =>
    countOnce(db, version, { where, terms, how }, count),
  );
  const found = await db.challenge.findMany({ where: { id: { in: ids } }, select: listSelect });
  const byId = new Map(found.map((c) => [c.id, c]));
  // (a row deleted in between is left out)
  const rows = ids.flatMap((id) => byId.get(id) ?? []);
  return { rows, total, more };
}

/** Whether anything at all is published: tells "nothing yet" from "nothing matches". */
export async function anyPublishedChallenge(db: Db): Promise<boolean> {
  return pageReads.get(
    `any-published ${instanceKey(db)}`,
    pageReads.version(),
    async () => (await db.challenge.findFirst({ where: LISTED, select: { id: true } })) !== null,
  );
}

export type EventOption = Readonly<{ slug: string; name: string; nameEn: string | null }>;

/** The matching events a visitor may filter by, newest first. */
export async function listEventOptions(db: Db): Promise<readonly EventOption[]> {
  return pageReads.get(`event-options ${instanceKey(db)}`, pageReads.version(), async () => {
    const events = await db.matchingEvent.findMany({
      orderBy: [{ date: 'desc' }, { id: 'desc' }],
      select: { slug: true, name: true, nameEn: true },
    });
    return Object.freeze(events.map((e) => Object.freeze(e)));
  });
}

/**
 * The tables a challenge's public page reads (readPublishedChallenge). A read of another table
 * added there must be added here: tests/data-version-tables.db.test.ts fails until it is.
 */
export const CHALLENGE_PAGE_TABLES = [
  'Challenge',
  'Organization',
  'ChallengeTarget',
  'EventChallenge',
  'MatchingEvent',
  'Match',
  'Contract',
  'Attachment',
] as const;

/**
 * A published challenge's records as its page reads them, kept per data version of those
 * tables: the page is read far more often than any of them is written. Only the records are
 * kept; what depends on the clock (the status past the deadline) is worked out on each call.
 */
export const challengeReads = createMemo({ maxKeys: 512, tables: CHALLENGE_PAGE_TABLES });

export async function getPublishedChallenge(db: Db, code: string, now = new Date()) {
  const read = await challengeReads.get(
    `${instanceKey(db)} ${code}`,
    challengeReads.version(),
    () => readPublishedChallenge(db, code),
  );
  if (!read) return null;
  const { c, attachments } = read;
  const {
    id: _id,
    closedAt: _closedAt,
    closedReason: _closedReason,
    fundingSecuredAt: _fundingSecuredAt,
    ...rest
  } = c;
  return {
    ...rest,
    attachments,
    fundsSecured: c.bountyType === 'FIXED' && c.fundingSecuredAt !== null,
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

async function readPublishedChallenge(db: Db, code: string) {
  const c = await db.challenge.findFirst({
    where: { code, status: { in: [...PUBLIC_STATUSES] } },
    select: {
      ...challengeCardSelect,
      background: true,
      bountyType: true,
      bountyFen: true,
      applicationDeadline: true,
      implementationMonths: true,
      publishedAt: true,
      status: true,
      closedAt: true,
      closedReason: true,
      // 榜额到位: the public mark (ADR 032)
      fundingSecuredAt: true,
      contactName: true,
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
  const attachments = await listAttachments(db, 'Challenge', c.id);
  return { c, attachments };
}

export async function listEvents(db: Db) {
  const events = await db.matchingEvent.findMany({
    orderBy: [{ date: 'desc' }, { id: 'desc' }],
    select: {
      ...eventCardSelect,
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
      ...eventCardSelect,
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
  enterprise: orgNamesSelect,
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
          ...milestoneTermsSelect,
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
