// Search boxes match what was typed, literally, on both engines: `%`, `_` and `\` are
// characters, not LIKE wildcards or escapes.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseCatalogueQuery } from '~/domain/catalogue-query';
import { db } from '~/lib/db.server';
import { loader as organizationsLoader } from '~/routes/admin.organizations';
import { loader as usersLoader } from '~/routes/admin.users/route';
import { listPublishedChallenges } from '~/services/needs/catalogue.server';
import { candidateChallenges, searchTeams } from '~/services/events/events.server';
import { makeChallenge, makeTeam, makeUser } from './factories';
import { args, signedInRequest } from './route-call';

afterAll(() => db.$disconnect());

// a word no other record holds, so that each search sees only this file's challenges (the
// factories' names carry hex digits: the terms below use letters beyond f)
const marker = `literal${randomBytes(4).toString('hex')}`;
const titles = {
  underscore: `a_b ${marker}`,
  lookalike: `axb ${marker}`,
  percent: `效率提升20% ${marker}`,
  twenty: `效率提升200 ${marker}`,
  backslash: `路径c\\q ${marker}`,
  plain: `路径cq ${marker}`,
} as const;
const codes = new Map<string, keyof typeof titles>();

beforeAll(async () => {
  for (const [key, title] of Object.entries(titles) as [keyof typeof titles, string][]) {
    const c = await makeChallenge(db, { title });
    codes.set(c.code!, key);
  }
});

async function found(q: string) {
  const page = await listPublishedChallenges(db, {
    ...parseCatalogueQuery(new URLSearchParams({ q: `${q} ${marker}` })),
    pageSize: 100,
  });
  expect(page.total).toBe(page.items.length);
  return page.items.map((i) => codes.get(i.code)).sort();
}

describe(`literal catalogue search (${inject('databaseKind')})`, () => {
  it('all six are found by the marker alone', async () => {
    expect(await found('')).toEqual(Object.keys(titles).sort());
  });

  it('"a_b" finds a_b and not axb; "axb" finds axb and not a_b', async () => {
    expect(await found('a_b')).toEqual(['underscore']);
    expect(await found('axb')).toEqual(['lookalike']);
    expect(await found('a%b')).toEqual([]);
  });

  it('"20%" finds the text with 20% and not 200; "_" and "%" alone find only such texts', async () => {
    expect(await found('20%')).toEqual(['percent']);
    expect(await found('%')).toEqual(['percent']);
    expect(await found('_')).toEqual(['underscore']);
    expect(await found('%%')).toEqual([]);
  });

  it('"\\" is a character: "c\\q" finds c\\q and not cq', async () => {
    expect(await found('c\\q')).toEqual(['backslash']);
    expect(await found('cq')).toEqual(['plain']);
    expect(await found('\\')).toEqual(['backslash']);
    expect(await found('\\%')).toEqual([]);
  });
});

describe(`literal staff search boxes (${inject('databaseKind')})`, () => {
  const names = { underscore: `${marker}_Q`, lookalike: `${marker}xq` };

  async function loaderData<T>(
    loader: (args: { request: Request; params: object; context: object }) => Promise<unknown>,
    path: string,
    q: string,
  ): Promise<T> {
    const admin = await makeUser(db, { role: 'ADMIN' });
    const request = await signedInRequest(db, admin, `${path}?q=${encodeURIComponent(q)}`);
    return (await loader(args(request))) as T;
  }

  beforeAll(async () => {
    for (const name of Object.values(names)) {
      const team = await makeTeam(db, name);
      await makeUser(db, { role: 'TEAM', organizationId: team.id, name: `成员 ${name}` });
    }
  });

  it('admin › organisations: "_" and "%" are characters, case is ignored', async () => {
    type Data = { organizations: { name: string }[] };
    const orgs = (q: string) =>
      loaderData<Data>(organizationsLoader as never, '/admin/organizations', q).then((d) =>
        d.organizations.map((o) => o.name).sort(),
      );
    expect(await orgs(`${marker}_q`)).toEqual([names.underscore]);
    expect(await orgs(`${marker}XQ`)).toEqual([names.lookalike]);
    expect(await orgs(`${marker}%`)).toEqual([]);
    expect(await orgs(marker)).toEqual(Object.values(names).sort());
  });

  it('admin › users: by name or organisation, literally', async () => {
    type Data = { users: { name: string }[] };
    const users = (q: string) =>
      loaderData<Data>(usersLoader as never, '/admin/users', q).then((d) =>
        d.users.map((u) => u.name).sort(),
      );
    expect(await users(`${marker}_q`)).toEqual([`成员 ${names.underscore}`]);
    expect(await users(`成员 ${marker}%`)).toEqual([]);
    expect(await users(`${marker}xQ`)).toEqual([`成员 ${names.lookalike}`]);
  });

  it('matching events: teams and candidate challenges, literally', async () => {
    const teams = async (q: string) => (await searchTeams(db, q)).map((t) => t.name).sort();
    expect(await teams(`${marker}_q`)).toEqual([names.underscore]);
    expect(await teams(`${marker}_`)).toEqual([names.underscore]);
    expect(await teams(`%${marker}`)).toEqual([]);
    const candidates = async (q: string) =>
      (await candidateChallenges(db, { eventId: 'no-event', industry: null, q })).items
        .map((c) => codes.get(c.code!))
        .sort();
    expect(await candidates(`a_b ${marker}`)).toEqual(['underscore']);
    expect(await candidates(`axb ${marker}`)).toEqual(['lookalike']);
    expect(await candidates(`20% ${marker}`)).toEqual(['percent']);
    expect(await candidates(`c\\q ${marker}`)).toEqual(['backslash']);
  });
});
