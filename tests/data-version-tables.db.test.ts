// Versions per table (issue #13, docs/decisions/025 "Versions per table"): what is kept of the
// catalogue page (and of the programme figures) survives writes to tables it does not read — a
// team's draft saved, a notification read — while a write to a table it reads shows in the very
// next request. A write whose tables cannot be told counts as every table; a rolled-back one
// moves nothing. Each memo's list of tables is checked against the SQL its reads really send,
// so a read of a new table cannot be added without adding the table. On PostgreSQL, the same
// holds for another instance's writes (the NOTIFY carries the tables).
import { randomBytes } from 'node:crypto';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { PrismaClient as PostgresClient } from '~/generated/postgresql/client';
import { PrismaClient as SqliteClient } from '~/generated/sqlite/client';
import { dataVersion } from '~/lib/data-version.server';
import { db, type Db, isPostgresUrl, Prisma } from '~/lib/db.server';
import { CHANNEL, notice, readNotice, sharedVersionSource } from '~/lib/shared-version.server';
import { updateApplication } from '~/services/applications/changes.server';
import {
  anyPublishedChallenge,
  CATALOGUE_TABLES,
  CHALLENGE_PAGE_TABLES,
  catalogueMemos,
  challengeReads,
  getPublishedChallenge,
  listEventOptions,
  listPublishedChallenges,
} from '~/services/needs/catalogue.server';
import {
  paidInstalments,
  PAYOUT_CLOCK_TABLES,
  periodPayoutClock,
} from '~/services/programme/payout-clock.server';
import {
  CHART_TABLES,
  chartData,
  currentFigures,
  FIGURES_TABLES,
  figuresMemo,
  periodYears,
} from '~/services/programme/stats.server';
import {
  anonymousReads,
  listQuestions,
  QUESTION_LIST_TABLES,
} from '~/services/needs/question-list.server';
import { draftApplicationTo, makeChallenge, makeUser } from './factories';

const kind = inject('databaseKind');
const url = inject('databaseUrl');
const marker = `tblxq${randomBytes(4).toString('hex')}`;
const spies: { $disconnect(): Promise<void> }[] = [];

afterAll(async () => {
  await Promise.all(spies.map((s) => s.$disconnect()));
  await db.$disconnect();
});

/** The catalogue as /challenges reads it: events, a page (searched or not), "anything". */
async function catalogue(d: Db, search = marker) {
  const events = await listEventOptions(d);
  const page = await listPublishedChallenges(d, { q: search });
  return { events, page, any: await anyPublishedChallenge(d) };
}

const catalogueComputes = () => {
  const { pages, pageReads, counts } = catalogueMemos;
  return pages.stats.computes + pageReads.stats.computes + counts.stats.computes;
};

/** A team's draft application to a published challenge, saved through the service. */
async function draftApplication() {
  const challenge = await makeChallenge(db, { title: `${marker} 申报用` });
  return draftApplicationTo(db, challenge.id);
}

describe(`versions per table (${kind})`, () => {
  it('keeps the catalogue page through a team’s draft saved, and shows a challenge at once', async () => {
    const { id, team, input } = await draftApplication();
    const first = await catalogue(db);
    expect(first.page.total).toBeGreaterThan(0);
    await catalogue(db);
    const { pages } = catalogueMemos;
    const computes = catalogueComputes();
    const hits = pages.stats.hits;
    const all = dataVersion();

    // the draft saved again (a write to "Application", under a lock on it): nothing recomputed
    expect((await updateApplication(db, team, id, { ...input, approach: '改过的方案' })).ok).toBe(
      true,
    );
    expect(dataVersion()).toBeGreaterThan(all);
    const again = await catalogue(db);
    expect(again.page).toBe(first.page);
    expect(again.events).toBe(first.events);
    expect(catalogueComputes()).toBe(computes);
    expect(pages.stats.hits).toBe(hits + 1);

    // a challenge published: in the very next page
    const made = await makeChallenge(db, { title: `${marker} 新榜单` });
    const after = await catalogue(db);
    expect(after.page.total).toBe(first.page.total + 1);
    expect(after.page.items.map((i) => i.code)).toContain(made.code);
  });

  it('shows an enterprise renamed, an event and its challenges in the very next request', async () => {
    const challenge = await makeChallenge(db, { title: `${marker} 改名` });
    const before = await catalogue(db);
    const name = `改名企业${marker}`;
    await db.organization.update({ where: { id: challenge.enterpriseId }, data: { name } });
    expect((await catalogue(db)).page.items.map((i) => i.enterprise)).toContain(name);

    const slug = `tbl-${randomBytes(4).toString('hex')}`;
    const event = await db.matchingEvent.create({
      data: {
        slug,
        name: '表版本对接会',
        industry: '氢能',
        date: new Date(),
        place: '淄博',
        description: '—',
      },
    });
    const withEvent = await catalogue(db);
    expect(withEvent.events.map((e) => e.slug)).toContain(slug);
    expect(withEvent.events).not.toBe(before.events);
    const onEvent = () => listPublishedChallenges(db, { event: slug });
    expect((await onEvent()).total).toBe(0);
    await db.eventChallenge.create({ data: { eventId: event.id, challengeId: challenge.id } });
    expect((await onEvent()).items.map((i) => i.code)).toEqual([challenge.code]);
  });

  it('moves nothing for a rolled-back write, and every table for one it cannot read', async () => {
    const challenge = await makeChallenge(db, { title: `${marker} 回滚` });
    const user = await makeUser(db, { role: 'TEAM' });
    const page = (await catalogue(db)).page;
    const all = dataVersion();
    const tables = dataVersion(CATALOGUE_TABLES);
    await expect(
      db.$transaction(async (tx) => {
        await tx.challenge.update({ where: { id: challenge.id }, data: { title: '不会留下' } });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect([dataVersion(), dataVersion(CATALOGUE_TABLES)]).toEqual([all, tables]);
    expect((await catalogue(db)).page).toBe(page);

    // a write to "User" the parser cannot place (a WITH before the UPDATE): every table
    await db.$executeRaw(
      Prisma.sql`WITH t AS (SELECT 1 AS x) UPDATE "User" SET "locale" = "locale" WHERE "id" = ${user.id}`,
    );
    expect(dataVersion(CATALOGUE_TABLES)).toBeGreaterThan(tables);
    const next = (await catalogue(db)).page;
    expect(next).not.toBe(page);
    expect(next).toEqual(page);
    // and a plain write to "User": the pages stay
    await db.user.update({ where: { id: user.id }, data: { locale: 'en' } });
    expect((await catalogue(db)).page).toBe(next);
  });

  it('keeps a challenge’s page through a draft saved, and shows a question answered at once', async () => {
    const { team, id, input } = await draftApplication();
    const challenge = await makeChallenge(db, { title: `${marker} 详情` });
    const code = challenge.code!;
    const page = async () => ({
      challenge: await getPublishedChallenge(db, code),
      questions: await listQuestions(db, code, null),
    });
    const first = await page();
    expect(first.challenge?.title).toBe(`${marker} 详情`);
    expect(first.questions?.items).toEqual([]);
    const computes = () => challengeReads.stats.computes + anonymousReads.stats.computes;
    const before = computes();
    expect((await updateApplication(db, team, id, { ...input, approach: '详情页不动' })).ok).toBe(
      true,
    );
    expect(await page()).toEqual(first);
    expect(computes()).toBe(before);

    // an answered question: on the anonymous page in the very next request
    await db.question.create({
      data: {
        challengeId: challenge.id,
        teamId: team.organizationId,
        askedById: team.id,
        body: '样机费用由谁承担？',
        answer: '由企业承担。',
        answeredAt: new Date(),
      },
    });
    expect((await page()).questions?.items.map((q) => q.answer)).toEqual(['由企业承担。']);
    // and the challenge closed by the clock, without a write: worked out on each call
    const late = new Date(Date.parse(first.challenge!.applicationDeadline) + 2 * 86_400_000);
    expect((await getPublishedChallenge(db, code, late))?.status).toBe('CLOSED');
    expect((await getPublishedChallenge(db, code))?.status).toBe(first.challenge?.status);
  });

  it('keeps the programme figures through a draft saved, not through a need published', async () => {
    const { team, id, input } = await draftApplication();
    await currentFigures(db);
    const kept = figuresMemo.stats.computes;
    expect((await updateApplication(db, team, id, { ...input, approach: '再改' })).ok).toBe(true);
    await currentFigures(db);
    expect(figuresMemo.stats.computes).toBe(kept);
    await makeChallenge(db);
    await currentFigures(db);
    expect(figuresMemo.stats.computes).toBe(kept + 1);
  });
});

/** A client of its own on the test database that records every statement it sends. */
function recordingClient(): { db: Db; sql: string[] } {
  const sql: string[] = [];
  type Adapter = { queryRaw(q: { sql: string }): Promise<unknown> };
  const record = <F extends { connect(): Promise<unknown> }>(factory: F): F =>
    Object.assign(Object.create(factory) as F, {
      connect: async () =>
        new Proxy((await factory.connect()) as Adapter, {
          get(target, prop) {
            const value = Reflect.get(target, prop) as unknown;
            if (prop === 'queryRaw' || prop === 'executeRaw')
              return (q: { sql: string }) => {
                sql.push(q.sql);
                return (value as (q: unknown) => unknown).call(target, q);
              };
            return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
          },
        }),
    });
  const client = isPostgresUrl(url)
    ? (new PostgresClient({
        adapter: record(new PrismaPg({ connectionString: url, max: 2 })),
      }) as unknown as Db)
    : (new SqliteClient({ adapter: record(new PrismaBetterSQLite3({ url })) }) as Db);
  spies.push(client);
  return { db: client, sql };
}

// a name as either engine's SQL writes it: "quoted" (PostgreSQL, raw SQL), `quoted` (Prisma on
// SQLite) or bare
const NAME = String.raw`(?:"([^"]+)"|\x60([^\x60]+)\x60|([A-Za-z_]\w*\b))`;
const READ_TABLE = new RegExp(
  String.raw`\b(?:FROM|JOIN)\s+(?:${NAME}\s*\.\s*)?${NAME}(?!\s*[.(])`,
  'gi',
);

// the engines' own catalogues (a table's size estimate in pg_class): no write of the app's moves
// them, and what is read from them chooses how to search, not what is found
const SYSTEM = /^(pg_|sqlite_|information_schema$)/i;

/** The tables of the app named after FROM or JOIN in `statements`. */
function tablesRead(statements: string[]): Set<string> {
  const found = new Set<string>();
  for (const s of statements)
    for (const m of s.matchAll(READ_TABLE)) {
      const name = (m[4] ?? m[5] ?? m[6])!;
      if (!SYSTEM.test(name)) found.add(name);
    }
  return found;
}

/**
 * Tables written by triggers on "Challenge" (the catalogue's search tables): a write to them
 * comes inside a write to "Challenge", which moves the catalogue's version.
 */
async function writtenByChallengeTriggers(): Promise<string[]> {
  const bodies = isPostgresUrl(url)
    ? await db.$queryRaw<{ sql: string }[]>`
        SELECT pg_get_functiondef(t."tgfoid") AS "sql" FROM pg_trigger t
        WHERE t."tgrelid" = '"Challenge"'::regclass AND NOT t."tgisinternal"`
    : await db.$queryRaw<{ sql: string }[]>`
        SELECT "sql" FROM sqlite_master WHERE "type" = 'trigger' AND "tbl_name" = 'Challenge'`;
  const written = /\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(?:\w+\.|"\w+"\.)?"?(\w+)"?/gi;
  return bodies.flatMap((b) => [...b.sql.matchAll(written)].map((m) => m[1]!));
}

describe(`each memo's tables are those its reads send SQL for (${kind})`, () => {
  it('the catalogue: pages listed, searched (long and short terms), by event and bounty', async () => {
    const event = await db.matchingEvent.findFirst({ select: { slug: true } });
    const spy = recordingClient();
    await catalogue(spy.db, '');
    await catalogue(spy.db, marker);
    await catalogue(spy.db, '氢');
    await catalogue(spy.db, `${marker} 氢能 装备`);
    for (const sort of ['deadline', 'bounty', 'newest'] as const)
      await listPublishedChallenges(spy.db, { sort, bounty: 'fixed', minFen: 1 });
    if (event) await listPublishedChallenges(spy.db, { event: event.slug, q: '测试' });
    const read = tablesRead(spy.sql);
    // Prisma's reads and the search's raw SQL alike
    for (const t of ['Challenge', 'Organization', 'MatchingEvent']) expect(read).toContain(t);
    const covered = new Set<string>([...CATALOGUE_TABLES, ...(await writtenByChallengeTriggers())]);
    expect([...read].filter((t) => !covered.has(t))).toEqual([]);
  });

  it('a challenge’s page and its questions, as an anonymous visitor reads them', async () => {
    const withMore = await db.challenge.findFirst({
      where: { code: { not: null }, matches: { some: {} }, contracts: { some: {} } },
      select: { code: true },
    });
    const any = await makeChallenge(db, { title: `${marker} 读表` });
    const spy = recordingClient();
    for (const code of [withMore?.code, any.code]) {
      if (!code) continue;
      await getPublishedChallenge(spy.db, code);
      await listQuestions(spy.db, code, null);
    }
    const read = tablesRead(spy.sql);
    for (const t of ['Challenge', 'Question', 'Attachment']) expect(read).toContain(t);
    const covered = new Set<string>([...CHALLENGE_PAGE_TABLES, ...QUESTION_LIST_TABLES]);
    expect([...read].filter((t) => !covered.has(t))).toEqual([]);
  });

  it('the programme figures, the charts, the years and the payout clock', async () => {
    const figures = recordingClient();
    await currentFigures(figures.db);
    expect(tablesRead(figures.sql)).toContain('MatchingEvent');
    expect(
      [...tablesRead(figures.sql)].filter((t) => !FIGURES_TABLES.includes(t as never)),
    ).toEqual([]);
    const charts = recordingClient();
    const year = new Date().getFullYear();
    await chartData(charts.db, { kind: 'all' });
    await chartData(charts.db, { kind: 'year', year });
    await periodYears(charts.db);
    expect([...tablesRead(charts.sql)].filter((t) => !CHART_TABLES.includes(t as never))).toEqual(
      [],
    );
    const clock = recordingClient();
    await paidInstalments(clock.db);
    await periodPayoutClock(clock.db, { kind: 'year', year });
    const read = tablesRead(clock.sql);
    expect(read).toContain('Disbursement');
    expect([...read].filter((t) => !PAYOUT_CLOCK_TABLES.includes(t as never))).toEqual([]);
  });
});

describe.skipIf(kind !== 'postgresql')('versions per table between instances', () => {
  it('moves the catalogue’s version for another instance’s write to Challenge, not to Application', async () => {
    const here = sharedVersionSource(url);
    const there = sharedVersionSource(url);
    const raw = new pg.Client({ connectionString: url });
    try {
      await Promise.all([here.ready, there.ready, raw.connect()]);
      /** Does `send`, then waits until `here` has heard of it (every notice moves the whole). */
      const heard = async (send: () => unknown) => {
        const all = here.current();
        send();
        for (let i = 0; i < 500 && here.current() === all; i++)
          await new Promise((r) => setTimeout(r, 10));
        expect(here.current()).toBeGreaterThan(all);
        return here.current(CATALOGUE_TABLES);
      };
      const start = here.current(CATALOGUE_TABLES);
      expect(await heard(() => there.bump(['Application', 'Notification']))).toBe(start);
      const challenge = await heard(() => there.bump(['Challenge']));
      expect(challenge).toBeGreaterThan(start);
      expect(await heard(() => there.bump(null))).toBeGreaterThan(challenge);
      // a payload of an earlier release (its id alone) or garbled: every table
      const garbled = here.current(CATALOGUE_TABLES);
      expect(
        await heard(() => raw.query('SELECT pg_notify($1, $2)', [CHANNEL, 'some-instance-id'])),
      ).toBeGreaterThan(garbled);
      // its own notices are not counted twice
      const own = here.current();
      here.bump(['Application']);
      expect(here.current()).toBe(own + 1);
    } finally {
      await Promise.all([here.stop(), there.stop(), raw.end()]);
    }
  });
});

describe('the notice between instances', () => {
  it('carries the tables within PostgreSQL’s bound, else says every table', () => {
    expect(readNotice(notice('a', ['Application']))).toEqual({
      from: 'a',
      written: ['Application'],
    });
    expect(readNotice(notice('a', null))).toEqual({ from: 'a', written: null });
    const many = Array.from({ length: 2_000 }, (_, i) => `Table${i}`);
    const long = notice('a', many);
    expect(Buffer.byteLength(long)).toBeLessThan(8_000);
    expect(readNotice(long)).toEqual({ from: 'a', written: null });
    for (const hostile of ['', 'null', '{"from":1}', '{"from":"b","tables":[1]}', '{"tables":"x"}'])
      expect(readNotice(hostile).written).toBeNull();
  });
});
