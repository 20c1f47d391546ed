// The catalogue's query as the database reads it: the filters as one where clause, each sort
// as runs of rows in one index order after a keyset cursor, an event's challenges looked up
// beforehand, and the search, served by an index on both engines. Read by
// listPublishedChallenges (catalogue.server.ts).
import {
  openDeadlineFrom,
  type CatalogueQuery,
  type CatalogueSort,
  type CursorKey,
} from '~/domain/catalogue-query';
import { NEED_STATUSES, PUBLIC_STATUSES } from '~/domain/need';
import { containsPattern } from '~/domain/search';
import { pairsFtsQuery, pairTerms } from '~/domain/search-pairs';
import { isPostgresUrl, Prisma, type Db } from '~/lib/db.server';

export type ChallengeWhere = NonNullable<
  NonNullable<Parameters<Db['challenge']['count']>[0]>['where']
>;

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

/** The bounty type a bounty filter keeps (null: either). */
export const BOUNTY_TYPE = { all: null, fixed: 'FIXED', open: 'OPEN' } as const;

/**
 * The catalogue's filters as one where clause, the search aside (searchedPage applies it).
 * Open / closed: the rule of effectiveNeedStatus(), as a bound on the stored deadline computed
 * from `now` (openDeadlineFrom), so no background job has to have closed anything.
 */
export function catalogueWhere(
  query: CatalogueQuery,
  now: Date,
  /** the challenges of query.event, looked up beforehand (see eventChallengeIds) */
  eventChallenges: string[] = [],
): ChallengeWhere {
  const and: ChallengeWhere[] = [LISTED];
  if (query.field) and.push({ field: query.field });
  const bountyType = BOUNTY_TYPE[query.bounty];
  if (bountyType) and.push({ bountyType });
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
export type Run = { where: ChallengeWhere; orderBy: OrderBy };

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
      return [keysetRun('publishedAt', 'desc', key?.sort === 'newest' ? key : null)];
    case 'deadline':
      return [keysetRun('applicationDeadline', 'asc', key?.sort === 'deadline' ? key : null)];
    case 'bounty': {
      // The largest bounty first, open bounties (no amount) after every fixed one. Read as two
      // runs rather than one ORDER BY … NULLS LAST, which neither engine serves from the
      // (bountyFen, id) index: SQLite would sort every match for each page.
      const bounty = key?.sort === 'bounty' ? key : null;
      const fixed = keysetRun(
        'bountyFen',
        'desc',
        bounty && bounty.value !== null ? { value: BigInt(bounty.value), id: bounty.id } : null,
        { bountyFen: { not: null } },
      );
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
 * One run in the order of the (column, id) index, after the row (value, id) when `after` is
 * given, else over `otherwise`. The three keyed sorts differ only in column and direction, so
 * the clause is built from them (its type is Prisma's for each of the three columns).
 */
function keysetRun(
  column: 'publishedAt' | 'applicationDeadline' | 'bountyFen',
  dir: 'asc' | 'desc',
  after: { value: Date | bigint; id: string } | null,
  otherwise: ChallengeWhere = {},
): Run {
  const [bound, beyond] = dir === 'desc' ? (['lte', 'lt'] as const) : (['gte', 'gt'] as const);
  const where = after
    ? {
        [column]: { [bound]: after.value },
        OR: [{ [column]: { [beyond]: after.value } }, { id: { [beyond]: after.id } }],
      }
    : otherwise;
  return { where: where as ChallengeWhere, orderBy: [{ [column]: dir }, { id: dir }] as OrderBy };
}

/**
 * The first size + 1 rows of the runs, read one run after another (the extra row tells that
 * there is a next page).
 */
export async function readRuns<T>(
  runs: readonly Run[],
  size: number,
  read: (run: Run, take: number) => Promise<T[]>,
): Promise<T[]> {
  const rows: T[] = [];
  for (const run of runs) {
    rows.push(...(await read(run, size + 1 - rows.length)));
    if (rows.length > size) break;
  }
  return rows;
}

// ---- search ----------------------------------------------------------------------------------

/** The shortest term a trigram index can look up, in characters (code points, as FTS5 counts). */
const TRIGRAM = 3;

/** The terms the trigram index finds; a shorter one has no trigram to look up. */
export function indexableTerms(terms: readonly string[]): string[] {
  return terms.filter((t) => [...t].length >= TRIGRAM);
}

/**
 * An FTS5 query for rows holding every term: each term a quoted phrase, inside which only `"`
 * is special (doubled), so that `*`, `OR`, `NEAR(`, `^`, `:` and the like are text. The trigram
 * tokenizer makes a phrase its consecutive trigrams, that is the term as a substring.
 */
export function ftsQuery(terms: readonly string[]): string {
  return terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' AND ');
}

const EVERY_ROW = Prisma.sql`1 = 1`;

/** The search text holds the term, literally (its `%`, `_` and `\` escaped). */
const holdsLiterally = (term: string) =>
  Prisma.sql`"searchText" LIKE ${containsPattern(term)} ESCAPE '\\'`;

/**
 * Has a count (of all matches, with what else its statement reads) made or kept; `how` tells
 * apart counts of one query that answer differently (the indexed one reads the last rowid too).
 */
export type Counted = <T>(count: () => Promise<T>, how: 'scan' | 'indexed') => Promise<T>;

/**
 * A search counts its matches up to this many and says "more than" beyond: counting all of a
 * common term's (材料: 42,000 of 100,000 challenges) read every one after each write, and
 * nobody pages through a thousand (ADR 041). The list without a search counts exactly.
 */
export const SEARCH_COUNT_LIMIT = 1000;

/**
 * One page of the search's matches (ids, in the sort's order) and the count of all of them.
 * Every term must occur in the normalised searchText (substring, so Chinese needs no word
 * segmentation; docs/decisions/008), literally: `LIKE … ESCAPE '\'` with the term escaped, so
 * `%`, `_` and `\` are characters (and ASCII letters match either case on SQLite, as its LIKE
 * does). That LIKE decides what matches, on both engines; an index decides which rows are read:
 * - a term of 3 characters or more: on PostgreSQL the pg_trgm GIN index on searchText serves
 *   the LIKE itself; SQLite's LIKE reads every row it is given, so the rows are first narrowed
 *   to those the FTS5 trigram table ChallengeSearch finds (it folds case, so it finds at least
 *   what LIKE finds);
 * - a term of 2 characters (材料) has no trigram: the pair index finds the rows holding it,
 *   the FTS5 table ChallengePairs on SQLite, the GIN index on challenge_search_pairs(searchText)
 *   on PostgreSQL (ADR 008, "The pair index");
 * - a term of 1 character is checked by LIKE alone, on the rows the other terms' indexes give,
 *   or on every listed row if it is all there is.
 */
export async function searchedPage(
  db: Db,
  terms: readonly string[],
  where: ChallengeWhere,
  runs: readonly Run[],
  size: number,
  /** how the count of all matches is had: by default counted now; the catalogue memoizes it */
  counted: Counted = (count) => count(),
): Promise<{ ids: string[]; total: number; more: boolean }> {
  // No stored text holds a NUL (forms refuse it), and neither engine's LIKE takes one whole.
  if (terms.some((t) => t.includes('\0'))) return { ids: [], total: 0, more: false };
  const holds = Prisma.join(terms.map(holdsLiterally), ' AND ');
  const filters = Prisma.sql`${holds} AND ${whereSql(where)}`;
  const page = (rows: Prisma.Sql) =>
    readRuns(runs, size, async (run, take) => {
      const found = await db.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "Challenge" WHERE ${rows} AND ${filters} AND ${whereSql(run.where)}
        ORDER BY ${orderSql(run.orderBy)} LIMIT ${take}`;
      return found.map((r) => r.id);
    });
  const postgres = isPostgresUrl(process.env.DATABASE_URL ?? '');
  const lookups = postgres ? postgresLookups(terms) : sqliteLookups(terms);
  const [first, ...others] = lookups;
  // the matches up to one past the limit: one more says there are more
  const upTo = (rows: Prisma.Sql, from = Prisma.sql`"Challenge"`) => Prisma.sql`(SELECT 1
    FROM ${from} WHERE ${rows} AND ${filters} LIMIT ${SEARCH_COUNT_LIMIT + 1}) AS "m"`;
  const capped = (n: bigint | number) => ({
    total: Math.min(Number(n), SEARCH_COUNT_LIMIT),
    more: Number(n) > SEARCH_COUNT_LIMIT,
  });
  if (lookups.length === 0) {
    const [ids, count] = await Promise.all([
      page(EVERY_ROW),
      counted(async () => {
        const [{ n }] = await db.$queryRaw<{ n: bigint | number }[]>`
          SELECT COUNT(*) AS "n" FROM ${upTo(EVERY_ROW)}`;
        return capped(n);
      }, 'scan'),
    ]);
    return { ids, ...count };
  }
  const allOf = (some: Lookup[]) =>
    some.length
      ? Prisma.join(
          some.map((l) => l.where),
          ' AND ',
        )
      : EVERY_ROW;
  const found = allOf(lookups);
  // counted from the first index's matches as they come (SQLite), so that the limit stops
  // the read: "rowid IN (…)" first lists every match (42,000 rowids for 材料 at 100,000)
  const counting = first?.from ? upTo(allOf(others), first.from) : upTo(found);
  // the number of rows, about: SQLite's rowids are dense (deletes aside); PostgreSQL's
  // estimate is the planner's (0 before the first ANALYZE: then every page walks the sort)
  const rowCount = postgres
    ? Prisma.sql`(SELECT GREATEST("reltuples", 0)::bigint FROM "pg_class"
        WHERE "oid" = '"Challenge"'::regclass)`
    : Prisma.sql`(SELECT MAX("rowid") FROM "Challenge")`;
  // counted through `counted` too (kept per data version by the catalogue): the next pages of
  // a query with thousands of matches do not count them again
  const { total, more, last } = await counted(async () => {
    const [row] = await db.$queryRaw<{ n: bigint | number; last: bigint | number | null }[]>`
      SELECT COUNT(*) AS "n", ${rowCount} AS "last" FROM ${counting}`;
    return { ...capped(row.n), last: Number(row.last ?? 0) };
  }, 'indexed');
  // Few matches are read through the index and sorted. Many are found faster by walking the
  // sort's own index, as the catalogue does without a search: one row in rows/total matches,
  // so a page takes about (size + 1)·rows/total rows, fewer than total once
  // total² > (size + 1)·rows (at 100,000 challenges and 20 a page: above ~1,450 matches);
  // past the count's limit they are many, whatever the table's size.
  const dense = more || total * total > (size + 1) * last;
  return { ids: await page(dense ? EVERY_ROW : found), total, more };
}

/**
 * The rows an index finds: a condition on "Challenge" and, where the index is a table of its
 * own (SQLite's FTS5), the same rows as a FROM clause with "Challenge" joined, read as found.
 */
type Lookup = { where: Prisma.Sql; from?: Prisma.Sql };

/**
 * SQLite: the rows the FTS5 tables find for the terms, one lookup a table (none when no term
 * is long enough for either; LIKE then reads every listed row).
 */
function sqliteLookups(terms: readonly string[]): Lookup[] {
  const lookup = (table: Prisma.Sql, query: string): Lookup => ({
    where: Prisma.sql`"rowid" IN (SELECT "rowid" FROM ${table} WHERE ${table} MATCH ${query})`,
    // the subquery shows only "r": the filters' unqualified columns are the challenge's
    from: Prisma.sql`(SELECT "rowid" AS "r" FROM ${table} WHERE ${table} MATCH ${query}) AS "f"
      JOIN "Challenge" ON "Challenge"."rowid" = "f"."r"`,
  });
  const lookups: Lookup[] = [];
  const trigrams = indexableTerms(terms);
  if (trigrams.length > 0) lookups.push(lookup(Prisma.sql`"ChallengeSearch"`, ftsQuery(trigrams)));
  const pairs = pairTerms(terms);
  if (pairs.length > 0) lookups.push(lookup(Prisma.sql`"ChallengePairs"`, pairsFtsQuery(pairs)));
  return lookups;
}

/**
 * PostgreSQL: the rows holding every pair, as the GIN index on challenge_search_pairs() has
 * them (the expression exactly, or the planner cannot use it). Only as a condition of the
 * count and of a page of few matches: evaluated on a row rather than looked up (a page of
 * many matches walks the sort's index), the function costs ~0.4 ms a row.
 */
function postgresLookups(terms: readonly string[]): Lookup[] {
  const pairs = pairTerms(terms);
  if (pairs.length === 0) return [];
  return [
    {
      where: Prisma.sql`challenge_search_pairs("searchText") @> ARRAY[${Prisma.join(pairs)}]::text[]`,
    },
  ];
}

// ---- the where clauses above, as SQL for the search's raw queries ----------------------------

type Condition = Record<string, unknown>;
type Value = string | number | bigint | boolean | Date;

function column(name: string): Prisma.Sql {
  // the names come from the clauses above, never from a request
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new Error(`not a column: ${name}`);
  return Prisma.raw(`"${name}"`);
}

const COMPARISONS: Record<string, string> = { lt: '<', lte: '<=', gt: '>', gte: '>=', equals: '=' };

/** One column's condition: a value, null, or { in, notIn, not: null, lt, lte, gt, gte, equals }. */
function columnSql(name: string, condition: unknown): Prisma.Sql {
  const col = column(name);
  if (condition === null) return Prisma.sql`${col} IS NULL`;
  if (typeof condition !== 'object' || condition instanceof Date)
    return Prisma.sql`${col} = ${condition as Value}`;
  const parts: Prisma.Sql[] = [];
  for (const [op, value] of Object.entries(condition as Condition)) {
    if (value === undefined) continue;
    if (op === 'in' || op === 'notIn') {
      const list = value as Value[];
      if (list.length === 0) parts.push(Prisma.raw(op === 'in' ? '1 = 0' : '1 = 1'));
      else
        parts.push(
          Prisma.sql`${col} ${Prisma.raw(op === 'in' ? 'IN' : 'NOT IN')} (${Prisma.join(list)})`,
        );
    } else if (op === 'not' && value === null) parts.push(Prisma.sql`${col} IS NOT NULL`);
    else if (op in COMPARISONS)
      parts.push(Prisma.sql`${col} ${Prisma.raw(COMPARISONS[op])} ${value as Value}`);
    // a filter added above must be written here too: the catalogue's tests search with each
    else throw new Error(`catalogue filter without SQL: ${name}.${op}`);
  }
  return allOf(parts);
}

function allOf(parts: Prisma.Sql[]): Prisma.Sql {
  return parts.length === 0 ? EVERY_ROW : Prisma.sql`(${Prisma.join(parts, ' AND ')})`;
}

/** A where clause of catalogueWhere, LISTED or runsAfter (AND, OR, column conditions) as SQL. */
export function whereSql(where: ChallengeWhere): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  for (const [key, value] of Object.entries(where as Condition)) {
    if (value === undefined) continue;
    if (key === 'AND') {
      parts.push(allOf((Array.isArray(value) ? value : [value]).map(whereSql)));
    } else if (key === 'OR') {
      const any = (value as ChallengeWhere[]).map(whereSql);
      parts.push(
        any.length === 0 ? Prisma.raw('1 = 0') : Prisma.sql`(${Prisma.join(any, ' OR ')})`,
      );
    } else parts.push(columnSql(key, value));
  }
  return allOf(parts);
}

function orderSql(orderBy: OrderBy): Prisma.Sql {
  const keys = (Array.isArray(orderBy) ? orderBy : [orderBy]).flatMap((o) => Object.entries(o));
  return Prisma.join(
    keys.map(
      ([name, dir]) => Prisma.sql`${column(name)} ${Prisma.raw(dir === 'desc' ? 'DESC' : 'ASC')}`,
    ),
  );
}

export async function eventChallengeIds(db: Db, slug: string): Promise<string[]> {
  const rows = await db.eventChallenge.findMany({
    where: { event: { slug } },
    select: { challengeId: true },
  });
  return rows.map((r) => r.challengeId);
}
