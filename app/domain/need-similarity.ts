/**
 * How alike two needs are (docs/decisions/035-duplicate-needs.md): a figure from 0 to 100 %
 * over their titles (Chinese and English) and backgrounds. Chinese has no spaces, so it is cut
 * into overlapping character pairs (bigrams); Latin text into lower-cased words. The title counts
 * more than the background. Pure: the same figure on every engine, computed in JS.
 */

/** From this figure on, an earlier need is shown as similar. */
export const SIMILAR_THRESHOLD = 40;
/** At most this many similar needs are shown. */
export const SIMILAR_TOP = 5;
/** How much the title (the better of its Chinese and English pairs) weighs against the background. */
export const TITLE_WEIGHT = 0.6;

const STOPWORDS = new Set([
  'a',
  'an',
  'and',
  'as',
  'at',
  'by',
  'for',
  'from',
  'in',
  'into',
  'of',
  'on',
  'or',
  'the',
  'to',
  'with',
]);

const RUNS = /[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9\u00c0-\u024f]+/g;
const CJK = /^[\u3400-\u9fff\uf900-\ufaff]/;

/** A Latin word in a stable form: a plural `s` dropped ("reducers" = "reducer"). */
function stem(word: string): string {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

/**
 * The tokens of a text: Chinese runs as character bigrams (a lone character as itself), Latin
 * and digit runs as words, lower-cased, without the commonest English words.
 */
export function tokens(text: string): string[] {
  const out: string[] = [];
  for (const [run] of text.normalize('NFKC').toLowerCase().matchAll(RUNS)) {
    if (CJK.test(run)) {
      const chars = [...run];
      if (chars.length === 1) out.push(run);
      for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
    } else if (!STOPWORDS.has(run) && (run.length > 1 || /\d/.test(run))) {
      out.push(stem(run));
    }
  }
  return out;
}

/** A text's token counts and their norm, computed once per need. */
export type Vector = { counts: Map<string, number>; norm: number };

export function vector(text: string | null | undefined): Vector | null {
  if (!text) return null;
  const counts = new Map<string, number>();
  for (const t of tokens(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
  if (counts.size === 0) return null;
  let sum = 0;
  for (const c of counts.values()) sum += c * c;
  return { counts, norm: Math.sqrt(sum) };
}

/** Cosine of two token-count vectors, 0 when either is missing. */
export function cosine(a: Vector | null, b: Vector | null): number {
  if (!a || !b) return 0;
  const [small, large] = a.counts.size <= b.counts.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [t, c] of small.counts) dot += c * (large.counts.get(t) ?? 0);
  return dot / (a.norm * b.norm);
}

/** What a need is compared on. */
export type NeedText = { title: string; titleEn?: string | null; background: string };

/** A need's vectors, computed once and compared with many. */
export type NeedVectors = { titles: Vector[]; background: Vector | null };

export function needVectors(n: NeedText): NeedVectors {
  return {
    titles: [vector(n.title), vector(n.titleEn)].filter((v): v is Vector => v !== null),
    background: vector(n.background),
  };
}

/**
 * The figure, 0–100: the best match between either title of one need and either title of the
 * other (a Chinese title against an English one scores nothing, so the pair in the same language
 * decides), weighted with the backgrounds' likeness.
 */
export function similarity(a: NeedVectors, b: NeedVectors): number {
  let title = 0;
  for (const x of a.titles) for (const y of b.titles) title = Math.max(title, cosine(x, y));
  const score = TITLE_WEIGHT * title + (1 - TITLE_WEIGHT) * cosine(a.background, b.background);
  return Math.round(Math.min(1, score) * 100);
}

/**
 * The candidates at or above the threshold, most similar first (ties: the newer first, then by
 * id, so both engines list them alike), at most `top` of them.
 */
export function mostSimilar<C extends NeedText & { id: string; createdAt: Date }>(
  need: NeedText,
  candidates: readonly C[],
  opts: { threshold?: number; top?: number } = {},
): (C & { similarity: number })[] {
  const threshold = opts.threshold ?? SIMILAR_THRESHOLD;
  const target = needVectors(need);
  return candidates
    .map((c) => ({ ...c, similarity: similarity(target, needVectors(c)) }))
    .filter((c) => c.similarity >= threshold)
    .sort(
      (x, y) =>
        y.similarity - x.similarity ||
        y.createdAt.getTime() - x.createdAt.getTime() ||
        (x.id < y.id ? -1 : x.id > y.id ? 1 : 0),
    )
    .slice(0, opts.top ?? SIMILAR_TOP);
}

/**
 * A few distinctive tokens of a title, to find candidates outside the need's field in the
 * lower-cased `searchText` column: Chinese bigrams and Latin words of 4 letters or more.
 */
export function probeTokens(n: NeedText, max = 4): string[] {
  const seen = new Set<string>();
  for (const t of [...tokens(n.title), ...tokens(n.titleEn ?? '')]) {
    if (seen.size >= max) break;
    if (CJK.test(t) || t.length >= 4) seen.add(t);
  }
  return [...seen];
}
