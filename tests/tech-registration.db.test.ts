// 技术合同认定登记 (issue 14, point 6): the bureau records a contract's registration as a
// technology contract on the contract page (submit, register, refusal, resubmission, an admin's
// correction), each step audited with the details before and after; the parties only read it;
// hostile input is refused on its field and changes nothing; simultaneous steps leave one
// consistent registration; and the period's registration sheet (CSV, Excel) lists exactly the
// contracts registered in the period.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { actorOf } from '~/domain/actor';
import { parseShanghaiDate, shanghaiDateString } from '~/domain/shanghai-date';
import { db } from '~/lib/db.server';
import { loader as sheetCsv } from '~/routes/review.contracts.registrations[.]csv';
import { loader as sheetXlsx } from '~/routes/review.contracts.registrations[.]xlsx';
import { recordTechRegistration } from '~/services/contracts/tech-registration.server';
import { auditData } from '~/services/kernel/audit.server';
import { staff } from './contracts-desk-helpers';
import { cellText, csvRecords, exportOf, sheetRows } from './export-files';
import { DAY_MS, makeContract, makeUser, partiesOf, today, uid, type TestUser } from './factories';
import { postToContract, viewContract } from './pages/contract';
import { doneOf, errorsOf, signedInRequest, statusOf } from './route-call';

afterAll(() => db.$disconnect());

const day = (s: string) => parseShanghaiDate(s)!;

/** A contract signed `signedOn` (a Shanghai day), one member of each party, two staff. */
async function contract(signedOn = shanghaiDateString(new Date(Date.now() - 60 * DAY_MS))) {
  const made = await makeContract(db, { rewardFen: 100_000_000, rdInvestmentFen: 200_000_000 });
  const c = await db.contract.update({
    where: { id: made.id },
    data: { signedAt: day(signedOn) },
  });
  return { c, code: c.code, ...(await partiesOf(db, c)), ...(await staff()) };
}

/** The details form as the browser posts it (amounts in 万元). */
const details = (fields: Record<string, string> = {}) => ({
  intent: 'techRegistration',
  step: 'submit',
  category: 'DEVELOPMENT',
  dealAmount: '1200',
  transactionAmount: '900.5',
  ...fields,
});

const rowOf = (contractId: string) => db.techRegistration.findUnique({ where: { contractId } });

const trailOf = async (contractId: string) =>
  (
    await db.auditEvent.findMany({
      where: { entityType: 'Contract', entityId: contractId, action: { startsWith: 'techReg' } },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
    })
  ).map((e) => ({ action: e.action, actorId: e.actorId, data: auditData(e.data) }));

describe(`technology contract registration on the contract page (${inject('databaseKind')})`, () => {
  it('is submitted, registered and corrected by the bureau, each step audited before and after', async () => {
    const { c, code, reviewer, admin, enterprise, team } = await contract();

    expect(doneOf(await postToContract(reviewer, code, details()))).toBe('tech_submit');
    expect(await rowOf(c.id)).toMatchObject({
      status: 'SUBMITTED',
      category: 'DEVELOPMENT',
      dealFen: 1_200_000_000n,
      transactionFen: 900_500_000n,
      registrationNo: null,
      registeredOn: null,
    });

    const number = `2026370303${uid()}`.slice(0, 40);
    const registered = await postToContract(
      reviewer,
      code,
      details({ step: 'register', registrationNo: number, registeredOn: today() }),
    );
    expect(doneOf(registered)).toBe('tech_register');

    // a reviewer may not correct a registered one; an admin may
    const amendFields = details({
      step: 'amend',
      category: 'SERVICE',
      transactionAmount: '1200',
      registrationNo: number,
      registeredOn: today(),
    });
    expect(statusOf(await postToContract(reviewer, code, amendFields))).toBe(403);
    expect(doneOf(await postToContract(admin, code, amendFields))).toBe('tech_amend');

    const row = await rowOf(c.id);
    expect(row).toMatchObject({
      status: 'REGISTERED',
      category: 'SERVICE',
      transactionFen: 1_200_000_000n,
      registrationNo: number,
    });
    expect(row?.registeredOn?.getTime()).toBe(day(today()).getTime());

    const trail = await trailOf(c.id);
    expect(trail.map((e) => [e.action, e.actorId])).toEqual([
      ['techRegistration.submit', reviewer.id],
      ['techRegistration.register', reviewer.id],
      ['techRegistration.amend', admin.id],
    ]);
    expect(trail[0]!.data).toMatchObject({
      code,
      from: 'UNREGISTERED',
      to: 'SUBMITTED',
      before: null,
      after: { category: 'DEVELOPMENT', dealFen: 1_200_000_000, transactionFen: 900_500_000 },
    });
    expect(trail[2]!.data).toMatchObject({
      from: 'REGISTERED',
      to: 'REGISTERED',
      before: { category: 'DEVELOPMENT', transactionFen: 900_500_000, registrationNo: number },
      after: { category: 'SERVICE', transactionFen: 1_200_000_000, registrationNo: number },
    });

    // the parties read it, with nothing to do; the trail names the steps
    for (const party of [enterprise, team]) {
      const page = (await viewContract(party, code)) as {
        contract: {
          techRegistration: { status: string; actions: string[]; dealFen: number | null };
          trail: { action: string }[];
        };
      };
      expect(page.contract.techRegistration).toMatchObject({
        status: 'REGISTERED',
        actions: [],
        dealFen: 1_200_000_000,
      });
      expect(page.contract.trail.map((e) => e.action)).toContain('techRegistration.amend');
    }
  });

  it('records the office’s refusal with its reason, and a resubmission', async () => {
    const { c, code, reviewer } = await contract();
    await postToContract(reviewer, code, details());
    const noReason = await postToContract(reviewer, code, {
      intent: 'techRegistration',
      step: 'reject',
      reason: '   ',
    });
    expect(errorsOf(noReason).reason).toEqual(['validation.required']);
    expect(
      doneOf(
        await postToContract(reviewer, code, {
          intent: 'techRegistration',
          step: 'reject',
          reason: '技术交易额计算有误',
        }),
      ),
    ).toBe('tech_reject');
    expect((await rowOf(c.id))?.status).toBe('REJECTED');
    expect(
      doneOf(
        await postToContract(
          reviewer,
          code,
          details({ step: 'resubmit', transactionAmount: '800' }),
        ),
      ),
    ).toBe('tech_resubmit');
    expect(await rowOf(c.id)).toMatchObject({ status: 'SUBMITTED', transactionFen: 800_000_000n });
    const trail = await trailOf(c.id);
    expect(trail.map((e) => e.action)).toEqual([
      'techRegistration.submit',
      'techRegistration.reject',
      'techRegistration.resubmit',
    ]);
    expect(trail[1]!.data.reason).toBe('技术交易额计算有误');
  });

  it('refuses the parties (403) and other organisations (404), and changes nothing', async () => {
    const { c, code, enterprise, team } = await contract();
    const stranger = await makeUser(db, { role: 'ENTERPRISE' });
    expect(statusOf(await postToContract(enterprise, code, details()))).toBe(403);
    expect(statusOf(await postToContract(team, code, details()))).toBe(403);
    expect(statusOf(await postToContract(stranger, code, details()))).toBe(404);
    // the service says the same to a caller that skips the route
    expect(
      await recordTechRegistration(db, actorOf(team), code, {
        step: 'submit',
        category: 'DEVELOPMENT',
        dealFen: 1,
        transactionFen: 1,
        registrationNo: null,
        registeredOn: null,
      }),
    ).toMatchObject({ ok: false, error: 'forbidden' });
    expect(await rowOf(c.id)).toBeNull();
    expect(await trailOf(c.id)).toEqual([]);
  });

  it('refuses hostile input on the field at fault, and changes nothing', async () => {
    const { c, code, reviewer } = await contract('2026-01-15');
    const tomorrow = shanghaiDateString(new Date(Date.now() + DAY_MS));
    const register = (fields: Record<string, string>) =>
      details({ step: 'register', registrationNo: 'ABC-1', registeredOn: today(), ...fields });
    const cases: [Record<string, string>, string, string][] = [
      [
        details({ transactionAmount: '1200.000001' }),
        'transactionAmount',
        'techRegistration.errors.aboveDeal',
      ],
      [details({ dealAmount: '-5' }), 'dealAmount', 'contractsDesk.errors.amountNegative'],
      [details({ dealAmount: '0' }), 'dealAmount', 'techRegistration.errors.amountPositive'],
      [details({ dealAmount: '1e30' }), 'dealAmount', 'contractsDesk.errors.amountInvalid'],
      [
        details({ dealAmount: `1${'0'.repeat(28)}` }),
        'dealAmount',
        'contractsDesk.errors.amountTooLarge',
      ],
      [details({ dealAmount: '9'.repeat(100_000) }), 'dealAmount', 'validation.tooLong'],
      [
        details({ transactionAmount: '0.0000001' }),
        'transactionAmount',
        'contractsDesk.errors.amountPrecision',
      ],
      [details({ category: 'OTHER' }), 'category', 'techRegistration.errors.category'],
      [details({ category: '技'.repeat(100_000) }), 'category', 'validation.tooLong'],
      [details({ category: 'DEVELOPMENT\u0000' }), 'category', 'validation.controlChars'],
      [
        details({ registrationNo: '2026001' }),
        'registrationNo',
        'techRegistration.errors.numberNotYet',
      ],
      [details({ step: 'bogus' }), 'step', 'validation.invalid'],
    ];
    for (const [fields, field, key] of cases) {
      const r = await postToContract(reviewer, code, fields);
      expect(errorsOf(r)[field], `${field}: ${String(fields[field]).slice(0, 30)}`).toEqual([key]);
    }
    // registering: nothing is registered before it was submitted
    expect(errorsOf(await postToContract(reviewer, code, register({})))['']).toEqual([
      'techRegistration.errors.notNow',
    ]);
    expect(await rowOf(c.id)).toBeNull();

    await postToContract(reviewer, code, details());
    const before = await rowOf(c.id);
    const registering: [Record<string, string>, string, string][] = [
      [
        register({ registrationNo: '' }),
        'registrationNo',
        'techRegistration.errors.numberRequired',
      ],
      [
        register({ registrationNo: '2026/001' }),
        'registrationNo',
        'techRegistration.errors.numberFormat',
      ],
      [
        register({ registrationNo: 'x'.repeat(10_000) }),
        'registrationNo',
        'techRegistration.errors.numberFormat',
      ],
      [register({ registeredOn: '' }), 'registeredOn', 'techRegistration.errors.dateRequired'],
      [register({ registeredOn: '2026-02-30' }), 'registeredOn', 'validation.invalid'],
      [
        register({ registeredOn: tomorrow }),
        'registeredOn',
        'techRegistration.errors.dateInFuture',
      ],
      // known to the service only: the contract's signing day
      [
        register({ registeredOn: '2026-01-14' }),
        'registeredOn',
        'techRegistration.errors.dateBeforeSigning',
      ],
    ];
    for (const [fields, field, key] of registering) {
      const r = await postToContract(reviewer, code, fields);
      expect(errorsOf(r)[field], `${field}: ${String(fields[field]).slice(0, 30)}`).toEqual([key]);
    }
    expect(await rowOf(c.id)).toEqual(before);

    // a caller that skips the form gets the domain's refusals, on the same fields
    const direct = (dealFen: number, transactionFen: number) =>
      recordTechRegistration(db, actorOf(reviewer), code, {
        step: 'register',
        category: 'DEVELOPMENT',
        dealFen,
        transactionFen,
        registrationNo: 'ABC-2',
        registeredOn: day(today()),
      });
    expect(await direct(1e30, 1)).toMatchObject({
      ok: false,
      error: 'amountTooLarge',
      field: 'dealAmount',
    });
    expect(await direct(-1, 1)).toMatchObject({
      ok: false,
      error: 'amountPositive',
      field: 'dealAmount',
    });
    expect(await direct(Number.NaN, 1)).toMatchObject({ ok: false, error: 'amountInvalid' });
    expect(await direct(100, 101)).toMatchObject({
      ok: false,
      error: 'aboveDeal',
      field: 'transactionAmount',
    });
    expect(await rowOf(c.id)).toEqual(before);
    expect((await trailOf(c.id)).map((e) => e.action)).toEqual(['techRegistration.submit']);
  });

  it('keeps a registration number to one contract', async () => {
    const one = await contract();
    const two = await contract();
    const number = `DUP-${uid()}`;
    for (const x of [one, two]) await postToContract(x.reviewer, x.code, details());
    const fields = details({ step: 'register', registrationNo: number, registeredOn: today() });
    expect(doneOf(await postToContract(one.reviewer, one.code, fields))).toBe('tech_register');
    expect(errorsOf(await postToContract(two.reviewer, two.code, fields)).registrationNo).toEqual([
      'techRegistration.errors.numberTaken',
    ]);
    expect((await rowOf(two.c.id))?.status).toBe('SUBMITTED');
  });

  it('lets one of several simultaneous steps through, and the rest find it done', async () => {
    const { c, code, reviewer, admin } = await contract();
    const actors = [reviewer, admin, reviewer, admin, reviewer, admin].map((u) => actorOf(u));
    const submit = (i: number) =>
      recordTechRegistration(db, actors[i]!, code, {
        step: 'submit',
        category: 'TRANSFER',
        dealFen: 1_000_000 * (i + 1),
        transactionFen: 1_000_000,
        registrationNo: null,
        registeredOn: null,
      });
    const submits = await Promise.all(actors.map((_, i) => submit(i)));
    expect(submits.filter((r) => r.ok)).toHaveLength(1);
    expect(submits.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual(
      Array(actors.length - 1).fill('notNow'),
    );
    const winner = submits.findIndex((r) => r.ok);
    expect(await rowOf(c.id)).toMatchObject({
      status: 'SUBMITTED',
      dealFen: BigInt(1_000_000 * (winner + 1)),
    });

    // two registrations with different numbers: one is recorded, with its own number and date
    const numbers = [`RACE-A-${uid()}`, `RACE-B-${uid()}`];
    const registers = await Promise.all(
      numbers.map((registrationNo, i) =>
        recordTechRegistration(db, actors[i]!, code, {
          step: 'register',
          category: 'TRANSFER',
          dealFen: 5_000_000,
          transactionFen: 4_000_000,
          registrationNo,
          registeredOn: day(today()),
        }),
      ),
    );
    expect(registers.filter((r) => r.ok)).toHaveLength(1);
    const won = numbers[registers.findIndex((r) => r.ok)];
    expect(await rowOf(c.id)).toMatchObject({ status: 'REGISTERED', registrationNo: won });
    expect((await trailOf(c.id)).map((e) => e.action)).toEqual([
      'techRegistration.submit',
      'techRegistration.register',
    ]);
  });
});

describe(`the registration sheet of a period (${inject('databaseKind')})`, () => {
  // a year of its own, so that the other tests' registrations (this year's) stay out of it
  const YEAR = 2019;

  async function registerOn(registeredOn: string, opts: { register?: boolean } = {}) {
    const x = await contract('2019-01-02');
    const actor = actorOf(x.reviewer);
    const facts = {
      category: 'LICENSING',
      dealFen: 123_456_789,
      transactionFen: 100_000_001,
      registrationNo: null,
      registeredOn: null,
    };
    await recordTechRegistration(db, actor, x.code, { step: 'submit', ...facts });
    if (opts.register !== false)
      expect(
        await recordTechRegistration(db, actor, x.code, {
          step: 'register',
          ...facts,
          registrationNo: `S-${uid()}`,
          registeredOn: day(registeredOn),
        }),
      ).toMatchObject({ ok: true });
    return x;
  }

  /** The registered contracts of [from, to) as the database holds them. */
  const registeredIn = (from: string, to: string) =>
    db.techRegistration.count({
      where: { status: 'REGISTERED', registeredOn: { gte: day(from), lt: day(to) } },
    });

  async function sheet(search: string, user: TestUser) {
    return csvRecords(
      await exportOf(sheetCsv, `/review/contracts/registrations.csv?${search}`, user),
    );
  }

  it('lists exactly the contracts registered in the period, and a new registration joins it', async () => {
    const { reviewer } = await staff();
    await registerOn('2019-04-01'); // the quarter's first day
    await registerOn('2019-06-30'); // its last
    await registerOn('2019-07-01'); // the next quarter's first
    await registerOn('2019-12-31');
    await registerOn('2019-05-05', { register: false }); // submitted, not registered

    const q2 = await sheet(`year=${YEAR}&quarter=2`, reviewer);
    expect(q2.length - 1).toBe(await registeredIn('2019-04-01', '2019-07-01'));
    const year = await sheet(`year=${YEAR}`, reviewer);
    expect(year.length - 1).toBe(await registeredIn('2019-01-01', '2020-01-01'));
    expect(year.length - 1).toBeGreaterThanOrEqual(4);

    const added = await registerOn('2019-05-20');
    const after = await sheet(`year=${YEAR}&quarter=2`, reviewer);
    expect(after.length).toBe(q2.length + 1);
    expect((await sheet(`year=${YEAR}&quarter=3`, reviewer)).length - 1).toBe(
      await registeredIn('2019-07-01', '2019-10-01'),
    );

    // the row: number, date, category, contract, amounts in 万元 and exactly in fen
    const header = after[0]!;
    const row = after.find((r) => r[header.indexOf('合同编号')] === added.code)!;
    expect(row[header.indexOf('登记日期')]).toBe('2019-05-20');
    expect(row[header.indexOf('合同类别')]).toBe('技术许可');
    expect(row[header.indexOf('成交额（万元）')]).toBe('123.46');
    expect(row[header.indexOf('成交额（分）')]).toBe('123456789');
    expect(row[header.indexOf('技术交易额（分）')]).toBe('100000001');
    // ordered by registration date
    const dates = after.slice(1).map((r) => r[header.indexOf('登记日期')]!);
    expect(dates).toEqual([...dates].sort());

    // the same rows in Excel, headed in English when asked
    const workbook = await sheetRows(
      await exportOf(
        sheetXlsx,
        `/review/contracts/registrations.xlsx?year=${YEAR}&quarter=2&lang=en`,
        reviewer,
      ),
    );
    expect(cellText(workbook[0]!, 0)).toBe('Registration number');
    expect(workbook.slice(1).map((r) => cellText(r, 0))).toEqual(after.slice(1).map((r) => r[0]));
  });

  it('answers a period it cannot read with 400 and a message, never a 500 or another period', async () => {
    const { reviewer } = await staff();
    const bad: [string, RegExp][] = [
      ['year=202', /year/],
      ['year=abcd', /year/],
      ['year=1999', /year/],
      ['year=2019&year=2020', /year/],
      [`year=${'9'.repeat(10_000)}`, /year/],
      ['year=2019&quarter=5', /quarter/],
      ['year=2019&quarter=Q2', /quarter/],
      ['quarter=2', /quarter/],
    ];
    for (const [search, says] of bad) {
      for (const loader of [sheetCsv, sheetXlsx]) {
        const r = await exportOf(loader, `/review/contracts/registrations.csv?${search}`, reviewer);
        expect(r.status, search).toBe(400);
        expect(r.headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
        const text = await r.text();
        expect(text, search).toMatch(says);
        expect(text).toMatch(/须/);
      }
    }
    // no period is every registration; an empty year is none given
    for (const search of ['', 'year=', 'year=all'])
      expect(
        (await exportOf(sheetCsv, `/review/contracts/registrations.csv?${search}`, reviewer))
          .status,
      ).toBe(200);
  });

  it('is for staff only', async () => {
    const { enterprise, team } = await contract();
    for (const user of [enterprise, team]) {
      const request = await signedInRequest(
        db,
        user,
        '/review/contracts/registrations.csv?year=2019',
      );
      const answer = await sheetCsv({ request, params: {}, context: {} }).catch((e: unknown) => e);
      expect(statusOf(answer)).toBe(403);
    }
  });
});
