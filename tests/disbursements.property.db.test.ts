// Model-based property test of the disbursement service and its ledger: random sequences of
// request, approve, pay, fail, retry and reverse by random staff over a small contract (2–3
// milestones whose amounts may together exceed the reward). After every step: every journal
// balances and the balances are what the records call for, the ledger's balances equal the
// model's, paid + in flight ≤ reward, one disbursement at most per milestone, and the
// database's disbursements agree with the model, outcome by outcome (success or which refusal).
// Each sequence runs in one transaction that is rolled back, so a thousand leave nothing behind.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FourEyesError } from '~/domain/award';
import { idempotencyKeyFor, OverpaymentError } from '~/domain/disbursement';
import {
  balanceDrift,
  balances,
  commitmentAccount,
  expectedContractBalances,
  FUND_ACCOUNT,
  PAID_ACCOUNT,
  payableAccount,
  unbalancedJournals,
} from '~/domain/ledger';
import { db, type Tx } from '~/lib/db.server';
import { toFen } from '~/lib/fen';
import type { Actor as Staff } from '~/services/kernel/actor';
import {
  failDisbursement,
  recordBankTransfer,
  reverseDisbursement,
} from '~/services/payments/disbursement-outcomes.server';
import {
  approveDisbursement,
  requestDisbursement,
  retryDisbursement,
} from '~/services/payments/disbursements.server';
import { DisbursementError } from '~/services/payments/refusals';
import { checkLedger } from '~/services/payments/ledger.server';
import { makeContractParties, makePayableContract, makePaymentStaff } from './factories';

afterAll(() => db.$disconnect());

const RUNS = 1000;
// A fixed seed: the same sequences on every run, so the coverage check at the end cannot pass
// one day and fail the next. PROPERTY_SEED explores others (a failure prints its seed and path).
const SEED = Number(process.env.PROPERTY_SEED ?? 20_261_206);

type Who = 'reviewer' | 'reviewer2' | 'admin' | 'admin2' | 'promoted';
type Kind = 'request' | 'approve' | 'pay' | 'fail' | 'retry' | 'reverse';
/**
 * One step. `aim`: the step goes to a milestone where it can succeed by status, when there is
 * one (so that sequences reach deep states); otherwise, and without aim, to milestone m.
 */
type Command = { kind: Kind; m: number; aim: boolean; who: Who; ref: number };
/**
 * Or: the next step of milestone m's lifecycle (request, approve, pay or fail, retry, reverse
 * or pay again), mostly by someone allowed to take it: sequences reach deep states this way.
 */
type Next = { kind: 'next'; m: number; alt: number; who: Who | null; ref: number };

type Outcome = 'ok' | 'unchanged' | 'overReward' | 'fourEyes' | DisbursementError['code'];

type ModelDisbursement = {
  status: 'REQUESTED' | 'APPROVED' | 'PAID' | 'FAILED' | 'REVERSED';
  attempt: number;
  requester: string;
  reference: string | null;
};

type Model = {
  rewardFen: number;
  milestones: { amountFen: number; payable: boolean }[];
  disbursements: (ModelDisbursement | null)[];
  inLedger: boolean;
  balances: { fund: number; commitment: number; payable: number; paid: number };
};

const scenarioArb = fc
  .record({
    milestones: fc.array(
      fc.record({
        amountFen: fc.integer({ min: 1, max: 1_000 }),
        // most milestones are accepted and confirmed; some are not yet payable
        payable: fc.integer({ min: 0, max: 99 }).map((n) => n < 85),
      }),
      { minLength: 2, maxLength: 3 },
    ),
    // the reward is usually the milestones' sum; sometimes less (an amended contract, say)
    shortfallPct: fc.oneof(
      { weight: 2, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 99 }) },
    ),
  })
  .map(({ milestones, shortfallPct }) => {
    const sum = milestones.reduce((a, x) => a + x.amountFen, 0);
    return { milestones, rewardFen: Math.max(1, sum - Math.floor((sum * shortfallPct) / 100)) };
  });

const anyone = fc.constantFrom<Who>('reviewer', 'reviewer2', 'admin', 'admin2', 'promoted');
/** Mostly someone whose role may act, sometimes anyone (the refusals are part of the test). */
const actor = (...usual: Who[]) =>
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...usual) }, { weight: 1, arbitrary: anyone });
const step = (kind: Kind, weight: number, ...usual: Who[]) => ({
  weight,
  arbitrary: fc.record({
    kind: fc.constant(kind),
    m: fc.nat(2),
    aim: fc.integer({ min: 0, max: 9 }).map((n) => n < 8),
    who: actor(...usual),
    ref: fc.nat(1),
  }),
});
const nextArb = fc.record({
  kind: fc.constant('next' as const),
  m: fc.nat(2),
  alt: fc.nat(5),
  who: fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: anyone }),
  ref: fc.nat(1),
});
const commandArb: fc.Arbitrary<Command | Next> = fc.oneof(
  { weight: 12, arbitrary: nextArb },
  step('request', 3, 'reviewer', 'reviewer2'),
  step('approve', 3, 'admin', 'admin2', 'promoted'),
  step('pay', 3, 'admin', 'admin2'),
  step('fail', 2, 'admin', 'admin2'),
  step('retry', 2, 'reviewer', 'reviewer2'),
  step('reverse', 1, 'admin', 'admin2'),
);
/** 2 to 6 steps, the first a request (without one, every other step is "not found"). */
const sequenceArb = fc
  .tuple(
    fc.oneof(step('request', 1, 'reviewer', 'reviewer2')),
    fc.array(commandArb, { minLength: 1, maxLength: 5 }),
  )
  .map(([first, rest]) => [first, ...rest]);

const AIM: Record<Kind, (d: ModelDisbursement | null) => boolean> = {
  request: (d) => d === null,
  approve: (d) => d?.status === 'REQUESTED',
  pay: (d) => d?.status === 'APPROVED' || d?.status === 'PAID',
  fail: (d) => d?.status === 'APPROVED',
  retry: (d) => d?.status === 'FAILED',
  reverse: (d) => d?.status === 'PAID',
};

/**
 * The milestone a step goes to: with aim, one where it can succeed by status, else one that
 * has a disbursement (a refusal by status); without aim, milestone m (perhaps "not found").
 */
const NEXT: Record<ModelDisbursement['status'], (alt: number) => Kind> = {
  REQUESTED: () => 'approve',
  APPROVED: (alt) => (alt % 3 === 0 ? 'fail' : 'pay'),
  FAILED: () => 'retry',
  PAID: (alt) => (alt % 3 === 0 ? 'reverse' : 'pay'),
  REVERSED: () => 'request',
};
const ALLOWED: Record<Kind, Who[]> = {
  request: ['reviewer', 'reviewer2'],
  retry: ['reviewer', 'reviewer2'],
  approve: ['admin', 'admin2', 'promoted'],
  pay: ['admin', 'admin2'],
  fail: ['admin', 'admin2'],
  reverse: ['admin', 'admin2'],
};

/** The concrete step: its milestone, and for "next" its kind and actor. */
function concretize(model: Model, raw: Command | Next): Command {
  if (raw.kind !== 'next') return { ...raw, m: target(model, raw) };
  const m = raw.m % model.milestones.length;
  const d = model.disbursements[m];
  const kind = d ? NEXT[d.status](raw.alt) : 'request';
  const allowed = ALLOWED[kind];
  return { kind, m, aim: false, who: raw.who ?? allowed[raw.alt % allowed.length]!, ref: raw.ref };
}

function target(model: Model, cmd: Command): number {
  const n = model.milestones.length;
  if (cmd.aim) {
    const where = (ok: (d: ModelDisbursement | null) => boolean) =>
      model.disbursements.map((d, i) => (ok(d) ? i : -1)).filter((i) => i >= 0);
    const fits = where(AIM[cmd.kind]);
    const others = where((d) => d !== null);
    const pool = fits.length > 0 ? fits : others;
    if (pool.length > 0) return pool[cmd.m % pool.length]!;
  }
  return cmd.m % n;
}

class Rollback extends Error {}

let staff: Record<Who, Staff>;
let parties: Awaited<ReturnType<typeof makeContractParties>>;

beforeAll(async () => {
  const s = await makePaymentStaff(db);
  // a reviewer who became an admin: still the same person for four-eyes
  staff = { ...s, promoted: { ...s.reviewer, role: 'ADMIN' } };
  parties = await makeContractParties(db);
});

const IN_FLIGHT_OR_PAID = ['REQUESTED', 'APPROVED', 'PAID'];

function committedFen(model: Model, except?: number) {
  return model.disbursements.reduce(
    (sum, d, i) =>
      d && i !== except && IN_FLIGHT_OR_PAID.includes(d.status)
        ? sum + model.milestones[i]!.amountFen
        : sum,
    0,
  );
}

/** What the service must answer, and the model's next state, for one command. */
function expectOutcome(model: Model, cmd: Command, refs: string[]): Outcome {
  const actor = staff[cmd.who];
  const d = model.disbursements[cmd.m] ?? null;
  const m = model.milestones[cmd.m]!;
  const amount = m.amountFen;
  const b = model.balances;
  // the table's order: status first, then role
  const transition = (from: string, action: string): Outcome | null => {
    // action → from → roles (staff's view: SYSTEM's Stripe-only edges refuse staff as forbidden)
    const edges: Record<string, Record<string, string[]>> = {
      approve: { REQUESTED: ['ADMIN'] },
      pay: { APPROVED: ['ADMIN'] },
      fail: { APPROVED: ['ADMIN'], PAID: ['SYSTEM'], REVERSED: ['SYSTEM'] },
      retry: { FAILED: ['REVIEWER'] },
      reverse: { PAID: ['ADMIN'], APPROVED: ['SYSTEM'] },
    };
    const roles = edges[action]![from];
    if (!roles) return 'wrongStatus';
    if (!roles.includes(actor.role)) return 'forbidden';
    return null;
  };

  switch (cmd.kind) {
    case 'request': {
      if (actor.role !== 'REVIEWER') return 'forbidden';
      if (d) return 'alreadyRequested';
      if (!m.payable) return 'notPayable';
      if (committedFen(model) + amount > model.rewardFen) return 'overReward';
      if (!model.inLedger) {
        model.inLedger = true;
        b.fund -= model.rewardFen;
        b.commitment += model.rewardFen;
      }
      model.disbursements[cmd.m] = {
        status: 'REQUESTED',
        attempt: 1,
        requester: actor.id,
        reference: null,
      };
      return 'ok';
    }
    case 'approve': {
      if (!d) return 'notFound';
      const refused = transition(d.status, 'approve');
      if (refused) return refused;
      if (d.requester === actor.id) return 'fourEyes';
      d.status = 'APPROVED';
      b.commitment -= amount;
      b.payable += amount;
      return 'ok';
    }
    case 'pay': {
      if (!d) return 'notFound';
      if (actor.role !== 'ADMIN') return 'forbidden';
      const reference = refs[cmd.ref]!;
      if (d.status === 'PAID') return d.reference === reference ? 'unchanged' : 'alreadyPaid';
      const refused = transition(d.status, 'pay');
      if (refused) return refused;
      if (model.disbursements.some((o) => o && o !== d && o.reference === reference))
        return 'referenceInUse';
      d.status = 'PAID';
      d.reference = reference;
      b.payable -= amount;
      b.paid += amount;
      return 'ok';
    }
    case 'fail': {
      if (actor.role !== 'ADMIN') return 'forbidden';
      if (!d) return 'notFound';
      const refused = transition(d.status, 'fail');
      if (refused) return refused;
      d.status = 'FAILED';
      b.payable -= amount;
      b.commitment += amount;
      return 'ok';
    }
    case 'retry': {
      if (!d) return 'notFound';
      const refused = transition(d.status, 'retry');
      if (refused) return refused;
      if (committedFen(model, cmd.m) + amount > model.rewardFen) return 'overReward';
      d.status = 'REQUESTED';
      d.attempt += 1;
      d.requester = actor.id;
      return 'ok';
    }
    case 'reverse': {
      if (!d) return 'notFound';
      const refused = transition(d.status, 'reverse');
      if (refused) return refused;
      d.status = 'REVERSED';
      b.paid -= amount;
      b.commitment += amount;
      return 'ok';
    }
  }
}

/** Runs the command against the database; `ids` holds the disbursement id of each milestone. */
async function run(
  tx: Tx,
  cmd: Command,
  milestoneIds: string[],
  ids: (string | null)[],
  refs: string[],
): Promise<Outcome> {
  const actor = staff[cmd.who];
  const milestoneId = milestoneIds[cmd.m]!;
  const id = ids[cmd.m] ?? `missing-${milestoneId}`;
  try {
    switch (cmd.kind) {
      case 'request':
        ids[cmd.m] = (await requestDisbursement(tx, actor, milestoneId)).id;
        return 'ok';
      case 'approve':
        await approveDisbursement(tx, actor, id);
        return 'ok';
      case 'pay': {
        const r = await recordBankTransfer(tx, actor, id, {
          reference: refs[cmd.ref]!,
          paidOn: new Date(),
        });
        return r.changed ? 'ok' : 'unchanged';
      }
      case 'fail':
        await failDisbursement(tx, actor, id, { reason: '银行退票' });
        return 'ok';
      case 'retry':
        await retryDisbursement(tx, actor, id);
        return 'ok';
      case 'reverse':
        await reverseDisbursement(tx, actor, id, { reason: '误付冲正' });
        return 'ok';
    }
  } catch (error) {
    if (error instanceof DisbursementError) return error.code;
    if (error instanceof OverpaymentError) return 'overReward';
    if (error instanceof FourEyesError) return 'fourEyes';
    throw error;
  }
}

async function checkInvariants(
  tx: Tx,
  model: Model,
  contract: { id: string; teamId: string },
  milestoneIds: string[],
) {
  const [rows, entries] = await Promise.all([
    tx.disbursement.findMany({
      where: { contractId: contract.id },
      select: {
        id: true,
        milestoneId: true,
        status: true,
        attempt: true,
        idempotencyKey: true,
        amountFen: true,
        requestedById: true,
        bankReference: true,
      },
    }),
    tx.ledgerEntry.findMany({
      where: { contractId: contract.id },
      select: { journalId: true, account: true, amountFen: true },
    }),
  ]);
  // at most one disbursement per milestone
  expect(new Set(rows.map((r) => r.milestoneId)).size).toBe(rows.length);
  // paid + in flight never exceed the reward
  const committed = rows
    .filter((r) => IN_FLIGHT_OR_PAID.includes(r.status))
    .reduce((sum, r) => sum + toFen(r.amountFen), 0);
  expect(committed).toBeLessThanOrEqual(model.rewardFen);
  // the database agrees with the model
  const actual = milestoneIds.map((mid) => {
    const r = rows.find((x) => x.milestoneId === mid);
    if (!r) return null;
    expect(r.idempotencyKey).toBe(idempotencyKeyFor(r.id, r.attempt));
    return {
      status: r.status,
      attempt: r.attempt,
      requester: r.requestedById,
      reference: r.bankReference,
    };
  });
  expect(actual).toEqual(model.disbursements.slice(0, milestoneIds.length));
  // every journal balances; the balances are what the records call for, and what the model says
  const ledger = entries.map((e) => ({ ...e, amountFen: toFen(e.amountFen) }));
  expect(unbalancedJournals(ledger)).toEqual([]);
  const actualBalances = balances(ledger);
  if (model.inLedger) {
    const expected = expectedContractBalances({
      contractId: contract.id,
      teamId: contract.teamId,
      rewardFen: model.rewardFen,
      disbursements: rows.map((r) => ({ status: r.status, amountFen: toFen(r.amountFen) })),
    });
    expect(balanceDrift(actualBalances, expected)).toEqual([]);
  } else {
    expect(ledger).toEqual([]);
  }
  const b = model.balances;
  const modelBalances = new Map([
    [FUND_ACCOUNT, b.fund],
    [commitmentAccount(contract.id), b.commitment],
    [payableAccount(contract.teamId), b.payable],
    [PAID_ACCOUNT, b.paid],
  ]);
  expect(balanceDrift(actualBalances, modelBalances)).toEqual([]);
}

describe(`disbursement command sequences (${inject('databaseKind')})`, () => {
  it(`keeps the ledger and the invariants through ${RUNS} random sequences`, async () => {
    const started = Date.now();
    const outcomes = new Map<string, number>();
    let steps = 0;
    await fc.assert(
      fc.asyncProperty(scenarioArb, sequenceArb, async (scenario, commands) => {
        const model: Model = {
          rewardFen: scenario.rewardFen,
          milestones: scenario.milestones,
          disbursements: scenario.milestones.map(() => null),
          inLedger: false,
          balances: { fund: 0, commitment: 0, payable: 0, paid: 0 },
        };
        const token = Math.random().toString(36).slice(2, 10).toUpperCase();
        const refs = [0, 1].map((i) => `P${token}-${i}`);
        try {
          await db.$transaction(
            async (tx) => {
              const c = await makePayableContract(tx, {
                rewardFen: scenario.rewardFen,
                milestones: scenario.milestones.map((m) => ({
                  amountFen: m.amountFen,
                  confirmed: m.payable,
                })),
                parties,
              });
              const milestoneIds = c.milestones.map((m) => m.id);
              const ids: (string | null)[] = milestoneIds.map(() => null);
              for (const raw of commands) {
                const cmd = concretize(model, raw);
                const expected = expectOutcome(model, cmd, refs);
                const got = await run(tx, cmd, milestoneIds, ids, refs);
                expect({ cmd, got }).toEqual({ cmd, got: expected });
                const key = `${cmd.kind}:${got}`;
                outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
                steps++;
                await checkInvariants(tx, model, c, milestoneIds);
              }
              // and the service's own check, once per sequence
              expect((await checkLedger(tx, { contractIds: [c.id] })).problems).toEqual([]);
              throw new Rollback();
            },
            { timeout: 60_000, maxWait: 20_000 },
          );
        } catch (error) {
          if (!(error instanceof Rollback)) throw error;
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `${RUNS} sequences (seed ${SEED}), ${steps} steps in ${seconds} s on ${inject('databaseKind')}; outcomes: ${JSON.stringify(Object.fromEntries([...outcomes].sort()))}`,
    );
    // the sequences reached every kind of success and the interesting refusals
    for (const key of [
      'request:ok',
      'approve:ok',
      'pay:ok',
      'pay:unchanged',
      'fail:ok',
      'retry:ok',
      'reverse:ok',
      'request:overReward',
      'approve:fourEyes',
      'pay:alreadyPaid',
    ]) {
      expect(outcomes.get(key) ?? 0, key).toBeGreaterThan(0);
    }
    // 240 s was passed on PostgreSQL on a host three times slower than usual (session 20)
  }, 600_000);
});
