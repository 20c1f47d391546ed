// The catalogue's search is served by an index on both engines (SQLite: the FTS5 trigram table
// ChallengeSearch kept by triggers; PostgreSQL: the pg_trgm GIN index on searchText), finds
// what LIKE finds, literally, whatever is typed, and follows every insert, change and delete.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { catalogueSearchTerms, type CatalogueSort } from '~/domain/catalogue-query';
import { buildSearchText } from '~/domain/search';
import { db, Prisma, type Db } from '~/lib/db.server';
import { listPublishedChallenges } from '~/services/needs/catalogue.server';
import { makeChallenge } from './factories';

afterAll(() => db.$disconnect());

const kind = inject('databaseKind');
// words no other record holds (the factories' names carry hex digits only, below g)
const marker = `ftsidx${randomBytes(4).toString('hex')}`;
const denseMarker = `ftsdense${randomBytes(4).toString('hex')}`;

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
       AND indexname NOT IN ('Challenge_pkey', 'Challenge_searchText_trgm_idx')`,
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

  it('a shorter term cannot use a trigram index: SQLite reads it with LIKE from the rows', async () => {
    const traced = recording();
    const page = await listPublishedChallenges(traced.db, { q: '钆镓' });
    expect(page.total).toBeGreaterThanOrEqual(1);
    if (kind === 'sqlite')
      for (const s of traced.statements) expect(await planOf(s)).not.toMatch(INDEX);
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

  it.runIf(kind === 'sqlite')(
    'SQLite: the triggers are there and the index agrees with the table',
    async () => {
      const triggers = await db.$queryRaw<{ name: string }[]>`
      SELECT "name" FROM "sqlite_master" WHERE "type" = 'trigger' AND "tbl_name" = 'Challenge'
      ORDER BY "name"`;
      expect(triggers.map((t) => t.name)).toEqual([
        'Challenge_search_delete',
        'Challenge_search_insert',
        'Challenge_search_update',
      ]);
      // compares every row's trigrams with the Challenge table's text: throws on any difference
      await db.$executeRaw`
      INSERT INTO "ChallengeSearch"("ChallengeSearch", "rank") VALUES ('integrity-check', 1)`;
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
  ];

  it.each(TERMS)('%j finds exactly the texts that hold it, literally', async (term) => {
    const q = `${term} ${marker}`;
    const expected = [...texts]
      .filter(([, text]) => catalogueSearchTerms(q).every((t) => text.includes(t)))
      .map(([code]) => code)
      .sort();
    expect(await search(q)).toEqual({ total: expected.length, codes: expected });
    // alone (over every challenge) it is answered too, never an error
    const alone = await listPublishedChallenges(db, { q: term });
    expect(alone.total).toBeGreaterThanOrEqual(expected.length);
  });

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
