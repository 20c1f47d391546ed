// The programme figures, computed from the records: never stored, never constant. The public
// pages read them through currentFigures(), computed once per data version (every committed
// write makes a new one, app/lib/data-version.server.ts) rather than on every request: at
// 100,000 challenges one computation reads every row (docs/decisions/020).
import { PUBLIC_STATUSES } from '~/domain/need';
import { createMemo, dataVersion, instanceKey } from '~/lib/data-version.server';
import type { Db } from '~/lib/db.server';
import { toFen } from '~/lib/fen';

export type ProgrammeFigures = {
  needsCollected: number;
  published: number;
  fixedBounty: { count: number; totalFen: number };
  openBounty: number;
  eventsHeld: number;
  events: { slug: string; name: string; nameEn: string | null; industry: string }[];
  teamsMatched: number;
  contractsSigned: number;
  rewardDisbursedFen: number;
  rdInvestmentFen: number;
  needsByStatus: Record<string, number>;
  computedAt: string;
};

type ChallengeGroup = {
  status: string;
  bountyType: string;
  submitted: unknown;
  n: unknown;
  bounty: unknown;
};
type Totals = { teams: unknown; contracts: unknown; rd: unknown; paid: unknown };

/** COUNT and SUM come back as number, bigint or (PostgreSQL's numeric) a decimal object. */
const int = (v: unknown) => (v === null || v === undefined ? 0n : BigInt(String(v)));

/** The figures from the records as they are now: one computation, uncached. */
export async function programmeFigures(db: Db, now = new Date()): Promise<ProgrammeFigures> {
  return (await computeFigures(db, now)).figures;
}

/**
 * The figures with the data as it is now, computed at most once per data version (and kept no
 * longer than the memo's bound, or than until the next event takes place). The same for every
 * language: the names of both are in them.
 */
export async function currentFigures(db: Db): Promise<ProgrammeFigures> {
  const version = dataVersion();
  const r = await figuresMemo.get(
    `programme-figures ${instanceKey(db)}`,
    version,
    () => computeFigures(db, new Date()),
    (c) => c.nextEventAt,
  );
  return r.figures;
}

/** The memo of currentFigures(); its `stats` count computations (tests look at them). */
export const figuresMemo = createMemo({ maxKeys: 4 });

async function computeFigures(
  db: Db,
  now: Date,
): Promise<{ figures: ProgrammeFigures; nextEventAt: number | null }> {
  // Two raw statements and one list instead of seven model queries: the statistics are read on
  // every uncached visit, and each model query costs a query-compiler pass (docs/decisions/005).
  const [groups, [totals], allEvents] = await Promise.all([
    db.$queryRaw<ChallengeGroup[]>`
      SELECT "status", "bountyType", ("submittedAt" IS NOT NULL) AS "submitted",
             COUNT(*) AS "n", SUM("bountyFen") AS "bounty"
      FROM "Challenge"
      GROUP BY "status", "bountyType", ("submittedAt" IS NOT NULL)`,
    db.$queryRaw<Totals[]>`
      SELECT (SELECT COUNT(DISTINCT "teamId") FROM "Match") AS "teams",
             (SELECT COUNT(*) FROM "Contract") AS "contracts",
             (SELECT SUM("rdInvestmentFen") FROM "Contract") AS "rd",
             (SELECT SUM("amountFen") FROM "Disbursement" WHERE "status" = 'PAID') AS "paid"`,
    // all of them (a few dozen at most): the first still to come ends the figures' validity
    db.matchingEvent.findMany({
      orderBy: { date: 'asc' },
      select: { slug: true, name: true, nameEn: true, industry: true, date: true },
    }),
  ]);
  // an event counts once it has taken place
  const events = allEvents
    .filter((e) => e.date <= now)
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
    // a need counts as collected once it has reached the bureau, whatever happened next
    if (g.submitted === true || Number(g.submitted) === 1) {
      needsByStatus[g.status] = (needsByStatus[g.status] ?? 0) + n;
      needsCollected += n;
      if (publishedSet.has(g.status)) published += n;
    }
    if (!publishedSet.has(g.status)) continue;
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
