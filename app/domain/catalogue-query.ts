/**
 * The public catalogue's query: what the URL of /challenges says (search words, filters, sort,
 * the page), parsed into a typed value and written back. Pure and shared by server and browser,
 * so every link on the page (filters, sort, paging, "clear") keeps the same state the same way.
 * Nothing in a URL is an error: a value that does not fit is dropped to its default.
 */
import { type Industry, INDUSTRIES } from './industry';
import { FEN_PER_WAN, isFen, parseWanToFen } from './money';
import { isOneOf } from './one-of';
import { searchTerms } from './search';
import { startOfShanghaiDay } from './shanghai-date';

export const CATALOGUE_PAGE_SIZE = 20;

/** The seven industry fields challenges are filed under (as stored, in display order). */
export const CHALLENGE_FIELDS = INDUSTRIES;
export type ChallengeField = Industry;

export const BOUNTY_FILTERS = ['all', 'fixed', 'open'] as const;
export type BountyFilter = (typeof BOUNTY_FILTERS)[number];

export const STATE_FILTERS = ['all', 'open', 'closed'] as const;
export type StateFilter = (typeof STATE_FILTERS)[number];

export const CATALOGUE_SORTS = ['newest', 'deadline', 'bounty'] as const;
export type CatalogueSort = (typeof CATALOGUE_SORTS)[number];

/**
 * Longest query text kept, in UTF-16 code units like the search box's `maxLength`; a longer
 * one (a pasted link) is cut to it and the page is served. searchTerms() bounds the terms
 * further.
 */
export const MAX_QUERY_LENGTH = 100;

/** The first `max` code units of `text`, never ending in half a surrogate pair. */
export function cutToLength(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
// base64url, bounded: a cursor is a few dozen characters
const CURSOR = /^[A-Za-z0-9_-]{1,400}$/;

export type CatalogueQuery = {
  /** the search text as typed (whitespace collapsed), '' for none */
  q: string;
  field: ChallengeField | null;
  bounty: BountyFilter;
  /** bounty range in fen, both ends inclusive; only for fixed bounties */
  minFen: number | null;
  maxFen: number | null;
  state: StateFilter;
  /** slug of a matching event */
  event: string | null;
  sort: CatalogueSort;
  /** opaque keyset cursor of the page to show; null = the first page */
  after: string | null;
};

export const DEFAULT_QUERY: CatalogueQuery = Object.freeze({
  q: '',
  field: null,
  bounty: 'all',
  minFen: null,
  maxFen: null,
  state: 'all',
  event: null,
  sort: 'newest',
  after: null,
});

function oneOf<T extends string>(values: readonly T[], value: string | null): T | null {
  return isOneOf(values, value) ? value : null;
}

function wanParam(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  const parsed = parseWanToFen(value);
  return parsed.ok ? parsed.fen : null;
}

/** Reads a URL's search params; anything unknown or malformed becomes the default. */
export function parseCatalogueQuery(params: URLSearchParams): CatalogueQuery {
  // bounded before the whitespace is folded, so a huge parameter costs nothing
  const raw = cutToLength(params.get('q') ?? '', MAX_QUERY_LENGTH * 4);
  const q = cutToLength(raw.replace(/\s+/g, ' ').trim(), MAX_QUERY_LENGTH).trim();
  const bounty = oneOf(BOUNTY_FILTERS, params.get('bounty')) ?? 'all';
  let minFen = wanParam(params.get('min'));
  let maxFen = wanParam(params.get('max'));
  // a range only applies to fixed bounties: with "open bounty only" it is meaningless
  if (bounty === 'open') minFen = maxFen = null;
  // a reversed range is read the way it was meant
  if (minFen !== null && maxFen !== null && minFen > maxFen) [minFen, maxFen] = [maxFen, minFen];
  const event = params.get('event');
  const after = params.get('after');
  return {
    q,
    field: oneOf(CHALLENGE_FIELDS, params.get('field')),
    bounty,
    minFen,
    maxFen,
    state: oneOf(STATE_FILTERS, params.get('state')) ?? 'all',
    event: event !== null && SLUG.test(event) ? event : null,
    sort: oneOf(CATALOGUE_SORTS, params.get('sort')) ?? 'newest',
    after: after !== null && CURSOR.test(after) ? after : null,
  };
}

/** An amount of fen as the shortest exact decimal in 万元 ("50", "1.5", "0.000001"). */
export function fenToWanParam(fen: number): string {
  if (!isFen(fen)) throw new RangeError(`not an amount of fen: ${String(fen)}`);
  const whole = Math.floor(fen / FEN_PER_WAN);
  const fraction = String(fen % FEN_PER_WAN)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/**
 * The query as URL search params, defaults left out, in a fixed order, so that equal queries
 * give equal URLs (one cache entry each). `changes` replaces parts, e.g. `{ after: next }`
 * for the next page; any change of filters or sort should also reset `after` to null.
 */
export function catalogueSearchParams(
  query: CatalogueQuery,
  changes: Partial<CatalogueQuery> = {},
): URLSearchParams {
  const v = { ...query, ...changes };
  const params = new URLSearchParams();
  if (v.q) params.set('q', v.q);
  if (v.field) params.set('field', v.field);
  if (v.bounty !== 'all') params.set('bounty', v.bounty);
  if (v.minFen !== null) params.set('min', fenToWanParam(v.minFen));
  if (v.maxFen !== null) params.set('max', fenToWanParam(v.maxFen));
  if (v.state !== 'all') params.set('state', v.state);
  if (v.event) params.set('event', v.event);
  if (v.sort !== 'newest') params.set('sort', v.sort);
  if (v.after) params.set('after', v.after);
  return params;
}

export const CATALOGUE_PATH = '/challenges';

/** A link to the catalogue in a state: "/challenges?q=…&sort=…", or "/challenges" alone. */
export function catalogueHref(query: CatalogueQuery, changes: Partial<CatalogueQuery> = {}) {
  const search = catalogueSearchParams(query, changes).toString();
  return search ? `${CATALOGUE_PATH}?${search}` : CATALOGUE_PATH;
}

/** True when the visitor narrowed the list (search or any filter); sort and page do not count. */
export function isFiltered(query: CatalogueQuery): boolean {
  return (
    query.q !== '' ||
    query.field !== null ||
    query.bounty !== 'all' ||
    query.minFen !== null ||
    query.maxFen !== null ||
    query.state !== 'all' ||
    query.event !== null
  );
}

/**
 * The terms the catalogue searches for: searchTerms(), normalised like Challenge.searchText.
 * Each is matched literally, `%`, `_` and `\` included ("20%" finds "20%", and "_" only a text
 * with an underscore): catalogue.server.ts escapes the terms that hold one of them.
 */
export function catalogueSearchTerms(q: string, max = 8): string[] {
  return searchTerms(q, max);
}

/*
 * Open or closed, in a query. effectiveNeedStatus() shows a PUBLISHED challenge as CLOSED once
 * `now` reaches applicationsCloseAt(deadline), the start of the Shanghai day after the
 * deadline's day. For a filter that must be a condition on the stored deadline:
 *   now >= startOfNextShanghaiDay(deadline)  ⇔  day(deadline) < day(now)
 *                                            ⇔  deadline < startOfShanghaiDay(now)
 * so a PUBLISHED challenge is open exactly when deadline >= openDeadlineFrom(now).
 */
export function openDeadlineFrom(now: Date): Date {
  return startOfShanghaiDay(now);
}

// ---- keyset cursors ------------------------------------------------------------------------

/** Where a page ends: the sort key of its last row (a date, or fen / null for bounty) and id. */
export type CursorKey =
  | { sort: 'newest' | 'deadline'; value: Date; id: string }
  | { sort: 'bounty'; value: number | null; id: string };

const SORT_TAG: Record<CatalogueSort, string> = { newest: 'n', deadline: 'd', bounty: 'b' };

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(value: string): string | null {
  try {
    const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

export function encodeCursor(key: CursorKey): string {
  const value =
    key.value === null ? '' : key.value instanceof Date ? key.value.toISOString() : key.value;
  return toBase64Url(JSON.stringify([SORT_TAG[key.sort], value, key.id]));
}

/**
 * The key a cursor stands for, or null (= the first page) when it is malformed, was made for
 * another sort order, or carries a value that could not have come from encodeCursor().
 */
export function decodeCursor(sort: CatalogueSort, cursor: string | null): CursorKey | null {
  if (!cursor || !CURSOR.test(cursor)) return null;
  const text = fromBase64Url(cursor);
  if (text === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return null;
  const [tag, value, id] = parsed as unknown[];
  if (tag !== SORT_TAG[sort] || typeof id !== 'string' || !/^[\w-]{1,64}$/.test(id)) return null;
  if (sort === 'bounty') {
    if (value === '') return { sort, value: null, id };
    return isFen(value) ? { sort, value, id } : null;
  }
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : { sort, value: date, id };
}
