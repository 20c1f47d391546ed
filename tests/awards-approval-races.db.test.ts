// Parallel approvals of awards, in one process and across processes (each with its own
// connection): never more awards than slots.
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { approveAward } from '~/services/evaluation/awards.server';
import { actorOf } from '~/services/kernel/actor';
import { closedChallenge, makeStaff } from './factories';
import { RACE_TIMEOUT } from './race';
import { proposalsFor, REFUSALS, approveAllAtOnce } from './awards-helpers';

afterAll(() => db.$disconnect());

describe(`awards (${inject('databaseKind')})`, () => {
  for (const mode of ['one process', 'five processes'] as const) {
    it(
      `gives 50 parallel approvals on a one-slot challenge exactly one award (${mode})`,
      async () => {
        const { challenge, applications } = await closedChallenge(db, { bids: 50 });
        const { awardIds, results } = await approveAllAtOnce(
          challenge.id,
          applications.map((a) => a.id),
          5,
          mode,
        );

        expect(results).toHaveLength(50);
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        // every other approval was refused for a reason, none failed
        for (const r of results.filter((x) => !x.ok)) expect(REFUSALS).toContain(r.error);
        const awards = await db.award.findMany({ where: { challengeId: challenge.id } });
        const approved = awards.filter((a) => a.status === 'APPROVED');
        expect(approved.map((a) => a.slotNo)).toEqual([1]);
        expect(awards.filter((a) => a.status === 'PROPOSED')).toHaveLength(0);
        const statuses = await db.application.groupBy({
          by: ['status'],
          where: { challengeId: challenge.id },
          _count: { _all: true },
        });
        expect(Object.fromEntries(statuses.map((s) => [s.status, s._count._all]))).toEqual({
          AWARDED: 1,
          DECLINED: 49,
        });
        expect(
          (
            await db.application.findFirstOrThrow({
              where: { challengeId: challenge.id, status: 'AWARDED' },
            })
          ).id,
        ).toBe(approved[0]!.applicationId);
        expect((await db.challenge.findUniqueOrThrow({ where: { id: challenge.id } })).status).toBe(
          'AWARDED',
        );
        expect(
          await db.auditEvent.count({
            where: { action: 'award.approved', entityId: { in: awardIds } },
          }),
        ).toBe(1);
      },
      RACE_TIMEOUT,
    );

    it(
      `gives 10 parallel approvals on a three-slot challenge exactly three awards (${mode})`,
      async () => {
        const { challenge, applications } = await closedChallenge(db, {
          bids: 10,
          awardSlots: 3,
          stageGateDate: new Date('2022-06-30T00:00:00+08:00'),
        });
        const { results } = await approveAllAtOnce(
          challenge.id,
          applications.map((a) => a.id),
          3,
          mode,
        );

        expect(results.filter((r) => r.ok)).toHaveLength(3);
        for (const r of results.filter((x) => !x.ok)) expect(REFUSALS).toContain(r.error);
        const approved = await db.award.findMany({
          where: { challengeId: challenge.id, status: 'APPROVED' },
          orderBy: { slotNo: 'asc' },
        });
        expect(approved.map((a) => a.slotNo)).toEqual([1, 2, 3]);
        expect(
          await db.application.count({ where: { challengeId: challenge.id, status: 'AWARDED' } }),
        ).toBe(3);
        expect(
          await db.application.count({ where: { challengeId: challenge.id, status: 'DECLINED' } }),
        ).toBe(7);
        expect((await db.challenge.findUniqueOrThrow({ where: { id: challenge.id } })).status).toBe(
          'AWARDED',
        );
      },
      RACE_TIMEOUT,
    );
  }

  // The challenge lock queues approvals of one challenge; the unique (challengeId, slotNo) index
  // is the last line. Here a writer that does not take the lock (a raw transaction) holds
  // slot 1 uncommitted while an approval runs: the approval picks slot 1, waits on the index,
  // gets the unique violation when the writer commits, and retries once with the slots as they
  // now are. SQLite admits one writer at a time, so this interleaving cannot happen there.
  it.skipIf(inject('databaseKind') === 'sqlite')(
    'turns a slot taken under its feet into the next slot, or a refusal when none is left',
    async () => {
      for (const [slots, expected] of [
        [2, { ok: true, slotNo: 2, challengeAwarded: true }],
        [1, { ok: false, error: 'full', key: 'evaluation.errors.full' }],
      ] as const) {
        const { challenge, applications } = await closedChallenge(db, {
          bids: 2,
          awardSlots: slots,
          stageGateDate: slots > 1 ? new Date('2022-06-30T00:00:00+08:00') : null,
        });
        const reviewer = await makeStaff(db, 'REVIEWER');
        const admin = await makeStaff(db, 'ADMIN');
        const [awardId] = await proposalsFor(challenge.id, [applications[0]!.id], reviewer.id);
        const raw = new pg.Client({ connectionString: inject('databaseUrl') });
        await raw.connect();
        try {
          await raw.query('BEGIN');
          await raw.query(
            `INSERT INTO "Award" (id, "challengeId", "applicationId", status, "slotNo", "proposedById")
             VALUES ($1, $2, $3, 'APPROVED', 1, $4)`,
            [`raw-${awardId}`, challenge.id, applications[1]!.id, reviewer.id],
          );
          const approval = approveAward(db, actorOf(admin), awardId!);
          await new Promise((r) => setTimeout(r, 500));
          await raw.query('COMMIT');
          expect(await approval).toEqual(expected);
        } finally {
          await raw.end();
        }
        const approved = await db.award.findMany({
          where: { challengeId: challenge.id, status: 'APPROVED' },
          orderBy: { slotNo: 'asc' },
        });
        expect(approved.map((a) => a.slotNo)).toEqual(slots === 2 ? [1, 2] : [1]);
      }
    },
  );
});
