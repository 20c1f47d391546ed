// ChallengeTally (ADR 041) holds, per (status, bounty type, field, submitted, published), how
// many challenges there are and the sum of their bounties, kept by triggers on "Challenge". It
// must equal a count of every row after inserts, changes of each counted column, changes of
// other columns, deletes and parallel writes; the catalogue's "共 N 项" and the programme
// figures read it.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { listPublishedChallenges } from '~/services/needs/catalogue.server';
import { programmeFigures } from '~/services/programme/stats.server';
import { makeChallenge } from './factories';

afterAll(() => db.$disconnect());

const kind = inject('databaseKind');
// a field no other record has, so that this file's counts are its own
const field = `计数${randomBytes(4).toString('hex')}`;
const otherField = `${field}乙`;

type Row = Record<string, unknown>;
const key = (r: Row) =>
  [r.status, r.bountyType, r.field, Number(r.submitted) === 1 || r.submitted === true]
    .concat(Number(r.published) === 1 || r.published === true)
    .join('|');

/** The tally and a count of every challenge, read in one snapshot, each as key → "n/fen". */
async function tallyAndCount() {
  return db.$transaction(async (tx) => {
    // one snapshot for both reads on PostgreSQL (SQLite's transaction is one already)
    if (kind === 'postgresql')
      await tx.$executeRaw`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`;
    const counted = await tx.$queryRaw<Row[]>`
      SELECT "status", "bountyType", "field", "submittedAt" IS NOT NULL AS "submitted",
             "publishedAt" IS NOT NULL AS "published", COUNT(*) AS "n",
             COALESCE(SUM("bountyFen"), 0) AS "fen"
      FROM "Challenge" GROUP BY 1, 2, 3, 4, 5`;
    const kept = await tx.$queryRaw<Row[]>`
      SELECT "status", "bountyType", "field", "submitted", "published", "n", "bountyFen" AS "fen"
      FROM "ChallengeTally" WHERE "n" <> 0 OR "bountyFen" <> 0`;
    const asMap = (rows: Row[]) =>
      Object.fromEntries(rows.map((r) => [key(r), `${String(r.n)}/${String(r.fen)}`]));
    return { kept: asMap(kept), counted: asMap(counted) };
  });
}

async function expectTallyMatches() {
  const { kept, counted } = await tallyAndCount();
  expect(kept).toEqual(counted);
}

/** The catalogue's "共 N 项" for a field (one of this file's own, not of the form's list). */
const listed = async (q: { field: string; bounty?: 'fixed' | 'open' }) =>
  (await listPublishedChallenges(db, { ...q, field: q.field as never, now: new Date() })).total;

describe(`the challenge tally (${kind})`, () => {
  it('follows inserts, changes of every counted column and deletes, and the catalogue counts from it', async () => {
    await expectTallyMatches();
    const a = await makeChallenge(db, { field, bountyFen: 2_000_000 });
    const b = await makeChallenge(db, { field, bountyFen: null });
    const draft = await makeChallenge(db, { field, status: 'DRAFT', published: false });
    await expectTallyMatches();
    expect(await listed({ field })).toBe(2);
    expect(await listed({ field, bounty: 'fixed' })).toBe(1);
    expect(await listed({ field, bounty: 'open' })).toBe(1);

    // each counted column on its own, then a change of none of them
    await db.challenge.update({ where: { id: a.id }, data: { status: 'CLOSED' } });
    await db.challenge.update({ where: { id: a.id }, data: { bountyFen: 3_500_000n } });
    await db.challenge.update({ where: { id: b.id }, data: { field: otherField } });
    await db.challenge.update({
      where: { id: b.id },
      data: { bountyType: 'FIXED', bountyFen: 1_000_000n },
    });
    await db.challenge.update({
      where: { id: draft.id },
      data: { status: 'SUBMITTED', submittedAt: new Date() },
    });
    await db.challenge.update({ where: { id: a.id }, data: { title: '只改标题' } });
    await expectTallyMatches();
    expect(await listed({ field })).toBe(1);
    expect(await listed({ field: otherField, bounty: 'fixed' })).toBe(1);
    expect(await listed({ field: otherField, bounty: 'open' })).toBe(0);

    // taken off the catalogue (publication undone), several rows in one statement, deleted
    await db.challenge.update({ where: { id: a.id }, data: { publishedAt: null } });
    expect(await listed({ field })).toBe(0);
    await db.challenge.updateMany({
      where: { field: { in: [field, otherField] } },
      data: { field, publishedAt: new Date(), status: 'PUBLISHED' },
    });
    await expectTallyMatches();
    expect(await listed({ field })).toBe(3);
    await db.challengeTarget.deleteMany({ where: { challengeId: { in: [a.id, b.id, draft.id] } } });
    await db.fundingConfirmation.deleteMany({
      where: { challengeId: { in: [a.id, b.id, draft.id] } },
    });
    await db.challenge.deleteMany({ where: { id: { in: [a.id, b.id] } } });
    await expectTallyMatches();
    expect(await listed({ field })).toBe(1);
  });

  it('gives the same programme figures as counting every row, and a new challenge moves them', async () => {
    const before = await programmeFigures(db);
    await makeChallenge(db, { field, bountyFen: 7_000_000 });
    const after = await programmeFigures(db);
    expect(after.published).toBe(before.published + 1);
    expect(after.fixedBounty.count).toBe(before.fixedBounty.count + 1);
    expect(after.fixedBounty.totalFen).toBe(before.fixedBounty.totalFen + 7_000_000);
    expect(after.needsCollected).toBe(before.needsCollected + 1);
    const [row] = await db.$queryRaw<{ n: unknown; fen: unknown }[]>`
      SELECT COUNT(*) AS "n", COALESCE(SUM("bountyFen"), 0) AS "fen" FROM "Challenge"
      WHERE "bountyType" = 'FIXED'
        AND "status" IN ('PUBLISHED', 'CLOSED', 'AWARDED', 'UNAWARDED', 'COMPLETED', 'TERMINATED')`;
    expect(after.fixedBounty).toEqual({ count: Number(row!.n), totalFen: Number(row!.fen) });
  });

  it('stays equal to the count under parallel transactions moving challenges between the same keys', async () => {
    const rows = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        makeChallenge(db, {
          field,
          status: i % 2 ? 'CLOSED' : 'PUBLISHED',
          bountyFen: 1_000_000 + i,
        }),
      ),
    );
    // each transaction moves two challenges in opposite directions, in one order or the
    // other, and holds its locks a moment before committing: every pair of them contends
    const outcomes = await Promise.allSettled(
      Array.from({ length: 24 }, (_, i) =>
        db.$transaction(async (tx) => {
          const [x, y] =
            i % 2 ? [rows[i % 12]!, rows[(i + 5) % 12]!] : [rows[(i + 5) % 12]!, rows[i % 12]!];
          await tx.challenge.update({
            where: { id: x.id },
            data: { status: i % 3 ? 'CLOSED' : 'PUBLISHED', bountyFen: { increment: 1n } },
          });
          if (kind === 'postgresql') await tx.$executeRaw`SELECT pg_sleep(0.02)`;
          await tx.challenge.update({
            where: { id: y.id },
            data: { status: i % 3 ? 'PUBLISHED' : 'CLOSED', field: i % 4 ? field : otherField },
          });
        }),
      ),
    );
    const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [String(o.reason)] : []));
    expect(failures).toEqual([]);
    await expectTallyMatches();
  }, 60_000);
});
