import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '~/lib/db.server';
import {
  getPublishedChallenge,
  listPublishedChallenges,
  PAGE_SIZE,
} from '~/services/catalogue.server';

const db = createDb(inject('pristineUrl'));
afterAll(() => db.$disconnect());

async function walk(bounty: 'all' | 'fixed' | 'open') {
  const codes: string[] = [];
  const dates: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await listPublishedChallenges(db, { cursor, bounty });
    expect(page.items.length).toBeLessThanOrEqual(PAGE_SIZE);
    codes.push(...page.items.map((i) => i.code));
    dates.push(...page.items.map((i) => i.publishedAt!));
    cursor = page.next;
    pages++;
  } while (cursor && pages < 20);
  return { codes, dates, pages };
}

describe(`the public catalogue (${inject('databaseKind')})`, () => {
  it('pages through all 55 published challenges, newest first, each exactly once', async () => {
    const { codes, dates, pages } = await walk('all');
    expect(codes).toHaveLength(55);
    expect(new Set(codes).size).toBe(55);
    expect(pages).toBe(Math.ceil(55 / PAGE_SIZE));
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('filters by bounty type', async () => {
    expect((await walk('fixed')).codes).toHaveLength(45);
    expect((await walk('open')).codes).toHaveLength(10);
  });

  it('shows long-passed challenges as closed, never as open for applications', async () => {
    const page = await listPublishedChallenges(db, { cursor: null, bounty: 'all' });
    expect(page.items.every((i) => i.status !== 'PUBLISHED')).toBe(true);
  });

  it('does not expose unpublished needs', async () => {
    const unpublished = await db.challenge.findFirstOrThrow({ where: { status: 'SUBMITTED' } });
    expect(unpublished.code).toBeNull();
    const rejected = await db.challenge.findFirstOrThrow({ where: { status: 'REJECTED' } });
    expect(await getPublishedChallenge(db, rejected.ref)).toBeNull();
  });

  it('treats a malformed cursor as the first page', async () => {
    const page = await listPublishedChallenges(db, { cursor: 'not-a-cursor', bounty: 'all' });
    expect(page.items).toHaveLength(PAGE_SIZE);
  });
});
