// Reads made outside a transaction do not wait for one. On SQLite they go to a second
// connection, which in WAL mode reads the last committed state while a transaction is open on
// the first (app/lib/db.server.ts `gated`, docs/decisions/010); writes still wait at the gate.
// PostgreSQL gives each statement its own pooled connection, so the same holds there.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db, isPlainRead } from '~/lib/db.server';

afterAll(() => db.$disconnect());

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tag = (what: string) => `reader-${what}-${Math.random().toString(36).slice(2)}@test`;
const mail = (to: string) => ({ to, subject: 'reader', text: 'reader' });
const sqlite = inject('databaseKind') === 'sqlite';

/** A transaction that has written a row to `to` and then waits, holding the gate, until let go. */
function openTransaction(to: string, outcome: 'commit' | 'rollback') {
  let opened!: () => void;
  let letGo!: () => void;
  const isOpen = new Promise<void>((r) => (opened = r));
  const goOn = new Promise<void>((r) => (letGo = r));
  const done = db
    .$transaction(async (tx) => {
      await tx.mailMessage.create({ data: mail(to) });
      opened();
      await goOn;
      if (outcome === 'rollback') throw new Error('give up');
    })
    .then(
      () => 'committed',
      (error: Error) => error.message,
    );
  return { isOpen, letGo, done };
}

/** `p`'s value, or 'waiting' if it has not settled within `ms`. */
const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, tick(ms).then(() => 'waiting' as const)]);

describe(`reads beside an open transaction (${inject('databaseKind')})`, () => {
  it.runIf(sqlite)(
    'runs the SQLite file in WAL mode, which the second connection needs',
    async () => {
      const [row] = await db.$queryRawUnsafe<{ journal_mode: string }[]>('PRAGMA journal_mode');
      expect(row?.journal_mode).toBe('wal');
    },
  );

  it('answers a read at once while a transaction holds the writer, without its uncommitted row', async () => {
    const inside = tag('open');
    const t = openTransaction(inside, 'commit');
    await t.isOpen;
    // before the reader, this read waited for the transaction: here, for ever (it is let go
    // only after the read)
    const seen = await within(db.mailMessage.count({ where: { to: inside } }), 2_000);
    const found = await within(db.mailMessage.findFirst({ where: { to: inside } }), 2_000);
    t.letGo();
    expect(await t.done).toBe('committed');
    expect([seen, found]).toEqual([0, null]);
    // …and right after the commit the other connection sees the row (read-your-writes)
    expect(await db.mailMessage.count({ where: { to: inside } })).toBe(1);
  });

  it('reads a plain write back at once', async () => {
    for (let i = 0; i < 20; i += 1) {
      const to = tag(`plain-${i}`);
      const made = await db.mailMessage.create({ data: mail(to) });
      expect(await db.mailMessage.findUnique({ where: { id: made.id } })).toMatchObject({ to });
    }
  });

  it('keeps a write made meanwhile waiting for the transaction, and out of it', async () => {
    const inside = tag('rolled-back');
    const outside = tag('outside');
    const t = openTransaction(inside, 'rollback');
    await t.isOpen;
    const write = db.mailMessage.create({ data: mail(outside) });
    // on SQLite it waits at the gate; on PostgreSQL it has its own connection and commits
    const meanwhile = await within(write, 200);
    if (sqlite) expect(meanwhile).toBe('waiting');
    t.letGo();
    expect(await t.done).toBe('give up');
    await write;
    expect(await db.mailMessage.count({ where: { to: outside } })).toBe(1);
    expect(await db.mailMessage.count({ where: { to: inside } })).toBe(0);
  });

  it('returns the row a create wrote (INSERT … RETURNING goes to the writer)', async () => {
    const to = tag('returning');
    const made = await db.mailMessage.create({ data: mail(to) });
    expect(made).toMatchObject({ to, subject: 'reader' });
    expect(typeof made.id).toBe('string');
    const upserted = await db.mailMessage.upsert({
      where: { id: made.id },
      create: mail(to),
      update: { subject: 'again' },
    });
    expect(upserted).toMatchObject({ id: made.id, subject: 'again' });
  });
});

describe('which statements the reader takes', () => {
  it.each([
    ['SELECT "id" FROM "Challenge" WHERE "id" = ?', true],
    ['  select count(*) from "Session"', true],
    ['WITH "a" AS (SELECT 1) SELECT * FROM "a"', true],
    ['SELECT s."expiresAt", s."updatedAt" FROM "Session" s', true],
    ['INSERT INTO "MailMessage" ("id") VALUES (?) RETURNING "id"', false],
    ['WITH "a" AS (SELECT 1) INSERT INTO "T" SELECT * FROM "a" RETURNING "id"', false],
    ['WITH "a" AS (SELECT 1) DELETE FROM "T" WHERE "id" IN "a"', false],
    ['UPDATE "OutboxJob" SET "status" = ? RETURNING "id"', false],
    ['PRAGMA journal_mode', false],
    ['SELECT last_insert_rowid()', false],
    ['SELECT changes()', false],
    ['SELECT * FROM temp."t"', false],
    ['SELECT name FROM sqlite_temp_master', false],
  ])('%s → %s', (sql, read) => {
    expect(isPlainRead(sql)).toBe(read);
  });
});
