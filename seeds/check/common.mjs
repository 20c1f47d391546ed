// The seed files, the failure list and the small checks every section of seeds/check.mjs uses.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const load = (f) => JSON.parse(readFileSync(join(DIR, f), 'utf8'));
export const orgs = load('organizations.json');
export const needs = load('needs.json');
export const events = load('events.json');
export const contracts = load('contracts.json');
export const users = load('users.json');
export const readme = readFileSync(join(DIR, 'README.md'), 'utf8');

export const WAN = 1_000_000; // fen per 万元
export const failures = [];
export const fail = (msg) => failures.push(msg);
export const ok = (cond, msg) => {
  if (!cond) fail(msg);
  return !!cond;
};
export const figure = (label, actual, expected) => {
  const good =
    expected === undefined ||
    (typeof expected === 'function' ? expected(actual) : actual === expected);
  console.log(
    `${good ? '✓' : '✗'} ${label}: ${actual}${expected !== undefined && typeof expected !== 'function' ? ` (expected ${expected})` : ''}`,
  );
  if (!good) fail(`${label}: got ${actual}`);
};
export const wan = (fen) =>
  `${(fen / WAN).toLocaleString('en-US', { maximumFractionDigits: 2 })} 万元`;
export const isDate = (s) =>
  typeof s === 'string' &&
  /^\d{4}-\d{2}-\d{2}$/.test(s) &&
  new Date(s + 'T00:00:00Z').toISOString().slice(0, 10) === s;
export const is2021 = (s) => isDate(s) && s.startsWith('2021-');
export const days = (a, b) => Math.round((Date.parse(b) - Date.parse(a)) / 86400000);
export const isInt = (n) => Number.isSafeInteger(n);
export const nonEmpty = (s) => typeof s === 'string' && s.trim().length > 0;
export const sentences = (s) => s.split(/[。！？]/).filter((x) => x.trim()).length;
export const dupes = (arr) => [...new Set(arr.filter((x, i) => arr.indexOf(x) !== i))];
export const unique = (arr, what) => {
  const d = dupes(arr);
  ok(d.length === 0, `duplicate ${what}: ${d.join(', ')}`);
};
export const EMAIL = /^[a-z0-9._-]+@[a-z0-9.-]+\.example$/;

// the app's own list of industries, not a copy of it
export { INDUSTRIES } from '../../app/domain/industry.ts';
export const DISTRICT = {
  张店区: '370303',
  淄川区: '370302',
  博山区: '370304',
  临淄区: '370305',
  周村区: '370306',
  桓台县: '370321',
  高青县: '370322',
  沂源县: '370323',
  高新区: '370303',
};

// GB 11714 organisation-code check character (positions 9–17); extra realism, also verified
export function orgCodeValid(oc) {
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 8; i++) {
    const ch = oc[i];
    s += (/[0-9]/.test(ch) ? +ch : ch.charCodeAt(0) - 55) * w[i];
  }
  const c = 11 - (s % 11);
  return oc[8] === (c === 10 ? 'X' : c === 11 ? '0' : String(c));
}
