// Test databases: a fresh SQLite file or a fresh PostgreSQL database per run, migrated and
// seeded exactly as `npm start` does, and removed afterwards.
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { migrate } from '../scripts/db.mjs';

export const DEFAULT_TEST_POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432/test';

export type TestDatabase = {
  kind: 'sqlite' | 'postgresql';
  url: string;
  /** A copy of this database as it is now, dropped together with it. */
  clone(): Promise<string>;
  drop(): Promise<void>;
};

export function testPostgresUrl() {
  return process.env.TEST_POSTGRES_URL || DEFAULT_TEST_POSTGRES_URL;
}

function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createTestDatabase(kind: 'sqlite' | 'postgresql'): Promise<TestDatabase> {
  const name = `jiebang_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  if (kind === 'sqlite') {
    const dir = path.join(os.tmpdir(), name);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'test.db');
    const url = `file:${file}`;
    migrate(url);
    let clones = 0;
    return {
      kind,
      url,
      clone: async () => {
        const copy = path.join(dir, `clone-${++clones}.db`);
        // VACUUM INTO writes a consistent copy even with the WAL not yet checkpointed
        const sqlite = new Database(file);
        sqlite.prepare('VACUUM INTO ?').run(copy);
        sqlite.close();
        return `file:${copy}`;
      },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const admin = new pg.Client({ connectionString: testPostgresUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = withDatabase(testPostgresUrl(), name);
  migrate(url);
  const names = [name];
  const onServer = async (sql: string) => {
    const c = new pg.Client({ connectionString: testPostgresUrl() });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  return {
    kind,
    url,
    clone: async () => {
      const copy = `${name}_c${names.length}`;
      // a template copy needs no other session on the source database
      await onServer(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`,
      );
      await onServer(`CREATE DATABASE "${copy}" TEMPLATE "${name}"`);
      names.push(copy);
      return withDatabase(testPostgresUrl(), copy);
    },
    drop: async () => {
      for (const n of names) await onServer(`DROP DATABASE IF EXISTS "${n}" WITH (FORCE)`);
    },
  };
}

/** True when a PostgreSQL server answers at TEST_POSTGRES_URL. */
export async function postgresAnswers(url = testPostgresUrl()): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}
