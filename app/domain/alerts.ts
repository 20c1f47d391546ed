// Alerts for teams (issue 16, point 2): a team's standing search of newly published challenges
// by field, keyword and bounty range, and how its members hear of a match: in the app, by mail
// at once, or in one mail a day. Pure rules; the service (app/services/alerts/) does the I/O.
import { isIndustry, type Industry } from './industry';
import { oneOf } from './one-of';
import { normalizeSearch } from './search';
import { shanghaiDateString, startOfShanghaiDay } from './shanghai-date';

/** A team keeps at most this many subscriptions (a bound on the work of every publication). */
export const MAX_SUBSCRIPTIONS = 10;
export const MAX_KEYWORDS = 10;
export const KEYWORD_MAX_LENGTH = 30;
/** The keywords' text as typed: room for MAX_KEYWORDS at full length and their separators. */
export const KEYWORDS_TEXT_MAX_LENGTH = 400;

/** How a subscription's matches are mailed: not at all, each at once, or one digest a day. */
export const MAIL_MODES = ['NONE', 'IMMEDIATE', 'DAILY'] as const;
export type MailMode = (typeof MAIL_MODES)[number];
export const isMailMode = oneOf(MAIL_MODES);

/** The daily digest goes out at this hour, Asia/Shanghai. */
export const DIGEST_HOUR = 8;

export type AlertCriteria = {
  /** empty: any field */
  fields: Industry[];
  /** normalised (app/domain/search.ts); empty: any text. One of them is enough. */
  keywords: string[];
  /** a fixed bounty's inclusive bounds in fen; null: unbounded on that side */
  minBountyFen: number | null;
  maxBountyFen: number | null;
  /** whether a challenge with an open bounty (不限定榜额) matches */
  includeOpen: boolean;
};

export type AlertChannels = { inApp: boolean; mail: MailMode };

/** What of a challenge the criteria look at. */
export type AlertChallenge = {
  field: string;
  /** the catalogue's search text (title, English title, background, targets, enterprise) */
  searchText: string;
  /** null for an open bounty */
  bountyFen: number | null;
};

export type KeywordsResult =
  { ok: true; keywords: string[] } | { ok: false; error: 'tooMany' | 'tooLong' };

/**
 * The keywords of what a member typed: separated by spaces, commas (either width), 、 or
 * semicolons; normalised as the catalogue's search text is, duplicates dropped.
 */
export function parseKeywords(text: string): KeywordsResult {
  const words = [
    ...new Set(
      normalizeSearch(text)
        .split(/[\s,，、;；]+/)
        .filter(Boolean),
    ),
  ];
  if (words.length > MAX_KEYWORDS) return { ok: false, error: 'tooMany' };
  if (words.some((w) => [...w].length > KEYWORD_MAX_LENGTH)) return { ok: false, error: 'tooLong' };
  return { ok: true, keywords: words };
}

/** The fields of a form that are industries, deduplicated, in the list's order. */
export function pickFields(values: readonly unknown[]): Industry[] {
  return [...new Set(values.filter(isIndustry))];
}

export type CriteriaProblem = {
  code: 'noCriteria' | 'rangeInverted' | 'noChannel';
  field: 'fields' | 'maxWan' | 'inApp';
};

/** What makes a subscription meaningless: nothing to look for, an empty range, no channel. */
export function criteriaProblems(c: AlertCriteria, channels: AlertChannels): CriteriaProblem[] {
  const problems: CriteriaProblem[] = [];
  if (
    c.fields.length === 0 &&
    c.keywords.length === 0 &&
    c.minBountyFen === null &&
    c.maxBountyFen === null
  )
    problems.push({ code: 'noCriteria', field: 'fields' });
  if (c.minBountyFen !== null && c.maxBountyFen !== null && c.minBountyFen > c.maxBountyFen)
    problems.push({ code: 'rangeInverted', field: 'maxWan' });
  if (!channels.inApp && channels.mail === 'NONE')
    problems.push({ code: 'noChannel', field: 'inApp' });
  return problems;
}

function bountyMatches(c: AlertCriteria, bountyFen: number | null): boolean {
  if (bountyFen === null) return c.includeOpen;
  if (c.minBountyFen !== null && bountyFen < c.minBountyFen) return false;
  if (c.maxBountyFen !== null && bountyFen > c.maxBountyFen) return false;
  return true;
}

/**
 * Whether a published challenge is one the subscription asks for: in one of its fields (if it
 * names any), holding one of its keywords (if any), with a bounty in its range (an open bounty
 * when it takes open ones).
 */
export function matches(c: AlertCriteria, challenge: AlertChallenge): boolean {
  if (c.fields.length > 0 && !(c.fields as readonly string[]).includes(challenge.field))
    return false;
  if (c.keywords.length > 0) {
    const text = normalizeSearch(challenge.searchText);
    if (!c.keywords.some((k) => text.includes(k))) return false;
  }
  return bountyMatches(c, challenge.bountyFen);
}

const MAIL_RANK: Record<MailMode, number> = { NONE: 0, DAILY: 1, IMMEDIATE: 2 };

/**
 * How one member hears of one challenge that several of the team's subscriptions match: once,
 * in the app if any of them says so, by mail in the promptest of their modes. `subscriptionId`
 * is the one whose mode won (the unsubscribe link of the mail names it).
 */
export function mergeChannels<S extends AlertChannels & { id: string }>(
  subscriptions: readonly S[],
): (AlertChannels & { subscriptionId: string }) | null {
  if (subscriptions.length === 0) return null;
  const best = subscriptions.reduce((a, b) => (MAIL_RANK[b.mail] > MAIL_RANK[a.mail] ? b : a));
  return {
    inApp: subscriptions.some((s) => s.inApp),
    mail: best.mail,
    subscriptionId: best.id,
  };
}

const HOUR_MS = 3_600_000;

/**
 * The digest that `now` falls under: its Asia/Shanghai day (the job's key) and when it is due
 * (DIGEST_HOUR that morning). Before that hour the day's digest is simply not due yet.
 */
export function digestSlot(now: Date): { day: string; dueAt: Date } {
  const start = startOfShanghaiDay(now);
  return { day: shanghaiDateString(now), dueAt: new Date(start.getTime() + DIGEST_HOUR * HOUR_MS) };
}
