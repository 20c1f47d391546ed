// The database part of a backup, per engine (docs/decisions/023-backups.md):
// - SQLite: SQLite's online backup API (better-sqlite3's `backup()`), safe while the server runs;
//   restored through the same API into the target file, in one write transaction.
// - PostgreSQL: `pg_dump --format=custom` under a snapshot exported by our own read-only
//   transaction, which also reads the applied migrations, so both come from one moment;
//   restored by `pg_restore` piped into `psql --single-transaction`: all or nothing.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { isPostgres } from '../db.mjs';
import { BackupRefused, type Engine } from './manifest';

const APPLIED_MIGRATIONS = `SELECT migration_name FROM _prisma_migrations
  WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY started_at, migration_name`;

/** The URL without its password, for messages. */
export const safeUrl = (url: string) => url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:…@');

export type DumpResult = { migrations: string[]; tools: Record<string, string> };

/** The tables of a database that hold rows, for the restore's "not empty" refusal. */
export type TargetState = { tablesWithRows: string[] };

// ---------------------------------------------------------------------------------------------
// SQLite

const sqlitePath = (url: string) => path.resolve(url.replace(/^file:/, ''));
/** Every remaining page in the next step: one read transaction, so a write cannot restart it. */
const allAtOnce = { progress: () => 0x7fffffff };

async function dumpSqlite(url: string, file: string): Promise<DumpResult> {
  const source = sqlitePath(url);
  if (!existsSync(source)) throw new BackupRefused(`there is no SQLite database at ${source}`);
  const db = new Database(source, { fileMustExist: true, timeout: 10_000 });
  try {
    await db.backup(file, allAtOnce);
  } finally {
    db.close();
  }
  // the copy stands alone: no -wal file beside it, and it opens read-only without one
  const copy = new Database(file, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`the copy of ${source} fails its check: ${String(check)}`);
    return {
      migrations: migrationsOf(copy),
      tools: { sqlite: String(copy.prepare('SELECT sqlite_version()').pluck().get()) },
    };
  } finally {
    copy.close();
  }
}

function migrationsOf(db: Database.Database): string[] {
  const known = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'")
    .get();
  if (!known) throw new BackupRefused('the database has no migrations table: not a Jiebang one');
  return db.prepare(APPLIED_MIGRATIONS).pluck().all() as string[];
}

function sqliteState(url: string): TargetState {
  const file = sqlitePath(url);
  if (!existsSync(file)) return { tablesWithRows: [] };
  const db = new Database(file, { fileMustExist: true, timeout: 10_000 });
  try {
    // ordinary tables only: not SQLite's own, not the full-text index's shadow tables
    const tables = (db.pragma('table_list') as { schema: string; name: string; type: string }[])
      .filter((t) => t.schema === 'main' && t.type === 'table')
      .map((t) => t.name)
      .filter((n) => !n.startsWith('sqlite_') && n !== '_prisma_migrations');
    return {
      tablesWithRows: tables.filter((t) =>
        db
          .prepare(`SELECT EXISTS (SELECT 1 FROM "${t.replaceAll('"', '""')}")`)
          .pluck()
          .get(),
      ),
    };
  } finally {
    db.close();
  }
}

async function restoreSqlite(file: string, url: string): Promise<void> {
  const target = sqlitePath(url);
  mkdirSync(path.dirname(target), { recursive: true });
  const backup = new Database(file, { readonly: true, fileMustExist: true });
  try {
    // the backup API writes the target in one write transaction, rolled back should it fail
    await backup.backup(target, allAtOnce);
  } finally {
    backup.close();
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

// connection-string parameters that Prisma knows and libpq refuses
const PRISMA_ONLY = [
  'schema',
  'connection_limit',
  'pool_timeout',
  'pgbouncer',
  'statement_cache_size',
  'socket_timeout',
  'sslaccept',
  'sslidentity',
  'sslpassword',
];

/** The URL as libpq's tools take it: the password in the environment, not on the command line. */
function libpq(url: string): { uri: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  for (const p of PRISMA_ONLY) u.searchParams.delete(p);
  return {
    uri: u.toString(),
    env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
  };
}

/** The major version of one of PostgreSQL's client programs; refuses when it is missing. */
function toolMajor(tool: 'pg_dump' | 'pg_restore' | 'psql'): { version: string; major: number } {
  const r = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  const version = r.error ? undefined : /(\d+)(\.\d+)?/.exec(r.stdout)?.[0];
  if (!version)
    throw new BackupRefused(
      `${tool} is not installed or not on PATH: install PostgreSQL's client programs of the server's major version (Debian: postgresql-client-<major>)`,
    );
  return { version, major: parseInt(version, 10) };
}

const majorOf = (version: string) => parseInt(version, 10);

async function withClient<T>(url: string, body: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new BackupRefused(`cannot connect to ${safeUrl(url)}: ${(error as Error).message}`);
  }
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

/** Runs a program to its end; rejects with its error output when it fails. */
function run(
  tool: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  wire?: (child: ReturnType<typeof spawn>) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: [wire ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${tool} failed (exit ${code}):\n${stderr}`)),
    );
    wire?.(child);
  });
}

async function dumpPostgres(url: string, file: string): Promise<DumpResult> {
  const dump = toolMajor('pg_dump');
  return withClient(url, async (client) => {
    const server = String((await client.query('SHOW server_version')).rows[0].server_version);
    if (dump.major < majorOf(server))
      throw new BackupRefused(
        `pg_dump ${dump.version} cannot dump a PostgreSQL ${server} server: install the client programs of major version ${majorOf(server)} (Debian: postgresql-client-${majorOf(server)}) and put them first on PATH`,
      );
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      const snapshot = String((await client.query('SELECT pg_export_snapshot() AS s')).rows[0].s);
      const known = await client.query("SELECT to_regclass('public._prisma_migrations') AS t");
      if (!known.rows[0].t)
        throw new BackupRefused('the database has no migrations table: not a Jiebang one');
      const migrations = (await client.query(APPLIED_MIGRATIONS)).rows.map((r) =>
        String(r.migration_name),
      );
      // the dump sees exactly what this transaction sees
      const { uri, env } = libpq(url);
      await run(
        'pg_dump',
        ['--format=custom', `--snapshot=${snapshot}`, `--file=${file}`, `--dbname=${uri}`],
        env,
      );
      return { migrations, tools: { pg_dump: dump.version, server } };
    } finally {
      await client.query('COMMIT');
    }
  });
}

async function postgresState(url: string): Promise<TargetState> {
  return withClient(url, async (client) => {
    const tables = await client.query(
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
         AND table_name <> '_prisma_migrations' ORDER BY table_name`,
    );
    const tablesWithRows: string[] = [];
    for (const { table_name: t } of tables.rows) {
      const q = `SELECT EXISTS (SELECT 1 FROM public."${String(t).replaceAll('"', '""')}") AS e`;
      if ((await client.query(q)).rows[0].e) tablesWithRows.push(String(t));
    }
    return { tablesWithRows };
  });
}

async function restorePostgres(file: string, url: string) {
  // the connection is checked first, for a clear message
  await withClient(url, async () => undefined);
  const { uri, env } = libpq(url);
  // the schema is replaced whole, in one transaction with the dump's statements: should any of
  // them fail, psql stops and the database is left as it was
  const restoring = spawn(
    'pg_restore',
    ['--no-owner', '--no-privileges', '--exit-on-error', '--file=-', file],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let restoreErr = '';
  restoring.stderr.on('data', (d: Buffer) => (restoreErr += d.toString()));
  const restored = new Promise<number | null>((resolve) => restoring.once('close', resolve));
  await run(
    'psql',
    ['--no-psqlrc', '--quiet', '--set=ON_ERROR_STOP=1', '--single-transaction', '--file=-', uri],
    env,
    (psql) => {
      psql.stdin!.on('error', () => undefined);
      psql.stdin!.write('DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n');
      restoring.stdout.pipe(psql.stdin!, { end: false });
      restoring.stdout.once('end', () => psql.stdin!.end('ANALYZE;\n'));
    },
  );
  const code = await restored;
  if (code !== 0) throw new Error(`pg_restore failed (exit ${code}):\n${restoreErr}`);
}

// ---------------------------------------------------------------------------------------------

export const engineOf = (url: string): Engine => (isPostgres(url) ? 'postgresql' : 'sqlite');

export function dumpDatabase(url: string, file: string): Promise<DumpResult> {
  return engineOf(url) === 'postgresql' ? dumpPostgres(url, file) : dumpSqlite(url, file);
}

export async function targetState(url: string): Promise<TargetState> {
  return engineOf(url) === 'postgresql' ? postgresState(url) : sqliteState(url);
}

/** Prerequisites of a restore that can be checked before anything changes. */
export function checkRestoreTools(engine: Engine, tools: Record<string, string>) {
  if (engine !== 'postgresql') return;
  const restore = toolMajor('pg_restore');
  toolMajor('psql');
  const madeBy = majorOf(tools.pg_dump ?? '0');
  if (restore.major < madeBy)
    throw new BackupRefused(
      `the backup was made by pg_dump ${tools.pg_dump}; pg_restore ${restore.version} cannot read it: install the client programs of major version ${madeBy} or newer`,
    );
}

export function restoreDatabase(file: string, url: string): Promise<void> {
  return engineOf(url) === 'postgresql' ? restorePostgres(file, url) : restoreSqlite(file, url);
}
