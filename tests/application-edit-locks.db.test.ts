// Teams saving their applications to one challenge (a deadline day) share the challenge's lock
// on PostgreSQL instead of queueing for it one by one (app/services/kernel/locks.server.ts),
// while a command that locks the challenge (closing applications early) still waits for the
// saves in progress, and a save waits for it and then sees the challenge closed.
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { updateApplication } from '~/services/applications/changes.server';
import { applicationInput, draftApplicationTo, makeChallenge } from './factories';

afterAll(() => db.$disconnect());

const kind = inject('databaseKind');

const input = applicationInput();
const draftOn = (challengeId: string) => draftApplicationTo(db, challengeId);

/** Whether `work` is still waiting after `ms`. */
async function stillWaiting(work: Promise<unknown>, ms: number) {
  const timeout = new Promise((resolve) => setTimeout(() => resolve('waiting'), ms));
  return (await Promise.race([work.then(() => 'done'), timeout])) === 'waiting';
}

describe.runIf(kind === 'postgresql')(`application saves under one challenge (${kind})`, () => {
  /** A connection of its own, as another server process's transaction would be. */
  async function otherConnection() {
    const client = new pg.Client({ connectionString: inject('databaseUrl') });
    await client.connect();
    return client;
  }

  it('do not wait for each other: a save goes on while another one holds the challenge shared', async () => {
    const challenge = await makeChallenge(db);
    const a = await draftOn(challenge.id);
    const other = await otherConnection();
    try {
      // a save in progress elsewhere: it has taken its share of the challenge's lock
      await other.query('BEGIN');
      await other.query('SELECT "id" FROM "Challenge" WHERE "id" = $1 FOR SHARE', [challenge.id]);
      const save = updateApplication(db, a.team, a.id, { ...input, approach: '并行保存' });
      expect(await stillWaiting(save, 3_000)).toBe(false);
      expect((await save).ok).toBe(true);
      await other.query('COMMIT');
    } finally {
      await other.end();
    }
    const saved = await db.application.findUniqueOrThrow({ where: { id: a.id } });
    expect(saved.approach).toBe('并行保存');
  });

  it('wait for a command that locks the challenge, then see what it committed', async () => {
    const challenge = await makeChallenge(db);
    const a = await draftOn(challenge.id);
    const other = await otherConnection();
    let save: Promise<Awaited<ReturnType<typeof updateApplication>>>;
    try {
      // closing applications early elsewhere: the challenge locked, its status moved
      await other.query('BEGIN');
      await other.query('UPDATE "Challenge" SET "id" = "id" WHERE "id" = $1', [challenge.id]);
      await other.query(`UPDATE "Challenge" SET "status" = 'CLOSED' WHERE "id" = $1`, [
        challenge.id,
      ]);
      save = updateApplication(db, a.team, a.id, { ...input, approach: '关闭后保存' });
      expect(await stillWaiting(save, 1_500)).toBe(true);
      await other.query('COMMIT');
    } finally {
      await other.end();
    }
    expect(await save!).toMatchObject({ ok: false, error: 'closed' });
    const kept = await db.application.findUniqueOrThrow({ where: { id: a.id } });
    expect(kept.approach).toBe(input.approach);
  });

  it('hold back a command that locks the challenge until they commit', async () => {
    const challenge = await makeChallenge(db);
    const other = await otherConnection();
    try {
      await other.query('BEGIN');
      await other.query('SELECT "id" FROM "Challenge" WHERE "id" = $1 FOR SHARE', [challenge.id]);
      const closing = db.$executeRaw`UPDATE "Challenge" SET "id" = "id" WHERE "id" = ${challenge.id}`;
      expect(await stillWaiting(closing, 1_500)).toBe(true);
      await other.query('COMMIT');
      expect(await closing).toBe(1);
    } finally {
      await other.end();
    }
  });
});

describe(`application saves under one challenge, side by side (${kind})`, () => {
  it('all land, each once, with its own audit record', async () => {
    const challenge = await makeChallenge(db);
    const drafts = await Promise.all(Array.from({ length: 12 }, () => draftOn(challenge.id)));
    const results = await Promise.all(
      drafts.map((d, i) =>
        updateApplication(db, d.team, d.id, { ...input, approach: `方案 ${i}` }),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const rows = await db.application.findMany({
      where: { id: { in: drafts.map((d) => d.id) } },
      select: { id: true, approach: true },
    });
    for (const [i, d] of drafts.entries())
      expect(rows.find((r) => r.id === d.id)?.approach).toBe(`方案 ${i}`);
    expect(
      await db.auditEvent.count({
        where: { action: 'application.updated', entityId: { in: drafts.map((d) => d.id) } },
      }),
    ).toBe(12);
  });
});

describe(`a change given the application's challenge by its caller (${kind})`, () => {
  it('saves under that challenge, and refuses a challenge that is not the application’s', async () => {
    const challenge = await makeChallenge(db);
    const elsewhere = await makeChallenge(db);
    const a = await draftOn(challenge.id);
    const wrong = await updateApplication(
      db,
      a.team,
      a.id,
      { ...input, approach: '锁错了挑战' },
      { challengeId: elsewhere.id },
    );
    expect(wrong).toMatchObject({ ok: false, error: 'notFound' });
    const kept = await db.application.findUniqueOrThrow({ where: { id: a.id } });
    expect(kept.approach).toBe(input.approach);
    expect(
      await db.auditEvent.count({ where: { action: 'application.updated', entityId: a.id } }),
    ).toBe(0);

    const right = await updateApplication(
      db,
      a.team,
      a.id,
      { ...input, approach: '已知挑战' },
      { challengeId: challenge.id },
    );
    expect(right.ok).toBe(true);
    const saved = await db.application.findUniqueOrThrow({ where: { id: a.id } });
    expect(saved.approach).toBe('已知挑战');
  });
});
