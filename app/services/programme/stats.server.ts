// The programme figures, computed from the records: never stored, never constant. The public
// pages read them through currentFigures(), computed once per data version (every committed
// write makes a new one, app/lib/data-version.server.ts) rather than on every request: at
// 100,000 challenges one computation reads every row (docs/decisions/020).
//
// The same figures restricted to a year or quarter (periodFigures) count each record by the
// date that makes it count: a need by its submission, a challenge by its publication, a match
// by its date, a contract by its signing, a payment by its date (docs/decisions/026).
import { PUBLIC_STATUSES } from '~/domain/need';
import {
  MAX_PERIOD_YEAR,
  MIN_PERIOD_YEAR,
  type Period,
  periodBounds,
  periodKey,
} from '~/domain/period';
import {
  bountyByField,
  type ChartData,
  FUNNEL_STAGES,
  disbursementsByMonth,
  leadTimeDays,
  leadTimeDistribution,
  shanghaiMonth,
} from '~/domain/programme-charts';
import type { SummaryFigures } from '~/domain/programme-report';
import { createMemo, instanceKey } from '~/lib/data-version.server';
import { type Db, Prisma } from '~/lib/db.server';
import { toFen } from '~/lib/fen';
import {
  PUBLIC_SQL,
  talliedFixedByField,
  talliedGroups,
} from '~/services/needs/challenge-tally.server';

export type { ChartData } from '~/domain/programme-charts';

/**
 * The tables computeFigures() and periodYears() read: needs and challenges, matches, contracts,
 * payments, events. A read of another table added to them must be added here (and to
 * CHART_TABLES).
 */
export const FIGURES_TABLES = [
  'Challenge',
  // kept by triggers on "Challenge" (ADR 041): a write to it is a write to "Challenge"
  'ChallengeTally',
  'Match',
  'Contract',
  'Disbursement',
  'MatchingEvent',
] as const;

/** What computeCharts() reads besides the figures: applications, milestones' acceptance. */
export const CHART_TABLES = [...FIGURES_TABLES, 'Application', 'Milestone'] as const;

/** The report's figures (domain/programme-report owns their shape) and what /stats adds. */
export type ProgrammeFigures = Omit<SummaryFigures, 'events'> & {
  events: { slug: string; name: string; nameEn: string | null; industry: string }[];
  needsByStatus: Record<string, number>;
  computedAt: string;
};

type ChallengeGroup = {
  status: string;
  bountyType: string;
  submitted: unknown;
  published: unknown;
  n: unknown;
  bounty: unknown;
};
type Totals = { teams: unknown; contracts: unknown; rd: unknown; paid: unknown };

/** COUNT and SUM come back as number, bigint or (PostgreSQL's numeric) a decimal object. */
const int = (v: unknown) => (v === null || v === undefined ? 0n : BigInt(String(v)));
/** A boolean column: true on PostgreSQL, 1 on SQLite. */
const yes = (v: unknown) => v === true || Number(v) === 1;

/** The figures from the records as they are now: one computation, uncached. */
export async function programmeFigures(db: Db, now = new Date()): Promise<ProgrammeFigures> {
  return (await computeFigures(db, now, {})).figures;
}

/**
 * The figures with the data as it is now, computed at most once per data version (and kept no
 * longer than the memo's bound, or than until the next event takes place). The same for every
 * language: the names of both are in them.
 */
export async function currentFigures(db: Db): Promise<ProgrammeFigures> {
  const version = figuresMemo.version();
  const r = await figuresMemo.get(
    `programme-figures ${instanceKey(db)}`,
    version,
    () => computeFigures(db, new Date(), {}),
    (c) => c.nextEventAt,
  );
  return r.figures;
}

/** The memo of currentFigures(); its `stats` count computations (tests look at them). */
export const figuresMemo = createMemo({ maxKeys: 4, tables: FIGURES_TABLES });

/**
 * The figures of a period's records (see the top of this file for which date counts), memoised
 * like currentFigures() per data version and period; the whole programme's are currentFigures().
 */
export async function periodFigures(db: Db, period: Period): Promise<ProgrammeFigures> {
  if (period.kind === 'all') return currentFigures(db);
  const version = periodMemo.version();
  const r = await periodMemo.get(
    `figures ${instanceKey(db)} ${periodKey(period)}`,
    version,
    () => computeFigures(db, new Date(), periodBounds(period)),
    (c) => c.nextEventAt,
  );
  return r.figures;
}

/** The charts' numbers of a period, memoised per data version and period. */
export function chartData(db: Db, period: Period): Promise<ChartData> {
  return periodMemo.get(
    `charts ${instanceKey(db)} ${periodKey(period)}`,
    periodMemo.version(),
    () => computeCharts(db, period),
  );
}

/**
 * The memo of periodFigures(), chartData() and periodYears(): a few periods are looked at, not
 * every one. One memo, one list of tables: the charts' (a draft application drops a period's
 * figures too; the whole programme's are figuresMemo's).
 */
export const periodMemo = createMemo({ maxKeys: 16, tables: CHART_TABLES });

type Bounds = { from?: Date; to?: Date };

/** No bounds: the whole programme, whose challenges' groups are kept counted (ADR 041). */
const whole = ({ from, to }: Bounds) => !from && !to;

/** A date column within the bounds, as SQL; with no bounds, any value (`orNull`: or none). */
function within(column: string, { from, to }: Bounds, orNull = true): Prisma.Sql {
  const col = Prisma.raw(`"${column}"`);
  const parts: Prisma.Sql[] = [];
  if (from) parts.push(Prisma.sql`${col} >= ${from}`);
  if (to) parts.push(Prisma.sql`${col} < ${to}`);
  if (parts.length === 0) return orNull ? Prisma.sql`1 = 1` : Prisma.sql`${col} IS NOT NULL`;
  return Prisma.sql`(${Prisma.join(parts, ' AND ')})`;
}

async function computeFigures(
  db: Db,
  now: Date,
  bounds: Bounds,
): Promise<{ figures: ProgrammeFigures; nextEventAt: number | null }> {
  // Two raw statements and one list instead of seven model queries: the statistics are read on
  // every uncached visit, and each model query costs a query-compiler pass (docs/decisions/005).
  // A need counts as collected once it has reached the bureau (in the period), whatever
  // happened next; a challenge as published by its status and (in a period) publication date.
  const [groups, [totals], allEvents] = await Promise.all([
    // the whole programme's groups are kept counted (ADR 041); a period's are counted here
    whole(bounds)
      ? talliedGroups(db).then((rows) =>
          rows.map((g): ChallengeGroup => ({ ...g, published: true })),
        )
      : db.$queryRaw<ChallengeGroup[]>`
      SELECT "status", "bountyType", "submitted", "published",
             COUNT(*) AS "n", SUM("bountyFen") AS "bounty"
      FROM (SELECT "status", "bountyType", "bountyFen",
                   ${within('submittedAt', bounds, false)} AS "submitted",
                   ${within('publishedAt', bounds)} AS "published"
            FROM "Challenge") AS "c"
      GROUP BY "status", "bountyType", "submitted", "published"`,
    db.$queryRaw<Totals[]>`
      SELECT (SELECT COUNT(DISTINCT "teamId") FROM "Match"
              WHERE ${within('matchedAt', bounds)}) AS "teams",
             (SELECT COUNT(*) FROM "Contract" WHERE ${within('signedAt', bounds)}) AS "contracts",
             (SELECT SUM("rdInvestmentFen") FROM "Contract"
              WHERE ${within('signedAt', bounds)}) AS "rd",
             (SELECT SUM("amountFen") FROM "Disbursement"
              WHERE "status" = 'PAID' AND ${within('paidAt', bounds)}) AS "paid"`,
    // all of them (a few dozen at most): the first still to come ends the figures' validity
    db.matchingEvent.findMany({
      orderBy: { date: 'asc' },
      select: { slug: true, name: true, nameEn: true, industry: true, date: true },
    }),
  ]);
  // an event counts once it has taken place (and, in a period, when it took place there)
  const events = allEvents
    .filter((e) => e.date <= now && (!bounds.from || e.date >= bounds.from))
    .filter((e) => !bounds.to || e.date < bounds.to)
    .map((e) => ({ slug: e.slug, name: e.name, nameEn: e.nameEn, industry: e.industry }));
  const nextEventAt = allEvents.find((e) => e.date > now)?.date.getTime() ?? null;
  const publishedSet = new Set<string>(PUBLIC_STATUSES);
  const needsByStatus: Record<string, number> = {};
  let needsCollected = 0;
  let published = 0;
  const fixedBounty = { count: 0, totalFen: 0n };
  let openBounty = 0;
  for (const g of groups) {
    const n = Number(int(g.n));
    if (yes(g.submitted)) {
      needsByStatus[g.status] = (needsByStatus[g.status] ?? 0) + n;
      needsCollected += n;
    }
    if (!publishedSet.has(g.status) || !yes(g.published)) continue;
    published += n;
    if (g.bountyType === 'FIXED') {
      fixedBounty.count += n;
      fixedBounty.totalFen += int(g.bounty);
    } else if (g.bountyType === 'OPEN') openBounty += n;
  }
  const figures: ProgrammeFigures = {
    needsCollected,
    published,
    fixedBounty: { count: fixedBounty.count, totalFen: toFen(fixedBounty.totalFen) },
    openBounty,
    eventsHeld: events.length,
    events,
    teamsMatched: Number(int(totals?.teams)),
    contractsSigned: Number(int(totals?.contracts)),
    rewardDisbursedFen: toFen(int(totals?.paid)),
    rdInvestmentFen: toFen(int(totals?.rd)),
    needsByStatus,
    computedAt: now.toISOString(),
  };
  return { figures, nextEventAt };
}

type FieldRow = { field: string; n: unknown; bounty: unknown };
type ChartCounts = { applications: unknown; paidContracts: unknown };

async function computeCharts(db: Db, period: Period): Promise<ChartData> {
  const bounds = periodBounds(period);
  const [figures, fields, [counts], payments] = await Promise.all([
    periodFigures(db, period),
    whole(bounds)
      ? talliedFixedByField(db)
      : db.$queryRaw<FieldRow[]>`
          SELECT "field", COUNT(*) AS "n", SUM("bountyFen") AS "bounty" FROM "Challenge"
          WHERE "bountyType" = 'FIXED' AND "status" IN (${PUBLIC_SQL})
            AND ${within('publishedAt', bounds)}
          GROUP BY "field"`,
    db.$queryRaw<ChartCounts[]>`
      SELECT (SELECT COUNT(*) FROM "Application"
              WHERE ${within('submittedAt', bounds, false)}) AS "applications",
             (SELECT COUNT(DISTINCT "contractId") FROM "Disbursement"
              WHERE "status" = 'PAID' AND ${within('paidAt', bounds)}) AS "paidContracts"`,
    // one row per payment: a few per contract, and these are read once per data version
    db.disbursement.findMany({
      where: {
        status: 'PAID',
        paidAt: bounds.from || bounds.to ? { gte: bounds.from, lt: bounds.to } : { not: null },
      },
      select: { amountFen: true, paidAt: true, milestone: { select: { acceptedAt: true } } },
    }),
  ]);
  const paid = payments.map((p) => ({
    paidAt: p.paidAt!,
    amountFen: toFen(p.amountFen),
    acceptedAt: p.milestone.acceptedAt,
  }));
  const stageCounts = {
    needs: figures.needsCollected,
    published: figures.published,
    applications: Number(int(counts?.applications)),
    teamsMatched: figures.teamsMatched,
    contracts: figures.contractsSigned,
    paidContracts: Number(int(counts?.paidContracts)),
  };
  return {
    funnel: FUNNEL_STAGES.map((stage) => ({ stage, count: stageCounts[stage] })),
    bountyByField: bountyByField(
      fields.map((f) => ({ field: f.field, count: Number(int(f.n)), fen: toFen(int(f.bounty)) })),
    ),
    disbursementsByMonth: disbursementsByMonth(period, paid),
    leadTimes: leadTimeDistribution(
      paid.flatMap((p) => (p.acceptedAt ? [leadTimeDays(p.acceptedAt, p.paidAt)] : [])),
    ),
  };
}

type Span = { first: unknown; last: unknown };

/** A date as the SQL driver returns it: a Date, an ISO string or (SQLite) milliseconds. */
const asDate = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

/**
 * The years with records (a need submitted, a challenge published, a match, a contract signed
 * or a payment made in them), oldest first, within the years a period may name: what the
 * period selector offers. Memoised per data version.
 */
export function periodYears(db: Db): Promise<number[]> {
  return periodMemo.get(`years ${instanceKey(db)}`, periodMemo.version(), async () => {
    // one MIN or MAX a subquery: SQLite reads the end of an index only for a query with one
    // (both at once scanned all 100,000 challenges' submission dates, ADR 041)
    const [span] = await db.$queryRaw<Span[]>`
      SELECT MIN("first") AS "first", MAX("last") AS "last" FROM (
        SELECT (SELECT MIN("submittedAt") FROM "Challenge") AS "first",
               (SELECT MAX("submittedAt") FROM "Challenge") AS "last"
        UNION ALL SELECT (SELECT MIN("publishedAt") FROM "Challenge"),
                         (SELECT MAX("publishedAt") FROM "Challenge")
        UNION ALL SELECT MIN("matchedAt"), MAX("matchedAt") FROM "Match"
        UNION ALL SELECT MIN("signedAt"), MAX("signedAt") FROM "Contract"
        UNION ALL SELECT MIN("paidAt"), MAX("paidAt") FROM "Disbursement" WHERE "status" = 'PAID'
      ) AS "spans"`;
    const first = asDate(span?.first);
    const last = asDate(span?.last);
    if (!first || !last || Number.isNaN(first.getTime()) || Number.isNaN(last.getTime())) {
      return [];
    }
    const year = (d: Date) => Number(shanghaiMonth(d).slice(0, 4));
    const years: number[] = [];
    const from = Math.max(MIN_PERIOD_YEAR, year(first));
    const to = Math.min(MAX_PERIOD_YEAR, year(last));
    for (let y = from; y <= to; y++) years.push(y);
    return years;
  });
}
