// The catalogue's search is served by an index on both engines (SQLite: the FTS5 trigram table
// ChallengeSearch kept by triggers; PostgreSQL: the pg_trgm GIN index on searchText), finds
// what LIKE finds, literally, whatever is typed, and follows every insert, change and delete.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { catalogueSearchTerms, type CatalogueSort } from '~/domain/catalogue-query';
import { buildSearchText, containsPattern } from '~/domain/search';
import { db, Prisma, type Db } from '~/lib/db.server';
import { listPublishedChallenges } from '~/services/needs/catalogue.server';
import { LISTED, SEARCH_COUNT_LIMIT, whereSql } from '~/services/needs/catalogue-search.server';
import { makeChallenge, makeEnterprise } from './factories';

afterAll(() => db.$disconnect());

const kind = inject('databaseKind');
// words no other record holds (the factories' names carry hex digits only, below g)
const marker = `ftsidx${randomBytes(4).toString('hex')}`;
const denseMarker = `ftsdense${randomBytes(4).toString('hex')}`;
const manyMarker = `ftsmany${randomBytes(4).toString('hex')}`;

/**
 * A two-character word no other record holds: two ideographs of CJK extension A
 * (U+3400 to U+4DBF, which NFKC leaves as they are), drawn at random.
 */
function rarePair(): string {
  const n = randomBytes(4);
  return String.fromCodePoint(
    0x3400 + (n.readUInt16BE(0) % 6592),
    0x3400 + (n.readUInt16BE(2) % 6592),
  );
}

/** The listed challenges whose search text holds every term, as LIKE finds them, counted. */
async function likeCount(terms: string[]): Promise<number> {
  const holds = terms.map((t) => Prisma.sql`"searchText" LIKE ${containsPattern(t)} ESCAPE '\\'`);
  const [{ n }] = await db.$queryRaw<{ n: bigint | number }[]>`
    SELECT COUNT(*) AS "n" FROM "Challenge"
    WHERE ${Prisma.join(holds, ' AND ')} AND ${whereSql(LISTED)}`;
  return Number(n);
}

/** The db, with every raw statement it is sent recorded (and then sent as it was). */
function recording(): { db: Db; statements: Prisma.Sql[] } {
  const statements: Prisma.Sql[] = [];
  const traced = new Proxy(db, {
    get(target, prop) {
      if (prop === '$queryRaw')
        return (strings: TemplateStringsArray, ...values: unknown[]) => {
          statements.push(Prisma.sql(strings, ...values));
          return target.$queryRaw(strings, ...values);
        };
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: traced, statements };
}

/** The engine's plan of a statement, as one string. */
async function planOf(statement: Prisma.Sql): Promise<string> {
  if (kind === 'sqlite') {
    const rows = await db.$queryRawUnsafe<{ detail: string }[]>(
      `EXPLAIN QUERY PLAN ${statement.sql}`,
      ...statement.values,
    );
    return rows.map((r) => r.detail).join('\n');
  }
  // A test's table is small: a sequential scan, or the (publishedAt) index and a filter, cost
  // less than any search index. So ask what the search can be served by when neither is there:
  // inside a transaction rolled back, without sequential scans or the table's other indexes.
  const client = new pg.Client({ connectionString: inject('databaseUrl') });
  await client.connect();
  try {
    await client.query('BEGIN');
    const others = await client.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE tablename = 'Challenge'
       AND indexname NOT IN ('Challenge_pkey', 'Challenge_searchText_trgm_idx',
                             'Challenge_searchText_pairs_idx')`,
    );
    for (const { indexname } of others.rows) await client.query(`DROP INDEX "${indexname}"`);
    await client.query('SET LOCAL enable_seqscan = off');
    const plan = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN ${statement.text}`,
      statement.values,
    );
    return plan.rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    await client.query('ROLLBACK');
    await client.end();
  }
}

const INDEX =
  kind === 'sqlite'
    ? /SCAN ChallengeSearch VIRTUAL TABLE INDEX \d+:M/
    : /Bitmap Index Scan on "Challenge_searchText_trgm_idx"/;
const PAIR_INDEX =
  kind === 'sqlite'
    ? /SCAN ChallengePairs VIRTUAL TABLE INDEX \d+:M/
    : /Bitmap Index Scan on "Challenge_searchText_pairs_idx"/;

async function search(q: string, opts: { pageSize?: number; sort?: CatalogueSort } = {}) {
  const page = await listPublishedChallenges(db, { q, pageSize: 100, ...opts });
  return { total: page.total, codes: page.items.map((i) => i.code).sort() };
}

describe(`the catalogue search's index (${kind})`, () => {
  beforeAll(async () => {
    await makeChallenge(db, { title: `${marker} 钆镓石榴石闪烁晶体 gadolinium` });
  });

  it('a term of 3 characters or more is looked up in the index, page and count', async () => {
    const traced = recording();
    const page = await listPublishedChallenges(traced.db, { q: `${marker} 钆镓石榴石` });
    expect(page.total).toBe(1);
    const count = traced.statements.find((s) => s.sql.includes('COUNT(*)'));
    expect(count, 'the count is a raw statement').toBeDefined();
    expect(await planOf(count!)).toMatch(INDEX);
    if (kind === 'sqlite') {
      // one match: the page, too, is read through the index, not by a scan of the table
      for (const s of traced.statements) {
        const plan = await planOf(s);
        expect(plan).toMatch(INDEX);
        expect(plan).not.toMatch(/^SCAN Challenge$/m);
      }
    }
  });

  it('a term of 2 characters is looked up in the pair index, page and count', async () => {
    const pair = rarePair();
    await makeChallenge(db, { title: `${pair}晶体 ${marker}` });
    const traced = recording();
    const page = await listPublishedChallenges(traced.db, { q: pair });
    expect(page.total).toBe(1);
    const count = traced.statements.find((s) => s.sql.includes('COUNT(*)'));
    expect(await planOf(count!)).toMatch(PAIR_INDEX);
    if (kind === 'sqlite')
      for (const s of traced.statements) {
        const plan = await planOf(s);
        expect(plan).toMatch(PAIR_INDEX);
        expect(plan).not.toMatch(/^SCAN Challenge$/m);
      }
    // 2 characters with a longer term: each looked up in its own index
    const both = recording();
    expect((await listPublishedChallenges(both.db, { q: `${pair} ${marker}` })).total).toBe(1);
    const plan = await planOf(both.statements.find((s) => s.sql.includes('COUNT(*)'))!);
    expect(plan).toMatch(kind === 'sqlite' ? PAIR_INDEX : /Challenge_searchText_(pairs|trgm)_idx/);
    if (kind === 'sqlite') expect(plan).toMatch(INDEX);
  });

  it('a term of 1 character alone has no index to use: LIKE reads every listed row', async () => {
    const traced = recording();
    const page = await listPublishedChallenges(traced.db, { q: '钆' });
    expect(page.total).toBe(await likeCount(['钆']));
    // (PostgreSQL, made to use an index by planOf, may walk all of the trigram index instead)
    if (kind === 'sqlite')
      for (const s of traced.statements) {
        const plan = await planOf(s);
        expect(plan).not.toMatch(INDEX);
        expect(plan).not.toMatch(PAIR_INDEX);
      }
  });

  it('an insert, a change of the text and a delete are seen by the next search', async () => {
    const word = `${marker}新词`;
    expect(await search(word)).toEqual({ total: 0, codes: [] });
    // unfunded: a funding confirmation would keep the row from being deleted below
    const c = await makeChallenge(db, { title: `${word} 耐磨铸造合金`, funded: false });
    expect(await search(word)).toEqual({ total: 1, codes: [c.code] });
    expect(await search(`${word} 铸造合金`)).toEqual({ total: 1, codes: [c.code] });

    const title = `${marker}改名 高纯度氮化硅`;
    await db.challenge.update({
      where: { id: c.id },
      data: { title, searchText: buildSearchText({ title, background: '背景', targets: [] }) },
    });
    expect(await search(word)).toEqual({ total: 0, codes: [] });
    expect(await search(`${marker}改名 氮化硅`)).toEqual({ total: 1, codes: [c.code] });
    // a change of other columns leaves the text where it was
    await db.challenge.update({ where: { id: c.id }, data: { contactName: '另一位联系人' } });
    expect(await search(`${marker}改名`)).toEqual({ total: 1, codes: [c.code] });

    await db.challenge.delete({ where: { id: c.id } });
    expect(await search(`${marker}改名`)).toEqual({ total: 0, codes: [] });
  });

  it('the pair index follows an insert, a change of the text and a delete', async () => {
    const [before, after] = [rarePair(), rarePair()];
    expect(await search(before)).toEqual({ total: 0, codes: [] });
    const c = await makeChallenge(db, { title: `${before}合金`, funded: false });
    expect(await search(before)).toEqual({ total: 1, codes: [c.code] });

    const title = `改为${after}`;
    await db.challenge.update({
      where: { id: c.id },
      data: { title, searchText: buildSearchText({ title, background: '背景', targets: [] }) },
    });
    expect(await search(before)).toEqual({ total: 0, codes: [] });
    expect(await search(after)).toEqual({ total: 1, codes: [c.code] });

    await db.challenge.delete({ where: { id: c.id } });
    expect(await search(after)).toEqual({ total: 0, codes: [] });
  });

  it.runIf(kind === 'sqlite')(
    'SQLite: the triggers are there and the index agrees with the table',
    async () => {
      const triggers = await db.$queryRaw<{ name: string }[]>`
      SELECT "name" FROM "sqlite_master" WHERE "type" = 'trigger' AND "tbl_name" = 'Challenge'
      ORDER BY "name"`;
      expect(triggers.map((t) => t.name)).toEqual([
        'Challenge_pairs_delete',
        'Challenge_pairs_insert',
        'Challenge_pairs_update_new',
        'Challenge_pairs_update_old',
        'Challenge_search_delete',
        'Challenge_search_insert',
        'Challenge_search_update',
        // the figures' tally (tests/challenge-tally.db.test.ts)
        'Challenge_tally_delete',
        'Challenge_tally_insert',
        'Challenge_tally_update',
      ]);
      // compare every row's trigrams (pairs) with the Challenge table's text (the pairs view of
      // it): throw on any difference
      await db.$executeRaw`
      INSERT INTO "ChallengeSearch"("ChallengeSearch", "rank") VALUES ('integrity-check', 1)`;
      await db.$executeRaw`
      INSERT INTO "ChallengePairs"("ChallengePairs", "rank") VALUES ('integrity-check', 1)`;
    },
  );
});

describe(`hostile search terms are text (${kind})`, () => {
  const titles = [
    `${marker} "quoted" or plain`,
    `${marker} near(alpha beta) star* ^caret col:val {a b}:c -minus +plus`,
    `${marker} 20% a_b c\\d it's 材料`,
    `${marker} 200 axb cd its`,
    `${marker} o'brien; drop table "challenge"; --`,
  ];
  const texts = new Map<string, string>();

  beforeAll(async () => {
    for (const title of titles) {
      const c = await makeChallenge(db, { title });
      texts.set(c.code!, c.searchText);
    }
  });

  const TERMS = [
    ...['"', '""', '"quoted"', '"a" OR b', 'OR', 'or plain', 'AND', 'NOT', '(', ')'],
    ...['NEAR(', 'near(alpha', 'NEAR(alpha beta)', '*', 'star*', 'x*', '^caret', '^'],
    ...['col:val', 'col:', '{a b}:c', '-minus', '+plus', '%', '_', '\\', '20%', 'a_b', 'c\\d'],
    ...['%%', 'a%b', "'", "it's", "o'brien;", 'drop table "challenge"; --', '材料', '\u0000'],
    ...['a\u0000b', '🙂', 'ＯＲ', 'Plain'],
    // two characters: the pair index, with punctuation, a space's neighbour and wildcards
    ...['a_', '_b', '0%', '%"', '\\d', "s'", '";', 'ax', 'AX', '料 ', '🙂x', 'r;'],
  ];

  it.each(TERMS)('%j finds exactly the texts that hold it, literally', async (term) => {
    const q = `${term} ${marker}`;
    const expected = [...texts]
      .filter(([, text]) => catalogueSearchTerms(q).every((t) => text.includes(t)))
      .map(([code]) => code)
      .sort();
    expect(await search(q)).toEqual({ total: expected.length, codes: expected });
    // alone (over every challenge) it is answered too, never an error, and finds what LIKE
    // finds in every listed challenge (whichever index serves it)
    const alone = await listPublishedChallenges(db, { q: term });
    expect(alone.total).toBeGreaterThanOrEqual(expected.length);
    const terms = catalogueSearchTerms(term);
    if (terms.length > 0 && !term.includes('\u0000'))
      expect(alone.total).toBe(await likeCount(terms));
  });

  it('every pair of a text is found, its first and last ones too', async () => {
    const [head, tail] = [rarePair(), rarePair()];
    const c = await makeChallenge(db, { title: head });
    await db.challenge.update({ where: { id: c.id }, data: { searchText: `${head}${tail}` } });
    const middle = `${[...head][1]}${[...tail][0]}`;
    for (const pair of [head, middle, tail])
      expect(await search(pair), pair).toEqual({ total: 1, codes: [c.code] });
  });

  it('two characters across a field boundary are found as LIKE finds them', async () => {
    // the fields are joined with a space: the last character of the title and the first of
    // the background are no pair of the text
    const [title, background] = [rarePair(), rarePair()];
    const spanning = `${[...title][1]}${[...background][0]}`;
    const c = await makeChallenge(db, { title });
    await db.challenge.update({
      where: { id: c.id },
      data: { searchText: buildSearchText({ title, background, targets: [] }) },
    });
    expect(await likeCount([spanning])).toBe(0);
    expect((await search(spanning)).total).toBe(0);
    expect((await search(`${[...title][1]} ${[...background][0]}`)).codes).toEqual([c.code]);
  });

  it.runIf(kind === 'sqlite')(
    'SQLite: letters in either case, as LIKE matches them, are found through the pair index',
    async () => {
      const pair = rarePair();
      const c = await makeChallenge(db, { title: pair });
      // a text written otherwise than by buildSearchText, with upper-case letters
      await db.challenge.update({ where: { id: c.id }, data: { searchText: `${pair} QZ` } });
      expect(await likeCount(['qz', pair])).toBe(1);
      expect(await search(`qz ${pair}`)).toEqual({ total: 1, codes: [c.code] });
    },
  );

  it('a few of them find what a person would expect', async () => {
    const code = (i: number) => [...texts.keys()][i];
    expect((await search(`"quoted" ${marker}`)).codes).toEqual([code(0)]);
    expect((await search(`NEAR(alpha ${marker}`)).codes).toEqual([code(1)]);
    expect((await search(`a_b ${marker}`)).codes).toEqual([code(2)]);
    expect((await search(`axb ${marker}`)).codes).toEqual([code(3)]);
    expect((await search(`it's ${marker}`)).codes).toEqual([code(2)]);
    expect((await search(`"challenge"; ${marker}`)).codes).toEqual([code(4)]);
  });
});

describe(`many matches page exactly once (${kind})`, () => {
  let made: string[] = [];

  beforeAll(async () => {
    // On SQLite enough matches that a page of 1 walks the sort's index instead of the matches
    // (catalogue-search.server.ts: total² > (size + 1)·rows); 12 elsewhere.
    let count = 12;
    if (kind === 'sqlite') {
      const [{ last }] = await db.$queryRaw<{ last: bigint | number }[]>`
        SELECT MAX("rowid") AS "last" FROM "Challenge"`;
      count = Math.ceil(Math.sqrt(2 * (Number(last) + 100))) + 1;
    }
    for (let i = 0; i < count; i++) {
      const c = await makeChallenge(db, {
        title: `${denseMarker} 第${i}号 碳纤维`,
        bountyFen: i % 4 === 0 ? null : 1_000_000 * (1 + (i % 5)),
        deadline: new Date(Date.UTC(2099, i % 12, 1 + (i % 27))),
      });
      made.push(c.code!);
    }
    made = made.sort();
  });

  for (const sort of ['newest', 'deadline', 'bounty'] as const) {
    it(`sorted by ${sort}, one a page`, async () => {
      const traced = recording();
      const codes: string[] = [];
      let after: string | null = null;
      do {
        const page = await listPublishedChallenges(traced.db, {
          q: `${denseMarker} 碳纤维`,
          sort,
          after,
          pageSize: 1,
        });
        expect(page.total).toBe(made.length);
        codes.push(...page.items.map((i) => i.code));
        after = page.next;
      } while (after && codes.length <= made.length);
      expect(codes.sort()).toEqual(made);
      if (kind === 'sqlite') {
        // the pages walked the sort's index (only the counts used the trigram table)
        const pages = traced.statements.filter((s) => s.sql.includes('ORDER BY'));
        for (const s of pages) expect(s.sql).not.toContain('ChallengeSearch');
      }
    });
  }
});

describe(`a search counts its matches up to a limit (${kind})`, () => {
  const ids: string[] = [];

  beforeAll(async () => {
    const enterprise = await makeEnterprise(db);
    const at = Date.UTC(2098, 0, 1);
    const rows = Array.from({ length: SEARCH_COUNT_LIMIT + 5 }, (_, i) => {
      const title = `${manyMarker} 第${i}号 ${i < 3 ? '氢能储罐' : '碳纤维'}`;
      const id = `${manyMarker}${String(i).padStart(5, '0')}`;
      ids.push(id);
      return {
        id,
        ref: `T-${id}`,
        code: `ZB-2098-${id}`,
        enterpriseId: enterprise.id,
        title,
        field: '新材料',
        background: '测试背景',
        searchText: buildSearchText({ title, background: '测试背景', targets: [] }),
        bountyType: 'FIXED',
        bountyFen: 1_000_000n,
        applicationDeadline: new Date('2099-12-31T00:00:00+08:00'),
        implementationMonths: 12,
        contactName: '联系人',
        contactPhone: '0533-0000000',
        status: 'PUBLISHED',
        submittedAt: new Date(at),
        // one a minute: the newest is the last made
        publishedAt: new Date(at + i * 60_000),
      };
    });
    await db.challenge.createMany({ data: rows });
  });

  afterAll(async () => {
    await db.challenge.deleteMany({ where: { id: { startsWith: manyMarker } } });
  });

  it('beyond the limit it says "more than", and the page is still the newest matches', async () => {
    const page = await listPublishedChallenges(db, { q: manyMarker });
    expect({ total: page.total, more: page.more }).toEqual({
      total: SEARCH_COUNT_LIMIT,
      more: true,
    });
    const newest = ids.slice(-20).reverse();
    expect(page.items.map((i) => i.code)).toEqual(newest.map((id) => `ZB-2098-${id}`));
    // every match is still reached by paging
    const second = await listPublishedChallenges(db, { q: manyMarker, after: page.next });
    expect(second.items[0]?.code).toBe(`ZB-2098-${ids.at(-21)}`);
  });

  it('under the limit the count is exact', async () => {
    const page = await listPublishedChallenges(db, { q: `${manyMarker} 氢能储罐` });
    expect({ total: page.total, more: page.more, n: page.items.length }).toEqual({
      total: 3,
      more: false,
      n: 3,
    });
  });
});
