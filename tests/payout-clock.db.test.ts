// The payout clock made public (#16): a new paid instalment moves the programme's and its
// enterprise's median and 90th percentile on /stats.json, /stats and in the open data; an
// instalment past the limit is flagged on the bureau's payments desk, unpaid and then paid late;
// the desk is staff only.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { partyId } from '~/domain/ocds';
import { summarise } from '~/domain/payout-lead-times';
import { leadTimeDays } from '~/domain/programme-charts';
import { shanghaiDateString } from '~/domain/shanghai-date';
import { db } from '~/lib/db.server';
import { loader as payoutClockJson } from '~/routes/open-data.payout-clock[.]json';
import { loader as dashboardLoader } from '~/routes/review.payments/route';
import { paymentsDashboard } from '~/routes/review.payments/view.server';
import { loader as statsPage } from '~/routes/stats/route';
import { loader as statsJson } from '~/routes/stats[.]json';
import { ocdsPrefix } from '~/services/open-data/config.server';
import { payoutAlertDays } from '~/services/operations/metrics.server';
import { payoutClockMemo } from '~/services/programme/payout-clock.server';
import { setUpPaymentParties, contract, parties, pay } from './disbursements-helpers';
import { DAY_MS, makeUser } from './factories';
import { args, signedInRequest, statusOf, thrownOrReturned } from './route-call';

setUpPaymentParties();

afterAll(() => db.$disconnect());

type Summary = { count: number; medianDays: number | null; p90Days: number | null };
type Published = {
  period: string;
  unit: string;
  limitDays: number;
  programme: Summary;
  enterprises: (Summary & { partyId: string; name: string })[];
  definition?: string;
};

const year = () => Number(shanghaiDateString(new Date()).slice(0, 4));

async function fromStatsJson(query: string) {
  const r = await statsJson({ request: new Request(`http://localhost/stats.json${query}`) });
  expect(r.status).toBe(200);
  return ((await r.json()) as { payoutClock: Published }).payoutClock;
}

async function fromOpenData(query: string) {
  const r = await payoutClockJson(
    args(new Request(`http://localhost/open-data/payout-clock.json${query}`)),
  );
  expect(r.status).toBe(200);
  expect(r.headers.get('Access-Control-Allow-Origin')).toBe('*');
  return (await r.json()) as Published;
}

/** The programme's figures of a year counted here from the records, independently. */
async function expectedProgramme(y: number): Promise<Summary> {
  const paid = await db.disbursement.findMany({
    where: {
      status: 'PAID',
      paidAt: {
        gte: new Date(`${y}-01-01T00:00:00+08:00`),
        lt: new Date(`${y + 1}-01-01T00:00:00+08:00`),
      },
      milestone: { acceptedAt: { not: null } },
    },
    select: { paidAt: true, milestone: { select: { acceptedAt: true } } },
  });
  return summarise(paid.map((p) => leadTimeDays(p.milestone.acceptedAt!, p.paidAt!)));
}

/** Accepted (and, unless told, confirmed) `days` days ago. */
async function acceptedDaysAgo(milestoneId: string, days: number, confirmed = true) {
  const at = new Date(Date.now() - days * DAY_MS);
  await db.milestone.update({
    where: { id: milestoneId },
    data: { acceptedAt: at, confirmedAt: confirmed ? at : null },
  });
}

describe(`the payout clock (${inject('databaseKind')})`, () => {
  it('publishes the median and 90th percentile, moved by each new payment', async () => {
    const limit = payoutAlertDays();
    const c = await contract(30_000_000, [
      { amountFen: 10_000_000 },
      { amountFen: 10_000_000 },
      { amountFen: 10_000_000, confirmed: false },
    ]);
    const [m1, m2, m3] = c.milestones.map((m) => m.id) as [string, string, string];
    await acceptedDaysAgo(m1, limit + 15);
    await acceptedDaysAgo(m2, 3);
    await acceptedDaysAgo(m3, limit + 10, false);
    const query = `?year=${year()}`;
    const enterprise = await db.organization.findUniqueOrThrow({
      where: { id: parties.enterpriseId },
    });
    const ours = (p: Published) => p.enterprises.find((e) => e.name === enterprise.name);

    const before = await fromStatsJson(query);
    expect(ours(before)).toBeUndefined();
    expect(before.programme).toEqual(await expectedProgramme(year()));

    // the desk flags the unpaid instalments past the limit, confirmed or not, and only those
    const reviewer = await makeUser(db, { role: 'REVIEWER' });
    const desk = await paymentsDashboard(db, new Date(), 10_000);
    const unpaid = (d: typeof desk, id: string) =>
      d.breaches.unpaid.rows.find((r) => r.milestoneId === id);
    expect(unpaid(desk, m1)).toMatchObject({ days: limit + 15, state: 'payable' });
    expect(unpaid(desk, m3)).toMatchObject({ days: limit + 10, state: 'unconfirmed' });
    expect(unpaid(desk, m2)).toBeUndefined();
    const waiting = (d: typeof desk, id: string) =>
      d.waiting.rows.find((r) => r.milestoneId === id);
    expect(waiting(desk, m1)?.overLimitDays).toBe(limit + 15);
    expect(waiting(desk, m2)?.overLimitDays).toBeNull();
    const asLoaded = async () =>
      (await dashboardLoader(
        args(await signedInRequest(db, reviewer, '/review/payments')),
      )) as Awaited<ReturnType<typeof paymentsDashboard>> & { onlyBreaches: boolean };
    const loaded = await asLoaded();
    expect(loaded.breaches.limitDays).toBe(limit);
    expect(loaded.breaches.unpaid.count).toBe(desk.breaches.unpaid.count);
    expect(loaded.onlyBreaches).toBe(false);
    const only = (await dashboardLoader(
      args(await signedInRequest(db, reviewer, '/review/payments?only=breaches')),
    )) as typeof loaded;
    expect(only.onlyBreaches).toBe(true);

    // paid 15 days past the limit: the enterprise's first payment, the programme's next one
    const d1 = await pay(m1, `ZB-CLOCK-1-${c.id}`);
    const first = await fromStatsJson(query);
    expect(ours(first)).toMatchObject({
      partyId: partyId(ocdsPrefix, enterprise),
      count: 1,
      medianDays: limit + 15,
      p90Days: limit + 15,
    });
    expect(first.programme.count).toBe(before.programme.count + 1);
    expect(first.programme).toEqual(await expectedProgramme(year()));
    // on the desk it is now paid late, no longer unpaid
    const afterPay = await asLoaded();
    expect(afterPay.breaches.unpaid.count).toBe(loaded.breaches.unpaid.count - 1);
    expect(afterPay.breaches.paidLate.count).toBe(loaded.breaches.paidLate.count + 1);
    expect(afterPay.breaches.paidLate.rows.find((r) => r.id === d1.id)).toMatchObject({
      contractCode: c.code,
      seq: 1,
      days: limit + 15,
    });

    // paid 3 days after acceptance: the median falls to it, the 90th percentile stays
    await pay(m2, `ZB-CLOCK-2-${c.id}`);
    const second = await fromStatsJson(query);
    expect(ours(second)).toMatchObject({ count: 2, medianDays: 3, p90Days: limit + 15 });
    expect(second.programme.count).toBe(before.programme.count + 2);
    expect(second.programme).toEqual(await expectedProgramme(year()));
    expect((await asLoaded()).breaches.paidLate.count).toBe(afterPay.breaches.paidLate.count);

    // the open data says the same, with what it means; /stats shows it
    const open = await fromOpenData(query);
    expect(open).toMatchObject({ period: String(year()), unit: 'days', limitDays: limit });
    expect(open.definition).toMatch(/nearest-rank/);
    expect({ programme: open.programme, enterprises: open.enterprises }).toEqual({
      programme: second.programme,
      enterprises: second.enterprises,
    });
    const all = await fromOpenData('');
    expect(all.period).toBe('all');
    expect(ours(all)).toMatchObject({ count: 2, medianDays: 3, p90Days: limit + 15 });
    const page = (await statsPage(args(new Request(`http://localhost/stats${query}`)))) as {
      payoutClock: { programme: Summary; enterprises: (Summary & { id: string })[] };
    };
    expect(page.payoutClock.programme).toEqual(second.programme);
    expect(page.payoutClock.enterprises.find((e) => e.id === enterprise.id)).toMatchObject({
      count: 2,
      medianDays: 3,
    });

    // a period without payments has no median; an unreadable one is a 400
    const empty = await fromOpenData('?year=2001&quarter=2');
    expect(empty.programme).toEqual({ count: 0, medianDays: null, p90Days: null });
    expect(empty.enterprises).toEqual([]);
    const bad = await payoutClockJson(
      args(new Request('http://localhost/open-data/payout-clock.json?quarter=2')),
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_period' });
  });

  it('keeps the desk from anyone but staff', async () => {
    const team = await makeUser(db, { role: 'TEAM', organizationId: parties.teamId });
    const anonymous = await thrownOrReturned(() =>
      dashboardLoader(args(new Request('http://localhost/review/payments'))),
    );
    expect(statusOf(anonymous)).toBe(302);
    expect((anonymous as Response).headers.get('Location')).toMatch(/^\/login/);
    const asTeam = await thrownOrReturned(async () =>
      dashboardLoader(args(await signedInRequest(db, team, '/review/payments'))),
    );
    expect(statusOf(asTeam)).toBe(403);
  });

  it('reads the paid instalments once per data version', async () => {
    await fromOpenData('');
    const computes = payoutClockMemo.stats.computes;
    await fromOpenData('');
    await fromStatsJson('');
    expect(payoutClockMemo.stats.computes).toBe(computes);
  });
});
