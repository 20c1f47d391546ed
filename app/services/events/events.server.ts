// The bureau's reads of matching events (揭榜活动) for its desk: the list of events, the
// challenges that may still be attached to one, the teams that may be matched. The changes are
// in changes.server.ts, the event page's view in app/routes/review.events.$slug/view.server.ts;
// the public pages read the same records through catalogue.server.ts, the statistics through
// stats.server.ts.
import { isEventHeld } from '~/domain/matching-event';
import { PUBLIC_STATUSES } from '~/domain/need';
import { searchTerms } from '~/domain/search';
import type { Db } from '~/lib/db.server';
import { containingLiterally } from '~/lib/text-search.server';
import { challengeCardSelect } from '~/services/needs/selects';
import { eventCardSelect } from './selects';

export async function listEventsForStaff(db: Db, now = new Date()) {
  const events = await db.matchingEvent.findMany({
    orderBy: [{ date: 'desc' }, { id: 'desc' }],
    select: {
      ...eventCardSelect,
      _count: { select: { challenges: true, matches: true } },
      matches: { select: { teamId: true } },
    },
  });
  return events.map(({ matches, _count, ...e }) => ({
    ...e,
    date: e.date.toISOString(),
    held: isEventHeld(e.date, now),
    challengeCount: _count.challenges,
    matchCount: _count.matches,
    teamCount: new Set(matches.map((m) => m.teamId)).size,
  }));
}

/** The id of the event at this address, or null when there is none. */
export async function findEventId(db: Db, slug: string) {
  const event = await db.matchingEvent.findUnique({ where: { slug }, select: { id: true } });
  return event?.id ?? null;
}

export const CANDIDATE_LIMIT = 30;

/**
 * Published challenges not yet attached to the event, of one industry (or all), whose search
 * text, code or title holds every term of `q`.
 */
export async function candidateChallenges(
  db: Db,
  opts: { eventId: string; industry: string | null; q: string },
) {
  const terms = searchTerms(opts.q);
  const where = {
    status: { in: [...PUBLIC_STATUSES] },
    code: { not: null },
    events: { none: { eventId: opts.eventId } },
    ...(opts.industry ? { field: opts.industry } : {}),
    // each term literally (% _ \ included), ignoring case
    ...(terms.length
      ? {
          AND: await Promise.all(
            terms.map((term) =>
              containingLiterally(db, 'Challenge', ['searchText', 'code', 'title'], term),
            ),
          ),
        }
      : {}),
  };
  const [rows, total] = await Promise.all([
    db.challenge.findMany({
      where,
      orderBy: [{ code: 'asc' }],
      take: CANDIDATE_LIMIT,
      select: challengeCardSelect,
    }),
    db.challenge.count({ where }),
  ]);
  return { total, items: rows };
}

export const TEAM_LIMIT = 20;

/** Registered research teams whose name or institution (Chinese or English) holds `q`. */
export async function searchTeams(db: Db, q: string) {
  const query = q.trim().slice(0, 100);
  if (!query) return [];
  const rows = await db.organization.findMany({
    where: {
      kind: 'TEAM',
      // literally (% _ \ included), ignoring case
      ...(await containingLiterally(
        db,
        'Organization',
        ['name', 'nameEn', 'institution', 'institutionEn'],
        query,
      )),
    },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    take: TEAM_LIMIT,
    select: {
      id: true,
      name: true,
      nameEn: true,
      institution: true,
      institutionEn: true,
      _count: { select: { matches: true } },
    },
  });
  return rows.map(({ _count, ...t }) => ({ ...t, matchCount: _count.matches }));
}
