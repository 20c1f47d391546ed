// The data version shared by every instance on one PostgreSQL database (docs/decisions/025):
// each instance keeps its own number, moves it on its own committed writes as before, tells
// the others with NOTIFY, and moves it when another instance tells. A cache hit still only
// reads a number in memory; a write costs one NOTIFY, sent after its commit.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { installVersionSource, type VersionSource } from '~/lib/data-version.server';
import { isPostgresUrl } from '~/lib/db.server';

export const CHANNEL = 'jiebang_data';
const RETRY_MS = 1_000;

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
  let version = Date.now();
  let client: pg.Client | null = null;
  let stopped = false;
  let markReady!: () => void;
  const ready = new Promise<void>((r) => (markReady = r));

  const connect = async () => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (msg) => {
      if (msg.channel === CHANNEL && msg.payload !== id) version += 1;
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
    version += 1;
    markReady();
  };
  void connect();

  return {
    ready,
    current: () => version,
    bump() {
      version += 1;
      // the others hear of it within milliseconds; a failed notify is covered by the bound
      client?.query('SELECT pg_notify($1, $2)', [CHANNEL, id]).catch(() => undefined);
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
