// npm test: lint, format, seeds, unit tests beside the typecheck and the build, then the
// integration suite on SQLite and PostgreSQL beside the browser tests (docs/decisions/039).
// Every step runs even after a failure, so one run shows everything; the last line sums the
// tests of all runners.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { runChild, secondsSince } from './run-child.mjs';

rmSync('test-results', { recursive: true, force: true });

const node = process.execPath;
// The build both suites serve: made once here, beside the checks, instead of once by each suite
// at the same time (tests/app-server.ts and npm start skip a build newer than the sources).
const BUILD_DIR = 'build-test';
const buildEnv = { ...process.env, JIEBANG_BUILD_DIR: BUILD_DIR };
/** @type {[string, string[], NodeJS.ProcessEnv?][]} */
const checks = [
  ['lint', [node, 'node_modules/eslint/bin/eslint.js', '.']],
  ['format', [node, 'node_modules/prettier/bin/prettier.cjs', '--check', '--log-level=warn', '.']],
  ['seeds', [node, 'node_modules/tsx/dist/cli.mjs', 'seeds/check.mjs']],
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
/** @type {[string, string[], NodeJS.ProcessEnv?][]} */
const beside = [
  ['typecheck', [node, 'node_modules/typescript/bin/tsc', '--noEmit']],
  [
    'build',
    [node, 'node_modules/@remix-run/dev/dist/cli.js', 'vite:build', '--logLevel', 'warn'],
    buildEnv,
  ],
];
const suites = [
  ['integration', [node, 'scripts/test-db.mjs'], buildEnv],
  ['e2e', [node, 'node_modules/@playwright/test/cli.js', 'test'], buildEnv],
];

const only = process.argv.slice(2);
const wanted = ([name]) => only.length === 0 || only.includes(name);
const failed = [];
const report = (name, ok, started) => {
  if (!ok) failed.push(name);
  console.log(`──── ${name}: ${ok ? 'ok' : 'FAILED'} (${secondsSince(started)} s)`);
};

/**
 * Runs `steps` one after another, or beside the other list when both have steps: each list
 * keeps most of a core busy on its own (lint, prettier and tsc use one), so two go at once.
 * The first list's output comes as it runs; the second's is kept and written whole per step.
 * @param {[string, string[], NodeJS.ProcessEnv?][][]} lists
 */
async function side(lists) {
  const busy = lists.filter((l) => l.length > 0);
  await Promise.all(
    busy.map(async (list, i) => {
      const keep = busy.length > 1 && i > 0;
      for (const [name, [cmd, ...args], env] of list) {
        const started = Date.now();
        const heading = `\n──── ${name}${keep ? ' (its output)' : ''} ────`;
        report(name, await runChild(cmd, args, { heading, keep, env }), started);
      }
    }),
  );
}

const parallel = suites.filter(wanted);
// the build is wanted with either suite, whatever `only` says
await side([
  checks.filter(wanted),
  beside.filter((s) => wanted(s) || (s[0] === 'build' && parallel.length > 0)),
]);

if (parallel.length) {
  console.log(`\n──── ${parallel.map(([name]) => name).join(' and ')} ────`);
  await Promise.all(
    parallel.map(async ([name, [cmd, ...args], env], i) => {
      const started = Date.now();
      const keep = parallel.length > 1 && i === 0;
      const ok = await runChild(cmd, args, {
        keep,
        env,
        heading: keep ? `\n──── ${name} (its output) ────` : undefined,
      });
      report(name, ok, started);
    }),
  );
}

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
