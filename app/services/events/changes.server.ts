// The bureau's changes to matching events (揭榜活动): create, edit and delete an event, attach
// and detach challenges, record and remove matches. Rules are asked of
// app/domain/matching-event.ts; every change is a kernel command that commits with its audit
// record. The writes on one event take its lock first (kernel/locks.server.ts), so they run
// one after another on both engines: a match cannot land on a challenge being detached at the
// same moment, and a second identical match waits and then sees the first. A refusal names the
// form field at fault when there is one, so the page shows it there.
import { randomBytes } from 'node:crypto';
import {
  attachRefusal,
  dateChangeRefusal,
  deleteRefusal,
  detachRefusal,
  generateSlug,
  matchRefusals,
  SLUG_SUFFIX_LENGTH,
  type AttachRefusal,
  type MatchRefusal,
} from '~/domain/matching-event';
import { shanghaiDateString } from '~/domain/shanghai-date';
import type { CreateEventInput, EventDetailsInput } from '~/forms/events';
import { isUniqueViolation, type Db, type Tx } from '~/lib/db.server';
import type { Actor } from '~/services/kernel/actor';
import { command, type CommandSpec } from '~/services/kernel/command.server';
import { lockEvent } from '~/services/kernel/locks.server';
import { refusal, Refused, type Refusal, type Result } from '~/services/kernel/refusal';
import { eventCardSelect } from './selects';

/** The translation namespace of the event desk's refusals. */
const ERRORS = 'eventsAdmin.errors';
const ENTITY = 'MatchingEvent';

/** A command on one event: its lock first; an event gone meanwhile is refused as such. */
function onEvent(actor: Actor, eventId: string): CommandSpec {
  return {
    errors: ERRORS,
    actor,
    lock: async (tx: Tx) => {
      if (!(await lockEvent(tx, eventId))) throw new Refused('eventGone');
    },
  };
}

/** The command's result, or `duplicate` when the database's unique index refused a row. */
async function orDuplicate<T extends object>(
  run: () => Promise<Result<T>>,
  duplicate: Refusal,
): Promise<Result<T>> {
  try {
    return await run();
  } catch (error) {
    if (isUniqueViolation(error)) return duplicate;
    throw error;
  }
}

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
  actor: Actor,
  input: CreateEventInput,
  random: (n: number) => Uint8Array = (n) => randomBytes(n),
): Promise<Result<{ slug: string }>> {
  const typed = input.slug || null;
  const slugTaken = refusal(ERRORS, 'slugTaken', { field: 'slug' });
  if (
    typed &&
    (await db.matchingEvent.findUnique({ where: { slug: typed }, select: { id: true } }))
  ) {
    return slugTaken;
  }
  for (let attempt = 1; ; attempt++) {
    const slug = typed ?? generateSlug(input.date, random(SLUG_SUFFIX_LENGTH));
    try {
      return await command(db, { errors: ERRORS, actor }, async (ctx) => {
        const event = await ctx.tx.matchingEvent.create({
          data: { slug, ...details(input) },
          select: { id: true },
        });
        await ctx.audit({
          action: 'event.created',
          entityType: ENTITY,
          entityId: event.id,
          data: { slug, ...details(input) },
        });
        return { slug };
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (typed) return slugTaken;
      if (attempt >= 5) throw error;
    }
  }
}

export function updateEvent(
  db: Db,
  actor: Actor,
  eventId: string,
  input: EventDetailsInput,
): Promise<Result> {
  return command(db, onEvent(actor, eventId), async (ctx) => {
    const [before, earliest] = await Promise.all([
      ctx.tx.matchingEvent.findUniqueOrThrow({ where: { id: eventId } }),
      ctx.tx.match.aggregate({ where: { eventId }, _min: { matchedAt: true } }),
    ]);
    if (dateChangeRefusal(input.date, earliest._min.matchedAt)) {
      throw new Refused('dateAfterMatches', { field: 'date' });
    }
    const after = details(input);
    const changed = Object.fromEntries(
      (Object.keys(after) as (keyof typeof after)[])
        .filter((k) => String(before[k]) !== String(after[k]))
        .map((k) => [k, { from: before[k], to: after[k] }]),
    );
    if (Object.keys(changed).length === 0) return {};
    await ctx.tx.matchingEvent.update({ where: { id: eventId }, data: after });
    await ctx.audit({
      action: 'event.updated',
      entityType: ENTITY,
      entityId: eventId,
      data: changed,
    });
    return {};
  });
}

const ATTACH_CODES: Record<AttachRefusal, string> = {
  notFound: 'unknownChallenge',
  notPublished: 'notPublished',
  alreadyAttached: 'alreadyAttached',
};

/**
 * Attaches a published challenge, named by its id (the candidate list) or its code (typed).
 * The refusal is reported on the field that named it.
 */
export function attachChallenge(
  db: Db,
  actor: Actor,
  eventId: string,
  ref: { challengeId?: string; code?: string },
): Promise<Result<{ code: string }>> {
  const field = ref.challengeId ? 'challengeId' : 'code';
  const attach = () =>
    command(db, onEvent(actor, eventId), async (ctx) => {
      const { tx } = ctx;
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
      const refused = attachRefusal(challenge, attached !== null);
      if (refused) throw new Refused(ATTACH_CODES[refused], { field });
      await tx.eventChallenge.create({ data: { eventId, challengeId: challenge!.id } });
      await ctx.audit({
        action: 'event.challenge_attached',
        entityType: ENTITY,
        entityId: eventId,
        data: { challengeId: challenge!.id, code: challenge!.code },
      });
      return { code: challenge!.code! };
    });
  return orDuplicate(attach, refusal(ERRORS, 'alreadyAttached', { field }));
}

export function detachChallenge(
  db: Db,
  actor: Actor,
  eventId: string,
  challengeId: string,
): Promise<Result> {
  return command(db, onEvent(actor, eventId), async (ctx) => {
    const { tx } = ctx;
    const link = await tx.eventChallenge.findUnique({
      where: { eventId_challengeId: { eventId, challengeId } },
      select: { challenge: { select: { code: true } } },
    });
    const matches = link ? await tx.match.count({ where: { eventId, challengeId } }) : 0;
    const refused = detachRefusal(link !== null, matches);
    if (refused) throw new Refused(refused);
    await tx.eventChallenge.delete({ where: { eventId_challengeId: { eventId, challengeId } } });
    await ctx.audit({
      action: 'event.challenge_detached',
      entityType: ENTITY,
      entityId: eventId,
      data: { challengeId, code: link!.challenge.code },
    });
    return {};
  });
}

const MATCH_CODES: Record<MatchRefusal, string> = {
  challengeNotAttached: 'challengeNotAttached',
  notATeam: 'notATeam',
  beforeEvent: 'beforeEvent',
  inFuture: 'inFuture',
  duplicate: 'duplicateMatch',
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
 * Of several faults the one of the first field in the form's order is told.
 */
export function recordMatch(
  db: Db,
  actor: Actor,
  eventId: string,
  input: MatchInput,
  now = new Date(),
): Promise<Result<{ matchId: string }>> {
  const record = () =>
    command(db, onEvent(actor, eventId), async (ctx) => {
      const { tx } = ctx;
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
      const [fault] = Object.entries(refusals ?? {});
      if (fault) throw new Refused(MATCH_CODES[fault[1]], { field: fault[0] });
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
      await ctx.audit({
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
      return { matchId: match.id };
    });
  return orDuplicate(record, refusal(ERRORS, MATCH_CODES.duplicate, { field: 'teamId' }));
}

/** Removes a wrongly recorded match; the audit trail keeps what it was. */
export function removeMatch(
  db: Db,
  actor: Actor,
  eventId: string,
  matchId: string,
): Promise<Result> {
  return command(db, onEvent(actor, eventId), async (ctx) => {
    const match = await ctx.tx.match.findFirst({
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
    if (!match) throw new Refused('matchGone');
    await ctx.tx.match.delete({ where: { id: matchId } });
    await ctx.audit({
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
    return {};
  });
}

/** Deletes a wrongly created event without matches; the audit trail keeps its details. */
export function deleteEvent(db: Db, actor: Actor, eventId: string): Promise<Result> {
  return command(db, onEvent(actor, eventId), async (ctx) => {
    const event = await ctx.tx.matchingEvent.findUniqueOrThrow({
      where: { id: eventId },
      select: {
        ...eventCardSelect,
        description: true,
        challenges: { select: { challenge: { select: { code: true } } } },
        _count: { select: { matches: true } },
      },
    });
    if (deleteRefusal(event._count.matches)) throw new Refused('deleteHasMatches');
    // the attached challenges' links go with it (onDelete: Cascade)
    await ctx.tx.matchingEvent.delete({ where: { id: eventId } });
    const { _count: _matches, challenges, ...rest } = event;
    await ctx.audit({
      action: 'event.deleted',
      entityType: ENTITY,
      entityId: eventId,
      data: {
        ...rest,
        date: shanghaiDateString(event.date),
        challenges: challenges.map((c) => c.challenge.code),
      },
    });
    return {};
  });
}
