// The catalogue page (/challenges) is kept per data version (catalogue.server.ts: its pages,
// the event options, "anything published"): a repeated request with nothing written between
// does no database work, any committed write shows in the very next request, and nothing in
// what is kept depends on who asks. The loaders are called as Remix calls them, without the
// page cache: what every signed-in member gets.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db, type Db } from '~/lib/db.server';
import { loader as rootLoader } from '~/root';
import { loader } from '~/routes/challenges._index';
import { actorOf } from '~/services/kernel/actor';
import {
  anyPublishedChallenge,
  catalogueMemos,
  listEventOptions,
  listPublishedChallenges,
} from '~/services/needs/catalogue.server';
import { transition } from '~/services/needs/needs.server';
import { makeChallenge, makeUser } from './factories';
import { args, signedInRequest } from './route-call';

afterAll(() => db.$disconnect());

const kind = inject('databaseKind');
// a word no other record holds (the factories' names carry hex digits only, below g)
const marker = `memoxq${randomBytes(4).toString('hex')}`;

type Page = Exclude<Awaited<ReturnType<typeof loader>>, Response>;

async function load(search = '', request?: Request): Promise<Page> {
  return (await loader(
    args(request ?? new Request(`http://localhost/challenges${search}`)),
  )) as Page;
}

/** The db, with every call that reaches the database recorded by name. */
function counting(): { db: Db; calls: string[] } {
  const calls: string[] = [];
  const wrap = <T extends object>(target: T, name: string): T =>
    new Proxy(target, {
      get(t, prop) {
        const value = Reflect.get(t, prop) as unknown;
        if (typeof prop !== 'string') return value;
        if (typeof value === 'function')
          return (...a: unknown[]) => {
            calls.push(`${name}.${prop}`);
            return (value as (...a: unknown[]) => unknown).apply(t, a);
          };
        // the model delegates: db.challenge.findMany, …
        return value && typeof value === 'object' && !prop.startsWith('$')
          ? wrap(value, prop)
          : value;
      },
    });
  return { db: wrap(db, 'db'), calls };
}

describe(`the catalogue page, kept per data version (${kind})`, () => {
  it('answers a repeated request without reading the database', async () => {
    const traced = counting();
    const read = async () => ({
      page: await listPublishedChallenges(traced.db, { q: '' }),
      events: await listEventOptions(traced.db),
      any: await anyPublishedChallenge(traced.db),
    });
    const first = await read();
    expect(traced.calls.length).toBeGreaterThan(0);
    traced.calls.length = 0;
    const again = await read();
    expect(traced.calls).toEqual([]);
    expect(again.page).toBe(first.page);
    expect(again.events).toBe(first.events);
    expect(again.any).toBe(true);

    // the loader too: pages and reads served from the memo, none computed
    await load(`?q=${marker}`);
    const { pages, pageReads } = catalogueMemos;
    const computed = pages.stats.computes + pageReads.stats.computes;
    const hits = pages.stats.hits;
    await load(`?q=${marker}`);
    // the same query spelt otherwise (spaces, case) is the same entry
    await load(`?q=${encodeURIComponent(`  ${marker.toUpperCase()} `)}`);
    expect(pages.stats.computes + pageReads.stats.computes).toBe(computed);
    expect(pages.stats.hits).toBe(hits + 2);
  });

  it('shows a challenge published by a lone write in the very next request', async () => {
    const before = await load(`?q=${marker}`);
    await load(`?q=${marker}`);
    const plain = await load('');
    const made = await makeChallenge(db, { title: `${marker} 新发布的榜单` });
    const after = await load(`?q=${marker}`);
    expect(after.total).toBe(before.total + 1);
    expect(after.items.map((i) => i.code)).toContain(made.code);
    // the plain list (newest first) and its count too; other test files may publish as well
    const list = await load('');
    expect(list.total).toBeGreaterThanOrEqual(plain.total + 1);
    expect(list.items.map((i) => i.code)).toContain(made.code);
  });

  it('shows a need published through the kernel as soon as the command returns', async () => {
    const owner = await makeUser(db, { role: 'ENTERPRISE' });
    const reviewer = actorOf(await makeUser(db, { role: 'REVIEWER' }));
    const need = await makeChallenge(db, {
      enterpriseId: owner.organizationId!,
      published: false,
      title: `${marker} 经审核发布`,
    });
    const before = await load(`?q=${marker}`);
    await load(`?q=${marker}`);
    expect((await transition(db, reviewer, need.id, 'publish')).ok).toBe(true);
    const after = await load(`?q=${marker}`);
    expect(after.total).toBe(before.total + 1);
    const published = await db.challenge.findUniqueOrThrow({ where: { id: need.id } });
    expect(after.items.map((i) => i.code)).toContain(published.code);
  });

  it('shows a new matching event among the filters at once', async () => {
    const before = await load();
    const slug = `memo-${randomBytes(4).toString('hex')}`;
    await db.matchingEvent.create({
      data: {
        slug,
        name: '新的对接会',
        industry: '氢能',
        date: new Date(),
        place: '淄博',
        description: '—',
      },
    });
    const after = await load();
    expect(after.events.map((e) => e.slug)).toContain(slug);
    expect(after.events.length).toBe(before.events.length + 1);
  });

  it('never keeps a page read while a write was committing', async () => {
    const before = await load(`?q=${marker}`);
    const during = load(`?q=${marker}`);
    await makeChallenge(db, { title: `${marker} 写入期间` });
    const overlapping = await during;
    const after = await load(`?q=${marker}`);
    expect(after.total).toBe(before.total + 1);
    expect([before.total, after.total]).toContain(overlapping.total);
    expect((await load(`?q=${marker}`)).total).toBe(after.total);
  });

  it('serves every viewer the same page and nobody another viewer’s data', async () => {
    const member = await makeUser(db, { role: 'TEAM', name: `成员${marker}` });
    const owner = await makeUser(db, { role: 'ENTERPRISE', name: `企业${marker}` });
    const asMember = await signedInRequest(db, member, '/challenges');
    const asOwner = await signedInRequest(db, owner, '/challenges');
    const anonymous = new Request('http://localhost/challenges');

    const pages = [await load('', asMember), await load('', asOwner), await load('', anonymous)];
    // one value for all (nothing in it depends on who asks) …
    expect(pages[1].items).toBe(pages[0].items);
    expect(pages[2].items).toBe(pages[0].items);
    for (const page of pages) {
      const text = JSON.stringify(page);
      for (const user of [member, owner]) {
        expect(text).not.toContain(user.name);
        expect(text).not.toContain(user.email);
      }
    }
    // … and the viewer, read per request, is each one's own
    const viewer = async (request: Request) => {
      // data({ … }, init) or the object itself
      const answer = (await rootLoader(args(request))) as unknown as {
        data?: { user: { name: string } | null };
        user?: { name: string } | null;
      };
      return (answer.data ?? answer).user?.name ?? null;
    };
    expect(await viewer(asMember)).toBe(member.name);
    expect(await viewer(asOwner)).toBe(owner.name);
    expect(await viewer(anonymous)).toBeNull();
  });

  it('hands out rows no request can change for the next', async () => {
    const page = await listPublishedChallenges(db);
    expect(page.items.length).toBeGreaterThan(0);
    expect(() => {
      (page.items as unknown as { title: string }[])[0]!.title = '改掉';
    }).toThrow(TypeError);
    expect(() => (page.items as unknown[]).pop()).toThrow(TypeError);
    expect((await listPublishedChallenges(db)).items[0]!.title).not.toBe('改掉');
  });

  it('reads an export’s batches afresh: they would push the pages out of the memo', async () => {
    const { pages } = catalogueMemos;
    const size = pages.size;
    const computed = pages.stats.computes;
    await listPublishedChallenges(db, { pageSize: 100 });
    await listPublishedChallenges(db, { now: new Date() });
    expect(pages.stats.computes).toBe(computed);
    expect(pages.size).toBe(size);
  });
});
