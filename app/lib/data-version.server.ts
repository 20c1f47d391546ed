// The version of the data as this process knows it, and a small memo of what is computed from
// the data, so that a figure is computed once per version instead of on every request
// (docs/decisions/020-performance.md, "Figures per data version").
//
// Every committed write bumps the version, and nothing has to remember to: the database client
// (db.server.ts) bumps it after each statement that changed data outside a transaction and
// after the commit of each transaction that changed data. So command() and the writes that do
// not go through it (the seed, the payment outbox, Stripe webhooks, sessions) all count, and a
// rolled-back transaction does not. A write bumps the tables it wrote (docs/decisions/025,
// "Versions per table"): a memo names the tables its computation reads, and keeps its values
// through writes to others.
//
// Writes made by another process (a CLI script) are not seen here: a memoized value is also
// kept at most MEMO_MAX_AGE_MS, the bound the page cache has for the same reason
// (docs/decisions/013). Instances on one PostgreSQL database share the version
// (shared-version.server.ts, a VersionSource installed with installVersionSource()); the memo
// only ever asks `current()`.

/**
 * What a committed write touched: the tables it wrote, or null when that could not be told
 * from its SQL (a script of several statements, a migration, a write the parser does not
 * know), which counts as every table.
 */
export type Written = readonly string[] | null;

/** Where the version comes from: this process alone, or shared between instances. */
export type VersionSource = {
  /**
   * The version now. Without `tables`, one that changes whenever committed data may have
   * changed; with them, one that changes whenever a committed write may have touched one of
   * them.
   */
  current(tables?: readonly string[]): number;
  /** Called after every committed write of this process, with what it wrote. */
  bump(written: Written): void;
};

/**
 * A counter per table, one for writes to tables unknown and one for every write (issue #13): a
 * draft saved or a notification read moves "Application" and "Notification", and a memo of
 * catalogue pages, keyed on the version of the tables it reads, keeps them. The version of a
 * set of tables is the sum of their counters and the unknown one: it only grows, and grows
 * whenever one of them does, so an equal version means none of them was written. Table names
 * are compared without case (SQLite's unquoted names are; no two tables of ours differ by case
 * only). `start` keeps one source's numbers apart from another's (the shared source starts at
 * the clock, far from what a local source reached).
 */
export function tableVersions(start = 0): VersionSource {
  let all = start;
  let unknown = start;
  const counters = new Map<string, number>();
  return {
    current(tables) {
      if (tables === undefined) return all;
      let v = unknown;
      for (const t of tables) v += counters.get(t.toLowerCase()) ?? 0;
      return v;
    },
    bump(written) {
      all += 1;
      if (written === null) {
        unknown += 1;
        return;
      }
      for (const t of new Set(written.map((w) => w.toLowerCase())))
        counters.set(t, (counters.get(t) ?? 0) + 1);
    },
  };
}

declare global {
  // on globalThis, as the database client is (db.server.ts): a dev-server reload that reloads
  // this module keeps bumping and reading the same version
  var __jiebangDataVersion: { source: VersionSource } | undefined;
}

const state = (globalThis.__jiebangDataVersion ??= { source: tableVersions() });

/**
 * The data version now: without `tables`, moved by every committed write (the anonymous page
 * cache, server/page-cache.mjs, reads this one: a page may show anything); with them, moved by
 * a committed write to one of them or to tables unknown. A memo passes the tables its
 * computation reads, so that writes elsewhere leave its values in place.
 */
export function dataVersion(tables?: readonly string[]): number {
  return state.source.current(tables);
}

/** After a committed write (db.server.ts calls it; nothing else needs to); null: every table. */
export function bumpDataVersion(written: Written = null): void {
  state.source.bump(written);
}

/** Replaces the version's source (issue #15: one shared between instances). */
export function installVersionSource(source: VersionSource): void {
  state.source = source;
}

/**
 * The tables a transaction wrote, statement by statement, bumped together once it has
 * committed (a rolled-back one never calls `bump`). A statement whose table is unknown makes
 * the whole transaction count as writing every table.
 */
export function writtenTables() {
  let tables: Set<string> | null = new Set();
  let wrote = false;
  return {
    add(table: string | null) {
      wrote = true;
      if (table === null) tables = null;
      else tables?.add(table);
    },
    bump() {
      if (wrote) bumpDataVersion(tables && [...tables]);
    },
  };
}

// A statement that may change data. Generous on purpose: a read taken for a write costs one
// recomputation, a write taken for a read would leave a stale figure.
const WRITE = /\b(INSERT|UPDATE|DELETE|REPLACE|UPSERT|MERGE|CREATE|DROP|ALTER|TRUNCATE)\b/i;

// Tables that no memoised figure and no anonymous page reads: sign-in sessions and counters,
// the job and mail queues. Their writes (a session refreshed, a worker's daily job, a mail
// sent) would otherwise empty every cache without changing anything a visitor sees.
const BOOKKEEPING = new Set(['session', 'throttle', 'outboxjob', 'mailmessage']);

// a name as SQL writes it: "quoted", `quoted`, [quoted] or bare
const NAME = String.raw`(?:"((?:[^"]|"")+)"|\x60([^\x60]+)\x60|\[([^\]]+)\]|([A-Za-z_][\w$]*))`;
// the table a statement writes: `INSERT INTO "main"."Session"`, `update challenge set`,
// `INSERT OR REPLACE INTO`, `DELETE FROM ONLY public."X"`, … (its schema, if any, is skipped)
const WRITTEN_TABLE = new RegExp(
  String.raw`^(?:INSERT(?:\s+OR\s+[A-Za-z]+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+[A-Za-z]+)?|DELETE\s+FROM)\s+(?:ONLY\s+)?(?:${NAME}\s*\.\s*)?${NAME}`,
  'i',
);
const LEADING_COMMENTS = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/;

/**
 * The table a write statement writes, or null when its SQL does not say it plainly: a script
 * of several statements, a `WITH … INSERT`, DDL, anything else. Null counts as every table, so
 * the parser may be incomplete but never wrong in the direction that keeps a stale value.
 * Writes made by triggers are the statement's own table's: the catalogue's search tables are
 * written only by triggers on "Challenge".
 */
export function writtenTable(sql: string): string | null {
  const body = sql.replace(LEADING_COMMENTS, '');
  // another statement after the first (a trailing `;` alone is one statement)
  const semicolon = body.indexOf(';');
  if (
    semicolon >= 0 &&
    body
      .slice(semicolon + 1)
      .replace(LEADING_COMMENTS, '')
      .replace(/;/g, '')
      .trim() !== ''
  )
    return null;
  const m = WRITTEN_TABLE.exec(body);
  if (!m) return null;
  const quoted = m[5] ?? m[6] ?? m[7];
  return quoted !== undefined ? (m[5] !== undefined ? quoted.replace(/""/g, '"') : quoted) : m[8]!;
}

// The kernel's row lock (services/kernel/locks.server.ts): an UPDATE that sets the id to itself
// and nothing else changes no data. Taken for a write, every application saved would count as
// a write to its challenge and drop the catalogue's pages.
const ROW_LOCK = /^\s*UPDATE\s+[^\s;]+\s+SET\s+"id"\s*=\s*"id"\s+WHERE\s[^;]*;?\s*$/i;

/**
 * Whether a statement changed data, from its text and what the driver answered: a count of
 * affected rows (executeRaw) or a result set (queryRaw, counted as a write whenever its text
 * may write). A write that touched no row (a lock taken by `UPDATE … WHERE id = ''`) did not.
 */
export function changedData(sql: string, result: unknown): boolean {
  if (!WRITE.test(sql)) return false;
  if (ROW_LOCK.test(sql)) return false;
  if (BOOKKEEPING.has(writtenTable(sql)?.toLowerCase() ?? '')) return false;
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
  /**
   * The tables every computation of this memo reads: its values are kept through writes to
   * others. Callers read the version to pass with `memo.version()`. Without it, every write
   * counts.
   */
  tables?: readonly string[];
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
  tables,
  version: versionNow = () => dataVersion(tables),
}: MemoOptions = {}) {
  const entries = new Map<string, Entry>();
  const stats: MemoStats = { computes: 0, hits: 0 };

  /**
   * The value of `key` at data version `version` (memo.version(), read by the caller before
   * it asks), computed by `compute` unless already known. `validUntil` (a time in ms, or null)
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
    /** the version a caller reads before it asks: that of this memo's tables */
    version: versionNow,
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
