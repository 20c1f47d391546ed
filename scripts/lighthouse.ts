// npm run lighthouse — Lighthouse's scores for the public pages (issue 13, docs/decisions/020):
// a fresh seeded SQLite database, the production server (server.mjs on the build in
// build-bench, page cache on, compression on), and Lighthouse (mobile, its default preset) in
// Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium; headless, no sandbox), one page
// after another. Prints the four category scores and the paint figures; the JSON reports are
// kept in test-results/lighthouse/. Prints figures; asserts nothing.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dropDatabase, printTable, seededDatabase, startApp } from './bench/run';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const outDir = path.join('test-results', 'lighthouse');
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

type Report = {
  categories: Record<string, { score: number | null }>;
  audits: Record<string, { numericValue?: number; displayValue?: string }>;
};

function runLighthouse(url: string, file: string) {
  return new Promise<Report>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        'node_modules/lighthouse/cli/index.js',
        url,
        '--quiet',
        '--output=json',
        `--output-path=${file}`,
        `--only-categories=${CATEGORIES.join(',')}`,
        '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage',
      ],
      { env: { ...process.env, CHROME_PATH: chromium }, stdio: ['ignore', 'inherit', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`lighthouse ${url} exited ${code}:\n${stderr}`));
      resolve(JSON.parse(readFileSync(file, 'utf8')) as Report);
    });
  });
}

const score = (r: Report, c: string) => {
  const s = r.categories[c]?.score;
  return s === null || s === undefined ? '—' : String(Math.round(s * 100));
};
const seconds = (r: Report, audit: string) => {
  const v = r.audits[audit]?.numericValue;
  return v === undefined ? '—' : `${(v / 1000).toFixed(1)} s`;
};
const kib = (r: Report, audit: string) => {
  const v = r.audits[audit]?.numericValue;
  return v === undefined ? '—' : `${(v / 1024).toFixed(0)} KiB`;
};

mkdirSync(outDir, { recursive: true });
const data = await seededDatabase('sqlite');
const server = await startApp(data.database.url);
try {
  const challenge = await data.db.challenge.findFirstOrThrow({
    where: { status: 'PUBLISHED', code: { not: null } },
    orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
  });
  const pages = ['/', '/challenges', `/challenges/${challenge.code}`, '/stats'];
  console.log(
    `lighthouse: ${chromium}, mobile preset, ${os.cpus().length} cores, load ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
  const rows: string[][] = [];
  for (const page of pages) {
    // the first visit warms the server's modules and page cache, as a visitor would find it
    await (await fetch(server.origin + page)).arrayBuffer();
    const name = page === '/' ? 'home' : page.slice(1).replaceAll('/', '_');
    const report = await runLighthouse(server.origin + page, path.join(outDir, `${name}.json`));
    rows.push([
      page,
      ...CATEGORIES.map((c) => score(report, c)),
      seconds(report, 'first-contentful-paint'),
      seconds(report, 'largest-contentful-paint'),
      `${Math.round(report.audits['total-blocking-time']?.numericValue ?? 0)} ms`,
      kib(report, 'total-byte-weight'),
    ]);
  }
  printTable(
    ['page', 'perf', 'a11y', 'best practices', 'SEO', 'FCP', 'LCP', 'TBT', 'transferred'],
    rows,
  );
  console.log(`reports: ${outDir}/`);
} finally {
  await server.stop();
  await dropDatabase(data);
}
process.exit(0);
