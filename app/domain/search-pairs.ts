// The pair index of the catalogue's search (docs/decisions/008-catalogue-search.md, "The pair
// index"): a term of exactly two characters (材料, 电池) has no trigram, so both engines look
// it up among the character pairs of Challenge.searchText instead.

/** The length, in characters (code points, as SQLite's length() and char_length count), of a pair. */
export const PAIR = 2;

/** The terms the pair index finds: those of two characters exactly. */
export function pairTerms(terms: readonly string[]): string[] {
  return terms.filter((t) => [...t].length === PAIR);
}

/** ASCII letters only to lower case: SQLite's LIKE and lower() fold those and no others. */
const asciiLower = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

/**
 * A pair as the SQLite index ChallengePairs holds it: the hex of its UTF-8 bytes, ASCII folded
 * as LIKE folds it, in lower case (FTS5 folds the token's A-F). The migration writes
 * hex(lower(substr(searchText, i, 2))) for every position i; this is the same token.
 */
export function pairToken(pair: string): string {
  return Array.from(new TextEncoder().encode(asciiLower(pair)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}

/** The FTS5 query for rows holding every pair: hex digits only, so nothing in it is syntax. */
export function pairsFtsQuery(pairs: readonly string[]): string {
  return pairs.map((p) => `"${pairToken(p)}"`).join(' AND ');
}
