// The matching-event desk's attachments and matches: what each form records, the public page
// and /stats.json following it, and refusals that change nothing.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { shanghaiDateString } from '~/domain/shanghai-date';
import { db } from '~/lib/db.server';
import { loader as eventLoader } from '~/routes/review.events.$slug/route';
import { getEvent } from '~/services/needs/catalogue.server';
import { inDays, makeChallenge, makeTeam, today, uid } from './factories';
import { args, signedInRequest } from './route-call';
import {
  setUpReviewer,
  reviewer,
  stats,
  eventFields,
  createOk,
  post,
  attach,
  match,
  counts,
  eventWithChallenge,
  eventWithMatch,
} from './events-admin-helpers';

setUpReviewer();

afterAll(() => db.$disconnect());

describe(`matching events desk (${inject('databaseKind')})`, () => {
  describe('attaching challenges', () => {
    it('shows an attached published challenge on the public event page', async () => {
      const event = await createOk();
      const challenge = await makeChallenge(db, { field: '氢能' });
      const result = await attach(event.slug, challenge.id);
      expect(result.errors).toEqual({});
      expect(result.notice).toEqual({ key: 'eventsAdmin.notices.attached', code: challenge.code });
      const page = await getEvent(db, event.slug);
      expect(page?.challenges.map((c) => c.code)).toEqual([challenge.code]);
      // the challenge is no longer offered; the attached list has it
      const data = await eventLoader(
        args(await signedInRequest(db, reviewer, `/review/events/${event.slug}`), {
          slug: event.slug,
        }),
      );
      expect(data.event.challenges.map((c) => c.id)).toEqual([challenge.id]);
      expect(data.candidates.items.map((c) => c.id)).not.toContain(challenge.id);
    });

    it('attaches by code, and offers candidates of the event’s industry (or all) by search', async () => {
      const event = await createOk({ industry: '先进陶瓷' });
      const title = `氮化硅陶瓷轴承球 ${uid()}`;
      const ceramic = await makeChallenge(db, { field: '先进陶瓷', title });
      const other = await makeChallenge(db, { field: '绿色化工', title: `${title} 化工` });
      const load = async (query: string) =>
        eventLoader(
          args(await signedInRequest(db, reviewer, `/review/events/${event.slug}${query}`), {
            slug: event.slug,
          }),
        );
      const q = encodeURIComponent(title.split(' ')[1]!);
      const sameIndustry = await load(`?q=${q}`);
      expect(sameIndustry.candidates.items.map((c) => c.id)).toEqual([ceramic.id]);
      const all = await load(`?q=${q}&scope=all`);
      expect(all.candidates.items.map((c) => c.id).sort()).toEqual([ceramic.id, other.id].sort());
      // an unpublished need is never offered
      const draft = await makeChallenge(db, { published: false, field: '先进陶瓷', title });
      expect((await load(`?q=${q}&scope=all`)).candidates.items.map((c) => c.id)).not.toContain(
        draft.id,
      );

      const byCode = await post(event.slug, { intent: 'attach', code: ` ${other.code} ` });
      expect(byCode.errors).toEqual({});
      expect((await getEvent(db, event.slug))?.challenges.map((c) => c.code)).toEqual([other.code]);
    });

    it('refuses an unpublished need, an unknown code and a second attachment, saving nothing', async () => {
      const event = await createOk();
      const published = await makeChallenge(db);
      expect((await attach(event.slug, published.id)).errors).toEqual({});
      const need = await makeChallenge(db, { published: false });
      const before = await counts();
      expect((await attach(event.slug, need.id)).errors).toEqual({
        challengeId: ['eventsAdmin.errors.notPublished'],
      });
      // rejected or withdrawn needs are not challenges either
      const rejected = await makeChallenge(db, { published: false, status: 'REJECTED' });
      expect((await attach(event.slug, rejected.id)).errors).toEqual({
        challengeId: ['eventsAdmin.errors.notPublished'],
      });
      expect((await post(event.slug, { intent: 'attach', code: 'ZB-1999-999' })).errors).toEqual({
        code: ['eventsAdmin.errors.unknownChallenge'],
      });
      expect((await post(event.slug, { intent: 'attach' })).errors).toEqual({
        code: ['validation.required'],
      });
      expect((await attach(event.slug, published.id)).errors).toEqual({
        challengeId: ['eventsAdmin.errors.alreadyAttached'],
      });
      expect((await attach(event.slug, 'no-such-id')).errors).toEqual({
        challengeId: ['eventsAdmin.errors.unknownChallenge'],
      });
      expect(await counts()).toEqual(before);
      expect((await getEvent(db, event.slug))?.challenges.map((c) => c.code)).toEqual([
        published.code,
      ]);
    });

    it('attaching the same challenge twice at once gives one link and a field error', async () => {
      const event = await createOk();
      const challenge = await makeChallenge(db);
      const results = await Promise.all([
        attach(event.slug, challenge.id),
        attach(event.slug, challenge.id),
      ]);
      expect(results.filter((r) => r.notice).length).toBe(1);
      expect(results.flatMap((r) => r.errors.challengeId ?? [])).toEqual([
        'eventsAdmin.errors.alreadyAttached',
      ]);
      expect(await db.eventChallenge.count({ where: { eventId: event.id } })).toBe(1);
    });
  });

  describe('recording matches', () => {
    it('a team never matched before adds one to teamsMatched; a team matched elsewhere does not', async () => {
      const { event, challenge } = await eventWithChallenge();
      const fresh = await makeTeam(db);
      const before = await stats();
      const first = await match(event.slug, {
        challengeId: challenge.id,
        teamId: fresh.id,
        matchedAt: '2023-04-12',
        note: '现场对接，约定下周赴企业考察。',
      });
      expect(first.errors).toEqual({});
      expect(first.notice?.key).toBe('eventsAdmin.notices.matchRecorded');
      const mid = await stats();
      expect(mid.teamsMatched).toBe(before.teamsMatched + 1);

      // a seeded team, matched at the 2021 events already
      const seeded = await db.match.findFirstOrThrow({ select: { teamId: true } });
      const again = await match(event.slug, {
        challengeId: challenge.id,
        teamId: seeded.teamId,
        matchedAt: '2023-04-14',
      });
      expect(again.errors).toEqual({});
      // and the fresh team, now at another event with another challenge
      const other = await eventWithChallenge({ date: '2023-05-20' });
      expect(
        (
          await match(other.event.slug, {
            challengeId: other.challenge.id,
            teamId: fresh.id,
            matchedAt: '2023-05-20',
          })
        ).errors,
      ).toEqual({});
      expect((await stats()).teamsMatched).toBe(mid.teamsMatched);

      // the public page shows both teams, the audit trail both records
      const page = await getEvent(db, event.slug);
      expect(page?.teamCount).toBe(2);
      expect(page?.matches.map((m) => m.team.id).sort()).toEqual([fresh.id, seeded.teamId].sort());
      const audits = await db.auditEvent.count({
        where: { entityId: event.id, action: 'event.match_recorded' },
      });
      expect(audits).toBe(2);
    });

    it('the same match twice is one row and a field error', async () => {
      const { event, fields } = await eventWithMatch();
      const before = await counts();
      const again = await match(event.slug, { ...fields, matchedAt: '2023-04-13' });
      expect(again.errors).toEqual({ teamId: ['eventsAdmin.errors.duplicateMatch'] });
      expect(again.notice).toBeNull();
      expect(await counts()).toEqual(before);
    });

    it('the same match sent twice at once is one row, one success and one field error', async () => {
      const { event, challenge } = await eventWithChallenge();
      const team = await makeTeam(db);
      const before = await stats();
      const fields = { challengeId: challenge.id, teamId: team.id, matchedAt: '2023-04-12' };
      const results = await Promise.all([
        match(event.slug, fields),
        match(event.slug, fields),
        match(event.slug, fields),
      ]);
      expect(
        results.filter((r) => r.notice?.key === 'eventsAdmin.notices.matchRecorded'),
      ).toHaveLength(1);
      expect(results.flatMap((r) => r.errors.teamId ?? [])).toEqual([
        'eventsAdmin.errors.duplicateMatch',
        'eventsAdmin.errors.duplicateMatch',
      ]);
      expect(
        await db.match.count({
          where: { eventId: event.id, challengeId: challenge.id, teamId: team.id },
        }),
      ).toBe(1);
      expect(
        await db.auditEvent.count({
          where: { entityId: event.id, action: 'event.match_recorded' },
        }),
      ).toBe(1);
      expect((await stats()).teamsMatched).toBe(before.teamsMatched + 1);
    });

    it('refuses bad input with field errors and saves nothing', async () => {
      const { event, challenge } = await eventWithChallenge();
      const team = await makeTeam(db);
      const enterprise = await db.organization.findFirstOrThrow({ where: { kind: 'ENTERPRISE' } });
      const notAttached = await makeChallenge(db);
      const ok = { challengeId: challenge.id, teamId: team.id, matchedAt: '2023-04-12' };
      const before = await counts();
      const cases: [Record<string, string>, Record<string, string[]>][] = [
        [{ teamId: 'no-such-team' }, { teamId: ['eventsAdmin.errors.notATeam'] }],
        [{ teamId: enterprise.id }, { teamId: ['eventsAdmin.errors.notATeam'] }],
        [{ teamId: '' }, { teamId: ['eventsAdmin.errors.teamRequired'] }],
        [
          { challengeId: notAttached.id },
          { challengeId: ['eventsAdmin.errors.challengeNotAttached'] },
        ],
        [{ challengeId: '' }, { challengeId: ['validation.required'] }],
        [{ matchedAt: '2023-04-11' }, { matchedAt: ['eventsAdmin.errors.beforeEvent'] }],
        [{ matchedAt: inDays(2) }, { matchedAt: ['eventsAdmin.errors.inFuture'] }],
        [{ matchedAt: '2023-13-01' }, { matchedAt: ['eventsAdmin.errors.date'] }],
        [{ note: 'x'.repeat(501) }, { note: ['validation.tooLong'] }],
      ];
      for (const [over, expected] of cases) {
        const result = await match(event.slug, { ...ok, ...over });
        expect(result.errors, JSON.stringify(over)).toEqual(expected);
        expect(result.notice).toBeNull();
      }
      expect((await post(event.slug, { intent: 'shred' })).errors).toEqual({
        intent: ['validation.invalid'],
      });
      expect(await counts()).toEqual(before);
    });

    it('cannot record a match at an event that has not taken place', async () => {
      const { event, challenge } = await eventWithChallenge({ date: inDays(10) });
      const team = await makeTeam(db);
      const result = await match(event.slug, {
        challengeId: challenge.id,
        teamId: team.id,
        matchedAt: inDays(10),
      });
      expect(result.errors).toEqual({ matchedAt: ['eventsAdmin.errors.inFuture'] });
      // today is fine once the event is today
      const held = await eventWithChallenge({ date: today() });
      expect(
        (
          await match(held.event.slug, {
            challengeId: held.challenge.id,
            teamId: team.id,
            matchedAt: today(),
          })
        ).errors,
      ).toEqual({});
    });

    it('removes a wrongly recorded match (audited), and keeps challenges with matches attached', async () => {
      const { event, challenge, team } = await eventWithMatch();
      const before = await stats();
      // neither detached while it has a match, nor moved past the match
      const detach = await post(event.slug, { intent: 'detach', challengeId: challenge.id });
      expect(detach.errors).toEqual({ '': ['eventsAdmin.errors.hasMatches'] });
      const moved = await post(event.slug, {
        intent: 'update',
        ...eventFields({ date: '2023-04-13' }),
      });
      expect(moved.errors).toEqual({ date: ['eventsAdmin.errors.dateAfterMatches'] });
      expect(
        shanghaiDateString(
          (await db.matchingEvent.findUniqueOrThrow({ where: { id: event.id } })).date,
        ),
      ).toBe('2023-04-12');

      const row = await db.match.findFirstOrThrow({ where: { eventId: event.id } });
      const removed = await post(event.slug, { intent: 'unmatch', matchId: row.id });
      expect(removed.errors).toEqual({});
      expect(removed.notice?.key).toBe('eventsAdmin.notices.matchRemoved');
      expect((await stats()).teamsMatched).toBe(before.teamsMatched - 1);
      const trail = await db.auditEvent.findFirstOrThrow({
        where: { entityId: event.id, action: 'event.match_removed' },
      });
      expect(JSON.parse(trail.data!)).toMatchObject({
        matchId: row.id,
        teamId: team.id,
        code: challenge.code,
      });
      // removing it again, or a match of another event, is a form error
      expect((await post(event.slug, { intent: 'unmatch', matchId: row.id })).errors).toEqual({
        '': ['eventsAdmin.errors.matchGone'],
      });
      const elsewhere = await db.match.findFirstOrThrow({ where: { eventId: { not: event.id } } });
      expect((await post(event.slug, { intent: 'unmatch', matchId: elsewhere.id })).errors).toEqual(
        {
          '': ['eventsAdmin.errors.matchGone'],
        },
      );
      expect(await db.match.findUnique({ where: { id: elsewhere.id } })).not.toBeNull();

      // now the challenge can be detached, and leaves the public page
      expect(
        (await post(event.slug, { intent: 'detach', challengeId: challenge.id })).errors,
      ).toEqual({});
      expect((await getEvent(db, event.slug))?.challenges).toEqual([]);
    });
  });
});
