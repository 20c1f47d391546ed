// The figures and charts of a period: 2021 is exactly the programme's nine figures, a year
// without records is zeros (and draws without NaN), a new payment moves its period's charts and
// not another's, and a period that cannot be read is a clear 400, never a 500.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { INDUSTRIES } from '~/domain/industry';
import { ALL_PERIOD, type Period } from '~/domain/period';
import { shanghaiDateString } from '~/domain/shanghai-date';
import { createDb, db } from '~/lib/db.server';
import { loader as statsPage } from '~/routes/stats/route';
import { loader as statsJson } from '~/routes/stats[.]json';
import { recordBankTransfer } from '~/services/payments/disbursement-outcomes.server';
import { approveDisbursement, requestDisbursement } from '~/services/payments/disbursements.server';
import { statsChartGeometry } from '~/services/programme/charts.server';
import {
  chartData,
  currentFigures,
  periodFigures,
  periodMemo,
  periodYears,
} from '~/services/programme/stats.server';
import { setUpPaymentParties, contract, staff } from './disbursements-helpers';
import { args } from './route-call';

setUpPaymentParties();

afterAll(() => db.$disconnect());

const Y2021: Period = { kind: 'year', year: 2021 };

/** The nine figures of the bureau's 2021 work summary (seeds/README.md). */
const PROGRAMME = {
  needsCollected: 97,
  published: 55,
  fixedBounty: { count: 45, totalFen: 3_785_000_000 },
  openBounty: 10,
  eventsHeld: 2,
  teamsMatched: 27,
  contractsSigned: 11,
  rewardDisbursedFen: 912_000_000,
  rdInvestmentFen: 16_607_000_000,
};

const nine = (f: Awaited<ReturnType<typeof periodFigures>>) => ({
  needsCollected: f.needsCollected,
  published: f.published,
  fixedBounty: f.fixedBounty,
  openBounty: f.openBounty,
  eventsHeld: f.eventsHeld,
  teamsMatched: f.teamsMatched,
  contractsSigned: f.contractsSigned,
  rewardDisbursedFen: f.rewardDisbursedFen,
  rdInvestmentFen: f.rdInvestmentFen,
});

async function json(query: string) {
  const response = await statsJson({ request: new Request(`http://localhost/stats.json${query}`) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const page = (query: string) => statsPage(args(new Request(`http://localhost/stats${query}`)));

describe(`figures by period (${inject('databaseKind')})`, () => {
  it('gives exactly the programme’s nine figures for 2021, whatever later years added', async () => {
    expect(nine(await periodFigures(db, Y2021))).toEqual(PROGRAMME);
    const { status, body } = await json('?year=2021');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      period: '2021',
      needsCollected: 97,
      challengesPublished: 55,
      fixedBounty: { count: 45, totalFen: 3_785_000_000 },
      openBounty: { count: 10 },
      matchingEvents: { count: 2 },
      teamsMatched: 27,
      contractsSigned: 11,
      rewardDisbursedFen: 912_000_000,
      rdInvestmentFen: 16_607_000_000,
    });
  });

  it('splits 2021 into quarters that add up to the year', async () => {
    const quarters = await Promise.all(
      ([1, 2, 3, 4] as const).map((quarter) =>
        periodFigures(db, { kind: 'quarter', year: 2021, quarter }),
      ),
    );
    const sum = (pick: (f: (typeof quarters)[number]) => number) =>
      quarters.reduce((n, f) => n + pick(f), 0);
    expect(sum((f) => f.needsCollected)).toBe(97);
    expect(sum((f) => f.published)).toBe(55);
    expect(sum((f) => f.fixedBounty.totalFen)).toBe(3_785_000_000);
    expect(sum((f) => f.eventsHeld)).toBe(2);
    expect(sum((f) => f.contractsSigned)).toBe(11);
    expect(sum((f) => f.rewardDisbursedFen)).toBe(912_000_000);
    expect(sum((f) => f.rdInvestmentFen)).toBe(16_607_000_000);
    // every payment of the programme was made in the fourth quarter
    expect(quarters[3]!.rewardDisbursedFen).toBe(912_000_000);
  });

  it('gives the current figures for the whole programme', async () => {
    expect(await periodFigures(db, ALL_PERIOD)).toEqual(await currentFigures(db));
  });

  it('draws the 2021 charts from the programme’s records', async () => {
    const c = await chartData(db, Y2021);
    const stage = (s: string) => c.funnel.find((f) => f.stage === s)?.count;
    expect(stage('needs')).toBe(97);
    expect(stage('published')).toBe(55);
    expect(stage('teamsMatched')).toBe(27);
    expect(stage('contracts')).toBe(11);
    // ten contracts had an instalment paid in 2021; the last one signed had none yet
    expect(stage('paidContracts')).toBe(10);
    expect(stage('applications')).toBeGreaterThanOrEqual(11);

    expect(c.bountyByField.reduce((n, f) => n + f.fen, 0)).toBe(3_785_000_000);
    expect(c.bountyByField.reduce((n, f) => n + f.count, 0)).toBe(45);
    // every industry, in the domain's display order
    expect(c.bountyByField.slice(0, INDUSTRIES.length).map((f) => f.field)).toEqual([
      ...INDUSTRIES,
    ]);

    expect(c.disbursementsByMonth.map((m) => m.month)).toEqual(
      Array.from({ length: 12 }, (_, i) => `2021-${String(i + 1).padStart(2, '0')}`),
    );
    expect(c.disbursementsByMonth.reduce((n, m) => n + m.fen, 0)).toBe(912_000_000);
    expect(c.disbursementsByMonth.filter((m) => m.fen > 0).map((m) => m.month)).toEqual([
      '2021-10',
      '2021-11',
      '2021-12',
    ]);

    // twelve seeded payments, 10 to 19 days after their milestones' acceptance
    expect(c.leadTimes.count).toBe(12);
    expect(c.leadTimes.buckets.reduce((n, b) => n + b.count, 0)).toBe(12);
    expect([c.leadTimes.medianDays, c.leadTimes.p90Days]).toEqual([14, 17]);
  });

  it('gives zeros for a year without records, and charts without NaN', async () => {
    const empty: Period = { kind: 'year', year: 2005 };
    expect(nine(await periodFigures(db, empty))).toEqual({
      needsCollected: 0,
      published: 0,
      fixedBounty: { count: 0, totalFen: 0 },
      openBounty: 0,
      eventsHeld: 0,
      teamsMatched: 0,
      contractsSigned: 0,
      rewardDisbursedFen: 0,
      rdInvestmentFen: 0,
    });
    const c = await chartData(db, empty);
    expect(c.funnel.every((s) => s.count === 0)).toBe(true);
    expect(c.bountyByField.every((f) => f.fen === 0 && f.count === 0)).toBe(true);
    expect(c.disbursementsByMonth).toHaveLength(12);
    expect(c.disbursementsByMonth.every((m) => m.fen === 0)).toBe(true);
    expect(c.leadTimes).toMatchObject({ count: 0, medianDays: null, p90Days: null });
    const drawn = JSON.stringify(statsChartGeometry(c));
    expect(drawn).not.toMatch(/NaN|Infinity|null/);
    expect((await json('?year=2005')).body).toMatchObject({ needsCollected: 0, teamsMatched: 0 });
  });

  it('offers the years that have records', async () => {
    // the seeded programme alone: other files add records of other years to the shared database
    const pristine = createDb(inject('pristineUrl'));
    try {
      const years = await periodYears(pristine);
      expect(years[0]).toBe(2021);
      expect(years).toEqual([...years].sort());
      expect(years.every((y) => y >= 2000 && y <= 2100)).toBe(true);
    } finally {
      await pristine.$disconnect();
    }
  });

  it('moves the charts of the payment’s period, and not 2021’s, when a payment is recorded', async () => {
    const c = await contract(6_600_000, [{ amountFen: 6_600_000 }]);
    const requested = await requestDisbursement(db, staff.reviewer, c.milestones[0]!.id);
    await approveDisbursement(db, staff.admin, requested.id);
    const paidOn = new Date();
    const thisYear: Period = { kind: 'year', year: Number(shanghaiDateString(paidOn).slice(0, 4)) };
    const before2021 = await chartData(db, Y2021);
    const before = await chartData(db, thisYear);
    const beforeFigures = await periodFigures(db, thisYear);
    const { disbursement } = await recordBankTransfer(db, staff.admin, requested.id, {
      reference: `ZB-PERIOD-${requested.id}`,
      paidOn,
    });
    const after = await chartData(db, thisYear);
    const month = shanghaiDateString(disbursement.paidAt!).slice(0, 7);
    const fenOf = (d: typeof after, m: string) =>
      d.disbursementsByMonth.find((x) => x.month === m)!.fen;
    expect(fenOf(after, month)).toBe(fenOf(before, month) + 6_600_000);
    const paidContracts = (d: typeof after) =>
      d.funnel.find((s) => s.stage === 'paidContracts')!.count;
    expect(paidContracts(after)).toBe(paidContracts(before) + 1);
    expect(after.leadTimes.count).toBe(before.leadTimes.count + 1);
    expect((await periodFigures(db, thisYear)).rewardDisbursedFen).toBe(
      beforeFigures.rewardDisbursedFen + 6_600_000,
    );
    expect(await chartData(db, Y2021)).toEqual(before2021);
  });

  it('computes a period once per data version', async () => {
    await page('?year=2021');
    const computes = periodMemo.stats.computes;
    await periodFigures(db, Y2021);
    await chartData(db, Y2021);
    await page('?year=2021');
    expect(periodMemo.stats.computes).toBe(computes);
  });
});

describe(`a period that cannot be read (${inject('databaseKind')})`, () => {
  const refused: [string, 'year' | 'quarter'][] = [
    ['?year=-1', 'year'],
    ['?year=99999', 'year'],
    ['?year=abc', 'year'],
    ['?year=1999', 'year'],
    ['?year=2021&year=2022', 'year'],
    [`?year=${'9'.repeat(5000)}&quarter=${'1'.repeat(5000)}`, 'year'],
    [`?year=${encodeURIComponent('２０２１')}`, 'year'],
    ['?year=2021&quarter=5', 'quarter'],
    ['?year=2021&quarter=0', 'quarter'],
    ['?year=2021&quarter=Q1', 'quarter'],
    ['?quarter=2', 'quarter'],
  ];

  // the query cut short in the test's name (one is 10,000 characters long)
  const named = refused.map(([query, field]) => [query.slice(0, 40), query, field] as const);

  it.each(named)('%s is a 400 JSON naming the field', async (_, query, field) => {
    const { status, body } = await json(query);
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid_period', field });
    expect(String(body.message)).toMatch(/year|quarter/i);
  });

  it.each(refused)(
    '%s shows the selector and the message on /stats, status 400',
    async (query, field) => {
      const answer = (await page(query)) as { init: ResponseInit | null; data: unknown };
      expect(answer.init?.status).toBe(400);
      expect(answer.data).toMatchObject({ ok: false, field });
      expect((answer.data as { years: number[] }).years).toContain(2021);
    },
  );

  it('ignores parameters with other names (year[]=), as every page does', async () => {
    const all = await json('');
    const odd = await json('?year[]=2021&quarter[]=9&format=xml');
    expect(odd.status).toBe(200);
    expect(odd.body).toMatchObject({ period: 'all', needsCollected: all.body.needsCollected });
  });

  it('reads a blank year as the whole programme', async () => {
    const { status, body } = await json('?year=&quarter=');
    expect(status).toBe(200);
    expect(body.period).toBe('all');
    expect(await page('?year=all')).toMatchObject({ ok: true, period: { kind: 'all' } });
  });
});
