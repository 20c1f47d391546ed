// pg 8.19+ warns (and pg 9 will fail) when a client is sent a query while it is still running
// another. An interactive transaction holds one client, and Prisma's interpreter reads a
// select's relations at the same time when it loads them by separate queries (on PostgreSQL it
// joins them by default since ADR 040; `relationLoadStrategy: 'query'` still does).
// The app's PostgreSQL adapter sends a transaction's statements one at a time
// (app/lib/db.server.ts). Here every query sent to a busy pg client is caught, with a
// control: the same transaction on a plain PrismaPg client does overlap.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PrismaClient as PostgresClient } from '~/generated/postgresql/client';
import { db, type Db, type Tx } from '~/lib/db.server';
import { recordBankTransfer } from '~/services/payments/disbursement-outcomes.server';
import { approveDisbursement, requestDisbursement } from '~/services/payments/disbursements.server';
import { checkLedger } from '~/services/payments/ledger.server';
import { makeContractParties, makePayableContract, makePaymentStaff } from './factories';

type Busy = { _activeQuery?: unknown; _queryQueue?: unknown[] };

const overlapping: string[] = [];
const warnings: string[] = [];
const query = pg.Client.prototype.query;
const onWarning = (w: Error) => {
  if (w.name === 'DeprecationWarning') warnings.push(w.message);
};

beforeAll(() => {
  // the condition under which pg queues the query and warns
  pg.Client.prototype.query = function (this: Busy, ...args: unknown[]) {
    if (this._activeQuery || (this._queryQueue?.length ?? 0) > 0) {
      const sql = args[0] as string | { text?: string };
      overlapping.push(String(typeof sql === 'string' ? sql : sql?.text).slice(0, 120));
    }
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  process.on('warning', onWarning);
});

afterAll(async () => {
  pg.Client.prototype.query = query;
  process.off('warning', onWarning);
  await db.$disconnect();
});

/** What the money services and the ledger check do inside one transaction. */
async function moneyOperations(client: Db) {
  const staff = await makePaymentStaff(client);
  const parties = await makeContractParties(client);
  const c = await makePayableContract(client, {
    rewardFen: 20_000,
    milestones: [{ amountFen: 10_000 }, { amountFen: 10_000 }],
    parties,
  });
  for (const m of c.milestones) {
    const d = await requestDisbursement(client, staff.reviewer, m.id);
    await approveDisbursement(client, staff.admin, d.id);
    await recordBankTransfer(client, staff.admin, d.id, {
      reference: `PGQ${Date.now()}${m.seq}`,
      paidOn: new Date(),
    });
  }
  await client.$transaction(async (tx: Tx) => {
    // several reads awaited together, and selects of two and of three relations (one statement
    // each on PostgreSQL, whose client loads relations by joins: ADR 040)
    await Promise.all([
      checkLedger(tx, { contractIds: [c.id] }),
      tx.disbursement.findMany({
        where: { contractId: c.id },
        select: {
          id: true,
          contract: { select: { code: true } },
          milestone: { select: { seq: true } },
        },
      }),
    ]);
    await tx.contract.findUniqueOrThrow({
      where: { id: c.id },
      select: {
        code: true,
        milestones: { select: { seq: true } },
        disbursements: { select: { status: true } },
        challenge: { select: { title: true } },
      },
    });
  });
  // relations loaded by separate queries, which Prisma's interpreter sends at the same time
  await (client as unknown as PostgresClient).$transaction(async (tx) => {
    await tx.contract.findUniqueOrThrow({
      where: { id: c.id },
      relationLoadStrategy: 'query',
      select: {
        code: true,
        milestones: { select: { seq: true } },
        disbursements: { select: { status: true } },
        challenge: { select: { title: true } },
      },
    });
  });
  return c;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe.runIf(inject('databaseKind') === 'postgresql')(
  'one query at a time on a transaction’s pg connection (postgresql)',
  () => {
    it('the app’s client sends none: no overlapping query, no DeprecationWarning', async () => {
      overlapping.length = 0;
      warnings.length = 0;
      const c = await moneyOperations(db);
      await settle();
      expect(overlapping).toEqual([]);
      expect(warnings.filter((w) => w.includes('already executing a query'))).toEqual([]);
      expect(await db.disbursement.count({ where: { contractId: c.id, status: 'PAID' } })).toBe(2);
    });

    it('the control: a plain PrismaPg client overlaps queries inside a transaction', async () => {
      const plain = new PostgresClient({
        adapter: new PrismaPg({ connectionString: inject('databaseUrl'), max: 4 }),
      }) as unknown as Db;
      try {
        overlapping.length = 0;
        await moneyOperations(plain);
        expect(overlapping.length).toBeGreaterThan(0);
        // pg's own warning (once per process: this file's first overlap is here)
        await settle();
        expect(warnings.some((w) => w.includes('already executing a query'))).toBe(true);
      } finally {
        await plain.$disconnect();
      }
    });

    it('parallel transactions still run side by side (one queue per transaction)', async () => {
      overlapping.length = 0;
      // five transactions that each sleep 300 ms in the database, stamped by the server's clock:
      // side by side, every one starts before any one ends; queued, none would
      const spans = await Promise.all(
        Array.from({ length: 5 }, () =>
          db.$transaction(async (tx) => {
            const [row] = await tx.$queryRaw<{ s: Date; e: Date }[]>`
              SELECT clock_timestamp() AS s, pg_sleep(0.3)::text AS z, clock_timestamp() AS e`;
            return row!;
          }),
        ),
      );
      const lastStart = Math.max(...spans.map((x) => new Date(x.s).getTime()));
      const firstEnd = Math.min(...spans.map((x) => new Date(x.e).getTime()));
      expect(lastStart).toBeLessThan(firstEnd);
      expect(overlapping).toEqual([]);
    });
  },
);
