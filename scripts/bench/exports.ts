// The catalogue's exports (/challenges.csv, /challenges.xlsx) at scale: the time each takes and
// the peak memory of the process that writes it, with the seeded programme alone and with N
// more published challenges (100,000 unless --rows N), on SQLite and on PostgreSQL. Each export
// runs in a child process of its own, so that its peak RSS is its own; a "slow reader" run reads
// the file a chunk at a time with a pause, as a slow client would, to show that the rows are
// read only as fast as they are taken, and a run with the heap capped shows that the export
// needs no more than that. Prints figures; asserts nothing.
//   npx tsx scripts/bench/exports.ts [--rows N] [--engines=sqlite,postgresql]
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createDb } from '~/lib/db.server';
import { catalogueExport } from '~/services/exports/catalogue.server';
import { dropDatabase, fmt, printTable, seededDatabase, type Engine } from './run';
import { addChallenges } from './scale';

type Figures = {
  ms: number;
  bytes: number;
  records: number;
  rssBeforeMiB: number;
  peakMiB: number;
};

const MiB = 1024 * 1024;
/** A run with V8's old space capped: it finishes only if what the export holds stays small. */
const HEAP_CAP_MIB = 64;

/** In the child: one export of the catalogue, read to the end; its figures as a JSON line. */
async function child(format: 'csv' | 'xlsx', url: string, slow: boolean) {
  const db = createDb(url);
  await db.challenge.count();
  const rssBeforeMiB = process.memoryUsage().rss / MiB;
  const start = performance.now();
  const response = await catalogueExport(db, new Request(`http://localhost/challenges.${format}`));
  const reader = response.body!.getReader();
  let bytes = 0;
  let records = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
    // a CSV record ends in CRLF (no exported text holds one)
    if (format === 'csv') for (const b of value) if (b === 0x0a) records++;
    if (slow) await new Promise((r) => setTimeout(r, 2));
  }
  const ms = performance.now() - start;
  await db.$disconnect();
  const figures: Figures = {
    ms,
    bytes,
    records: format === 'csv' ? records - 1 : -1,
    rssBeforeMiB,
    // maxRSS is in KiB, the process's peak since it started
    peakMiB: process.resourceUsage().maxRSS / 1024,
  };
  console.log(JSON.stringify(figures));
}

const { values: options } = parseArgs({
  options: { rows: { type: 'string' }, engines: { type: 'string' } },
  strict: false,
  allowPositionals: true,
});

type Variant = { label: string; slow?: boolean; heapMiB?: number };

function runChild(format: 'csv' | 'xlsx', url: string, { slow, heapMiB }: Variant): Figures {
  const out = execFileSync(
    process.execPath,
    [
      ...(heapMiB ? [`--max-old-space-size=${heapMiB}`] : []),
      ...process.execArgv,
      fileURLToPath(import.meta.url),
      '--child',
      format,
      url,
      slow ? 'slow' : '',
    ],
    { env: { ...process.env, DATABASE_URL: url }, encoding: 'utf8', maxBuffer: 16 * MiB },
  );
  return JSON.parse(out.trim().split('\n').at(-1)!) as Figures;
}

/** A fresh seeded database of the engine, or null (said) when its server does not answer. */
async function database(engine: Engine) {
  try {
    return await seededDatabase(engine);
  } catch (error) {
    console.warn(`SKIPPED: ${engine}, no database (${(error as Error).message})`);
    return null;
  }
}

async function main() {
  const rows = Number(options.rows ?? 100_000);
  if (!Number.isSafeInteger(rows) || rows < 1) throw new Error('--rows: a positive whole number');
  const engines = String(options.engines ?? 'sqlite,postgresql').split(',') as Engine[];
  console.log(
    `\n== exports: the catalogue as CSV and XLSX, the seed alone and with ${rows} more challenges ==`,
  );
  const table: (string | number)[][] = [];
  for (const engine of engines) {
    const data = await database(engine);
    if (!data) continue;
    try {
      const url = data.database.url;
      const measure = (variant: Variant) => {
        for (const format of ['csv', 'xlsx'] as const) {
          const f = runChild(format, url, variant);
          table.push([
            `${engine} ${variant.label} ${format}`,
            f.records >= 0 ? f.records : '',
            (f.bytes / MiB).toFixed(1),
            fmt.ms(f.ms),
            f.rssBeforeMiB.toFixed(0),
            f.peakMiB.toFixed(0),
          ]);
        }
      };
      measure({ label: 'seed' });
      const t = performance.now();
      await addChallenges(url, 0, rows);
      console.log(
        `  ${engine}: ${rows} challenges added in ${((performance.now() - t) / 1000).toFixed(1)} s`,
      );
      measure({ label: `+${rows}` });
      measure({ label: `+${rows} slow reader`, slow: true });
      measure({ label: `+${rows} heap ≤ ${HEAP_CAP_MIB} MiB`, heapMiB: HEAP_CAP_MIB });
    } finally {
      await dropDatabase(data);
    }
  }
  printTable(['export', 'rows', 'MiB', 'ms', 'RSS before (MiB)', 'peak RSS (MiB)'], table);
  console.log(
    `(one child process per export; "slow reader" pauses 2 ms after each chunk it reads; "heap ≤ ${HEAP_CAP_MIB} MiB" runs with --max-old-space-size=${HEAP_CAP_MIB} and finishes within it; rows counted in the CSV)`,
  );
}

if (process.argv[2] === '--child') {
  await child(process.argv[3] as 'csv' | 'xlsx', process.argv[4], process.argv[5] === 'slow');
} else {
  await main();
}
