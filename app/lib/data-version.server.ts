// The version of the data as this process knows it, and a small memo of what is computed from
// the data, so that a figure is computed once per version instead of on every request
// (docs/decisions/020-performance.md, "Figures per data version").
//
// Every committed write bumps the version, and nothing has to remember to: the database client
// (db.server.ts) bumps it after each statement that changed data outside a transaction and
// after the commit of each transaction that changed data. So command() and the writes that do
// not go through it (the seed, the payment outbox, Stripe webhooks, sessions) all count, and a
// rolled-back transaction does not.
//
// Writes made by another process (a CLI script, another instance on the same PostgreSQL
// database) are not seen here: a memoized value is also kept at most MEMO_MAX_AGE_MS, the
// bound the page cache has for the same reason (docs/decisions/013). Issue #15 will share the
// version between instances through PostgreSQL: such a source implements VersionSource (a
// local bump also tells the others; their bumps move `current()` here) and is installed with
// installVersionSource(); the memo only ever asks `current()`.

/** Where the version comes from: this process alone, or (later) shared between instances. */
export type VersionSource = {
  /** The version now; it changes whenever committed data may have changed. */
  current(): number;
  /** Called after every committed write of this process. */
  bump(): void;
};

function localSource(): VersionSource {
  let version = 0;
  return {
    current: () => version,
    bump: () => {
      version += 1;
    },
  };
}

declare global {
  // on globalThis, as the database client is (db.server.ts): a dev-server reload that reloads
  // this module keeps bumping and reading the same version
  var __jiebangDataVersion: { source: VersionSource } | undefined;
}

const state = (globalThis.__jiebangDataVersion ??= { source: localSource() });

/** The data version now. */
export function dataVersion(): number {
  return state.source.current();
}

/** After a committed write (db.server.ts calls it; nothing else needs to). */
export function bumpDataVersion(): void {
  state.source.bump();
}

/** Replaces the version's source (issue #15: one shared between instances). */
export function installVersionSource(source: VersionSource): void {
  state.source = source;
}

// A statement that may change data. Generous on purpose: a read taken for a write costs one
// recomputation, a write taken for a read would leave a stale figure.
const WRITE = /\b(INSERT|UPDATE|DELETE|REPLACE|UPSERT|MERGE|CREATE|DROP|ALTER|TRUNCATE)\b/i;

// Tables that no memoised figure and no anonymous page reads: sign-in sessions and counters,
// the job and mail queues. Their writes (a session refreshed, a worker's daily job, a mail
// sent) would otherwise empty every cache without changing anything a visitor sees.
const BOOKKEEPING = new Set(['Session', 'Throttle', 'OutboxJob', 'MailMessage']);
// the table a statement writes: `INSERT INTO "main"."Session"`, `UPDATE "OutboxJob"`, …
const WRITTEN_TABLE =
  /^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(?:[`"]\w+[`"]\.)?[`"](\w+)[`"]/i;

/**
 * Whether a statement changed data, from its text and what the driver answered: a count of
 * affected rows (executeRaw) or a result set (queryRaw, counted as a write whenever its text
 * may write). A write that touched no row (a lock taken by `UPDATE … WHERE id = ''`) did not.
 */
export function changedData(sql: string, result: unknown): boolean {
  if (!WRITE.test(sql)) return false;
  if (BOOKKEEPING.has(WRITTEN_TABLE.exec(sql)?.[1] ?? '')) return false;
  if (typeof result === 'number') return result > 0;
  // a write that returns what it wrote and returned nothing wrote nothing (an outbox claim
  // that found no due job, every poll)
  const rows = (result as { rows?: unknown[] } | null)?.rows;
  if (Array.isArray(rows) && rows.length === 0 && /\bRETURNING\b/i.test(sql)) return false;
  return true;
}

/**
 * How long a memoized value is kept at most: writes of other processes are not seen. The bench
 * sets DATA_MEMO_MAX_AGE_MS=0 to measure what a request costs right after a write (nothing is
 * kept, every read computes); anything but a number ≥ 0 leaves the default.
 */
export const MEMO_MAX_AGE_MS = memoMaxAge(process.env.DATA_MEMO_MAX_AGE_MS);

/** DATA_MEMO_MAX_AGE_MS as a bound in ms: a number ≥ 0, else 10 s. */
export function memoMaxAge(setting: string | undefined): number {
  const ms = setting === undefined || setting.trim() === '' ? NaN : Number(setting);
  return Number.isFinite(ms) && ms >= 0 ? ms : 10_000;
}

export type MemoOptions = {
  /** how many keys are kept; the least recently used goes first */
  maxKeys?: number;
  maxAgeMs?: number;
  now?: () => number;
  /** the version a stored value is checked against (tests give their own) */
  version?: () => number;
};

export type MemoStats = { computes: number; hits: number };

type Entry = { version: number; value: Promise<unknown>; expires: number };

/**
 * A small memo of values computed from the data, each kept for the data version it was
 * computed at. Requests that come while a value is being computed share that computation. A
 * value whose computation overlapped a write is not kept: it may predate the write, and the
 * next request at the new version computes it again. A failed computation is not kept.
 */
export function createMemo({
  maxKeys = 8,
  maxAgeMs = MEMO_MAX_AGE_MS,
  now = Date.now,
  version: versionNow = dataVersion,
}: MemoOptions = {}) {
  const entries = new Map<string, Entry>();
  const stats: MemoStats = { computes: 0, hits: 0 };

  /**
   * The value of `key` at data version `version` (dataVersion() read by the caller before it
   * asks), computed by `compute` unless already known. `validUntil` (a time in ms, or null)
   * ends a value's life earlier, for values that change with the clock as well as the data.
   */
  function get<T>(
    key: string,
    version: number,
    compute: () => Promise<T>,
    validUntil?: (value: T) => number | null,
  ): Promise<T> {
    const t = now();
    const known = entries.get(key);
    if (known && known.version === version && known.expires > t) {
      entries.delete(key);
      entries.set(key, known);
      stats.hits += 1;
      return known.value as Promise<T>;
    }
    stats.computes += 1;
    const value = Promise.resolve().then(compute);
    // a caller that read the version before a write: its value is not kept
    if (version !== versionNow()) return value;
    const entry: Entry = { version, value, expires: Number.POSITIVE_INFINITY };
    entries.delete(key);
    entries.set(key, entry);
    for (const oldest of entries.keys()) {
      if (entries.size <= maxKeys) break;
      entries.delete(oldest);
    }
    value.then(
      (v) => {
        if (entries.get(key) !== entry) return;
        if (versionNow() !== version) entries.delete(key);
        else entry.expires = Math.min(t + maxAgeMs, validUntil?.(v) ?? Number.POSITIVE_INFINITY);
      },
      () => {
        if (entries.get(key) === entry) entries.delete(key);
      },
    );
    return value;
  }

  return {
    get,
    stats,
    get size() {
      return entries.size;
    },
  };
}

export type Memo = ReturnType<typeof createMemo>;

const instances = new WeakMap<object, number>();
let instanceCount = 0;

/**
 * A key part naming an object, e.g. a database client: values read from one database must not
 * be served for another (tests use several in one process).
 */
export function instanceKey(o: object): string {
  let id = instances.get(o);
  if (id === undefined) instances.set(o, (id = ++instanceCount));
  return `#${id}`;
}
