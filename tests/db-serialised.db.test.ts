// A query made outside an interactive transaction must not run inside it. On PostgreSQL each
// runs on its own pooled connection; on SQLite the adapter has one connection, so without the
// gate in app/lib/db.server.ts (docs/decisions/010) another request's statement ran inside the
// open transaction and was rolled back with it.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';

afterAll(() => db.$disconnect());

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tag = (what: string) => `serialised-${what}-${Math.random().toString(36).slice(2)}@test`;
const mail = (to: string) => ({ to, subject: 'gate', text: 'gate' });

describe(`statements outside an open transaction (${inject('databaseKind')})`, () => {
  it('keeps a write made meanwhile when the transaction rolls back', async () => {
    const inside = tag('inside');
    const outside = tag('outside');
    let opened!: () => void;
    const isOpen = new Promise<void>((r) => (opened = r));

    const rolledBack = db
      .$transaction(async (tx) => {
        await tx.mailMessage.create({ data: mail(inside) });
        opened();
        // another request writes while this transaction is still open…
        await tick(100);
        throw new Error('give up');
      })
      .catch((error: Error) => error.message);
    await isOpen;
    const outsideWrite = db.mailMessage.create({ data: mail(outside) });

    expect(await rolledBack).toBe('give up');
    await outsideWrite;
    // …and its write survives the rollback, which takes back only the transaction's own
    expect(await db.mailMessage.count({ where: { to: outside } })).toBe(1);
    expect(await db.mailMessage.count({ where: { to: inside } })).toBe(0);
  });

  it('does not let a read made meanwhile see the uncommitted write', async () => {
    const inside = tag('uncommitted');
    let opened!: () => void;
    const isOpen = new Promise<void>((r) => (opened = r));
    const tx = db
      .$transaction(async (t) => {
        await t.mailMessage.create({ data: mail(inside) });
        opened();
        await tick(100);
        throw new Error('give up');
      })
      .catch(() => undefined);
    await isOpen;
    const seen = await db.mailMessage.count({ where: { to: inside } });
    await tx;
    expect(seen).toBe(0);
  });

  it('runs many writers and transactions side by side without losing any', async () => {
    const prefix = tag('many');
    const writes = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0
        ? db.mailMessage.create({ data: mail(`${prefix}-${i}`) })
        : db
            .$transaction(async (tx) => {
              await tx.mailMessage.create({ data: mail(`${prefix}-${i}`) });
              await tick(5);
              if (i % 4 === 1) throw new Error('rolled back');
            })
            .catch(() => undefined),
    );
    await Promise.all(writes);
    // 20 plain writes + 10 committed transactions; the 10 rolled-back ones leave nothing
    expect(await db.mailMessage.count({ where: { to: { startsWith: prefix } } })).toBe(30);
  });
});
