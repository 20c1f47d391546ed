// The bureau's management of matching events (揭榜活动): reads for its desk, and the writes
// (create, edit, attach/detach challenges, record/remove matches). Rules are asked of
// app/domain/matching-event.ts; every write commits with its audit record in one transaction.
// The public pages read the same records through catalogue.server.ts, the statistics through
// stats.server.ts.
import { randomBytes } from 'node:crypto';
import {
  attachRefusal,
  dateChangeRefusal,
  deleteRefusal,
  detachRefusal,
  generateSlug,
  isEventHeld,
  matchRefusals,
  SLUG_SUFFIX_LENGTH,
  type MatchRefusal,
} from '~/domain/matching-event';
import { PUBLIC_STATUSES } from '~/domain/need';
import { searchTerms } from '~/domain/search';
import { shanghaiDateString } from '~/domain/shanghai-date';
import type { CreateEventInput, EventDetailsInput } from '~/forms/events';
import type { Db, Tx } from '~/lib/db.server';
import { audit } from '~/services/kernel/audit.server';
import { containingLiterally } from '~/lib/text-search.server';

export type FieldErrors = Record<string, string[]>;
export type Refusal = { ok: false; fieldErrors?: FieldErrors; formError?: string };
export type WriteResult<T = object> = ({ ok: true } & T) | Refusal;

const ENTITY = 'MatchingEvent';
const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === 'P2002';

const refused = (fieldErrors: FieldErrors): Refusal => ({ ok: false, fieldErrors });
const formRefused = (formError: string): Refusal => ({ ok: false, formError });

/**
 * Takes the event's row lock for the rest of the transaction (a no-op write), so that the
 * writes on one event (attach, detach, match) run one after another on PostgreSQL as they do
 * on SQLite: a match cannot land on a challenge being detached at the same moment, and a
 * second identical match waits and then sees the first. Returns false when the event is gone.
 */
async function lockEvent(tx: Tx, eventId: string): Promise<boolean> {
  const rows =
    await tx.$executeRaw`UPDATE "MatchingEvent" SET "slug" = "slug" WHERE "id" = ${eventId}`;
  return rows === 1;
}

/* ---------------------------------------------------------------- reads */

export async function listEventsForStaff(db: Db, now = new Date()) {
  const events = await db.matchingEvent.findMany({
    orderBy: [{ date: 'desc' }, { id: 'desc' }],
    select: {
      slug: true,
      name: true,
      nameEn: true,
      industry: true,
      date: true,
      place: true,
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

export async function getEventForStaff(db: Db, slug: string) {
  const e = await db.matchingEvent.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      name: true,
      nameEn: true,
      industry: true,
      date: true,
      place: true,
      description: true,
      challenges: {
        select: {
          challenge: {
            select: {
              id: true,
              code: true,
              title: true,
              titleEn: true,
              field: true,
              status: true,
              enterprise: { select: { name: true, nameEn: true } },
            },
          },
        },
      },
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
      select: {
        id: true,
        code: true,
        title: true,
        titleEn: true,
        field: true,
        enterprise: { select: { name: true, nameEn: true } },
      },
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

/* ---------------------------------------------------------------- writes */

const details = (input: EventDetailsInput) => ({
  name: input.name,
  nameEn: input.nameEn || null,
  industry: input.industry,
  date: input.date,
  place: input.place,
  description: input.description,
});

/**
 * A new event. A typed slug that is taken is a field error (also when another reviewer took
 * it a moment ago); a generated one is drawn again.
 */
export async function createEvent(
  db: Db,
  actorId: string,
  input: CreateEventInput,
  random: (n: number) => Uint8Array = (n) => randomBytes(n),
): Promise<WriteResult<{ slug: string }>> {
  const typed = input.slug || null;
  if (
    typed &&
    (await db.matchingEvent.findUnique({ where: { slug: typed }, select: { id: true } }))
  ) {
    return refused({ slug: ['eventsAdmin.errors.slugTaken'] });
  }
  for (let attempt = 1; ; attempt++) {
    const slug = typed ?? generateSlug(input.date, random(SLUG_SUFFIX_LENGTH));
    try {
      await db.$transaction(async (tx) => {
        const event = await tx.matchingEvent.create({
          data: { slug, ...details(input) },
          select: { id: true },
        });
        await audit(tx, {
          actorId,
          action: 'event.created',
          entityType: ENTITY,
          entityId: event.id,
          data: { slug, ...details(input) },
        });
      });
      return { ok: true, slug };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (typed) return refused({ slug: ['eventsAdmin.errors.slugTaken'] });
      if (attempt >= 5) throw error;
    }
  }
}

export async function updateEvent(
  db: Db,
  actorId: string,
  eventId: string,
  input: EventDetailsInput,
): Promise<WriteResult> {
  return db.$transaction(async (tx) => {
    if (!(await lockEvent(tx, eventId))) return formRefused('eventsAdmin.errors.eventGone');
    const [before, earliest] = await Promise.all([
      tx.matchingEvent.findUniqueOrThrow({ where: { id: eventId } }),
      tx.match.aggregate({ where: { eventId }, _min: { matchedAt: true } }),
    ]);
    if (dateChangeRefusal(input.date, earliest._min.matchedAt)) {
      return refused({ date: ['eventsAdmin.errors.dateAfterMatches'] });
    }
    const after = details(input);
    const changed = Object.fromEntries(
      (Object.keys(after) as (keyof typeof after)[])
        .filter((k) => String(before[k]) !== String(after[k]))
        .map((k) => [k, { from: before[k], to: after[k] }]),
    );
    if (Object.keys(changed).length === 0) return { ok: true };
    await tx.matchingEvent.update({ where: { id: eventId }, data: after });
    await audit(tx, {
      actorId,
      action: 'event.updated',
      entityType: ENTITY,
      entityId: eventId,
      data: changed,
    });
    return { ok: true };
  });
}

const ATTACH_ERRORS = {
  notFound: 'eventsAdmin.errors.unknownChallenge',
  notPublished: 'eventsAdmin.errors.notPublished',
  alreadyAttached: 'eventsAdmin.errors.alreadyAttached',
} as const;

/**
 * Attaches a published challenge, named by its id (the candidate list) or its code (typed).
 * The refusal is reported on the field that named it.
 */
export async function attachChallenge(
  db: Db,
  actorId: string,
  eventId: string,
  ref: { challengeId?: string; code?: string },
): Promise<WriteResult<{ code: string }>> {
  const field = ref.challengeId ? 'challengeId' : 'code';
  try {
    return await db.$transaction(async (tx): Promise<WriteResult<{ code: string }>> => {
      if (!(await lockEvent(tx, eventId))) return formRefused('eventsAdmin.errors.eventGone');
      // codes are upper case (ZB-2021-001); one typed in lower case is meant the same
      const code = ref.code ?? '';
      const challenge = await tx.challenge.findFirst({
        where: ref.challengeId
          ? { id: ref.challengeId }
          : { code: { in: [...new Set([code, code.toUpperCase()])] } },
        orderBy: { code: 'asc' },
        select: { id: true, code: true, status: true },
      });
      const attached = challenge
        ? await tx.eventChallenge.findUnique({
            where: { eventId_challengeId: { eventId, challengeId: challenge.id } },
            select: { eventId: true },
          })
        : null;
      const refusal = attachRefusal(challenge, attached !== null);
      if (refusal) return refused({ [field]: [ATTACH_ERRORS[refusal]] });
      await tx.eventChallenge.create({ data: { eventId, challengeId: challenge!.id } });
      await audit(tx, {
        actorId,
        action: 'event.challenge_attached',
        entityType: ENTITY,
        entityId: eventId,
        data: { challengeId: challenge!.id, code: challenge!.code },
      });
      return { ok: true, code: challenge!.code! };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return refused({ [field]: [ATTACH_ERRORS.alreadyAttached] });
    throw error;
  }
}

export async function detachChallenge(
  db: Db,
  actorId: string,
  eventId: string,
  challengeId: string,
): Promise<WriteResult> {
  return db.$transaction(async (tx) => {
    if (!(await lockEvent(tx, eventId))) return formRefused('eventsAdmin.errors.eventGone');
    const link = await tx.eventChallenge.findUnique({
      where: { eventId_challengeId: { eventId, challengeId } },
      select: { challenge: { select: { code: true } } },
    });
    const matches = link ? await tx.match.count({ where: { eventId, challengeId } }) : 0;
    const refusal = detachRefusal(link !== null, matches);
    if (refusal === 'notAttached') return formRefused('eventsAdmin.errors.notAttached');
    if (refusal === 'hasMatches') return formRefused('eventsAdmin.errors.hasMatches');
    await tx.eventChallenge.delete({ where: { eventId_challengeId: { eventId, challengeId } } });
    await audit(tx, {
      actorId,
      action: 'event.challenge_detached',
      entityType: ENTITY,
      entityId: eventId,
      data: { challengeId, code: link!.challenge.code },
    });
    return { ok: true };
  });
}

const MATCH_ERRORS: Record<MatchRefusal, string> = {
  challengeNotAttached: 'eventsAdmin.errors.challengeNotAttached',
  notATeam: 'eventsAdmin.errors.notATeam',
  beforeEvent: 'eventsAdmin.errors.beforeEvent',
  inFuture: 'eventsAdmin.errors.inFuture',
  duplicate: 'eventsAdmin.errors.duplicateMatch',
};

export type MatchInput = {
  challengeId: string;
  teamId: string;
  matchedAt: Date;
  note?: string;
};

/**
 * Records that a team was matched with an attached challenge at the event. The same record
 * twice (also two submissions at once) is one row and a field error: the event lock makes the
 * second wait and see the first; the unique index (event, challenge, team) is the backstop.
 */
export async function recordMatch(
  db: Db,
  actorId: string,
  eventId: string,
  input: MatchInput,
  now = new Date(),
): Promise<WriteResult<{ matchId: string }>> {
  try {
    return await db.$transaction(async (tx): Promise<WriteResult<{ matchId: string }>> => {
      if (!(await lockEvent(tx, eventId))) return formRefused('eventsAdmin.errors.eventGone');
      const { challengeId, teamId } = input;
      const [event, link, team, existing] = await Promise.all([
        tx.matchingEvent.findUniqueOrThrow({ where: { id: eventId }, select: { date: true } }),
        tx.eventChallenge.findUnique({
          where: { eventId_challengeId: { eventId, challengeId } },
          select: { challenge: { select: { code: true } } },
        }),
        tx.organization.findUnique({ where: { id: teamId }, select: { kind: true, name: true } }),
        tx.match.findUnique({
          where: { eventId_challengeId_teamId: { eventId, challengeId, teamId } },
          select: { id: true },
        }),
      ]);
      const refusals = matchRefusals({
        eventDate: event.date,
        challengeAttached: link !== null,
        team,
        matchedAt: input.matchedAt,
        alreadyRecorded: existing !== null,
        now,
      });
      if (refusals) {
        return refused(
          Object.fromEntries(Object.entries(refusals).map(([f, r]) => [f, [MATCH_ERRORS[r]]])),
        );
      }
      const match = await tx.match.create({
        data: {
          eventId,
          challengeId,
          teamId,
          matchedAt: input.matchedAt,
          note: input.note || null,
        },
        select: { id: true },
      });
      await audit(tx, {
        actorId,
        action: 'event.match_recorded',
        entityType: ENTITY,
        entityId: eventId,
        data: {
          matchId: match.id,
          challengeId,
          code: link!.challenge.code,
          teamId,
          team: team!.name,
          matchedAt: shanghaiDateString(input.matchedAt),
          note: input.note || null,
        },
      });
      return { ok: true, matchId: match.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return refused({ teamId: [MATCH_ERRORS.duplicate] });
    throw error;
  }
}

/** Removes a wrongly recorded match; the audit trail keeps what it was. */
export async function removeMatch(
  db: Db,
  actorId: string,
  eventId: string,
  matchId: string,
): Promise<WriteResult> {
  return db.$transaction(async (tx) => {
    if (!(await lockEvent(tx, eventId))) return formRefused('eventsAdmin.errors.eventGone');
    const match = await tx.match.findFirst({
      where: { id: matchId, eventId },
      select: {
        challengeId: true,
        teamId: true,
        matchedAt: true,
        note: true,
        challenge: { select: { code: true } },
        team: { select: { name: true } },
      },
    });
    if (!match) return formRefused('eventsAdmin.errors.matchGone');
    await tx.match.delete({ where: { id: matchId } });
    await audit(tx, {
      actorId,
      action: 'event.match_removed',
      entityType: ENTITY,
      entityId: eventId,
      data: {
        matchId,
        challengeId: match.challengeId,
        code: match.challenge.code,
        teamId: match.teamId,
        team: match.team.name,
        matchedAt: shanghaiDateString(match.matchedAt),
        note: match.note,
      },
    });
    return { ok: true };
  });
}

/** Deletes a wrongly created event without matches; the audit trail keeps its details. */
export async function deleteEvent(db: Db, actorId: string, eventId: string): Promise<WriteResult> {
  return db.$transaction(async (tx) => {
    if (!(await lockEvent(tx, eventId))) return formRefused('eventsAdmin.errors.eventGone');
    const event = await tx.matchingEvent.findUniqueOrThrow({
      where: { id: eventId },
      select: {
        slug: true,
        name: true,
        nameEn: true,
        industry: true,
        date: true,
        place: true,
        description: true,
        challenges: { select: { challenge: { select: { code: true } } } },
        _count: { select: { matches: true } },
      },
    });
    if (deleteRefusal(event._count.matches))
      return formRefused('eventsAdmin.errors.deleteHasMatches');
    // the attached challenges' links go with it (onDelete: Cascade)
    await tx.matchingEvent.delete({ where: { id: eventId } });
    const { _count: _matches, challenges, ...rest } = event;
    await audit(tx, {
      actorId,
      action: 'event.deleted',
      entityType: ENTITY,
      entityId: eventId,
      data: {
        ...rest,
        date: shanghaiDateString(event.date),
        challenges: challenges.map((c) => c.challenge.code),
      },
    });
    return { ok: true };
  });
}
