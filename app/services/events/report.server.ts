// The matching events of a period as the programme report tables them (app/routes/report): each
// event held in the period, its published challenges, the teams matched with each at the event
// and the contracts signed for each by the end of the period. Public records only, as on /events.
import { isEventHeld } from '~/domain/matching-event';
import { PUBLIC_STATUSES } from '~/domain/need';
import { type Period, periodBounds } from '~/domain/period';
import type { Db } from '~/lib/db.server';
import { eventCardSelect } from './selects';

export type ReportEvent = Awaited<ReturnType<typeof eventsForReport>>[number];

/** The events held in `period` (by their date, up to now), oldest first, with their tables. */
export async function eventsForReport(db: Db, period: Period, now = new Date()) {
  const { from, to } = periodBounds(period);
  const until = to && to < now ? to : now;
  const events = await db.matchingEvent.findMany({
    where: { date: { ...(from ? { gte: from } : {}), lte: until } },
    orderBy: [{ date: 'asc' }, { id: 'asc' }],
    select: {
      ...eventCardSelect,
      challenges: {
        where: { challenge: { status: { in: [...PUBLIC_STATUSES] }, code: { not: null } } },
        select: {
          challenge: {
            select: {
              id: true,
              code: true,
              title: true,
              titleEn: true,
              // a contract counts once signed, by the end of the period (or now)
              contracts: { where: { signedAt: { lt: to ?? now } }, select: { id: true } },
            },
          },
        },
      },
      matches: { select: { teamId: true, challengeId: true } },
    },
  });
  // `to` is exclusive: an event at midnight starting the next period is not this one's
  const held = events.filter((e) => isEventHeld(e.date, now) && (!to || e.date < to));
  return held.map(({ challenges, matches, ...e }) => {
    const rows = challenges
      .map(({ challenge: c }) => ({
        code: c.code!,
        title: c.title,
        titleEn: c.titleEn,
        teams: new Set(matches.filter((m) => m.challengeId === c.id).map((m) => m.teamId)).size,
        contracts: c.contracts.length,
      }))
      .sort((a, b) => (a.code < b.code ? -1 : 1));
    return {
      ...e,
      date: e.date.toISOString(),
      challenges: rows,
      teamCount: new Set(matches.map((m) => m.teamId)).size,
      contractCount: rows.reduce((sum, r) => sum + r.contracts, 0),
    };
  });
}
