// The public catalogue: search, filters, sorts and keyset paging. Expected figures are worked
// out here from the seed files (seeds/*.json), the same records the pristine database holds.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { INDUSTRIES } from '~/domain/industry';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  catalogueSearchTerms,
  encodeCursor,
  parseCatalogueQuery,
  type CatalogueQuery,
  type CatalogueSort,
} from '~/domain/catalogue-query';
import { buildSearchText } from '~/domain/search';
import { createDb, db as workDb } from '~/lib/db.server';
import { loader } from '~/routes/challenges._index';
import {
  getPublishedChallenge,
  listPublishedChallenges,
  PAGE_SIZE,
  type CatalogueOptions,
} from '~/services/needs/catalogue.server';
import { makeChallenge } from './factories';
import { args } from './route-call';

const db = createDb(inject('pristineUrl'));
afterAll(() => Promise.all([db.$disconnect(), workDb.$disconnect()]));

// ---- the seed, as the tests' oracle ----------------------------------------------------------

type SeedNeed = {
  code: string | null;
  enterprise: string;
  title: string;
  titleEn: string | null;
  field: string;
  background: string;
  targets: string[];
  bountyFen: number | null;
  applicationDeadline: string;
  publishedAt: string | null;
};
const readSeed = <T>(file: string): T =>
  JSON.parse(readFileSync(path.resolve('seeds', file), 'utf8')) as T;
const needs = readSeed<SeedNeed[]>('needs.json');
const orgs = readSeed<{ enterprises: { key: string; name: string }[] }>('organizations.json');
const events = readSeed<{ key: string; challenges: string[] }[]>('events.json');
const enterpriseName = new Map(orgs.enterprises.map((e) => [e.key, e.name]));

const published = needs.filter((n) => n.code !== null && n.publishedAt !== null);
const seedText = new Map(
  published.map((n) => [
    n.code!,
    buildSearchText({ ...n, enterpriseName: enterpriseName.get(n.enterprise) }),
  ]),
);
/** Codes of the published challenges a predicate picks, sorted. */
const seedCodes = (pick: (n: SeedNeed) => boolean) =>
  published
    .filter(pick)
    .map((n) => n.code!)
    .sort();
const seedMatching = (q: string) =>
  seedCodes((n) => catalogueSearchTerms(q).every((t) => seedText.get(n.code!)!.includes(t)));

// ---- helpers ---------------------------------------------------------------------------------

type Item = Awaited<ReturnType<typeof listPublishedChallenges>>['items'][number];

/** Follows `next` to the end; fails if a page is too long or the walk does not end. */
async function walk(opts: CatalogueOptions, on = db) {
  const items: Item[] = [];
  let after: string | null = null;
  let pages = 0;
  let total = -1;
  do {
    const page = await listPublishedChallenges(on, { ...opts, after });
    expect(page.items.length).toBeLessThanOrEqual(opts.pageSize ?? PAGE_SIZE);
    if (pages > 0) expect(page.total).toBe(total);
    total = page.total;
    items.push(...page.items);
    after = page.next;
    pages++;
    expect(pages).toBeLessThan(100);
  } while (after);
  return { items, codes: items.map((i) => i.code), pages, total };
}

const sorted = (codes: string[]) => [...codes].sort();

async function codesOf(opts: CatalogueOptions) {
  const { codes, total } = await walk(opts);
  expect(codes).toHaveLength(total);
  return sorted(codes);
}

const q = (search: string): Partial<CatalogueQuery> =>
  parseCatalogueQuery(new URLSearchParams(search));

describe(`the public catalogue (${inject('databaseKind')})`, () => {
  it('pages through all 55 published challenges, newest first, each exactly once', async () => {
    const { codes, items, pages } = await walk({});
    expect(codes).toHaveLength(55);
    expect(new Set(codes).size).toBe(55);
    expect(pages).toBe(Math.ceil(55 / PAGE_SIZE));
    const dates = items.map((i) => i.publishedAt!);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('filters by bounty type', async () => {
    expect((await walk({ bounty: 'fixed' })).codes).toHaveLength(45);
    expect((await walk({ bounty: 'open' })).codes).toHaveLength(10);
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
    const all = await codesOf({});
    expect(all).toEqual(seedCodes(() => true));
  });

  it('treats a malformed cursor, or one made for another sort, as the first page', async () => {
    const first = await listPublishedChallenges(db, {});
    const page = await listPublishedChallenges(db, { cursor: 'not-a-cursor', bounty: 'all' });
    expect(page.items).toHaveLength(PAGE_SIZE);
    expect(page.items.map((i) => i.code)).toEqual(first.items.map((i) => i.code));
    const wrongSort = await listPublishedChallenges(db, { sort: 'deadline', after: first.next });
    const deadlineFirst = await listPublishedChallenges(db, { sort: 'deadline' });
    expect(wrongSort.items.map((i) => i.code)).toEqual(deadlineFirst.items.map((i) => i.code));
  });
});

describe(`catalogue search (${inject('databaseKind')})`, () => {
  it('finds a challenge by a Chinese word of its title', async () => {
    const found = await codesOf(q('q=减速器'));
    expect(found).toContain('ZB-2021-003');
    expect(found).toEqual(seedMatching('减速器'));
  });

  it('finds a challenge by a word of its English title, whatever the case', async () => {
    for (const word of ['reducers', 'REDUCERS', 'Reducers', 'ＲＥＤＵＣＥＲＳ']) {
      const found = await codesOf(q(`q=${encodeURIComponent(word)}`));
      expect(found).toContain('ZB-2021-003');
      expect(found).toEqual(seedMatching('reducers'));
    }
  });

  it('finds a challenge by a word that only occurs in a technical target', async () => {
    const onlyInTargets = published.filter((n) =>
      n.targets.some((t) => t.toLowerCase().includes('arcmin')),
    );
    expect(onlyInTargets.map((n) => n.code)).toEqual(['ZB-2021-003']);
    // …and in nothing else of any published challenge
    for (const n of published) {
      const rest = [n.title, n.titleEn, n.field, enterpriseName.get(n.enterprise), n.background];
      expect(rest.join(' ').toLowerCase()).not.toContain('arcmin');
    }
    expect(await codesOf(q('q=ARCMIN'))).toEqual(['ZB-2021-003']);
  });

  it('requires every term (AND)', async () => {
    const both = await codesOf(q('q=陶瓷+半导体'));
    expect(both).toEqual(seedMatching('陶瓷 半导体'));
    expect(both.length).toBeGreaterThan(0);
    expect(both.length).toBeLessThan(seedMatching('陶瓷').length);
    for (const code of both) {
      expect(seedText.get(code)).toContain('陶瓷');
      expect(seedText.get(code)).toContain('半导体');
    }
    expect(await codesOf(q('q=减速器+hydrogen'))).toEqual(seedMatching('减速器 hydrogen'));
  });

  it('finds nothing for a term nothing contains', async () => {
    const page = await listPublishedChallenges(db, q('q=量子引力波望远镜'));
    expect(page).toMatchObject({ total: 0, items: [], next: null });
  });

  it('matches %, _ and \\ literally, never as LIKE wildcards', async () => {
    // 49 of the 55 mention a percentage: "%" finds exactly those, and "_" (in none) nothing
    const percent = seedCodes((n) => seedText.get(n.code!)!.includes('%'));
    expect(percent.length).toBeGreaterThan(0);
    expect(percent.length).toBeLessThan(55);
    expect(await codesOf(q('q=%25'))).toEqual(percent);
    expect(await codesOf(q('q=_'))).toEqual([]);
    expect(await listPublishedChallenges(db, q('q=_'))).toMatchObject({ total: 0, items: [] });
    expect(await codesOf(q('q=%5C'))).toEqual([]);
    // a wildcard inside a term is a character like any other
    expect(seedMatching('减速器')).not.toEqual([]);
    expect(await codesOf(q('q=减%25器'))).toEqual([]);
    expect(await codesOf(q('q=减_速_器'))).toEqual([]);
    expect(await codesOf(q('q=%25%E9%87%8F%E5%AD%90%E5%BC%95%E5%8A%9B%25'))).toEqual([]);
    // "≥85%" style terms: found where the text has them literally, as the seed says
    const term = [...seedText.values()].join(' ').match(/\d+%/)![0];
    expect(await codesOf(q(`q=${encodeURIComponent(term)}`))).toEqual(seedMatching(term));
  });
});

describe(`catalogue filters (${inject('databaseKind')})`, () => {
  it('filters by each field', async () => {
    let sum = 0;
    for (const field of INDUSTRIES) {
      const found = await codesOf(q(`field=${encodeURIComponent(field)}`));
      expect(found).toEqual(seedCodes((n) => n.field === field));
      sum += found.length;
    }
    expect(sum).toBe(55);
  });

  it('filters by fixed or open bounty', async () => {
    expect(await codesOf(q('bounty=fixed'))).toEqual(seedCodes((n) => n.bountyFen !== null));
    expect(await codesOf(q('bounty=open'))).toEqual(seedCodes((n) => n.bountyFen === null));
  });

  it('filters by a bounty range in 万元, both ends included', async () => {
    const amounts = [...new Set(published.map((n) => n.bountyFen).filter((f) => f !== null))];
    amounts.sort((a, b) => a! - b!);
    const low = amounts[2]!;
    const high = amounts[amounts.length - 3]!;
    const wan = (fen: number) => String(fen / 1_000_000);
    const found = await codesOf(q(`min=${wan(low)}&max=${wan(high)}`));
    const expected = seedCodes(
      (n) => n.bountyFen !== null && n.bountyFen >= low && n.bountyFen <= high,
    );
    expect(found).toEqual(expected);
    // the challenges right on either boundary are in
    for (const edge of [low, high]) {
      const onEdge = seedCodes((n) => n.bountyFen === edge);
      expect(onEdge.length).toBeGreaterThan(0);
      for (const code of onEdge) expect(found).toContain(code);
      expect(await codesOf(q(`min=${wan(edge)}&max=${wan(edge)}`))).toEqual(onEdge);
    }
    // one fen beyond each boundary leaves it out
    const inner = await codesOf({ minFen: low + 1, maxFen: high - 1 });
    expect(inner).toEqual(
      seedCodes((n) => n.bountyFen !== null && n.bountyFen > low && n.bountyFen < high),
    );
    // one end only
    expect(await codesOf(q(`min=${wan(high)}`))).toEqual(
      seedCodes((n) => n.bountyFen !== null && n.bountyFen >= high),
    );
    expect(await codesOf(q(`max=${wan(low)}`))).toEqual(
      seedCodes((n) => n.bountyFen !== null && n.bountyFen <= low),
    );
  });

  it('filters by matching event', async () => {
    for (const event of events) {
      const found = await codesOf(q(`event=${event.key}`));
      expect(found).toEqual(seedCodes((n) => event.challenges.includes(n.code!)));
      expect(found.length).toBeGreaterThan(0);
    }
    const equipment = events.find((e) => e.key === 'ev-equipment')!;
    expect(await codesOf(q('event=ev-equipment'))).toEqual(sorted(equipment.challenges));
    expect(await codesOf(q('event=no-such-event'))).toEqual([]);
  });

  it('combines search and filters', async () => {
    const equipment = events.find((e) => e.key === 'ev-equipment')!;
    const found = await codesOf(
      q('q=高&field=高端装备&bounty=fixed&min=30&max=200&event=ev-equipment&sort=bounty'),
    );
    const expected = seedCodes(
      (n) =>
        seedText.get(n.code!)!.includes('高') &&
        n.field === '高端装备' &&
        n.bountyFen !== null &&
        n.bountyFen >= 30_000_000 &&
        n.bountyFen <= 200_000_000 &&
        equipment.challenges.includes(n.code!),
    );
    expect(found).toEqual(expected);
    expect(expected.length).toBeGreaterThan(1);
    expect(await codesOf(q('field=氢能&bounty=open&state=open'))).toEqual([]);
  });

  it('counts every seeded challenge as closed today, none as open', async () => {
    expect(await codesOf(q('state=closed'))).toHaveLength(55);
    expect(await codesOf(q('state=open'))).toEqual([]);
  });

  it('reads open and closed from the deadline and `now`, like effectiveNeedStatus', async () => {
    // on the shared work database: assert on unique titles only
    const tag = randomBytes(6).toString('hex');
    const open = await makeChallenge(workDb, {
      title: `开放测试 ${tag} open`,
      deadline: new Date(Date.now() + 30 * 86_400_000),
    });
    await makeChallenge(workDb, {
      title: `开放测试 ${tag} expired`,
      deadline: new Date('2020-03-31T00:00:00+08:00'),
    });
    const find = async (state: string, now?: Date) =>
      (await walk({ ...q(`q=${tag}&state=${state}`), now }, workDb)).items;

    const openNow = await find('open');
    expect(openNow.map((i) => i.code)).toEqual([open.code]);
    expect(openNow[0]!.status).toBe('PUBLISHED');
    const closedNow = await find('closed');
    expect(closedNow.map((i) => i.title)).toEqual([`开放测试 ${tag} expired`]);
    // still PUBLISHED in the database: closed only by the date
    expect(closedNow[0]!.status).toBe('CLOSED');
    expect(await find('all')).toHaveLength(2);

    // the deadline day is open to its last millisecond in Shanghai, closed at midnight
    const day = await makeChallenge(workDb, {
      title: `开放测试 ${tag} day`,
      deadline: new Date('2031-08-31T00:00:00+08:00'),
    });
    const lastMoment = new Date('2031-08-31T23:59:59.999+08:00');
    const midnight = new Date('2031-09-01T00:00:00+08:00');
    expect((await find('open', lastMoment)).map((i) => i.code)).toEqual([day.code]);
    expect((await find('closed', midnight)).map((i) => i.code)).toContain(day.code);
    expect((await find('open', midnight)).map((i) => i.code)).not.toContain(day.code);
  });
});

describe(`catalogue sorts and keyset paging (${inject('databaseKind')})`, () => {
  const idOf = new Map<string, string>();
  const rowsByCode = async () => {
    if (idOf.size === 0) {
      for (const r of await db.challenge.findMany({
        where: { code: { not: null } },
        select: { code: true, id: true },
      }))
        idOf.set(r.code!, r.id);
    }
    return idOf;
  };

  /** Compares two neighbours in the sort's order: negative when a comes first. */
  function compare(sort: CatalogueSort, a: Item & { id: string }, b: Item & { id: string }) {
    const byId = a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    if (sort === 'newest')
      return a.publishedAt! > b.publishedAt! ? -1 : a.publishedAt! < b.publishedAt! ? 1 : -byId;
    if (sort === 'deadline')
      return a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : byId;
    const fa = a.bountyFen ?? -1;
    const fb = b.bountyFen ?? -1;
    return fa !== fb ? fb - fa : -byId;
  }

  for (const sort of ['newest', 'deadline', 'bounty'] as const) {
    for (const pageSize of [PAGE_SIZE, 7, 3]) {
      it(`sorts by ${sort} and pages (${pageSize} a page) through every match exactly once`, async () => {
        const ids = await rowsByCode();
        const { items, codes, pages } = await walk({ sort, pageSize });
        expect(sorted(codes)).toEqual(seedCodes(() => true));
        expect(new Set(codes).size).toBe(codes.length);
        expect(pages).toBe(Math.ceil(55 / pageSize));
        const withIds = items.map((i) => ({ ...i, id: ids.get(i.code)! }));
        for (let k = 1; k < withIds.length; k++) {
          expect(
            compare(sort, withIds[k - 1]!, withIds[k]!),
            `${codes[k - 1]} before ${codes[k]}`,
          ).toBeLessThan(0);
        }
        if (sort === 'bounty') {
          // open bounties come last
          const firstOpen = items.findIndex((i) => i.bountyFen === null);
          expect(firstOpen).toBe(45);
          expect(items.slice(firstOpen).every((i) => i.bountyFen === null)).toBe(true);
        }
      });
    }
  }

  it('pages a filtered, sorted list exactly once too', async () => {
    for (const sort of ['newest', 'deadline', 'bounty'] as const) {
      const { codes } = await walk({ ...q('q=高&bounty=all'), sort, pageSize: 4 });
      expect(sorted(codes)).toEqual(seedMatching('高'));
    }
  });

  it('resumes the bounty order inside the open bounties', async () => {
    const open = await walk({ sort: 'bounty', bounty: 'open', pageSize: 3 });
    expect(open.codes).toHaveLength(10);
    expect(new Set(open.codes).size).toBe(10);
    // a cursor pointing into the open bounties skips every fixed one
    const ids = await rowsByCode();
    const third = open.codes[2]!;
    const page = await listPublishedChallenges(db, {
      sort: 'bounty',
      after: encodeCursor({ sort: 'bounty', value: null, id: ids.get(third)! }),
    });
    expect(page.items.map((i) => i.code)).toEqual(open.codes.slice(3));
  });
});

describe(`the catalogue page's loader (${inject('databaseKind')})`, () => {
  const load = async (search: string) => {
    const request = new Request(`http://localhost/challenges${search}`);
    return (await loader(args(request))) as Exclude<Awaited<ReturnType<typeof loader>>, Response>;
  };

  it('answers a URL full of nonsense with the plain first page', async () => {
    const data = await load('?q=&field=x&bounty=y&min=-1&max=z&state=w&event=%%%&sort=v&after=!!!');
    const plain = await load('');
    expect(data.query).toEqual(plain.query);
    expect(data.items.map((i) => i.code)).toEqual(plain.items.map((i) => i.code));
  });

  it('drops an event that does not exist', async () => {
    const data = await load('?event=no-such-event');
    expect(data.query.event).toBeNull();
    expect(data.total).toBe((await load('')).total);
  });

  it('tells "nothing matches" from "nothing published"', async () => {
    const data = await load('?q=量子引力波望远镜');
    expect(data.total).toBe(0);
    expect(data.anyPublished).toBe(true);
  });

  it("sends the names in the page's language only", async () => {
    const marker = `bilq${randomBytes(4).toString('hex')}`;
    const title = `双语标题测试膜组件 ${marker}`;
    const challenge = await makeChallenge(workDb, { title });
    const titleEn = `Bilingual title test membrane module ${marker}`;
    const nameEn = `Bilingual Co ${marker}`;
    await workDb.challenge.update({ where: { id: challenge.id }, data: { titleEn } });
    const enterprise = await workDb.organization.update({
      where: { id: challenge.enterpriseId },
      data: { nameEn },
    });
    const zh = await load(`?q=${marker}`);
    const en = await load(`?q=${marker}&lang=en`);
    const cookie = (await loader(
      args(
        new Request(`http://localhost/challenges?q=${marker}`, {
          headers: { Cookie: 'lang=en' },
        }),
      ),
    )) as typeof en;
    expect(zh.items.map((i) => [i.title, i.enterprise])).toEqual([[title, enterprise.name]]);
    expect(en.items.map((i) => [i.title, i.enterprise])).toEqual([[titleEn, nameEn]]);
    expect(cookie.items).toEqual(en.items);
    // the other language is not in the data either (it would be encoded into the page)
    expect(JSON.stringify(zh)).not.toContain('Bilingual');
    expect(JSON.stringify(en)).not.toContain('双语标题测试膜组件');
    expect(JSON.stringify(en)).not.toContain(enterprise.name);
    const events = (data: typeof en) => data.events.find((e) => e.slug === 'ev-equipment')?.name;
    expect(events(zh)).toMatch(/^2021年“揭榜挂帅/);
    expect(events(en)).toMatch(/^2021 "Open Competition/);
  });
});
