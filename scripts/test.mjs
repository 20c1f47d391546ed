// npm test: lint, typecheck, unit tests, the integration suite on SQLite and PostgreSQL, and
// the browser tests. Every step runs even after a failure, so one run shows everything; the
// last line sums the tests of all runners.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { runChild, secondsSince } from './run-child.mjs';

rmSync('test-results', { recursive: true, force: true });

const node = process.execPath;
const steps = [
  ['lint', [node, 'node_modules/eslint/bin/eslint.js', '.']],
  ['format', [node, 'node_modules/prettier/bin/prettier.cjs', '--check', '--log-level=warn', '.']],
  // The seed check imports the domain's TypeScript rules, so it runs under tsx.
  ['seeds', [node, 'node_modules/tsx/dist/cli.mjs', 'seeds/check.mjs']],
  ['typecheck', [node, 'node_modules/typescript/bin/tsc', '--noEmit']],
  [
    'unit',
    [
      node,
      'node_modules/vitest/vitest.mjs',
      'run',
      '--project',
      'unit',
      '--reporter=default',
      '--reporter=json',
      '--outputFile.json=test-results/unit.json',
    ],
  ],
];
// The integration suite and the browser tests share nothing (their own databases, ports and
// builds) and neither keeps both cores busy, so they run at once: the browser tests' output
// as it comes, the integration suite's when it ends. About 10 minutes less than one after the
// other on this two-core machine.
const together = [
  ['integration', [node, 'scripts/test-db.mjs']],
  ['e2e', [node, 'node_modules/@playwright/test/cli.js', 'test']],
];

const only = process.argv.slice(2);
const wanted = ([name]) => only.length === 0 || only.includes(name);
const failed = [];
const report = (name, ok, started) => {
  if (!ok) failed.push(name);
  console.log(`──── ${name}: ${ok ? 'ok' : 'FAILED'} (${secondsSince(started)} s)`);
};

for (const [name, [cmd, ...args]] of steps.filter(wanted)) {
  const started = Date.now();
  report(name, await runChild(cmd, args, { heading: `\n──── ${name} ────` }), started);
}

const parallel = together.filter(wanted);
if (parallel.length) {
  console.log(`\n──── ${parallel.map(([name]) => name).join(' and ')} ────`);
  await Promise.all(
    parallel.map(async ([name, [cmd, ...args]], i) => {
      const started = Date.now();
      // the first one's output is kept for its end, unless it runs alone
      const keep = parallel.length > 1 && i === 0;
      const ok = await runChild(cmd, args, {
        keep,
        heading: keep ? `\n──── ${name} (its output) ────` : undefined,
      });
      report(name, ok, started);
    }),
  );
}

// Vitest's JSON (unit, db-sqlite, db-postgresql) and Playwright's JSON reports.
let passed = 0;
let failures = 0;
let skipped = 0;
// The names of failed tests, repeated at the end: a CI log is often read from its tail.
const failedNames = [];
for (const file of ['unit', 'db-sqlite', 'db-postgresql']) {
  const path = `test-results/${file}.json`;
  if (!existsSync(path)) continue;
  const r = JSON.parse(readFileSync(path, 'utf8'));
  passed += r.numPassedTests;
  failures += r.numFailedTests;
  skipped += r.numPendingTests + r.numTodoTests;
  for (const suite of r.testResults ?? []) {
    for (const t of suite.assertionResults ?? []) {
      if (t.status !== 'failed') continue;
      const why = (t.failureMessages?.[0] ?? '').split('\n')[0].slice(0, 300);
      failedNames.push(
        `${file}: ${suite.name.replace(process.cwd() + '/', '')} › ${t.fullName}\n    ${why}`,
      );
    }
    // a suite that failed outside its tests (an import, a beforeAll): its tests count as
    // skipped, not failed, so only this line tells why the step failed
    if (suite.status === 'failed' && suite.message)
      failedNames.push(
        `${file}: ${suite.name.replace(process.cwd() + '/', '')}\n    ${(suite.message ?? '').slice(0, 300)}`,
      );
  }
}
if (existsSync('test-results/e2e.json')) {
  const report = JSON.parse(readFileSync('test-results/e2e.json', 'utf8'));
  const s = report.stats;
  passed += s.expected + s.flaky;
  failures += s.unexpected;
  skipped += s.skipped;
  const walk = (suite, trail) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? [])
        if (t.status === 'unexpected')
          failedNames.push(`e2e: ${[...trail, spec.title].join(' › ')}`);
    for (const child of suite.suites ?? []) walk(child, [...trail, child.title]);
  };
  for (const suite of report.suites ?? []) walk(suite, [suite.title]);
}
if (failedNames.length) console.log(`\nfailed tests:\n  ${failedNames.join('\n  ')}`);
if (failed.length) console.log(`\nfailed steps: ${failed.join(', ')}`);
console.log(`\ntests: ${passed} passed, ${failures} failed, ${skipped} skipped`);
process.exit(failed.length ? 1 : 0);
