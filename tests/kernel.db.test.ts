// The write kernel (ADR 019) on a real database, SQLite and PostgreSQL: a command's change and
// its audit record commit together or not at all, a refusal anywhere rolls everything back and
// comes out as a result with its translation key, mail and after-commit work wait for the
// commit, and the lock policy keeps parallel read-modify-writes of one record from losing any.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { dataVersion } from '~/lib/data-version.server';
import { db } from '~/lib/db.server';
import { command } from '~/services/kernel/command.server';
import { lockChallenge, lockRootReading } from '~/services/kernel/locks.server';
import { Refused } from '~/services/kernel/refusal';
import { makeChallenge, uid } from './factories';

afterAll(() => db.$disconnect());

const spec = { errors: 'kernelTest.errors' };

async function auditCount(entityId: string) {
  return db.auditEvent.count({ where: { entityType: 'KernelTest', entityId } });
}

describe(`the write kernel (${inject('databaseKind')})`, () => {
  it('commits the change and its audit record together, and returns the value', async () => {
    const name = `k:${uid()}`;
    const result = await command(db, spec, async (ctx) => {
      await ctx.tx.counter.create({ data: { name, value: 1 } });
      await ctx.audit({ action: 'kernel.test', entityType: 'KernelTest', entityId: name });
      return { name };
    });
    expect(result).toEqual({ ok: true, name });
    expect(await db.counter.findUnique({ where: { name } })).toMatchObject({ value: 1 });
    expect(await auditCount(name)).toBe(1);
  });

  it('rolls back every write of a command refused after writing, and says why', async () => {
    const name = `k:${uid()}`;
    const result = await command(db, spec, async (ctx) => {
      await ctx.tx.counter.create({ data: { name, value: 1 } });
      await ctx.audit({ action: 'kernel.test', entityType: 'KernelTest', entityId: name });
      await ctx.mail({ to: `${name}@example.com`, subject: 'never', text: 'never' });
      throw new Refused('tooLate', { field: 'deadline' });
    });
    expect(result).toEqual({
      ok: false,
      error: 'tooLate',
      key: 'kernelTest.errors.tooLate',
      field: 'deadline',
    });
    expect(await db.counter.findUnique({ where: { name } })).toBeNull();
    expect(await auditCount(name)).toBe(0);
    expect(await db.mailMessage.count({ where: { to: `${name}@example.com` } })).toBe(0);
  });

  it('runs after-commit work once the change is visible to others, and never after a refusal', async () => {
    const name = `k:${uid()}`;
    const seen: (number | null)[] = [];
    await command(db, spec, async (ctx) => {
      await ctx.tx.counter.create({ data: { name, value: 7 } });
      await ctx.mail({ to: `${name}@example.com`, subject: 's', text: 't' });
      ctx.afterCommit(async () => {
        // `db`, not the transaction: on SQLite this would wait for the gate if still inside
        seen.push((await db.counter.findUnique({ where: { name } }))?.value ?? null);
      });
      return {};
    });
    expect(seen).toEqual([7]);
    expect(await db.mailMessage.count({ where: { to: `${name}@example.com` } })).toBe(1);

    let ran = false;
    await command(db, spec, async (ctx) => {
      ctx.afterCommit(() => {
        ran = true;
      });
      throw new Refused('no');
    });
    expect(ran).toBe(false);
  });

  it('joins a caller’s transaction: an inner refusal rolls the outer command back too', async () => {
    const name = `k:${uid()}`;
    const result = await command(db, spec, async (ctx) => {
      await ctx.tx.counter.create({ data: { name, value: 1 } });
      await command(ctx.tx, { errors: 'inner.errors' }, async (inner) => {
        await inner.tx.counter.update({ where: { name }, data: { value: 2 } });
        throw new Refused('innerSaysNo');
      });
      return {};
    });
    expect(result).toMatchObject({
      ok: false,
      error: 'innerSaysNo',
      key: 'inner.errors.innerSaysNo',
    });
    expect(await db.counter.findUnique({ where: { name } })).toBeNull();
  });

  it('refuses with notFound when the record to lock does not exist, writing nothing', async () => {
    const name = `k:${uid()}`;
    const result = await command(
      db,
      { ...spec, lock: (tx) => lockChallenge(tx, `missing-${uid()}`) },
      async (ctx) => {
        await ctx.tx.counter.create({ data: { name, value: 1 } });
        return {};
      },
    );
    expect(result).toMatchObject({
      ok: false,
      error: 'notFound',
      key: 'kernelTest.errors.notFound',
    });
    expect(await db.counter.findUnique({ where: { name } })).toBeNull();
  });

  it('reads the locked row in the lock’s own statement, typed, and counts no write', async () => {
    const challenge = await makeChallenge(db);
    const cols = ['id', 'status', 'applicationDeadline', 'bountyFen'] as const;
    type Row = { id: string; status: string; applicationDeadline: Date; bountyFen: bigint };
    const before = dataVersion(['Challenge']);
    for (const mode of ['lock', 'share'] as const) {
      const read = await db.$transaction((tx) =>
        lockRootReading<Row>(tx, 'challenge', challenge.id, cols, mode),
      );
      expect(read, mode).toMatchObject({ id: challenge.id, status: challenge.status });
      expect(read!.applicationDeadline, mode).toBeInstanceOf(Date);
      expect(read!.applicationDeadline.getTime(), mode).toBe(
        challenge.applicationDeadline!.getTime(),
      );
      expect(Number(read!.bountyFen), mode).toBe(Number(challenge.bountyFen));
      const none = await db.$transaction((tx) =>
        lockRootReading<Row>(tx, 'challenge', 'no-such-id', cols, mode),
      );
      expect(none, mode).toBeNull();
    }
    // a lock changes nothing: the catalogue's cached pages and figures stay
    expect(dataVersion(['Challenge'])).toBe(before);
  });

  it('loses no update when 20 commands read and rewrite one record under its lock at once', async () => {
    const challenge = await db.challenge.findFirstOrThrow({ select: { id: true } });
    const name = `k:${uid()}`;
    await db.counter.create({ data: { name, value: 0 } });
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        command(db, { ...spec, lock: (tx) => lockChallenge(tx, challenge.id) }, async (ctx) => {
          const row = await ctx.tx.counter.findUniqueOrThrow({ where: { name } });
          // a pause between the read and the write, where an unlocked writer would interleave
          await new Promise((r) => setTimeout(r, 5));
          await ctx.tx.counter.update({ where: { name }, data: { value: row.value + 1 } });
          return {};
        }),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect((await db.counter.findUniqueOrThrow({ where: { name } })).value).toBe(20);
  });
});
