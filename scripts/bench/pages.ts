// Part "pages": four pages served four ways, side by side (issue 13, docs/decisions/020):
//   (a) the app uncached (PAGE_CACHE_TTL_MS=0, what every signed-in visitor gets),
//   (b) the app as an anonymous visitor gets it (the page cache on),
//   (c) a bare node:http + better-sqlite3 handler of the same rows (the limit),
//   (d) the same page's bytes served from memory by node:http,
// at 64 connections on SQLite; and the app again with compression accepted.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sqliteFile } from '~/lib/db.server';
import {
  busiestTeamMemberCookie,
  cpuTimeMs,
  dropDatabase,
  fmt,
  hammer,
  printTable,
  rssMiB,
  seededDatabase,
  startApp,
  startLimit,
  warm,
  type Figures,
  type Server,
} from './run';

type Page = { label: string; path: string; headers: Record<string, string> };

const ACCEPT_COMPRESSED = { 'Accept-Encoding': 'gzip, deflate, br' };

export async function measure(server: Server, pages: Page[], seconds: number, connections: number) {
  const figures: Figures[] = [];
  for (const p of pages) {
    await warm(server.origin, [p.path], p.headers);
    const cpuBefore = cpuTimeMs(server.child.pid);
    const f = await hammer(server.origin + p.path, {
      connections,
      duration: seconds,
      headers: p.headers,
      // two client threads: one alone cannot read the static bytes as fast as they come
      workers: 2,
    });
    f.cpuMs = (cpuTimeMs(server.child.pid) - cpuBefore) / (f.requests || Number.NaN);
    figures.push(f);
  }
  return figures;
}

export async function benchPages({
  seconds,
  connections,
  workers = 1,
}: {
  seconds: number;
  connections: number;
  /** processes serving, the app's (WEB_CONCURRENCY) and the bare handler's alike */
  workers?: number;
}) {
  const data = await seededDatabase('sqlite');
  const { db } = data;
  const servers: Server[] = [];
  try {
    const cookie = await busiestTeamMemberCookie(db);
    const newest = await db.challenge.findFirstOrThrow({
      where: { publishedAt: { not: null }, code: { not: null } },
      orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
    });
    const pages: Page[] = [
      { label: '/challenges', path: '/challenges', headers: {} },
      { label: `/challenges/${newest.code}`, path: `/challenges/${newest.code}`, headers: {} },
      { label: '/stats', path: '/stats', headers: {} },
      { label: '/applications (signed in)', path: '/applications', headers: { Cookie: cookie } },
    ];
    const compressed: Page[] = [
      { label: '/challenges, br/gzip accepted', path: '/challenges', headers: ACCEPT_COMPRESSED },
    ];

    const processes = workers > 1 ? `, ${workers} worker processes each` : '';
    console.log(`\n== pages: ${connections} connections, ${seconds} s each, SQLite${processes} ==`);
    const concurrency = { WEB_CONCURRENCY: String(workers) };
    const uncached = await startApp(data.database.url, { PAGE_CACHE_TTL_MS: '0', ...concurrency });
    servers.push(uncached);
    const a = await measure(uncached, [...pages, ...compressed], seconds, connections);
    const rssA = rssMiB(uncached.child.pid);
    await uncached.stop();

    const cached = await startApp(data.database.url, concurrency);
    servers.push(cached);
    const b = await measure(cached, [...pages, ...compressed], seconds, connections);
    const rssB = rssMiB(cached.child.pid);
    // the bytes each page is, as the app sends them, for (d)
    const bytes: Record<string, string> = {};
    for (const p of pages)
      bytes[p.path] = await (await fetch(cached.origin + p.path, { headers: p.headers })).text();
    await cached.stop();

    const bare = await startLimit('bare', sqliteFile(data.database.url), workers);
    servers.push(bare);
    const c = await measure(bare, pages, seconds, connections);
    await bare.stop();

    const file = path.join(os.tmpdir(), `jiebang-bench-pages-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(bytes));
    const staticServer = await startLimit('static', file, workers);
    servers.push(staticServer);
    const d = await measure(staticServer, pages, seconds, connections);
    await staticServer.stop();

    const cpu = (f: Figures | undefined) =>
      f?.cpuMs !== undefined && Number.isFinite(f.cpuMs) ? f.cpuMs.toFixed(2) : '—';
    const cells = (f: Figures | undefined) =>
      f ? [fmt.rps(f.rps), fmt.ms(f.p50), fmt.ms(f.p99), String(f.errors)] : ['—', '—', '—', '—'];
    printTable(
      [
        'page',
        '(a) req/s',
        'p50',
        'p99',
        'err',
        '(b) req/s',
        'p50',
        'p99',
        'err',
        '(c) req/s',
        'p50',
        'p99',
        'err',
        '(d) req/s',
        'p50',
        'p99',
        'err',
        'a/c',
        'b/d',
        'CPU ms a',
        'c',
        'c/a',
      ],
      [...pages, ...compressed].map((p, i) => [
        p.label,
        ...cells(a[i]),
        ...cells(b[i]),
        ...cells(c[i]),
        ...cells(d[i]),
        c[i] ? fmt.pct(a[i].rps / c[i].rps) : '—',
        d[i] ? fmt.pct(b[i].rps / d[i].rps) : '—',
        cpu(a[i]),
        cpu(c[i]),
        a[i]?.cpuMs && c[i]?.cpuMs ? fmt.pct(c[i].cpuMs / a[i].cpuMs) : '—',
      ]),
    );
    console.log(
      `page bytes: ${pages.map((p) => `${p.path} ${Buffer.byteLength(bytes[p.path])}`).join(', ')}`,
    );
    console.log(
      `app RSS after the run: ${rssA.toFixed(0)} MiB uncached, ${rssB.toFixed(0)} MiB cached` +
        ' (p50/p99 in ms; (a) uncached, (b) page cache on, (c) bare handler, (d) static bytes;' +
        ' CPU ms: the server process’s CPU time per request; c/a: a/c by CPU time)',
    );
  } finally {
    for (const s of servers) await s.stop();
    await dropDatabase(data);
  }
}
