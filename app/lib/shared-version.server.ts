// The data version shared by every instance on one PostgreSQL database (docs/decisions/025):
// each instance keeps its own numbers (per table, app/lib/data-version.server.ts), moves them on
// its own committed writes as before, tells the others with NOTIFY which tables it wrote, and
// moves the same tables when another instance tells. A cache hit still only reads numbers in
// memory; a write costs one NOTIFY, sent after its commit.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  installVersionSource,
  tableVersions,
  type VersionSource,
  type Written,
} from '~/lib/data-version.server';
import { isPostgresUrl } from '~/lib/db.server';

export const CHANNEL = 'jiebang_data';
const RETRY_MS = 1_000;
// PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; a longer list is sent as "every
// table"
const MAX_PAYLOAD_BYTES = 7_900;

/** The NOTIFY payload of a write: who sent it and the tables it wrote (null: every table). */
export function notice(from: string, written: Written): string {
  const payload = JSON.stringify({ from, tables: written });
  if (written === null || Buffer.byteLength(payload) <= MAX_PAYLOAD_BYTES) return payload;
  return JSON.stringify({ from, tables: null });
}

/**
 * A payload as sent by `notice`: its sender and tables. Anything else (an instance of an
 * earlier release sends its id alone; a payload garbled) comes from someone else and wrote
 * every table.
 */
export function readNotice(payload: string | undefined): { from: string | null; written: Written } {
  try {
    const n = JSON.parse(payload ?? '') as { from?: unknown; tables?: unknown };
    const from = typeof n?.from === 'string' ? n.from : null;
    const tables = n?.tables;
    if (Array.isArray(tables) && tables.every((t) => typeof t === 'string'))
      return { from, written: tables as string[] };
    return { from, written: null };
  } catch {
    return { from: null, written: null };
  }
}

export type SharedVersion = VersionSource & {
  /** resolves once the first LISTEN is in place (tests, start-up) */
  ready: Promise<void>;
  stop(): Promise<void>;
};

/**
 * A version source that listens on `url`'s database and notifies it. While the listening
 * connection is down, notifications may be missed: the version moves on every reconnect, so
 * what was kept before is dropped, and the memo's and page cache's ten-second bound holds
 * meanwhile.
 */
export function sharedVersionSource(url: string): SharedVersion {
  const id = randomUUID();
  // far from any count a local source reached, so no value kept before the switch matches
  const versions = tableVersions(Date.now());
  let client: pg.Client | null = null;
  let stopped = false;
  let markReady!: () => void;
  const ready = new Promise<void>((r) => (markReady = r));

  const connect = async () => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (msg) => {
      if (msg.channel !== CHANNEL) return;
      const { from, written } = readNotice(msg.payload);
      if (from !== id) versions.bump(written);
    });
    c.on('error', () => undefined);
    c.on('end', () => {
      if (client === c) client = null;
      if (!stopped) setTimeout(() => void connect(), RETRY_MS).unref();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANNEL}`);
    } catch {
      await c.end().catch(() => undefined);
      return;
    }
    if (stopped) {
      await c.end().catch(() => undefined);
      return;
    }
    client = c;
    // what was written while nobody listened is not known: every table
    versions.bump(null);
    markReady();
  };
  void connect();

  return {
    ready,
    current: versions.current,
    bump(written) {
      versions.bump(written);
      // the others hear of it within milliseconds; a failed notify is covered by the bound
      client
        ?.query('SELECT pg_notify($1, $2)', [CHANNEL, notice(id, written)])
        .catch(() => undefined);
    },
    async stop() {
      stopped = true;
      await client?.end().catch(() => undefined);
    },
  };
}

declare global {
  var __jiebangSharedVersion: SharedVersion | undefined;
}

/**
 * On PostgreSQL, makes this process's data version the shared one (once per process; not
 * under Vitest unless asked, where tests install their own). Returns it, or null on SQLite.
 */
export function startSharedVersion(
  url = process.env.DATABASE_URL ?? '',
  env: NodeJS.ProcessEnv = process.env,
): SharedVersion | null {
  if (globalThis.__jiebangSharedVersion) return globalThis.__jiebangSharedVersion;
  if (!isPostgresUrl(url) || env.VITEST) return null;
  const source = sharedVersionSource(url);
  installVersionSource(source);
  globalThis.__jiebangSharedVersion = source;
  return source;
}
