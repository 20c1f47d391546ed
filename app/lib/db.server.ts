// One Prisma client per process, on SQLite or PostgreSQL by DATABASE_URL (docs/decisions/003).
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { Mutex } from 'async-mutex';
import { bumpDataVersion, changedData } from '~/lib/data-version.server';
import { Prisma, PrismaClient as SqliteClient } from '~/generated/sqlite/client';
import { PrismaClient as PostgresClient } from '~/generated/postgresql/client';

// Raw SQL fragments (Prisma.sql, Prisma.join, Prisma.raw) for $queryRaw on either engine: both
// generated clients take them from the same runtime.
export { Prisma };

// The two generated clients share one model set; the SQLite one's type stands for both.
export type Db = SqliteClient;
export type Tx = Prisma.TransactionClient;

export function isPostgresUrl(url: string) {
  return /^postgres(ql)?:\/\//.test(url);
}

export function sqliteFile(url: string) {
  return url.replace(/^file:/, '');
}

export function createDb(url: string): Db {
  if (isPostgresUrl(url)) {
    const adapter = oneQueryAtATime(new PrismaPg({ connectionString: url, max: 10 }));
    return new PostgresClient({ adapter }) as unknown as Db;
  }
  // busy timeout: a writer waits for another process's commit instead of failing at once
  const adapter = gated(new PrismaBetterSQLite3({ url, timeout: 10_000 }));
  return new SqliteClient({ adapter });
}

type SqliteFactory = PrismaBetterSQLite3;
type SqliteAdapter = Awaited<ReturnType<SqliteFactory['connect']>>;
type SqliteTransaction = Awaited<ReturnType<SqliteAdapter['startTransaction']>>;

/**
 * The SQLite adapter has one connection per process. Its own lock keeps two transactions
 * apart, but a statement made outside any transaction (another request's read or write) went
 * straight to the connection and so ran inside whichever transaction was open: rolled back
 * with it, or reading its uncommitted rows. One gate per connection now admits either a whole
 * transaction or one statement at a time (docs/decisions/010-sqlite-one-writer-gate.md).
 * Code inside a transaction must use its `tx`: a statement on `db` there would wait for the
 * transaction to end.
 */
function gated(factory: SqliteFactory): SqliteFactory {
  const gate = (adapter: SqliteAdapter): SqliteAdapter => {
    const mutex = new Mutex();
    return {
      provider: adapter.provider,
      adapterName: adapter.adapterName,
      ...noting(
        {
          queryRaw: (query) => mutex.runExclusive(() => adapter.queryRaw(query)),
          executeRaw: (query) => mutex.runExclusive(() => adapter.executeRaw(query)),
        },
        bumpDataVersion,
      ),
      executeScript: (script) =>
        mutex.runExclusive(() => adapter.executeScript(script)).then(bumpDataVersion),
      getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
      dispose: () => adapter.dispose(),
      async startTransaction(isolationLevel) {
        const release = await mutex.acquire();
        try {
          return releasingOnEnd(await adapter.startTransaction(isolationLevel), release);
        } catch (error) {
          release();
          throw error;
        }
      },
    };
  };
  return Object.assign(Object.create(factory) as SqliteFactory, {
    connect: async () => gate(await factory.connect()),
    connectToShadowDb: async () => gate(await factory.connectToShadowDb()),
  });
}

function releasingOnEnd(tx: SqliteTransaction, release: () => void): SqliteTransaction {
  let open = true;
  let wrote = false;
  const end = async (how: 'commit' | 'rollback') => {
    try {
      await tx[how]();
    } finally {
      if (open) {
        open = false;
        release();
      }
    }
  };
  return {
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    ...noting(
      { queryRaw: (query) => tx.queryRaw(query), executeRaw: (query) => tx.executeRaw(query) },
      () => (wrote = true),
    ),
    commit: () => end('commit').then(() => bumpIf(wrote)),
    rollback: () => end('rollback'),
  };
}

type PgFactory = PrismaPg;
// the driver-adapter interfaces (PrismaPg's own types name its classes)
type PgAdapter = SqliteAdapter;
type PgTransaction = SqliteTransaction;

/**
 * An interactive transaction holds one pg connection, and Prisma's query interpreter sends a
 * query's relation reads (a `select` of two relations: one query each) at the same time, as
 * does code that awaits several `tx` reads together. pg queued the second behind the first
 * itself, with a deprecation warning: that queue goes in pg 9, where the overlapping call is an
 * error. Each transaction now sends its statements one after another through its own queue
 * (docs/decisions/017). Statements outside a transaction take a connection of their own from
 * the pool and are not held up.
 */
function oneQueryAtATime(factory: PgFactory): PgFactory {
  const queue = (adapter: PgAdapter): PgAdapter => ({
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    ...noting(adapter, bumpDataVersion),
    executeScript: (script) => adapter.executeScript(script).then(bumpDataVersion),
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    dispose: () => adapter.dispose(),
    startTransaction: async (isolationLevel) =>
      queuedTransaction(await adapter.startTransaction(isolationLevel)),
  });
  return Object.assign(Object.create(factory) as PgFactory, {
    connect: async () => queue(await factory.connect()),
    connectToShadowDb: async () => queue(await factory.connectToShadowDb()),
  }) as unknown as PgFactory;
}

function queuedTransaction(tx: PgTransaction): PgTransaction {
  const mutex = new Mutex();
  let wrote = false;
  return {
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    ...noting(
      {
        queryRaw: (query) => mutex.runExclusive(() => tx.queryRaw(query)),
        executeRaw: (query) => mutex.runExclusive(() => tx.executeRaw(query)),
      },
      () => (wrote = true),
    ),
    commit: () => mutex.runExclusive(() => tx.commit()).then(() => bumpIf(wrote)),
    rollback: () => mutex.runExclusive(() => tx.rollback()),
  };
}

type Statements = Pick<SqliteAdapter, 'queryRaw' | 'executeRaw'>;

/** After a commit: a transaction that changed data bumps the data version. */
function bumpIf(wrote: boolean) {
  if (wrote) bumpDataVersion();
}

/**
 * The statements of `s`, calling `onWrite` after each one that changed data: outside a
 * transaction it has committed then and bumps the data version at once; inside one, the
 * transaction bumps it once it has committed (app/lib/data-version.server.ts).
 */
function noting(s: Statements, onWrite: () => void): Statements {
  return {
    queryRaw: async (query) => {
      const result = await s.queryRaw(query);
      if (changedData(query.sql, result)) onWrite();
      return result;
    },
    executeRaw: async (query) => {
      const count = await s.executeRaw(query);
      if (changedData(query.sql, count)) onWrite();
      return count;
    },
  };
}

/** WAL lets readers go on while one writer commits; set once per database file. */
export async function prepareDb(db: Db, url: string) {
  if (!isPostgresUrl(url)) {
    await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    await db.$queryRawUnsafe('PRAGMA foreign_keys = ON');
  }
}

declare global {
  var __jiebangDb: Db | undefined;
}

const url = process.env.DATABASE_URL ?? 'file:./data/jiebang.db';

// Kept on globalThis so that dev-server reloads reuse the connection.
export const db: Db = (globalThis.__jiebangDb ??= createDb(url));

/** Whether a write failed on a unique index (Prisma's P2002), on either engine. */
export const isUniqueViolation = (error: unknown) =>
  (error as { code?: unknown } | null)?.code === 'P2002';
