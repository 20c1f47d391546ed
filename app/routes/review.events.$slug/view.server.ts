// The view of one event on the bureau's event desk: the event with its attached challenges
// (and each one's matches) and its matches, the challenges that may be attached (searched by
// `q`, in the event's industry or, with `scope=all`, in every one) and the teams found by `tq`.
import { shanghaiDateString } from '~/domain/shanghai-date';
import type { Db } from '~/lib/db.server';
import { eventCardSelect } from '~/services/events/selects';
import { challengeCardSelect } from '~/services/needs/selects';
import { CANDIDATE_LIMIT, candidateChallenges, searchTeams } from '~/services/events/events.server';

async function eventForStaff(db: Db, slug: string) {
  const e = await db.matchingEvent.findUnique({
    where: { slug },
    select: {
      ...eventCardSelect,
      id: true,
      description: true,
      challenges: { select: { challenge: { select: { ...challengeCardSelect, status: true } } } },
      matches: {
        orderBy: [{ matchedAt: 'asc' }, { id: 'asc' }],
        select: {
          id: true,
          matchedAt: true,
          note: true,
          challenge: { select: { id: true, code: true, title: true, titleEn: true } },
          team: {
            select: { id: true, name: true, nameEn: true, institution: true, institutionEn: true },
          },
        },
      },
    },
  });
  if (!e) return null;
  const matchesPerChallenge = new Map<string, number>();
  for (const m of e.matches) {
    matchesPerChallenge.set(m.challenge.id, (matchesPerChallenge.get(m.challenge.id) ?? 0) + 1);
  }
  return {
    ...e,
    date: e.date.toISOString(),
    day: shanghaiDateString(e.date),
    challenges: e.challenges
      .map(({ challenge: c }) => ({ ...c, matchCount: matchesPerChallenge.get(c.id) ?? 0 }))
      .sort((a, b) => (a.code ?? '').localeCompare(b.code ?? '')),
    matches: e.matches.map((m) => ({ ...m, matchedAt: m.matchedAt.toISOString() })),
    teamCount: new Set(e.matches.map((m) => m.team.id)).size,
  };
}

/** The page's data for the event at `slug` and the searches in `url`; null when there is none. */
export async function eventPage(db: Db, slug: string, url: URL) {
  const event = await eventForStaff(db, slug);
  if (!event) return null;
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
  const allIndustries = url.searchParams.get('scope') === 'all';
  const tq = (url.searchParams.get('tq') ?? '').trim().slice(0, 100);
  const [candidates, teams] = await Promise.all([
    candidateChallenges(db, {
      eventId: event.id,
      industry: allIndustries ? null : event.industry,
      q,
    }),
    searchTeams(db, tq),
  ]);
  return {
    event,
    candidates,
    candidateLimit: CANDIDATE_LIMIT,
    teams,
    q,
    tq,
    allIndustries,
    today: shanghaiDateString(new Date()),
  };
}
