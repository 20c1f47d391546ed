// One Prisma client per process, on SQLite or PostgreSQL by DATABASE_URL (docs/decisions/003).
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient, type Prisma } from '~/generated/sqlite/client';
import { PrismaClient as PostgresClient } from '~/generated/postgresql/client';

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
    const adapter = new PrismaPg({ connectionString: url, max: 10 });
    return new PostgresClient({ adapter }) as unknown as Db;
  }
  // busy timeout: a writer waits for another's commit instead of failing at once
  const adapter = new PrismaBetterSQLite3({ url, timeout: 10_000 });
  return new SqliteClient({ adapter });
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
