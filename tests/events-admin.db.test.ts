// The bureau's matching-event desk against the database: who may use it, what each form
// changes (and, on bad input, that it changes nothing and answers with field errors), and that
// the public event pages and /stats.json follow the records it writes.
import type { SubmissionResult } from '@conform-to/react';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseShanghaiDate, shanghaiDateString } from '~/domain/shanghai-date';
import { db } from '~/lib/db.server';
import { action as createAction, loader as listLoader } from '~/routes/review.events._index';
import { action as eventAction, loader as eventLoader } from '~/routes/review.events.$slug/route';
import { loader as statsLoader } from '~/routes/stats[.]json';
import { getEvent } from '~/services/needs/catalogue.server';
import { programmeFigures } from '~/services/programme/stats.server';
import { inDays, makeChallenge, makeTeam, makeUser, today, uid } from './factories';
import { args, formPost, signedInRequest, TEST_ORIGIN, thrown } from './route-call';
import { DONE_MESSAGES } from '~/lib/done';

afterAll(() => db.$disconnect());

type Staff = Awaited<ReturnType<typeof makeUser>>;
let reviewer: Staff;

beforeAll(async () => {
  reviewer = await makeUser(db, { role: 'REVIEWER' });
});

type StatsJson = { matchingEvents: { count: number }; teamsMatched: number };
async function stats(): Promise<StatsJson> {
  const response = await statsLoader();
  expect(response.status).toBe(200);
  return (await response.json()) as StatsJson;
}

const eventFields = (over: Record<string, string> = {}) => ({
  name: `测试揭榜活动 ${uid()}`,
  industry: '氢能',
  date: '2023-04-12',
  place: '淄博市高新区',
  description: '氢能产业链专场，发布燃料电池与储氢方向榜单。',
  ...over,
});

/** Posts the create form; a success is a redirect to the new event's page. */
async function create(fields: Record<string, string>, as: Staff = reviewer) {
  const out = await createAction(
    args(await signedInRequest(db, as, '/review/events', formPost(fields))),
  );
  if (out instanceof Response) {
    const location = out.headers.get('Location') ?? '';
    const slug = /^\/review\/events\/([a-z0-9-]+)\?done=created$/.exec(location)?.[1];
    expect(slug, location).toBeTruthy();
    return { slug: slug!, errors: {} as Record<string, string[] | null> };
  }
  return { slug: null, errors: (out as SubmissionResult<string[]>).error ?? {} };
}

async function createOk(over: Record<string, string> = {}) {
  const { slug, errors } = await create(eventFields(over));
  expect(errors).toEqual({});
  return db.matchingEvent.findUniqueOrThrow({ where: { slug: slug! } });
}

/** Posts one of the event page's forms; refusals come back as errors by field. */
/**
 * Posts one of the event page's forms. A change redirects back with its notice (`?done=`,
 * app/lib/done.ts), read here as the message the page will show; a refusal answers in place.
 */
async function post(slug: string, fields: Record<string, string>, as: Staff = reviewer) {
  const request = await signedInRequest(db, as, `/review/events/${slug}`, formPost(fields));
  try {
    const out = await eventAction(args(request, { slug }));
    return { ...out, errors: out.result.error ?? {}, notice: null };
  } catch (thrownResponse) {
    if (!(thrownResponse instanceof Response)) throw thrownResponse;
    const location = new URL(thrownResponse.headers.get('Location') ?? '', 'http://x');
    // a guard's refusal, or the deleted event's way back to the list
    if (location.pathname !== `/review/events/${slug}`) throw thrownResponse;
    const done = location.searchParams.get('done') as keyof typeof DONE_MESSAGES.event;
    const code = location.searchParams.get('code');
    const notice = { key: DONE_MESSAGES.event[done], ...(code ? { code } : {}) };
    return { errors: {} as Record<string, string[] | null>, notice };
  }
}

const attach = (slug: string, challengeId: string) => post(slug, { intent: 'attach', challengeId });

const match = (
  slug: string,
  f: { challengeId: string; teamId: string; matchedAt: string; note?: string },
) => post(slug, { intent: 'match', ...f });

const counts = async () => ({
  events: await db.matchingEvent.count(),
  links: await db.eventChallenge.count(),
  matches: await db.match.count(),
  audits: await db.auditEvent.count({ where: { entityType: 'MatchingEvent' } }),
});

/** A new event with a new challenge attached. */
async function eventWithChallenge(over: Record<string, string> = {}) {
  const event = await createOk(over);
  const challenge = await makeChallenge(db);
  expect((await attach(event.slug, challenge.id)).errors).toEqual({});
  return { event, challenge };
}

/** A new event with a challenge attached and a new team matched to it on the event's day. */
async function eventWithMatch() {
  const { event, challenge } = await eventWithChallenge();
  const team = await makeTeam(db);
  const fields = { challengeId: challenge.id, teamId: team.id, matchedAt: '2023-04-12' };
  expect((await match(event.slug, fields)).errors).toEqual({});
  return { event, challenge, team, fields };
}

describe(`matching events desk (${inject('databaseKind')})`, () => {
  describe('access', () => {
    it('sends anonymous visitors to sign in and refuses non-staff with 403', async () => {
      const seeded = await db.matchingEvent.findFirstOrThrow({ orderBy: { date: 'asc' } });
      const slug = seeded.slug;
      const calls = (request: () => Request) => [
        () => listLoader(args(request())),
        () => createAction(args(request())),
        () => eventLoader(args(request(), { slug })),
        () => eventAction(args(request(), { slug })),
      ];
      const before = await counts();
      const anonymous = () => new Request(`${TEST_ORIGIN}/review/events`, formPost(eventFields()));
      for (const call of calls(anonymous)) {
        const response = await thrown(call());
        expect(response.status).toBe(302);
        expect(response.headers.get('Location')).toMatch(/^\/login\?redirectTo=/);
      }
      for (const role of ['ENTERPRISE', 'TEAM'] as const) {
        const user = await makeUser(db, { role });
        const token = (await signedInRequest(db, user, '/')).headers.get('Cookie')!;
        const asUser = () =>
          new Request(`${TEST_ORIGIN}/review/events`, {
            ...formPost(eventFields()),
            headers: { Cookie: token },
          });
        for (const call of calls(asUser)) expect((await thrown(call())).status).toBe(403);
      }
      expect(await counts()).toEqual(before);
    });

    it('lets an admin in as well as a reviewer; an unknown slug is 404', async () => {
      const admin = await makeUser(db, { role: 'ADMIN' });
      const list = await listLoader(args(await signedInRequest(db, admin, '/review/events')));
      expect(list.events.length).toBeGreaterThanOrEqual(2);
      const missing = await thrown(
        eventLoader(
          args(await signedInRequest(db, reviewer, '/review/events/no-such-event'), {
            slug: 'no-such-event',
          }),
        ),
      );
      expect(missing.status).toBe(404);
    });
  });

  describe('creating an event', () => {
    it('dated in the past: counts at once in /stats.json, audited with its details', async () => {
      const before = await stats();
      const event = await createOk();
      expect(shanghaiDateString(event.date)).toBe('2023-04-12');
      expect(event.date.toISOString()).toBe('2023-04-11T16:00:00.000Z');
      expect(event.slug).toMatch(/^2023-04-12-[a-z2-9]{6}$/);
      const after = await stats();
      expect(after.matchingEvents.count).toBe(before.matchingEvents.count + 1);
      expect(after.teamsMatched).toBe(before.teamsMatched);
      const audit = await db.auditEvent.findMany({ where: { entityId: event.id } });
      expect(audit.map((a) => a.action)).toEqual(['event.created']);
      expect(audit[0]!.actorId).toBe(reviewer.id);
      // it is on the public pages and the staff list
      expect((await getEvent(db, event.slug))?.name).toBe(event.name);
    });

    it('dated in the future: does not count until its date', async () => {
      const before = await stats();
      const date = `2098-0${1 + Math.floor(Math.random() * 9)}-1${Math.floor(Math.random() * 9)}`;
      const event = await createOk({ date });
      expect((await stats()).matchingEvents.count).toBe(before.matchingEvents.count);
      // the figures at its date include it, a moment before they do not
      const at = parseShanghaiDate(date)!;
      const justBefore = await programmeFigures(db, new Date(at.getTime() - 1));
      const onTheDay = await programmeFigures(db, at);
      expect(onTheDay.eventsHeld).toBe(justBefore.eventsHeld + 1);
      expect(onTheDay.events.map((e) => e.slug)).toContain(event.slug);
      // moved to yesterday (a date typo fixed), it counts now
      const moved = await post(event.slug, {
        intent: 'update',
        ...eventFields({ name: event.name, date: inDays(-1) }),
      });
      expect(moved.errors).toEqual({});
      expect(moved.notice?.key).toBe('eventsAdmin.notices.updated');
      expect((await stats()).matchingEvents.count).toBe(before.matchingEvents.count + 1);
    });

    it('takes a typed slug, and refuses it when taken', async () => {
      const slug = `ev-hydrogen-${uid()}`;
      const first = await create(eventFields({ slug: ` ${slug.toUpperCase()} ` }));
      expect(first.slug).toBe(slug);
      const before = await counts();
      const again = await create(eventFields({ slug }));
      expect(again.errors).toEqual({ slug: ['eventsAdmin.errors.slugTaken'] });
      expect(await counts()).toEqual(before);
    });

    it('refuses bad input with field errors and saves nothing', async () => {
      const before = await counts();
      const cases: [Record<string, string>, Record<string, string[]>][] = [
        [{ name: '' }, { name: ['validation.required'] }],
        [{ name: '   ' }, { name: ['validation.required'] }],
        [{ date: '2023-02-30' }, { date: ['eventsAdmin.errors.date'] }],
        [{ date: '12/04/2023' }, { date: ['eventsAdmin.errors.date'] }],
        [{ date: '1899-01-01' }, { date: ['eventsAdmin.errors.date'] }],
        [{ date: '' }, { date: ['validation.required'] }],
        [{ industry: '航空航天' }, { industry: ['eventsAdmin.errors.industry'] }],
        [{ industry: '' }, { industry: ['eventsAdmin.errors.industry'] }],
        [{ slug: 'Bad Slug!' }, { slug: ['eventsAdmin.errors.slug'] }],
        [{ slug: 'ev--x' }, { slug: ['eventsAdmin.errors.slug'] }],
        [{ slug: '活动' }, { slug: ['eventsAdmin.errors.slug'] }],
        [{ place: '' }, { place: ['validation.required'] }],
        [{ description: '' }, { description: ['validation.required'] }],
        [{ name: 'x'.repeat(101) }, { name: ['validation.tooLong'] }],
      ];
      for (const [over, expected] of cases) {
        const { slug, errors } = await create(eventFields(over));
        expect(slug, JSON.stringify(over)).toBeNull();
        expect(errors, JSON.stringify(over)).toEqual(expected);
      }
      // several at once, all reported
      const { errors } = await create({ name: '', industry: 'x', date: 'soon', slug: '-' });
      expect(Object.keys(errors).sort()).toEqual([
        'date',
        'description',
        'industry',
        'name',
        'place',
        'slug',
      ]);
      expect(await counts()).toEqual(before);
    });
  });

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

  describe('editing details', () => {
    it('saves the details, audited with what changed; bad input saves nothing', async () => {
      const event = await createOk();
      const result = await post(event.slug, {
        intent: 'update',
        ...eventFields({
          name: '2023年氢能专场揭榜活动',
          nameEn: 'Hydrogen event 2023',
          industry: '氢能',
        }),
      });
      expect(result.errors).toEqual({});
      const saved = await db.matchingEvent.findUniqueOrThrow({ where: { id: event.id } });
      expect(saved).toMatchObject({
        name: '2023年氢能专场揭榜活动',
        nameEn: 'Hydrogen event 2023',
        slug: event.slug,
      });
      const trail = await db.auditEvent.findFirstOrThrow({
        where: { entityId: event.id, action: 'event.updated' },
      });
      expect(Object.keys(JSON.parse(trail.data!)).sort()).toEqual(['name', 'nameEn']);

      const before = await counts();
      const bad = await post(event.slug, {
        intent: 'update',
        ...eventFields({ name: '', industry: 'unknown', date: '2023-04-31' }),
      });
      expect(bad.errors).toEqual({
        name: ['validation.required'],
        industry: ['eventsAdmin.errors.industry'],
        date: ['eventsAdmin.errors.date'],
      });
      expect(await counts()).toEqual(before);
      expect(await db.matchingEvent.findUniqueOrThrow({ where: { id: event.id } })).toEqual(saved);
    });
  });

  describe('deleting an event', () => {
    it('deletes a wrongly created event without matches (its links go too), audited', async () => {
      const before = await stats();
      const event = await createOk();
      const challenge = await makeChallenge(db);
      expect((await attach(event.slug, challenge.id)).errors).toEqual({});
      expect((await stats()).matchingEvents.count).toBe(before.matchingEvents.count + 1);

      // without the confirmation nothing happens
      const unconfirmed = await post(event.slug, { intent: 'delete' });
      expect(unconfirmed.errors).toEqual({ confirm: ['eventsAdmin.errors.confirmDelete'] });
      expect(await db.matchingEvent.findUnique({ where: { id: event.id } })).not.toBeNull();

      const response = await thrown(post(event.slug, { intent: 'delete', confirm: 'yes' }));
      expect(response.status).toBe(302);
      expect(response.headers.get('Location')).toBe('/review/events?done=deleted');
      expect(await db.matchingEvent.findUnique({ where: { id: event.id } })).toBeNull();
      expect(await db.eventChallenge.count({ where: { eventId: event.id } })).toBe(0);
      expect(await getEvent(db, event.slug)).toBeNull();
      expect((await stats()).matchingEvents.count).toBe(before.matchingEvents.count);
      const trail = await db.auditEvent.findFirstOrThrow({
        where: { entityId: event.id, action: 'event.deleted' },
      });
      expect(JSON.parse(trail.data!)).toMatchObject({
        slug: event.slug,
        challenges: [challenge.code],
      });
    });

    it('refuses to delete an event with matches', async () => {
      const { event } = await eventWithMatch();
      const before = await counts();
      const refused = await post(event.slug, { intent: 'delete', confirm: 'yes' });
      expect(refused.errors).toEqual({ '': ['eventsAdmin.errors.deleteHasMatches'] });
      expect(await counts()).toEqual(before);
    });
  });
});
