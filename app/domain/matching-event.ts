/**
 * Matching events (揭榜活动): the bureau holds an industry-themed event, presents published
 * challenges there and records which teams were matched with which challenge. Pure rules, no
 * I/O: the service (app/services/events/changes.server.ts) reads the records and asks here.
 */
import { PUBLIC_STATUSES } from './need';
import { assertValidDate, shanghaiDateString, startOfShanghaiDay } from './shanghai-date';

// an event is themed on one of the city's industries
export { type Industry, INDUSTRIES, isIndustry } from './industry';

/* ---------------------------------------------------------------- slugs */

export const SLUG_MIN = 3;
export const SLUG_MAX = 60;
const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * A slug is the event's public address (/events/<slug>): lower-case ASCII letters, digits and
 * single hyphens between them, 3 to 60 characters. It never changes once the event exists.
 */
export function isValidSlug(value: string): boolean {
  return value.length >= SLUG_MIN && value.length <= SLUG_MAX && SLUG_PATTERN.test(value);
}

/** What a person typed, as the slug it is meant to be (surrounding spaces, capitals). */
export function normalizeSlug(value: string): string {
  return value.trim().toLowerCase();
}

const SUFFIX_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
export const SLUG_SUFFIX_LENGTH = 6;

/**
 * A generated slug: the event's Shanghai date and a random suffix, e.g. 2021-06-18-k3x9qa.
 * `randomBytes` supplies the randomness (the service passes crypto bytes) so this stays pure.
 */
export function generateSlug(date: Date, randomBytes: Uint8Array): string {
  assertValidDate(date, 'date');
  if (randomBytes.length < SLUG_SUFFIX_LENGTH) {
    throw new RangeError(`need ${SLUG_SUFFIX_LENGTH} random bytes, got ${randomBytes.length}`);
  }
  let suffix = '';
  for (let i = 0; i < SLUG_SUFFIX_LENGTH; i++) {
    suffix += SUFFIX_ALPHABET[randomBytes[i]! % SUFFIX_ALPHABET.length];
  }
  return `${shanghaiDateString(date)}-${suffix}`;
}

/* ---------------------------------------------------------------- dates */

/** The range of event dates the bureau can mean; anything outside is a typing slip. */
export const EARLIEST_EVENT_DAY = '2000-01-01';
export const LATEST_EVENT_DAY = '2099-12-31';

/** An event's date (a Shanghai day, see shanghai-date.ts) within the plausible range. */
export function isPlausibleEventDate(date: Date): boolean {
  assertValidDate(date, 'date');
  const day = shanghaiDateString(date);
  return day >= EARLIEST_EVENT_DAY && day <= LATEST_EVENT_DAY;
}

/** An event counts as held (in the statistics) from the start of its day. */
export function isEventHeld(eventDate: Date, now: Date): boolean {
  assertValidDate(eventDate, 'eventDate');
  assertValidDate(now, 'now');
  return eventDate.getTime() <= now.getTime();
}

/* ---------------------------------------------------------------- challenges */

export type AttachRefusal = 'notFound' | 'notPublished' | 'alreadyAttached';

/**
 * Only a published challenge (one the public may see, with its code) is presented at an
 * event; an event may show a challenge of another industry (the 2021 equipment event showed
 * an advanced-ceramics one), so the industry is a filter for the bureau, not a rule.
 */
export function attachRefusal(
  challenge: { status: string; code: string | null } | null,
  alreadyAttached: boolean,
): AttachRefusal | null {
  if (!challenge) return 'notFound';
  if (!challenge.code || !(PUBLIC_STATUSES as readonly string[]).includes(challenge.status)) {
    return 'notPublished';
  }
  if (alreadyAttached) return 'alreadyAttached';
  return null;
}

/** A challenge with matches recorded at the event stays attached until they are removed. */
export function detachRefusal(
  attached: boolean,
  matchesAtEvent: number,
): 'notAttached' | 'hasMatches' | null {
  if (!attached) return 'notAttached';
  if (matchesAtEvent > 0) return 'hasMatches';
  return null;
}

/**
 * A wrongly created event may be deleted while no match is recorded there (its attached
 * challenges go with it); an event with matches holds statistics records, removed one by one.
 */
export function deleteRefusal(matchesAtEvent: number): 'hasMatches' | null {
  return matchesAtEvent > 0 ? 'hasMatches' : null;
}

/* ---------------------------------------------------------------- matches */

export type MatchField = 'challengeId' | 'teamId' | 'matchedAt';
export type MatchRefusal =
  'challengeNotAttached' | 'notATeam' | 'beforeEvent' | 'inFuture' | 'duplicate';

/**
 * A match (对接) records that a team met a challenge's enterprise at the event or in its
 * follow-up (the 2021 events recorded visits up to a week later). So it needs:
 * - the challenge attached to the event;
 * - a registered research team (an organisation of kind TEAM);
 * - a date on or after the event's day, and not after today (a match that has not happened
 *   cannot be recorded; this also keeps a future event's teams out of the statistics);
 * - no identical record (event, challenge, team) already.
 * Returns the refusals by form field, or null when the match may be recorded.
 */
export function matchRefusals(input: {
  eventDate: Date;
  challengeAttached: boolean;
  team: { kind: string } | null;
  matchedAt: Date;
  alreadyRecorded: boolean;
  now: Date;
}): Partial<Record<MatchField, MatchRefusal>> | null {
  assertValidDate(input.eventDate, 'eventDate');
  assertValidDate(input.matchedAt, 'matchedAt');
  assertValidDate(input.now, 'now');
  const refusals: Partial<Record<MatchField, MatchRefusal>> = {};
  if (!input.challengeAttached) refusals.challengeId = 'challengeNotAttached';
  if (!input.team || input.team.kind !== 'TEAM') refusals.teamId = 'notATeam';
  const day = startOfShanghaiDay(input.matchedAt).getTime();
  if (day < startOfShanghaiDay(input.eventDate).getTime()) refusals.matchedAt = 'beforeEvent';
  else if (day > startOfShanghaiDay(input.now).getTime()) refusals.matchedAt = 'inFuture';
  if (Object.keys(refusals).length === 0 && input.alreadyRecorded) refusals.teamId = 'duplicate';
  return Object.keys(refusals).length ? refusals : null;
}

/**
 * Moving an event's date must keep its recorded matches on or after it: an event cannot be
 * moved past a match already recorded there.
 */
export function dateChangeRefusal(
  newDate: Date,
  earliestMatch: Date | null,
): 'afterMatches' | null {
  assertValidDate(newDate, 'newDate');
  if (!earliestMatch) return null;
  assertValidDate(earliestMatch, 'earliestMatch');
  return startOfShanghaiDay(earliestMatch).getTime() < startOfShanghaiDay(newDate).getTime()
    ? 'afterMatches'
    : null;
}
