// One Prisma client per process, on SQLite or PostgreSQL by DATABASE_URL (docs/decisions/003).
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { ColumnTypeEnum, type ArgType, type ColumnType } from '@prisma/driver-adapter-utils';
import { Mutex } from 'async-mutex';
import {
  bumpDataVersion,
  changedData,
  writtenTable,
  writtenTables,
} from '~/lib/data-version.server';
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
  const postgres = isPostgresUrl(url);
  const link: Link = { postgres, statements: null };
  const client = postgres
    ? (new PostgresClient({
        adapter: linked(oneQueryAtATime(new PrismaPg({ connectionString: url, max: 10 })), link),
      }) as unknown as Db)
    : // busy timeout: a writer waits for another process's commit instead of failing at once
      new SqliteClient({
        adapter: linked(gated(new PrismaBetterSQLite3({ url, timeout: 10_000 })), link),
      });
  links.set(client, link);
  return client;
}

/** A client's connection as Prisma's client holds it, for readRows (null until it connects). */
type Link = { postgres: boolean; statements: Pick<SqliteAdapter, 'queryRaw'> | null };
const links = new WeakMap<Db, Link>();

function linked<F extends SqliteFactory | PgFactory>(factory: F, link: Link): F {
  return Object.assign(Object.create(factory) as F, {
    connect: async () => {
      const adapter = await factory.connect();
      link.statements = adapter;
      return {
        ...adapter,
        dispose: () => {
          link.statements = null;
          return adapter.dispose();
        },
      };
    },
  });
}

/**
 * Rows of a read sent to the client's own connection past Prisma's per-query work (its query
 * compiler, request and result machinery: about 0.2 ms a statement, docs/decisions/038). For
 * the statements every signed-in page sends, written for both engines; the same gate, reader
 * and data version bookkeeping as any other statement. Values come back as `$queryRaw` gives
 * them: dates as Date, booleans as boolean, integers as number.
 */
export async function readRows<T>(db: Db, query: Prisma.Sql): Promise<T[]> {
  const link = links.get(db);
  if (!link) return db.$queryRaw<T[]>(query);
  if (!link.statements) await db.$connect();
  const result = await link.statements!.queryRaw({
    sql: link.postgres ? query.text : query.sql,
    args: query.values,
    argTypes: query.values.map(argTypeOf),
  });
  const { columnNames, columnTypes } = result;
  return result.rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < columnNames.length; i++)
      out[columnNames[i]] = valueOf(row[i], columnTypes[i]);
    return out as T;
  });
}

function argTypeOf(value: unknown): ArgType {
  const scalarType =
    typeof value === 'string'
      ? 'string'
      : typeof value === 'boolean'
        ? 'boolean'
        : typeof value === 'number'
          ? Number.isInteger(value)
            ? 'int'
            : 'float'
          : value instanceof Date
            ? 'datetime'
            : 'unknown';
  return { scalarType, arity: 'scalar' };
}

// the adapters hand back dates as ISO text, SQLite's booleans as 0/1, 64-bit integers as text
function valueOf(value: unknown, type: ColumnType) {
  if (value === null) return null;
  switch (type) {
    case ColumnTypeEnum.DateTime:
      return new Date(value as string);
    case ColumnTypeEnum.Boolean:
      return value === true || value === 1 || value === '1' || value === 't';
    case ColumnTypeEnum.Int64:
    case ColumnTypeEnum.UnknownNumber:
      return Number(value);
    default:
      return value;
  }
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
 * Code inside a transaction must use its `tx`: a write on `db` there would wait for the
 * transaction to end, and a read on `db` would not see what the transaction wrote.
 *
 * Reads outside a transaction do not queue behind the gate: in WAL mode a second connection
 * reads the last committed state while a transaction is open on the first, so they go there
 * (010, "A second connection for reads"). Everything else stays on the gated writer.
 */
function gated(factory: SqliteFactory): SqliteFactory {
  const gate = (adapter: SqliteAdapter, reader: SqliteAdapter | null): SqliteAdapter => {
    const mutex = new Mutex();
    return {
      provider: adapter.provider,
      adapterName: adapter.adapterName,
      ...noting(
        {
          queryRaw: (query) =>
            reader && isPlainRead(query.sql)
              ? reader.queryRaw(query)
              : mutex.runExclusive(() => adapter.queryRaw(query)),
          executeRaw: (query) => mutex.runExclusive(() => adapter.executeRaw(query)),
        },
        bumpAlone,
      ),
      // a script (migrations, several statements): its tables are not told apart
      executeScript: (script) =>
        mutex.runExclusive(() => adapter.executeScript(script)).then(() => bumpDataVersion(null)),
      getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
      dispose: () => Promise.all([adapter.dispose(), reader?.dispose()]).then(() => undefined),
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
    connect: async () => {
      const writer = await factory.connect();
      return gate(writer, (await inWal(writer)) ? await readerOf(factory) : null);
    },
    // the shadow database is in memory: a second connection would open another, empty one
    connectToShadowDb: async () => gate(await factory.connectToShadowDb(), null),
  });
}

const pragma = (sql: string) => ({ sql, args: [], argTypes: [] });

/**
 * Puts the database file in WAL mode (ADR 003; it stays so, for every later connection) and
 * says whether it is: an in-memory database, or a file another process holds in the middle of
 * a write for longer than the busy timeout, stays as it was, and then has no reader.
 */
async function inWal(writer: SqliteAdapter): Promise<boolean> {
  try {
    const { rows } = await writer.queryRaw(pragma('PRAGMA journal_mode = WAL'));
    return String(rows[0]?.[0]).toLowerCase() === 'wal';
  } catch {
    return false;
  }
}

/**
 * A connection that only reads (query_only): a statement taken for a read by mistake fails at
 * once instead of writing beside the gate, where it would wait on the writer's lock with the
 * event loop blocked (better-sqlite3 is synchronous).
 */
async function readerOf(factory: SqliteFactory): Promise<SqliteAdapter> {
  const reader = await factory.connect();
  await reader.executeScript('PRAGMA query_only = ON');
  return reader;
}

// A statement that reads only the database's committed data. Anything else goes to the writer:
// writes (Prisma's creates are `INSERT … RETURNING`, sent as queries), PRAGMAs, and reads of
// one connection's own state (the last rowid it inserted, its changes, its temp tables).
const READ = /^[\s(]*(SELECT|WITH)\b/i;
const NOT_PLAIN =
  /\b(INSERT|UPDATE|DELETE|REPLACE|UPSERT|CREATE|DROP|ALTER|PRAGMA|ATTACH|DETACH|VACUUM|REINDEX|ANALYZE|TEMP|TEMPORARY|last_insert_rowid|changes|total_changes)\b|sqlite_temp_/i;

/** Whether a statement outside a transaction can go to the reader (exported for tests). */
export function isPlainRead(sql: string): boolean {
  return READ.test(stripComments(sql)) && !NOT_PLAIN.test(sql);
}

function stripComments(sql: string) {
  return sql.replace(/^(\s*(--[^\n]*\n|\/\*[\s\S]*?\*\/))+/, '');
}

function releasingOnEnd(tx: SqliteTransaction, release: () => void): SqliteTransaction {
  let open = true;
  const written = writtenTables();
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
      written.add,
    ),
    commit: () => end('commit').then(written.bump),
    rollback: () => end('rollback'),
  };
}

type PgFactory = PrismaPg;
// the driver-adapter interfaces (PrismaPg's own types name its classes)
type PgAdapter = SqliteAdapter;
type PgTransaction = SqliteTransaction;

/**
 * An interactive transaction holds one pg connection, and Prisma's query interpreter sends a
 * query's relation reads at the same time when it loads them by separate queries (a `select`
 * of two relations with `relationLoadStrategy: 'query'`; by default they are joined, ADR 040).
 * pg queued the second behind the first itself, with a deprecation warning: that queue goes in
 * pg 9, where the overlapping call is an error. Each transaction now sends its statements one
 * after another through its own queue (docs/decisions/017). Statements outside a transaction
 * take a connection of their own from the pool and are not held up.
 */
function oneQueryAtATime(factory: PgFactory): PgFactory {
  const queue = (adapter: PgAdapter): PgAdapter => ({
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    ...noting(adapter, bumpAlone),
    executeScript: (script) => adapter.executeScript(script).then(() => bumpDataVersion(null)),
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
  const written = writtenTables();
  return {
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    ...noting(
      {
        queryRaw: (query) => mutex.runExclusive(() => tx.queryRaw(query)),
        executeRaw: (query) => mutex.runExclusive(() => tx.executeRaw(query)),
      },
      written.add,
    ),
    commit: () => mutex.runExclusive(() => tx.commit()).then(written.bump),
    rollback: () => mutex.runExclusive(() => tx.rollback()),
  };
}

type Statements = Pick<SqliteAdapter, 'queryRaw' | 'executeRaw'>;

/** A statement outside a transaction has committed: it bumps the version of its table. */
function bumpAlone(table: string | null) {
  bumpDataVersion(table === null ? null : [table]);
}

/**
 * The statements of `s`, calling `onWrite` with the table written (null: not known, every
 * table) after each one that changed data: outside a transaction it has committed then and
 * bumps the data version at once; inside one, the transaction bumps the tables it wrote once
 * it has committed (app/lib/data-version.server.ts).
 */
function noting(s: Statements, onWrite: (table: string | null) => void): Statements {
  return {
    queryRaw: async (query) => {
      const result = await s.queryRaw(query);
      if (changedData(query.sql, result)) onWrite(writtenTable(query.sql));
      return result;
    },
    executeRaw: async (query) => {
      const count = await s.executeRaw(query);
      if (changedData(query.sql, count)) onWrite(writtenTable(query.sql));
      return count;
    },
  };
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
