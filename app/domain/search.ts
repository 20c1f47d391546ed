// The catalogue's search text: one normalised string per challenge, matched by substring so
// that Chinese (no spaces between words) and English are found alike.

/** NFKC folds full-width letters and digits (ＡＢＣ１２３) into ASCII; lower case; one space. */
export function normalizeSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function buildSearchText(c: {
  title: string;
  titleEn?: string | null;
  background: string;
  targets: readonly string[];
  enterpriseName?: string | null;
  field?: string | null;
}): string {
  return normalizeSearch(
    [c.title, c.titleEn, c.field, c.enterpriseName, c.background, ...c.targets]
      .filter(Boolean)
      .join(' \n '),
  );
}

/** Search terms of a query: whitespace separates terms; every term must match (AND). */
export function searchTerms(query: string, max = 8): string[] {
  return [...new Set(normalizeSearch(query).split(' ').filter(Boolean))]
    .slice(0, max)
    .map((t) => t.slice(0, 50));
}

// LIKE's two wildcards, and the escape character this app gives it (PostgreSQL's default).
const LIKE_SPECIAL = /[\\%_]/;

/** Whether a term holds a character that LIKE would not read literally. */
export function hasLikeSpecial(term: string): boolean {
  return LIKE_SPECIAL.test(term);
}

/**
 * A pattern for `LIKE … ESCAPE '\'` that finds `term` literally anywhere in a text: `%`, `_`
 * and `\` typed by a visitor are escaped, so "20%" finds "20%" and "a_b" never finds "axb".
 */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
