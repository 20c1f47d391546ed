// The lists as CSV and Excel files (issue 14, point 3): the public catalogue's and the bureau's
// (a challenge's applications, contracts, instalments, payments). Each file holds exactly the
// rows its list counts, in the list's order and with its filters, behind the list's own
// permission check; CSV starts with a BOM and never carries a formula; the workbook reads back.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CONTRACT_STATUSES } from '~/domain/contract';
import { getT } from '~/i18n/i18n';
import { db } from '~/lib/db.server';
import { loader as catalogueLoader } from '~/routes/challenges._index';
import { loader as catalogueCsv } from '~/routes/challenges[.]csv';
import { loader as catalogueXlsx } from '~/routes/challenges[.]xlsx';
import { loader as deskLoader } from '~/routes/review.challenges.$code/route';
import { loader as applicationsCsv } from '~/routes/review.challenges.$code.applications[.]csv';
import { loader as applicationsXlsx } from '~/routes/review.challenges.$code.applications[.]xlsx';
import { loader as contractsLoader } from '~/routes/review.contracts._index';
import { loader as contractsCsv } from '~/routes/review.contracts[.]csv';
import { loader as contractsXlsx } from '~/routes/review.contracts[.]xlsx';
import { loader as paymentsDashboard } from '~/routes/review.payments/route';
import { loader as paymentsCsv } from '~/routes/review.payments.disbursements[.]csv';
import { loader as paymentsXlsx } from '~/routes/review.payments.disbursements[.]xlsx';
import { loader as instalmentsCsv } from '~/routes/review.payments.instalments[.]csv';
import { loader as instalmentsXlsx } from '~/routes/review.payments.instalments[.]xlsx';
import { catalogueRows, exportedCatalogueQuery } from '~/services/exports/catalogue.server';
import { contractRows } from '~/services/exports/contracts.server';
import { INSTALMENT_STATES, instalmentRows, paymentRows } from '~/services/exports/payments.server';
import { listEventOptions } from '~/services/needs/catalogue.server';
import {
  closedChallenge,
  makeChallenge,
  makeContractParties,
  makePayableContract,
  makeUser,
  uid,
  type TestUser,
} from './factories';
import { call, cellText, csvRecords, exportOf, sheetRows, type Loader } from './export-files';
import { args, signedInRequest, TEST_ORIGIN } from './route-call';

afterAll(() => db.$disconnect());

const FORMULA_TITLE = `=HYPERLINK("http://evil.example/","点我领奖${uid()}")`;

// ---- the public catalogue ------------------------------------------------------------------

/** The catalogue page's codes for a query string, page after page, and its count. */
async function listed(search: string) {
  const codes: string[] = [];
  let after: string | null = null;
  let total = -1;
  do {
    const params = new URLSearchParams(search);
    if (after) params.set('after', after);
    const page = await catalogueLoader(args(new Request(`${TEST_ORIGIN}/challenges?${params}`)));
    total = page.total;
    codes.push(...page.items.map((i) => i.code));
    after = page.next;
  } while (after);
  expect(codes).toHaveLength(total);
  return { codes, total };
}

describe(`the catalogue as a file (${inject('databaseKind')})`, () => {
  let eventSlug = '';
  beforeAll(async () => {
    await makeChallenge(db, { title: FORMULA_TITLE, field: '先进陶瓷', bountyFen: 123_456_789 });
    await makeChallenge(db, { title: `不限定榜额的测试榜单${uid()}`, bountyFen: null });
    eventSlug = (await listEventOptions(db))[0]?.slug ?? '';
  });

  const queries = () => [
    '',
    'sort=deadline',
    'sort=bounty',
    `field=${encodeURIComponent('新材料')}`,
    'bounty=open',
    'bounty=fixed&min=50&max=500&sort=bounty',
    'state=closed&sort=deadline',
    'state=open',
    `q=${encodeURIComponent('材料')}`,
    `q=${encodeURIComponent('陶瓷 技术')}&sort=bounty`,
    `event=${eventSlug}`,
  ];

  it('holds what the catalogue lists, in its order, for each sort, filter and search', async () => {
    const all = (await listed('')).total;
    for (const search of queries()) {
      const { codes, total } = await listed(search);
      const records = await csvRecords(await exportOf(catalogueCsv, `/challenges.csv?${search}`));
      expect(
        records.slice(1).map((r) => r[0]),
        search,
      ).toEqual(codes);
      expect(records.length - 1, search).toBe(total);
      if (search.startsWith('field') || search.startsWith('bounty') || search.startsWith('q'))
        expect(total, `${search} narrows the list`).toBeLessThan(all);
    }
  });

  it('reads the rows by keyset across batch boundaries exactly as the pages do', async () => {
    for (const search of queries()) {
      const query = await exportedCatalogueQuery(db, new URLSearchParams(search));
      const codes: string[] = [];
      for await (const batch of await catalogueRows(db, query, new Date(), 7)) {
        expect(batch.length).toBeLessThanOrEqual(7);
        codes.push(...batch.map((r) => r.code));
      }
      expect(codes, search).toEqual((await listed(search)).codes);
    }
  });

  it('heads the columns in the chosen language and keeps Chinese whole', async () => {
    const zh = await csvRecords(await exportOf(catalogueCsv, '/challenges.csv'));
    const t = getT('zh');
    expect(zh[0]).toContain(t('exports.col.title'));
    expect(zh[0]).toContain('榜额（万元）');
    const en = await csvRecords(await exportOf(catalogueCsv, '/challenges.csv?lang=en'));
    expect(en[0]).toContain('Bounty (fen)');
    expect(en.slice(1)).toHaveLength(zh.length - 1);
    // every seeded title is Chinese, and reads back as written (the files running beside this
    // one add challenges of their own, some with English titles: only the seed's are counted)
    const seeded = await db.challenge.findMany({
      where: { code: { startsWith: 'ZB-2021-' } },
      select: { code: true, title: true },
    });
    const exported = new Map(zh.slice(1).map((r) => [r[0], r[1]]));
    const listedSeeded = seeded.filter((c) => exported.has(c.code!));
    expect(listedSeeded).toHaveLength(55);
    for (const c of listedSeeded) {
      expect(c.title).toMatch(/[\u4e00-\u9fff]/);
      expect(exported.get(c.code!)).toBe(c.title);
    }
    expect(zh.slice(1).map((r) => r[1])).toContain(FORMULA_TITLE.replace(/^/, "'"));
  });

  it('neutralises a formula-looking title in CSV; the workbook keeps it as text', async () => {
    const search = `q=${encodeURIComponent(FORMULA_TITLE.slice(-12))}`;
    const csv = await csvRecords(await exportOf(catalogueCsv, `/challenges.csv?${search}`));
    expect(csv).toHaveLength(2);
    expect(csv[1][1]).toBe(`'${FORMULA_TITLE}`);
    // the bounty in 万元 for reading and exactly in fen
    const header = csv[0];
    expect(csv[1][header.indexOf('榜额（万元）')]).toBe('123.46');
    expect(csv[1][header.indexOf('榜额（分）')]).toBe('123456789');
    const sheet = await sheetRows(await exportOf(catalogueXlsx, `/challenges.xlsx?${search}`));
    const title = sheet[1].getCell(2);
    expect(title.type).toBe(ExcelJS.ValueType.String);
    expect(title.value).toBe(FORMULA_TITLE);
    expect(title.formula).toBeUndefined();
  });

  it('reads back from the workbook with the same rows as the CSV', async () => {
    const search = 'sort=bounty';
    const csv = await csvRecords(await exportOf(catalogueCsv, `/challenges.csv?${search}`));
    const response = await exportOf(catalogueXlsx, `/challenges.xlsx?${search}`);
    expect(response.headers.get('Content-Disposition')).toMatch(/filename="challenges-.*\.xlsx"/);
    const sheet = await sheetRows(response);
    expect(sheet).toHaveLength(csv.length);
    expect(csv[0].map((_, i) => cellText(sheet[0], i))).toEqual(csv[0]);
    const fen = csv[0].indexOf('榜额（分）');
    const wan = csv[0].indexOf('榜额（万元）');
    sheet.slice(1).forEach((row, n) => {
      const record = csv[n + 1];
      expect(cellText(row, 0)).toBe(record[0]);
      expect(cellText(row, fen)).toBe(record[fen]);
      const amount = row.getCell(wan + 1).value;
      expect(amount === null ? '' : Math.round(Number(amount) * 1_000_000)).toBe(
        record[fen] === '' ? '' : Number(record[fen]),
      );
    });
  });

  it('answers hostile query strings with the list’s own reading of them, never a 500', async () => {
    const hostile = [
      `q=${'榜'.repeat(100_000)}`,
      `q=${encodeURIComponent('%_\\ 100%')}`,
      'q=%00%00',
      'q=%22%3D1%2B1',
      'sort=DROP%20TABLE%20Challenge;--',
      'sort=bounty&sort=newest&sort=x',
      'bounty=%FF%FE',
      'min=-5&max=abc',
      'min=1e308&max=NaN',
      'state=closed&state=open',
      'event=..%2F..%2Fetc',
      'after=!!!&after=%00',
      `field=${'新'.repeat(5_000)}`,
      'lang=xx&lang=en',
    ];
    for (const search of hostile) {
      const response = await exportOf(catalogueCsv, `/challenges.csv?${search}`);
      expect([200, 400], search.slice(0, 40)).toContain(response.status);
      if (response.status !== 200) continue;
      const records = await csvRecords(response);
      expect(records.length - 1, search.slice(0, 40)).toBe((await listed(search)).total);
      const sheet = await exportOf(catalogueXlsx, `/challenges.xlsx?${search}`);
      expect(sheet.status, search.slice(0, 40)).toBe(200);
      expect(await sheetRows(sheet)).toHaveLength(records.length);
    }
  });
});

// ---- the bureau's lists --------------------------------------------------------------------

describe(`the bureau's lists as files (${inject('databaseKind')})`, () => {
  let reviewer: TestUser;
  let admin: TestUser;
  let team: TestUser;
  let enterprise: TestUser;
  let deskCode = '';

  beforeAll(async () => {
    [reviewer, admin, team, enterprise] = await Promise.all([
      makeUser(db, { role: 'REVIEWER' }),
      makeUser(db, { role: 'ADMIN' }),
      makeUser(db, { role: 'TEAM' }),
      makeUser(db, { role: 'ENTERPRISE' }),
    ]);
    // instalments in every state, and contracts signed at the same moment (keyset ties)
    const parties = await makeContractParties(db);
    const signedAt = new Date('2022-03-01T10:00:00+08:00');
    for (let i = 0; i < 5; i++) {
      const c = await makePayableContract(db, {
        rewardFen: 300_000_000,
        parties,
        status: i === 4 ? 'TERMINATED' : 'IN_PROGRESS',
        milestones: [
          { amountFen: 100_000_000 },
          { amountFen: 100_000_000, confirmed: false },
          { amountFen: 100_000_000, status: 'PENDING' },
        ],
      });
      await db.contract.update({ where: { id: c.id }, data: { signedAt } });
      if (i < 3) {
        const status = (['REQUESTED', 'APPROVED', 'FAILED'] as const)[i];
        await db.disbursement.create({
          data: {
            contractId: c.id,
            milestoneId: c.milestones[0]!.id,
            amountFen: 100_000_000n,
            status,
            idempotencyKey: `export-test-${uid()}`,
            requestedById: reviewer.id,
            approvedById: status === 'REQUESTED' ? null : admin.id,
            approvedAt: status === 'REQUESTED' ? null : new Date(),
            failureReason: status === 'FAILED' ? '=1+1 账户已冻结' : null,
          },
        });
      }
    }
    const { challenge } = await closedChallenge(db, { bids: 4 });
    deskCode = challenge.code!;
  });

  const staffExports: [string, Loader, string][] = [
    ['contracts.csv', contractsCsv, '/review/contracts.csv'],
    ['contracts.xlsx', contractsXlsx, '/review/contracts.xlsx'],
    ['instalments.csv', instalmentsCsv, '/review/payments/instalments.csv'],
    ['instalments.xlsx', instalmentsXlsx, '/review/payments/instalments.xlsx'],
    ['payments.csv', paymentsCsv, '/review/payments/disbursements.csv'],
    ['payments.xlsx', paymentsXlsx, '/review/payments/disbursements.xlsx'],
  ];

  it('gives no staff export to a visitor or to an enterprise or team member', async () => {
    const withDesk: [string, Loader, string, Record<string, string>][] = [
      ...staffExports.map(([n, l, u]): [string, Loader, string, Record<string, string>] => [
        n,
        l,
        u,
        {},
      ]),
      [
        'applications.csv',
        applicationsCsv,
        `/review/challenges/${deskCode}/applications.csv`,
        { code: deskCode },
      ],
      [
        'applications.xlsx',
        applicationsXlsx,
        `/review/challenges/${deskCode}/applications.xlsx`,
        { code: deskCode },
      ],
    ];
    for (const [name, loader, url, params] of withDesk) {
      const anonymous = (await call(loader, new Request(TEST_ORIGIN + url), params)) as Response;
      expect(anonymous.status, name).toBe(302);
      expect(anonymous.headers.get('Location'), name).toMatch(/^\/login\?redirectTo=/);
      for (const user of [team, enterprise]) {
        const refused = await call(loader, await signedInRequest(db, user, url), params);
        expect((refused as Response).status, `${name} as ${user.role}`).toBe(403);
      }
      const staff = await call(loader, await signedInRequest(db, reviewer, url), params);
      expect((staff as Response).status, name).toBe(200);
      expect((staff as Response).headers.get('Cache-Control'), name).toBe('private, no-store');
      await (staff as Response).body?.cancel();
    }
  });

  it('lists the registered contracts of each status filter as the contract desk does', async () => {
    for (const status of ['', ...CONTRACT_STATUSES, 'BOGUS', 'SIGNED&status=TERMINATED']) {
      const path = `/review/contracts?status=${status}`;
      const list = (await contractsLoader(args(await signedInRequest(db, admin, path)))) as Awaited<
        ReturnType<typeof contractsLoader>
      >;
      const csv = await csvRecords(
        await exportOf(contractsCsv, `/review/contracts.csv?status=${status}`, admin),
      );
      expect(csv.length - 1, status).toBe(list.registered.total);
      expect(
        csv.slice(1).map((r) => r[0]),
        status,
      ).toEqual(list.registered.rows.map((r) => r.code));
      const sheet = await sheetRows(
        await exportOf(contractsXlsx, `/review/contracts.xlsx?status=${status}`, reviewer),
      );
      expect(
        sheet.slice(1).map((r) => cellText(r, 0)),
        status,
      ).toEqual(csv.slice(1).map((r) => r[0]));
    }
    // batches of two cross the contracts signed at the same moment one by one
    const all: string[] = [];
    for await (const batch of contractRows(db, new URLSearchParams(), 2))
      all.push(...batch.map((r) => r.code));
    const list = (await contractsLoader(
      args(await signedInRequest(db, admin, '/review/contracts')),
    )) as Awaited<ReturnType<typeof contractsLoader>>;
    expect(all).toEqual(list.registered.rows.map((r) => r.code));
  });

  async function dashboard() {
    const request = await signedInRequest(db, reviewer, '/review/payments');
    return (await paymentsDashboard(args(request))) as Awaited<
      ReturnType<typeof paymentsDashboard>
    >;
  }

  it("counts the payments dashboard's lists: instalments by state, payments by status", async () => {
    const d = await dashboard();
    const t = getT('zh');
    const sections = {
      PAYABLE: d.waiting.count,
      REQUESTED: d.requested.count,
      APPROVED: d.approved.count,
      FAILED: d.failed.count,
      PAID: d.paid.count,
    };
    for (const [state, count] of Object.entries(sections)) {
      const csv = await csvRecords(
        await exportOf(instalmentsCsv, `/review/payments/instalments.csv?state=${state}`, reviewer),
      );
      expect(csv.length - 1, state).toBe(count);
      const column = csv[0].indexOf(t('exports.col.state'));
      expect(new Set(csv.slice(1).map((r) => r[column])), state).toEqual(
        new Set(count ? [t(`payments.status.${state}` as 'payments.status.PAID')] : []),
      );
      if (state === 'PAYABLE') continue;
      const payments = await csvRecords(
        await exportOf(paymentsCsv, `/review/payments/disbursements.csv?status=${state}`, admin),
      );
      expect(payments.length - 1, state).toBe(count);
    }
    // every instalment is in exactly one state
    let sum = 0;
    for (const state of INSTALMENT_STATES) {
      const csv = await csvRecords(
        await exportOf(instalmentsCsv, `/review/payments/instalments.csv?state=${state}`, reviewer),
      );
      expect(csv.length - 1, state).toBeGreaterThan(state === 'REVERSED' ? -1 : 0);
      sum += csv.length - 1;
    }
    const every = await csvRecords(
      await exportOf(instalmentsCsv, '/review/payments/instalments.csv?state=bogus', reviewer),
    );
    expect(every.length - 1).toBe(await db.milestone.count());
    expect(sum).toBe(every.length - 1);
    const payments = await csvRecords(
      await exportOf(
        paymentsCsv,
        '/review/payments/disbursements.csv?status=PAID&status=FAILED',
        admin,
      ),
    );
    expect(payments.length - 1).toBe(d.paid.count);
    expect(
      (await csvRecords(await exportOf(paymentsCsv, '/review/payments/disbursements.csv', admin)))
        .length - 1,
    ).toBe(await db.disbursement.count());
  });

  it('writes who asked and approved, neutralised, and the same rows in the workbook', async () => {
    const csv = await csvRecords(
      await exportOf(paymentsCsv, '/review/payments/disbursements.csv?status=FAILED', admin),
    );
    const t = getT('zh');
    const mine = csv.find((r) => r.includes(reviewer.name))!;
    expect(mine[csv[0].indexOf(t('exports.col.approvedBy'))]).toBe(admin.name);
    expect(mine[csv[0].indexOf(t('exports.col.failureReason'))]).toBe("'=1+1 账户已冻结");
    expect(mine[csv[0].indexOf('金额（分）')]).toBe('100000000');
    expect(mine[csv[0].indexOf('金额（万元）')]).toBe('100');
    const sheet = await sheetRows(
      await exportOf(paymentsXlsx, '/review/payments/disbursements.xlsx?status=FAILED', admin),
    );
    expect(sheet.map((r) => cellText(r, 0))).toEqual(csv.map((r) => r[0]));
    const instalments = await sheetRows(
      await exportOf(instalmentsXlsx, '/review/payments/instalments.xlsx?state=NOT_DUE', reviewer),
    );
    const csvInstalments = await csvRecords(
      await exportOf(instalmentsCsv, '/review/payments/instalments.csv?state=NOT_DUE', reviewer),
    );
    expect(instalments.map((r) => `${cellText(r, 0)}#${cellText(r, 3)}`)).toEqual(
      csvInstalments.map((r) => `${r[0]}#${r[3]}`),
    );
    // batches of two give the same rows in the same order
    for (const [rows, full] of [
      [instalmentRows, '/review/payments/instalments.csv'],
      [paymentRows, '/review/payments/disbursements.csv'],
    ] as const) {
      const keys: string[] = [];
      for await (const batch of rows(db, new URLSearchParams(), 2))
        keys.push(...batch.map((r) => `${r.contractCode}#${r.seq}`));
      const whole = await csvRecords(
        await exportOf(full.includes('instalments') ? instalmentsCsv : paymentsCsv, full, admin),
      );
      const seq = full.includes('instalments') ? 3 : 1;
      expect(keys).toEqual(whole.slice(1).map((r) => `${r[0]}#${r[seq]}`));
    }
  });

  it("lists a challenge's applications as its evaluation desk ranks them", async () => {
    const request = await signedInRequest(db, reviewer, `/review/challenges/${deskCode}`);
    const { desk } = (await deskLoader(args(request, { code: deskCode }))) as Awaited<
      ReturnType<typeof deskLoader>
    >;
    const url = `/review/challenges/${deskCode}/applications`;
    const csv = await csvRecords(
      await exportOf(applicationsCsv, `${url}.csv`, reviewer, { code: deskCode }),
    );
    expect(csv.length - 1).toBe(desk.rows.length);
    expect(csv.slice(1).map((r) => r[1])).toEqual(desk.rows.map((r) => r.team));
    expect(csv[0]).toContain(getT('zh')('exports.col.weighted'));
    const sheet = await sheetRows(
      await exportOf(applicationsXlsx, `${url}.xlsx?lang=en`, admin, { code: deskCode }),
    );
    expect(sheet.map((r) => cellText(r, 1))).toEqual(['Team', ...desk.rows.map((r) => r.team)]);
    const missing = await call(
      applicationsCsv,
      await signedInRequest(db, reviewer, '/review/challenges/ZB-0000-000/applications.csv'),
      { code: 'ZB-0000-000' },
    );
    expect((missing as Response).status).toBe(404);
  });

  it('answers hostile filters with the list’s reading of them, never a 500', async () => {
    for (const [, loader, url] of staffExports) {
      for (const search of [
        `status=${'x'.repeat(50_000)}`,
        'state=%00&status=%FF',
        'status=PAID&status=PAID&state=PAYABLE&state=CLOSED',
        'state=__proto__&status=constructor',
      ]) {
        const response = await exportOf(loader, `${url}?${search}`, admin);
        expect([200, 400], `${url}?${search.slice(0, 30)}`).toContain(response.status);
        await response.arrayBuffer();
      }
    }
  });
});
