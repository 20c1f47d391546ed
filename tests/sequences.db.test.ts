// Need references, challenge codes and contract codes come from counter rows moved up
// atomically (docs/decisions/017): hundreds of parallel creations get distinct, consecutive
// numbers and no errors, continuing from the numbers already in the database.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseShanghaiDate, shanghaiDateString } from '~/domain/shanghai-date';
import { needSchema } from '~/forms/needs';
import { db } from '~/lib/db.server';
import { actorOf } from '~/services/kernel/actor';
import { registerContract } from '~/services/contracts/registration.server';
import { nextInSeries } from '~/lib/counters.server';
import { createNeed } from '~/services/needs/intake.server';
import { transition } from '~/services/needs/needs.server';
import { fundChallenge, makeApprovedAward, makeChallenge, makeUser } from './factories';

afterAll(() => db.$disconnect());

const DAY = 86_400_000;
// a year no other test or seed record uses, so that the series starts from what this file
// puts there; in the past, so that its published challenges sort last and show as closed
const YEAR = 2019;
const IN_YEAR = new Date(`${YEAR}-06-01T12:00:00+08:00`);

function needInput(title: string) {
  return needSchema(IN_YEAR).parse({
    title,
    titleEn: '',
    field: '高端装备',
    background: '并发创建需求的编号测试。',
    targets: ['指标一'],
    bountyType: 'FIXED',
    bountyWan: '10',
    applicationDeadline: shanghaiDateString(new Date(IN_YEAR.getTime() + 30 * DAY)),
    implementationMonths: '12',
    contactName: '王工',
    contactPhone: '0533-2345678',
  });
}

const seqOf = (value: string) => Number(/-(\d+)$/.exec(value)![1]);

/** Distinct numbers that follow one another: max − min + 1 = count. */
function expectConsecutive(values: string[], from: number) {
  const seqs = values.map(seqOf).sort((a, b) => a - b);
  expect(new Set(seqs).size).toBe(values.length);
  expect(seqs[0]).toBe(from);
  expect(seqs[seqs.length - 1]).toBe(from + values.length - 1);
}

let owner: Awaited<ReturnType<typeof makeUser>>;
let reviewer: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  owner = await makeUser(db, { role: 'ENTERPRISE' });
  reviewer = await makeUser(db, { role: 'REVIEWER' });
  // records numbered before the counter existed: an old need N-2019-041, a challenge ZB-2019-007
  const old = await makeChallenge(db);
  await db.challenge.update({
    where: { id: old.id },
    data: { ref: `N-${YEAR}-041`, code: `ZB-${YEAR}-007` },
  });
  await db.counter.deleteMany({ where: { name: { endsWith: `:${YEAR}` } } });
});

describe(`reference and code generation (${inject('databaseKind')})`, () => {
  it('200 parallel need creations: 200 needs, no error, refs N-2019-042 … 241', async () => {
    const actor = actorOf(owner);
    const started = Date.now();
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) =>
        createNeed(db, actor, needInput(`并发需求 ${i}`), IN_YEAR),
      ),
    );
    const errors = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
    expect(errors).toEqual([]);
    const refs = results.flatMap((r) =>
      r.status === 'fulfilled' && r.value.ok ? [r.value.ref] : [],
    );
    expect(refs).toHaveLength(200);
    expect(refs.every((r) => /^N-2019-\d{3}$/.test(r))).toBe(true);
    expectConsecutive(refs, 42);
    // each stored with the ref it was given, and audited once
    const stored = await db.challenge.findMany({
      where: { enterpriseId: owner.organizationId },
      select: { ref: true },
    });
    expect(stored.map((s) => s.ref).sort()).toEqual([...refs].sort());
    expect(await db.counter.findUnique({ where: { name: `need-ref:${YEAR}` } })).toEqual({
      name: `need-ref:${YEAR}`,
      value: 241,
    });
    console.log(`200 parallel need creations: ${Date.now() - started} ms`);
  });

  it('a rolled-back transaction gives its number back: no gap', async () => {
    const series = `test-series:${YEAR}`;
    const take = () => db.$transaction((tx) => nextInSeries(tx, series, async () => 500));
    expect(await take()).toBe(501);
    await expect(
      db.$transaction(async (tx) => {
        expect(await nextInSeries(tx, series, async () => 0)).toBe(502);
        throw new Error('the write after the number failed');
      }),
    ).rejects.toThrow('the write after the number failed');
    expect(await take()).toBe(502);
  });

  it('30 parallel publications get distinct consecutive codes after ZB-2019-007', async () => {
    const enterprise = actorOf(owner);
    const staff = actorOf(reviewer);
    const needs = await db.challenge.findMany({
      where: { enterpriseId: owner.organizationId, status: 'DRAFT' },
      take: 30,
      select: { id: true },
    });
    for (const n of needs) await transition(db, enterprise, n.id, 'submit', { now: IN_YEAR });
    for (const n of needs) await fundChallenge(db, n.id);
    const results = await Promise.all(
      needs.map((n) => transition(db, staff, n.id, 'publish', { now: IN_YEAR })),
    );
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const codes = results.map((r) => (r.ok ? r.code! : ''));
    expect(codes.every((c) => /^ZB-2019-\d{3}$/.test(c))).toBe(true);
    expectConsecutive(codes, 8);
  });

  it('20 parallel contract registrations get distinct consecutive codes', async () => {
    const awards = [];
    for (let i = 0; i < 20; i++)
      awards.push(await makeApprovedAward(db, { bountyFen: 100_000_000 }));
    const admin = await makeUser(db, { role: 'ADMIN' });
    const actor = actorOf(admin);
    const today = shanghaiDateString(new Date());
    const input = {
      rdInvestmentFen: 100_000_000,
      signedAt: parseShanghaiDate(today)!,
      milestones: [
        {
          title: '一',
          dueDate: parseShanghaiDate(shanghaiDateString(new Date(Date.now() + 10 * DAY)))!,
          deliverables: 'a',
          shareBp: 10_000,
        },
      ],
    };
    const results = await Promise.allSettled(
      awards.map((a) => registerContract(db, actor, a.award.id, input)),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const codes = results.map((r) => (r.status === 'fulfilled' && r.value.ok ? r.value.code : ''));
    expect(codes.every((c) => new RegExp(`^HT-${today.slice(0, 4)}-\\d{3,}$`).test(c))).toBe(true);
    const first = Math.min(...codes.map(seqOf));
    expectConsecutive(codes, first);
  });
});
