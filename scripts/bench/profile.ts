// Part "profile": where the CPU goes while the uncached catalogue is under load. The server
// runs with `node --cpu-prof`; its profile is summed by self time, per area (Prisma's query
// compiler, the router, React, i18next, ...) and per function.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  busiestTeamMemberCookie,
  dropDatabase,
  fmt,
  hammer,
  printTable,
  seededDatabase,
  startApp,
  warm,
} from './run';

type Node = {
  id: number;
  hitCount?: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
};
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

/** The area a frame belongs to, by its script's URL. */
const AREAS: [RegExp, string][] = [
  [/^wasm:|query_compiler|query-compiler/, "Prisma's query compiler (WebAssembly)"],
  [/@prisma\/adapter-|better-sqlite3|node_modules\/pg/, 'database driver and adapter'],
  [/@prisma\/client|\/generated\//, 'Prisma client'],
  [/@remix-run\/router/, 'Remix router'],
  [/@remix-run\/server-runtime|@remix-run\/node|turbo-stream/, 'Remix server runtime'],
  [/react-dom|\/react\//, 'React SSR'],
  [/i18next/, 'i18next'],
  [/express|serve-static|send\/|finalhandler|router\/|body-parser/, 'Express'],
  [/\/build[^/]*\/server\//, 'the app (its server build)'],
  [/\/server\/|server\.mjs/, 'the server edge (server/*.mjs)'],
  [/^node:|^internal\/|^$/, 'Node (internals, native)'],
];

function areaOf(node: Node) {
  const { functionName, url } = node.callFrame;
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)') return 'Node (internals, native)';
  return AREAS.find(([re]) => re.test(url))?.[1] ?? 'other packages';
}

function summarise(profile: Profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  // sample i lasted timeDeltas[i + 1]; the sum is the profile's length
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  });
  const areas = new Map<string, number>();
  const frames = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of self) {
    const node = byId.get(id)!;
    const area = areaOf(node);
    if (area === 'idle') continue;
    busy += us;
    areas.set(area, (areas.get(area) ?? 0) + us);
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url
      ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(build[^/]*\/)/, '$1')}:${lineNumber + 1}`
      : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    frames.set(key, (frames.get(key) ?? 0) + us);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { busy, areas: sorted(areas), frames: sorted(frames) };
}

export async function benchProfile({
  seconds,
  connections,
  page = '/challenges',
  signedIn = false,
}: {
  seconds: number;
  connections: number;
  /** the page profiled (`--profile-page`) */
  page?: string;
  /** as the member of the team with the most applications (`--profile-signed-in`) */
  signedIn?: boolean;
}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jiebang-profile-'));
  const data = await seededDatabase('sqlite');
  const server = await startApp(data.database.url, { PAGE_CACHE_TTL_MS: '0' }, [
    '--cpu-prof',
    `--cpu-prof-dir=${dir}`,
  ]);
  let figures;
  try {
    const headers: Record<string, string> = {};
    if (signedIn) headers.Cookie = await busiestTeamMemberCookie(data.db);
    await warm(server.origin, [page], headers);
    figures = await hammer(`${server.origin}${page}`, { connections, duration: seconds, headers });
  } finally {
    await server.stop();
    await dropDatabase(data);
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no CPU profile written in ${dir}`);
  const { busy, areas, frames } = summarise(
    JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Profile,
  );
  console.log(
    `\n== CPU profile: uncached ${page}${signedIn ? ' (signed in)' : ''}, ${connections} connections, ${seconds} s (${fmt.rps(figures.rps)} req/s under the profiler) ==`,
  );
  printTable(
    ['area (self time)', 'share'],
    areas.map(([a, us]) => [a, fmt.pct(us / busy)]),
  );
  console.log('');
  printTable(
    ['function (self time)', 'share'],
    frames.slice(0, 25).map(([f, us]) => [f.slice(0, 110), fmt.pct(us / busy)]),
  );
  console.log(`profile: ${path.join(dir, file)}`);
}
