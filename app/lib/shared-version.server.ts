// The data version shared by every instance on one PostgreSQL database (docs/decisions/025):
// each instance keeps its own numbers (per table, app/lib/data-version.server.ts), moves them on
// its own committed writes as before, tells the others with NOTIFY which tables it wrote, and
// moves the same tables when another instance tells. A cache hit still only reads numbers in
// memory; a write costs one NOTIFY, sent after its commit. Worker processes of one server on
// SQLite (WEB_CONCURRENCY, docs/decisions/042) tell each other the same through their primary.
import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  installVersionSource,
  tableVersions,
  type VersionSource,
  type Written,
} from '~/lib/data-version.server';
import { isPostgresUrl } from '~/lib/db.server';
// the message a worker sends its primary after a committed write; the primary passes it on
import { DATA_MESSAGE } from '../../server/workers.mjs';

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

/** The tables of a worker's message (null: every table), or undefined for another message. */
export function readDataMessage(message: unknown): Written | undefined {
  const m = message as { type?: unknown; tables?: unknown } | null;
  if (m?.type !== DATA_MESSAGE) return undefined;
  const { tables } = m;
  if (Array.isArray(tables) && tables.every((t) => typeof t === 'string')) return tables;
  return null;
}

/** What a worker's process offers: the IPC channel to its primary. */
export type WorkerChannel = Pick<NodeJS.Process, 'on'> & {
  send?: (message: unknown) => boolean;
};

/**
 * A version source for one of several worker processes on one SQLite database: its own writes
 * go to the primary, which passes them to the other workers (server/workers.mjs), and theirs
 * come back the same way. A worker started anew keeps nothing, so it has nothing to miss.
 */
export function workerVersionSource(channel: WorkerChannel = process): SharedVersion {
  const versions = tableVersions(Date.now());
  channel.on('message', (message: unknown) => {
    const written = readDataMessage(message);
    if (written !== undefined) versions.bump(written);
  });
  return {
    ready: Promise.resolve(),
    current: versions.current,
    bump(written) {
      versions.bump(written);
      channel.send?.({ type: DATA_MESSAGE, tables: written });
    },
    stop: () => Promise.resolve(),
  };
}

declare global {
  var __jiebangSharedVersion: SharedVersion | undefined;
}

/**
 * Makes this process's data version the shared one (once per process; not under Vitest unless
 * asked, where tests install their own): on PostgreSQL through the database, on SQLite between
 * the workers of one server. Returns it, or null for a lone process on SQLite.
 */
export function startSharedVersion(
  url = process.env.DATABASE_URL ?? '',
  env: NodeJS.ProcessEnv = process.env,
  worker = cluster.isWorker,
): SharedVersion | null {
  if (globalThis.__jiebangSharedVersion) return globalThis.__jiebangSharedVersion;
  if (env.VITEST) return null;
  if (!isPostgresUrl(url) && !worker) return null;
  const source = isPostgresUrl(url) ? sharedVersionSource(url) : workerVersionSource();
  installVersionSource(source);
  globalThis.__jiebangSharedVersion = source;
  return source;
}
