import { describe, expect, it } from 'vitest';
import {
  bumpDataVersion,
  changedData,
  createMemo,
  dataVersion,
  instanceKey,
  memoMaxAge,
  type MemoOptions,
  tableVersions,
  writtenTable,
  writtenTables,
} from './data-version.server';

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A memo on a version and a clock of the test's own. */
function setup(opts: MemoOptions = {}) {
  const clock = { now: 1_000, version: 0 };
  const memo = createMemo({
    now: () => clock.now,
    version: () => clock.version,
    ...opts,
  });
  let computed = 0;
  const compute = (value: string) => () => {
    computed += 1;
    return Promise.resolve(`${value}@${clock.version}`);
  };
  return { clock, memo, compute, computed: () => computed };
}

describe('the data version', () => {
  it('moves with every bump', () => {
    const before = dataVersion();
    bumpDataVersion();
    bumpDataVersion();
    expect(dataVersion()).toBe(before + 2);
  });

  it('moves a set of tables only when one of them, or a table unknown, is written', () => {
    const v = tableVersions();
    const catalogue = ['Challenge', 'Organization'];
    const seen = [v.current(catalogue)];
    const moved = () => {
      seen.push(v.current(catalogue));
      return seen.at(-1) !== seen.at(-2);
    };
    v.bump(['Application']);
    expect(moved()).toBe(false);
    v.bump(['Notification', 'Application']);
    expect(moved()).toBe(false);
    v.bump(['Challenge']);
    expect(moved()).toBe(true);
    // names compare without case, as SQLite's unquoted ones do
    v.bump(['organization']);
    expect(moved()).toBe(true);
    v.bump(null);
    expect(moved()).toBe(true);
    // a table written twice in one transaction, or two of the set at once: still one move up
    v.bump(['Challenge', 'Challenge', 'Organization']);
    expect(moved()).toBe(true);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    // the version of every write moved with each of them
    expect(v.current()).toBe(6);
    expect(v.current([])).toBe(1);
  });

  it('gathers a transaction’s tables and bumps them once, or nothing if nothing was written', () => {
    const before = { all: dataVersion(), app: dataVersion(['Application']) };
    const nothing = writtenTables();
    nothing.bump();
    expect(dataVersion()).toBe(before.all);
    const tx = writtenTables();
    tx.add('Application');
    tx.add('Notification');
    tx.bump();
    expect(dataVersion()).toBe(before.all + 1);
    expect(dataVersion(['Application'])).toBe(before.app + 1);
    const challenge = dataVersion(['Challenge']);
    expect(dataVersion(['Challenge', 'Notification'])).toBe(challenge + 1);
    // one statement whose table is not known: every table
    const unknown = writtenTables();
    unknown.add('Application');
    unknown.add(null);
    unknown.add('Notification');
    unknown.bump();
    expect(dataVersion(['Challenge'])).toBe(challenge + 1);
  });

  it('reads the table a write statement writes, and no table when it cannot tell', () => {
    const cases: [string, string | null][] = [
      ['INSERT INTO "main"."Application" ("id") VALUES (?) RETURNING "id"', 'Application'],
      ['INSERT INTO "public"."Application" ("id") VALUES ($1)', 'Application'],
      ['UPDATE "public"."Challenge" SET "title" = $1 WHERE "id" = $2', 'Challenge'],
      ['DELETE FROM "main"."EventChallenge" WHERE "challengeId" = ?', 'EventChallenge'],
      [
        'INSERT INTO "Throttle" ("key", "n") VALUES ($1, 1) ON CONFLICT ("key") DO UPDATE SET "n" = "Throttle"."n" + 1',
        'Throttle',
      ],
      ['insert into challenge (id) values (?)', 'challenge'],
      ['update main.Organization set name = ?', 'Organization'],
      ['  delete from "Notification" where id = ?;', 'Notification'],
      ['INSERT OR REPLACE INTO `Counter` (`key`) VALUES (?)', 'Counter'],
      ['REPLACE INTO [Match] VALUES (?)', 'Match'],
      ['UPDATE OR IGNORE "Score" SET "value" = 1', 'Score'],
      ['DELETE FROM ONLY public."Award" WHERE TRUE', 'Award'],
      ['/* a note */ -- another\n UPDATE "Offer" SET "status" = $1', 'Offer'],
      ['UPDATE "Odd""Name" SET x = 1', 'Odd"Name'],
      // what it cannot tell: every table
      ['UPDATE "Application" SET "x" = 1; UPDATE "Challenge" SET "x" = 1', null],
      ['delete from "Session"; delete from "Challenge"', null],
      ['WITH c AS (UPDATE "Challenge" SET x = 1 RETURNING id) INSERT INTO "Audit" SELECT 1', null],
      ['CREATE TABLE "ChallengePairs" ("a" TEXT)', null],
      ['DROP TABLE "Challenge"', null],
      ['TRUNCATE "Challenge"', null],
      ['MERGE INTO "Challenge" USING x ON TRUE', null],
      ['SELECT pg_notify($1, $2)', null],
    ];
    for (const [sql, table] of cases) expect([sql, writtenTable(sql)]).toEqual([sql, table]);
    // a script of several statements is not bookkeeping because its first one is
    expect(changedData('DELETE FROM "Session"; DELETE FROM "Challenge"', 2)).toBe(true);
    expect(changedData('delete from session where id = ?', 1)).toBe(false);
    // the kernel's row lock changes nothing; an UPDATE that sets more than the id does
    expect(changedData('UPDATE "Challenge" SET "id" = "id" WHERE "id" = $1', 1)).toBe(false);
    expect(changedData('UPDATE "Challenge" SET "id" = "id", "title" = $1 WHERE "id" = $2', 1)).toBe(
      true,
    );
    expect(
      changedData('UPDATE "Challenge" SET "id" = "id" WHERE "id" = $1; DELETE FROM "X"', 1),
    ).toBe(true);
  });

  it('tells statements that changed data from those that did not', () => {
    const rows = { columnNames: [], columnTypes: [], rows: [] };
    const one = { columnNames: ['id'], columnTypes: [], rows: [['c1']] };
    expect(changedData('INSERT INTO "Challenge" ("id") VALUES (?) RETURNING "id"', one)).toBe(true);
    // a claim that found nothing to claim, polled every two seconds, changed nothing
    expect(
      changedData(
        'UPDATE "OutboxJob" SET "status" = $1 WHERE "id" = (SELECT …) RETURNING "id"',
        rows,
      ),
    ).toBe(false);
    // a write without RETURNING sent as a query answers no rows, yet may have written
    expect(changedData('UPDATE "Challenge" SET "title" = $1', rows)).toBe(true);
    expect(changedData('UPDATE "Disbursement" SET "status" = $1 WHERE "id" = $2', 1)).toBe(true);
    expect(changedData('delete from "Magic" where "id" = ?', 3)).toBe(true);
    // bookkeeping no visitor sees: sessions, counters, the job and mail queues
    expect(changedData('delete from "Session" where "id" = ?', 3)).toBe(false);
    expect(changedData('INSERT INTO "main"."OutboxJob" ("id") VALUES (?)', 1)).toBe(false);
    expect(changedData('UPDATE "public"."MailMessage" SET "sentAt" = $1', 1)).toBe(false);
    expect(changedData('INSERT INTO "Throttle" ("key") VALUES ($1) ON CONFLICT …', rows)).toBe(
      false,
    );
    // a table whose name only starts like one of them still counts
    expect(changedData('UPDATE "main"."SessionLike" SET "x" = 1', 1)).toBe(true);
    // a lock taken by a write that touches nothing, and the statements around a transaction
    expect(changedData(`UPDATE "OutboxJob" SET "id" = "id" WHERE "id" = ''`, 0)).toBe(false);
    expect(changedData('COMMIT', 0)).toBe(false);
    expect(changedData('BEGIN', 0)).toBe(false);
    // reads, whose column names hold the words only inside longer names
    expect(changedData('SELECT "updatedAt", "createdAt", "deletedBy" FROM "Challenge"', rows)).toBe(
      false,
    );
    expect(changedData('PRAGMA journal_mode = WAL', rows)).toBe(false);
  });
});

describe('the memo of figures per data version', () => {
  it('computes once per version, and again after a write', async () => {
    const { clock, memo, compute, computed } = setup();
    expect(await memo.get('k', clock.version, compute('a'))).toBe('a@0');
    expect(await memo.get('k', clock.version, compute('a'))).toBe('a@0');
    expect(computed()).toBe(1);
    expect(memo.stats).toEqual({ computes: 1, hits: 1 });
    clock.version += 1;
    expect(await memo.get('k', clock.version, compute('a'))).toBe('a@1');
    expect(computed()).toBe(2);
  });

  it('keeps a value through writes to tables it does not read', async () => {
    const tables = ['Challenge', 'MatchingEvent'];
    const memo = createMemo({ tables });
    let computed = 0;
    const get = () => memo.get('k', dataVersion(tables), async () => ++computed);
    expect(await get()).toBe(1);
    bumpDataVersion(['Application']);
    bumpDataVersion(['Notification']);
    expect(await get()).toBe(1);
    expect(memo.stats).toEqual({ computes: 1, hits: 1 });
    bumpDataVersion(['MatchingEvent']);
    expect(await get()).toBe(2);
    bumpDataVersion();
    expect(await get()).toBe(3);
    // a computation overlapping a write to a table it reads is not kept
    bumpDataVersion(['MatchingEvent']);
    const during = memo.get('k', dataVersion(tables), async () => ++computed);
    bumpDataVersion(['Challenge']);
    expect(await during).toBe(4);
    expect(await get()).toBe(5);
  });

  it('lets requests during a computation share it', async () => {
    const { clock, memo } = setup();
    const d = deferred<string>();
    let calls = 0;
    const slow = () => {
      calls += 1;
      return d.promise;
    };
    const first = memo.get('k', clock.version, slow);
    const second = memo.get('k', clock.version, slow);
    d.resolve('v');
    expect(await Promise.all([first, second])).toEqual(['v', 'v']);
    expect(calls).toBe(1);
  });

  it('does not keep what was computed while a write committed', async () => {
    const { clock, memo } = setup();
    const old = deferred<string>();
    const pending = memo.get('k', clock.version, () => old.promise);
    // a write commits during the computation
    clock.version += 1;
    // a request at the new version does not wait for the old computation
    let fresh = 0;
    const next = memo.get('k', clock.version, () => Promise.resolve(`new${++fresh}`));
    old.resolve('old');
    expect(await pending).toBe('old');
    expect(await next).toBe('new1');
    expect(await memo.get('k', clock.version, () => Promise.resolve('again'))).toBe('new1');

    // the same when nobody asked in between: the old value is dropped, not served
    const late = deferred<string>();
    const overlapping = memo.get('j', clock.version, () => late.promise);
    clock.version += 1;
    late.resolve('stale');
    await overlapping;
    expect(await memo.get('j', clock.version, () => Promise.resolve('current'))).toBe('current');
  });

  it('does not keep a value asked for at a version already gone', async () => {
    const { clock, memo } = setup();
    const version = clock.version;
    clock.version += 1;
    expect(await memo.get('k', version, () => Promise.resolve('old'))).toBe('old');
    expect(memo.size).toBe(0);
    expect(await memo.get('k', clock.version, () => Promise.resolve('new'))).toBe('new');
  });

  it('does not keep a failure', async () => {
    const { clock, memo } = setup();
    await expect(
      memo.get('k', clock.version, () => Promise.reject(new Error('database away'))),
    ).rejects.toThrow('database away');
    await expect(
      memo.get('k', clock.version, () => {
        throw new Error('thrown at once');
      }),
    ).rejects.toThrow('thrown at once');
    expect(await memo.get('k', clock.version, () => Promise.resolve('back'))).toBe('back');
  });

  it('keeps a value no longer than its bound, nor past its own end', async () => {
    const { clock, memo, compute, computed } = setup({ maxAgeMs: 100 });
    await memo.get('k', clock.version, compute('a'));
    clock.now += 99;
    await memo.get('k', clock.version, compute('a'));
    expect(computed()).toBe(1);
    clock.now += 1;
    await memo.get('k', clock.version, compute('a'));
    expect(computed()).toBe(2);

    // a value that changes with the clock (an event taking place) ends sooner
    const until = clock.now + 10;
    await memo.get('e', clock.version, compute('e'), () => until);
    clock.now += 9;
    await memo.get('e', clock.version, compute('e'), () => until);
    expect(computed()).toBe(3);
    clock.now += 1;
    await memo.get('e', clock.version, compute('e'), () => until);
    expect(computed()).toBe(4);
  });

  it('keeps only a few keys, the least recently used going first', async () => {
    const { clock, memo, compute, computed } = setup({ maxKeys: 2 });
    await memo.get('a', clock.version, compute('a'));
    await memo.get('b', clock.version, compute('b'));
    await memo.get('a', clock.version, compute('a'));
    await memo.get('c', clock.version, compute('c'));
    expect(memo.size).toBe(2);
    expect(computed()).toBe(3);
    await memo.get('a', clock.version, compute('a'));
    expect(computed()).toBe(3);
    await memo.get('b', clock.version, compute('b'));
    expect(computed()).toBe(4);
    // a flood of keys never grows it
    for (let i = 0; i < 1_000; i++) await memo.get(`q${i}`, clock.version, compute('q'));
    expect(memo.size).toBe(2);
  });

  it('names each database client apart', () => {
    const one = {};
    const other = {};
    expect(instanceKey(one)).toBe(instanceKey(one));
    expect(instanceKey(one)).not.toBe(instanceKey(other));
  });

  it('keeps nothing with a bound of 0 (the bench: every read as after a write)', async () => {
    const { clock, memo, compute, computed } = setup({ maxAgeMs: memoMaxAge('0') });
    await memo.get('k', 0, compute('a'));
    await memo.get('k', 0, compute('a'));
    clock.now += 1;
    await memo.get('k', 0, compute('a'));
    expect(computed()).toBe(3);
  });

  it('reads the bound from DATA_MEMO_MAX_AGE_MS, a number ≥ 0, else 10 s', () => {
    expect(memoMaxAge(undefined)).toBe(10_000);
    expect(memoMaxAge('')).toBe(10_000);
    expect(memoMaxAge('0')).toBe(0);
    expect(memoMaxAge('2500')).toBe(2_500);
    expect(memoMaxAge('-1')).toBe(10_000);
    expect(memoMaxAge('soon')).toBe(10_000);
  });
});
