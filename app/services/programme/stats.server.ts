// The programme figures, computed from records on every call: never stored, never constant.
import { PUBLIC_STATUSES } from '~/domain/need';
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

export async function programmeFigures(db: Db, now = new Date()): Promise<ProgrammeFigures> {
  // Two raw statements and one list instead of seven model queries: the statistics are read on
  // every uncached visit, and each model query costs a query-compiler pass (docs/decisions/005).
  const [groups, [totals], events] = await Promise.all([
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
    // an event counts once it has taken place
    db.matchingEvent.findMany({
      where: { date: { lte: now } },
      orderBy: { date: 'asc' },
      select: { slug: true, name: true, nameEn: true, industry: true },
    }),
  ]);
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
  return {
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
}
