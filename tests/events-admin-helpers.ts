// Setup shared by the events-admin test files. Each file calls setUpReviewer() once at its top: the
// integration suite runs its files in one module graph (vitest.config.ts, isolate: false), so
// the hook is registered by the call, in that file, and every file gets its own fixtures.
import type { SubmissionResult } from '@conform-to/react';
import { beforeAll, expect } from 'vitest';
import { db } from '~/lib/db.server';
import { action as createAction } from '~/routes/review.events._index';
import { action as eventAction } from '~/routes/review.events.$slug/route';
import { loader as statsLoader } from '~/routes/stats[.]json';
import { makeChallenge, makeTeam, makeUser, uid } from './factories';
import { args, formPost, signedInRequest } from './route-call';
import { DONE_MESSAGES } from '~/lib/done';

export type Staff = Awaited<ReturnType<typeof makeUser>>;
export let reviewer: Staff;

/** Registers the hook that makes the reviewer for the calling test file. */
export function setUpReviewer() {
  beforeAll(async () => {
    reviewer = await makeUser(db, { role: 'REVIEWER' });
  });
}

export type StatsJson = { matchingEvents: { count: number }; teamsMatched: number };
export async function stats(): Promise<StatsJson> {
  const response = await statsLoader();
  expect(response.status).toBe(200);
  return (await response.json()) as StatsJson;
}

export const eventFields = (over: Record<string, string> = {}) => ({
  name: `测试揭榜活动 ${uid()}`,
  industry: '氢能',
  date: '2023-04-12',
  place: '淄博市高新区',
  description: '氢能产业链专场，发布燃料电池与储氢方向榜单。',
  ...over,
});

/** Posts the create form; a success is a redirect to the new event's page. */
export async function create(fields: Record<string, string>, as: Staff = reviewer) {
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

export async function createOk(over: Record<string, string> = {}) {
  const { slug, errors } = await create(eventFields(over));
  expect(errors).toEqual({});
  return db.matchingEvent.findUniqueOrThrow({ where: { slug: slug! } });
}

/** Posts one of the event page's forms; refusals come back as errors by field. */
/**
 * Posts one of the event page's forms. A change redirects back with its notice (`?done=`,
 * app/lib/done.ts), read here as the message the page will show; a refusal answers in place.
 */
export async function post(slug: string, fields: Record<string, string>, as: Staff = reviewer) {
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

export const attach = (slug: string, challengeId: string) =>
  post(slug, { intent: 'attach', challengeId });

export const match = (
  slug: string,
  f: { challengeId: string; teamId: string; matchedAt: string; note?: string },
) => post(slug, { intent: 'match', ...f });

export const counts = async () => ({
  events: await db.matchingEvent.count(),
  links: await db.eventChallenge.count(),
  matches: await db.match.count(),
  audits: await db.auditEvent.count({ where: { entityType: 'MatchingEvent' } }),
});

/** A new event with a new challenge attached. */
export async function eventWithChallenge(over: Record<string, string> = {}) {
  const event = await createOk(over);
  const challenge = await makeChallenge(db);
  expect((await attach(event.slug, challenge.id)).errors).toEqual({});
  return { event, challenge };
}

/** A new event with a challenge attached and a new team matched to it on the event's day. */
export async function eventWithMatch() {
  const { event, challenge } = await eventWithChallenge();
  const team = await makeTeam(db);
  const fields = { challengeId: challenge.id, teamId: team.id, matchedAt: '2023-04-12' };
  expect((await match(event.slug, fields)).errors).toEqual({});
  return { event, challenge, team, fields };
}
