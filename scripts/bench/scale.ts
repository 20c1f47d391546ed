// Part "scale": the catalogue and its search with 100 and with N (100,000 unless --scale N)
// published challenges, on SQLite and on PostgreSQL, uncached, one request at a time (the
// median of 15), as served and as right after a write. The challenges are generated
// (realistic titles in both languages, fields, enterprises, bounties in fen, deadlines,
// targets) and written by batched raw inserts.
import Database from 'better-sqlite3';
import pg from 'pg';
import { buildSearchText } from '~/domain/search';
import { isPostgresUrl, sqliteFile, type Db } from '~/lib/db.server';
import {
  dropDatabase,
  fmt,
  medianMs,
  printTable,
  seededDatabase,
  startApp,
  warm,
  type Engine,
} from './run';

const FIELDS: [string, string][] = [
  ['新材料', 'New materials'],
  ['高端装备', 'High-end equipment'],
  ['电子信息', 'Electronic information'],
  ['生物医药', 'Biomedicine'],
  ['绿色化工', 'Green chemicals'],
  ['新能源', 'New energy'],
  ['氢能', 'Hydrogen'],
  ['先进陶瓷', 'Advanced ceramics'],
  ['智能制造', 'Smart manufacturing'],
  ['节能环保', 'Energy saving and environment'],
];
const QUALITIES: [string, string][] = [
  ['高性能', 'High-performance'],
  ['低成本', 'Low-cost'],
  ['大尺寸', 'Large-format'],
  ['高纯度', 'High-purity'],
  ['长寿命', 'Long-life'],
  ['耐高温', 'Heat-resistant'],
  ['轻量化', 'Lightweight'],
  ['高精度', 'High-precision'],
];
const OBJECTS: [string, string][] = [
  ['碳纤维复合材料', 'carbon-fibre composites'],
  ['氮化硅陶瓷基板', 'silicon nitride ceramic substrates'],
  ['动力电池隔膜', 'power battery separators'],
  ['稀土永磁材料', 'rare-earth permanent magnets'],
  ['工业废水处理膜', 'industrial wastewater membranes'],
  ['伺服电机控制器', 'servo motor controllers'],
  ['MEMS压力传感器', 'MEMS pressure sensors'],
  ['中药配方颗粒', 'TCM dispensing granules'],
  ['储氢瓶内胆材料', 'hydrogen cylinder liner materials'],
  ['光学玻璃抛光粉', 'optical glass polishing powder'],
  ['耐磨铸造合金', 'wear-resistant cast alloys'],
  ['生物降解塑料', 'biodegradable plastics'],
];
const ACTIONS: [string, string][] = [
  ['制备技术', 'preparation technology'],
  ['工艺开发', 'process development'],
  ['国产化替代', 'domestic substitution'],
  ['规模化生产', 'production at scale'],
  ['可靠性提升', 'reliability improvement'],
  ['关键装备研制', 'key equipment development'],
];
const PLACES = ['淄博', '张店', '临淄', '博山', '周村', '桓台', '高青', '沂源'];
const KINDS = ['新材料科技', '智能装备', '化工', '生物医药', '电子', '陶瓷', '新能源'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '孙'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '勇', '艳', '杰'];

/** The term found in exactly one generated challenge, and one found in many. */
export const RARE_TERM = '钆镓石榴石';
export const COMMON_TERM = '材料';

const at = <T>(list: T[], i: number) => list[i % list.length];
const DAY = 24 * 60 * 60 * 1000;

function enterprise(i: number, now: Date) {
  const place = at(PLACES, i);
  const kind = at(KINDS, Math.floor(i / PLACES.length));
  return {
    id: `benchorg${i.toString(36).padStart(8, '0')}`,
    kind: 'ENTERPRISE',
    name: `${place}${at(SURNAMES, i)}${at(GIVEN, i * 7)}${kind}有限公司（${i}）`,
    nameEn: `${place} ${kind} Co., Ltd. No. ${i}`,
    createdAt: now,
    updatedAt: now,
  };
}

function challenge(i: number, enterprises: ReturnType<typeof enterprise>[], now: Date) {
  const [quality, qualityEn] = at(QUALITIES, i);
  const [object, objectEn] = at(OBJECTS, Math.floor(i / 3));
  const [action, actionEn] = at(ACTIONS, Math.floor(i / 7));
  const [field] = at(FIELDS, Math.floor(i / 11));
  const rare = i === 7;
  const title = rare ? `${RARE_TERM}闪烁晶体${action}` : `${quality}${object}${action}`;
  const titleEn = rare
    ? `Gadolinium gallium garnet scintillator ${actionEn}`
    : `${qualityEn} ${objectEn}: ${actionEn}`;
  const ent = enterprises[i % enterprises.length];
  // published over the last three years; applications close 60 to 150 days later
  const publishedAt = new Date(
    now.getTime() - ((i * 7919) % (3 * 365)) * DAY - (i % 86_400) * 1000,
  );
  const deadline = new Date(publishedAt.getTime() + (60 + (i % 91)) * DAY);
  const open = deadline > now;
  const status = open ? 'PUBLISHED' : at(['PUBLISHED', 'CLOSED', 'UNAWARDED'], i);
  const fixed = i % 5 !== 0;
  // 50 to 1,000 万元 in 10 万元 steps, in fen
  const bountyFen = fixed ? BigInt((5 + (i % 96)) * 100_000) * 100n : null;
  const background = `公司在${object}领域长期依赖进口，${quality}产品的一致性与成本是主要瓶颈。本榜单面向${field}方向，征集具有${action}基础的团队揭榜攻关。`;
  const targets = [
    `关键性能指标较现有产品提高≥${10 + (i % 30)}%`,
    `批次一致性偏差≤${1 + (i % 5)}%`,
    `形成年产${(i % 50) + 10}吨的中试能力`,
  ];
  return {
    row: {
      id: `benchch${i.toString(36).padStart(9, '0')}`,
      // the year's series, far above the seeded ones (ZB-2021-001)
      code: `ZB-${publishedAt.getUTCFullYear()}-9${String(i).padStart(6, '0')}`,
      ref: `N-BENCH-${i}`,
      enterpriseId: ent.id,
      title,
      titleEn,
      field,
      background,
      bountyType: fixed ? 'FIXED' : 'OPEN',
      bountyFen,
      applicationDeadline: deadline,
      implementationMonths: 12 + (i % 3) * 6,
      contactName: `${at(SURNAMES, i * 3)}${at(GIVEN, i)}`,
      contactPhone: `0533-${String(1_000_000 + ((i * 7_919) % 8_999_999)).slice(0, 7)}`,
      status,
      submittedAt: new Date(publishedAt.getTime() - 20 * DAY),
      publishedAt,
      closedAt: open || status === 'PUBLISHED' ? null : deadline,
      searchText: buildSearchText({
        title,
        titleEn,
        field,
        background,
        targets,
        enterpriseName: ent.name,
      }),
      createdAt: new Date(publishedAt.getTime() - 30 * DAY),
      updatedAt: publishedAt,
    },
    targets: targets.map((text, k) => ({
      id: `benchtg${i.toString(36).padStart(9, '0')}${k}`,
      challengeId: `benchch${i.toString(36).padStart(9, '0')}`,
      position: k + 1,
      text,
    })),
  };
}

type Row = Record<string, unknown>;

/** The rows to add, in batches, from `from` (the generator's index) on. */
function* batches(from: number, count: number, size: number, now: Date) {
  const enterpriseCount = Math.max(10, Math.min(5_000, Math.ceil((from + count) / 20)));
  const enterprises = Array.from({ length: enterpriseCount }, (_, i) => enterprise(i, now));
  // (those already there are skipped)
  yield { table: 'Organization', rows: enterprises };
  for (let start = from; start < from + count; start += size) {
    const made = [];
    for (let i = start; i < Math.min(start + size, from + count); i++)
      made.push(challenge(i, enterprises, now));
    yield { table: 'Challenge', rows: made.map((m) => m.row) };
    yield { table: 'ChallengeTarget', rows: made.flatMap((m) => m.targets) };
  }
}

function sqliteValue(v: unknown) {
  // as Prisma's SQLite adapter writes dates
  if (v instanceof Date) return v.toISOString().replace('Z', '+00:00');
  return v;
}

/** Adds `count` published challenges (generator indexes from `from`) to the database at `url`. */
export async function addChallenges(url: string, from: number, count: number) {
  const now = new Date();
  if (!isPostgresUrl(url)) {
    const sqlite = new Database(sqliteFile(url));
    sqlite.pragma('journal_mode = WAL');
    const statements = new Map<string, Database.Statement>();
    const insert = sqlite.transaction((table: string, rows: Row[]) => {
      for (const row of rows) {
        const cols = Object.keys(row);
        const key = `${table}:${cols.join()}`;
        let st = statements.get(key);
        if (!st) {
          st = sqlite.prepare(
            `INSERT OR IGNORE INTO "${table}" (${cols.map((c) => `"${c}"`).join()}) VALUES (${cols.map(() => '?').join()})`,
          );
          statements.set(key, st);
        }
        st.run(...cols.map((c) => sqliteValue(row[c])));
      }
    });
    for (const { table, rows } of batches(from, count, 5_000, now)) insert(table, rows);
    sqlite.close();
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const batch of batches(from, count, 1_000, now)) {
      const { table } = batch;
      const rows = batch.rows as Row[];
      if (rows.length === 0) continue;
      const cols = Object.keys(rows[0]);
      const values: unknown[] = [];
      const tuples = rows.map((row) => {
        const marks = cols.map((c) => {
          const v = row[c];
          values.push(typeof v === 'bigint' ? v.toString() : v);
          return `$${values.length}`;
        });
        return `(${marks.join()})`;
      });
      await client.query(
        `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join()}) VALUES ${tuples.join()} ON CONFLICT DO NOTHING`,
        values,
      );
    }
    // as autovacuum does soon after such an insert (PostgreSQL 13+ vacuums after inserts too):
    // the planner knows the table's size, and the visibility map is set, so a count can read
    // the (status, publishedAt) index alone instead of every heap page (ADR 020)
    await client.query('VACUUM (ANALYZE)');
  } finally {
    await client.end();
  }
}

async function publishedCount(db: Db) {
  return db.challenge.count({ where: { publishedAt: { not: null } } });
}

const TARGETS: { label: string; path: string }[] = [
  { label: '/challenges', path: '/challenges' },
  {
    label: 'search, a common term',
    path: `/challenges?q=${encodeURIComponent(COMMON_TERM)}`,
  },
  {
    label: 'search, a rare term',
    path: `/challenges?q=${encodeURIComponent(RARE_TERM)}`,
  },
  { label: '/stats', path: '/stats' },
  { label: '/', path: '/' },
];

/**
 * The two ways a page is asked for: as served (whatever is kept per data version, ADR 020,
 * is kept), and as right after a write (DATA_MEMO_MAX_AGE_MS=0: nothing is kept, every
 * request reads and counts afresh, as the first request after any write does).
 */
const PASSES = [
  { label: 'as served', env: {} },
  { label: 'after a write (nothing kept)', env: { DATA_MEMO_MAX_AGE_MS: '0' } },
] as const;

/** figures[pass][size][target] */
async function scaleOn(engine: Engine, sizes: number[]) {
  const data = await seededDatabase(engine);
  const figures: number[][][] = PASSES.map(() => []);
  let generated = 0;
  try {
    for (const size of sizes) {
      const have = await publishedCount(data.db);
      const add = Math.max(0, size - have);
      const t = performance.now();
      await addChallenges(data.database.url, generated, add);
      generated += add;
      console.log(
        `  ${engine}: ${await publishedCount(data.db)} published challenges (${add} added in ${((performance.now() - t) / 1000).toFixed(1)} s)`,
      );
      for (const [p, pass] of PASSES.entries()) {
        const server = await startApp(data.database.url, { PAGE_CACHE_TTL_MS: '0', ...pass.env });
        try {
          // every page rendered a few times first: the figures are not the first renders'
          await warm(
            server.origin,
            TARGETS.map((t) => t.path),
          );
          const row: number[] = [];
          for (const target of TARGETS)
            row.push(await medianMs(server.origin + target.path, {}, 15));
          figures[p].push(row);
        } finally {
          await server.stop();
        }
      }
    }
  } finally {
    await dropDatabase(data);
  }
  return figures;
}

export async function benchScale({ large, engines }: { large: number; engines: Engine[] }) {
  const sizes = [100, large];
  console.log(
    `\n== scale: uncached, one request at a time, median of 15, with ${sizes.join(' and ')} published challenges ==`,
  );
  const results = new Map<Engine, number[][][]>();
  for (const engine of engines) results.set(engine, await scaleOn(engine, sizes));
  const header = ['page'];
  for (const engine of engines) header.push(`${engine} ${sizes[0]}`, `${sizes[1]}`, 'ratio');
  for (const [p, pass] of PASSES.entries()) {
    console.log(`\n${pass.label}:`);
    printTable(
      header,
      TARGETS.map((target, i) => [
        target.label,
        ...engines.flatMap((engine) => {
          const [small, big] = results.get(engine)![p];
          return [fmt.ms(small[i]), fmt.ms(big[i]), fmt.x(big[i] / small[i])];
        }),
      ]),
    );
  }
  console.log(
    `(p50 in ms; common term ${COMMON_TERM}, rare term ${RARE_TERM} (one challenge); the target is a ratio of at most 1.5× for the list and search)`,
  );
}
