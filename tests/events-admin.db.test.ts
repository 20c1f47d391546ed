// The bureau's matching-event desk against the database: who may use it, what each form
// changes (and, on bad input, that it changes nothing and answers with field errors), and that
// the public event pages and /stats.json follow the records it writes.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { parseShanghaiDate, shanghaiDateString } from '~/domain/shanghai-date';
import { db } from '~/lib/db.server';
import { action as createAction, loader as listLoader } from '~/routes/review.events._index';
import { action as eventAction, loader as eventLoader } from '~/routes/review.events.$slug/route';
import { getEvent } from '~/services/needs/catalogue.server';
import { programmeFigures } from '~/services/programme/stats.server';
import { inDays, makeChallenge, makeUser, uid } from './factories';
import { args, formPost, signedInRequest, TEST_ORIGIN, thrown } from './route-call';
import {
  setUpReviewer,
  reviewer,
  stats,
  eventFields,
  create,
  createOk,
  post,
  attach,
  counts,
  eventWithMatch,
} from './events-admin-helpers';

setUpReviewer();

afterAll(() => db.$disconnect());

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
