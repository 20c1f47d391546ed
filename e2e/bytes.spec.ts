// Every page as every role, in Chinese and English, checked byte for byte: the axe scans and
// the page tests read the DOM, which a browser repairs, so a NUL or a U+FFFD in the bytes
// went unnoticed (docs/decisions/016-byte-correct-rendering.md).
import { expect, test, type APIRequestContext } from '@playwright/test';
import Database from 'better-sqlite3';
import { databaseFile } from './helpers';
import { ROLES, routesFor, signInAs, unlisted, type RouteUrl } from './route-list';

const NUL = Buffer.from([0x00]);
const REPLACEMENT = Buffer.from([0xef, 0xbf, 0xbd]); // U+FFFD in UTF-8

function withLang(path: string, lang: 'en') {
  return `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
}

/** What is wrong with the raw bytes of one answer, if anything. */
async function check(
  request: APIRequestContext,
  { route, path }: RouteUrl,
  lang: 'zh' | 'en',
  signedIn: boolean,
) {
  const url = lang === 'en' ? withLang(path, 'en') : path;
  const response = await request.get(url);
  const body = await response.body();
  const where = `${url} (${route})`;
  const problems: string[] = [];
  if (response.status() >= 500) problems.push(`${where}: status ${response.status()}`);
  const nul = body.indexOf(NUL);
  if (nul !== -1) problems.push(`${where}: NUL at byte ${nul}`);
  const bad = body.indexOf(REPLACEMENT);
  if (bad !== -1) problems.push(`${where}: U+FFFD at byte ${bad}`);
  if (/text\/html/.test(response.headers()['content-type'] ?? '')) {
    const lang_ = /<html lang="([^"]+)"/.exec(body.toString('utf8'))?.[1];
    const expected = lang === 'en' ? 'en' : 'zh-CN';
    if (lang_ !== expected) problems.push(`${where}: <html lang="${lang_}">, not ${expected}`);
  }
  // a signed-in role's page that sends it to sign in would check the sign-in page instead
  if (signedIn && new URL(response.url()).pathname === '/login') {
    problems.push(`${where}: sent to sign in`);
  }
  return problems;
}

test('the route list holds every page of app/routes', () => {
  expect(unlisted()).toEqual([]);
});

for (const role of ROLES) {
  test(`every page ${role} can open is byte-correct, in Chinese and in English`, async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await signInAs(page, role);
    const urls = routesFor(role);
    if (role === 'anonymous') urls.push({ route: 'stats[.]json', path: '/stats.json' });
    const problems: string[] = [];
    // Chinese by default first: ?lang=en is remembered in a cookie from then on
    for (const lang of ['zh', 'en'] as const) {
      for (const url of urls) {
        problems.push(...(await check(page.request, url, lang, role !== 'anonymous')));
      }
    }
    expect(problems, `${problems.length} of ${urls.length * 2} answers`).toEqual([]);
  });
}

// A NUL lands wherever a character meets a buffer boundary, so one page per route is not
// enough: every public record page, whose text differs from record to record.
test('every public challenge, event and contract page is byte-correct, in both languages', async ({
  request,
}) => {
  test.setTimeout(180_000);
  const db = new Database(databaseFile(), { readonly: true, fileMustExist: true });
  const rows = (sql: string) => (db.prepare(sql).all() as { key: string }[]).map((r) => r.key);
  const urls: RouteUrl[] = [
    ...rows('SELECT code AS key FROM Challenge WHERE code IS NOT NULL').map((c) => ({
      route: 'challenges.$code',
      path: `/challenges/${c}`,
    })),
    ...rows('SELECT slug AS key FROM MatchingEvent').map((s) => ({
      route: 'events.$slug',
      path: `/events/${s}`,
    })),
    ...rows('SELECT code AS key FROM Contract').map((c) => ({
      route: 'contracts.$code',
      path: `/contracts/${c}`,
    })),
  ];
  db.close();
  expect(urls.length).toBeGreaterThanOrEqual(55 + 2 + 11);
  const problems: string[] = [];
  for (const lang of ['zh', 'en'] as const) {
    for (const url of urls) problems.push(...(await check(request, url, lang, false)));
  }
  expect(problems, `${problems.length} of ${urls.length * 2} answers`).toEqual([]);
});
