#!/usr/bin/env node
// Verifies the seed data in this folder: counts, exact sums, credit-code check characters,
// uniqueness, references, milestone shares, dates and statuses. The need lifecycle and the
// credit-code check come from app/domain, so the seeds are held to the rules the app enforces;
// that is why it runs under tsx (it imports TypeScript).
// Usage: npm run seeds:check   (tsx seeds/check.mjs; exit code 1 on any failure)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateCreditCode } from '../app/domain/credit-code.ts';
import { NEED_TRANSITIONS } from '../app/domain/need.ts';

const DIR = dirname(fileURLToPath(import.meta.url));
const load = (f) => JSON.parse(readFileSync(join(DIR, f), 'utf8'));
const orgs = load('organizations.json');
const needs = load('needs.json');
const events = load('events.json');
const contracts = load('contracts.json');
const users = load('users.json');
const readme = readFileSync(join(DIR, 'README.md'), 'utf8');

const WAN = 1_000_000; // fen per 万元
const failures = [];
const fail = (msg) => failures.push(msg);
const ok = (cond, msg) => {
  if (!cond) fail(msg);
  return !!cond;
};
const figure = (label, actual, expected) => {
  const good =
    expected === undefined ||
    (typeof expected === 'function' ? expected(actual) : actual === expected);
  console.log(
    `${good ? '✓' : '✗'} ${label}: ${actual}${expected !== undefined && typeof expected !== 'function' ? ` (expected ${expected})` : ''}`,
  );
  if (!good) fail(`${label}: got ${actual}`);
};
const wan = (fen) => `${(fen / WAN).toLocaleString('en-US', { maximumFractionDigits: 2 })} 万元`;
const isDate = (s) =>
  typeof s === 'string' &&
  /^\d{4}-\d{2}-\d{2}$/.test(s) &&
  new Date(s + 'T00:00:00Z').toISOString().slice(0, 10) === s;
const is2021 = (s) => isDate(s) && s.startsWith('2021-');
const days = (a, b) => Math.round((Date.parse(b) - Date.parse(a)) / 86400000);
const isInt = (n) => Number.isSafeInteger(n);
const nonEmpty = (s) => typeof s === 'string' && s.trim().length > 0;
const sentences = (s) => s.split(/[。！？]/).filter((x) => x.trim()).length;
const dupes = (arr) => [...new Set(arr.filter((x, i) => arr.indexOf(x) !== i))];
const unique = (arr, what) => {
  const d = dupes(arr);
  ok(d.length === 0, `duplicate ${what}: ${d.join(', ')}`);
};
const EMAIL = /^[a-z0-9._-]+@[a-z0-9.-]+\.example$/;

const INDUSTRIES = ['新材料', '高端装备', '电子信息', '生物医药', '氢能', '先进陶瓷', '绿色化工'];
const DISTRICT = {
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
function orgCodeValid(oc) {
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 8; i++) {
    const ch = oc[i];
    s += (/[0-9]/.test(ch) ? +ch : ch.charCodeAt(0) - 55) * w[i];
  }
  const c = 11 - (s % 11);
  return oc[8] === (c === 10 ? 'X' : c === 11 ? '0' : String(c));
}

console.log('── organizations.json');
ok(
  orgs.bureau?.key === 'bureau' &&
    orgs.bureau.name === '淄博市科学技术局' &&
    nonEmpty(orgs.bureau.nameEn),
  'bureau record',
);
const ents = orgs.enterprises,
  teams = orgs.teams;
figure('enterprises', ents.length, (n) => n >= 36 && n <= 44);
unique(
  ents.map((e) => e.key),
  'enterprise key',
);
unique(
  ents.map((e) => e.name),
  'enterprise name',
);
unique(
  ents.map((e) => e.creditCode),
  'credit code',
);
unique(
  ents.map((e) => e.contactEmail),
  'enterprise contactEmail',
);
let codesOk = 0,
  orgOk = 0;
for (const e of ents) {
  const where = `enterprise ${e.key}`;
  ok(/^ent-\d{2}$/.test(e.key), `${where}: key format`);
  for (const f of ['name', 'nameEn', 'contactName', 'contactPhone'])
    ok(nonEmpty(e[f]), `${where}: ${f} missing`);
  ok(INDUSTRIES.includes(e.industry), `${where}: industry ${e.industry}`);
  ok(e.district in DISTRICT, `${where}: district ${e.district}`);
  ok(EMAIL.test(e.contactEmail), `${where}: contactEmail ${e.contactEmail}`);
  ok(/^0533-\d{7}$/.test(e.contactPhone), `${where}: contactPhone ${e.contactPhone}`);
  const c = e.creditCode;
  // GB 32100-2015 as the registration form checks it; the seed must already be canonical.
  const valid = validateCreditCode(c);
  const good =
    valid.ok &&
    valid.code === c &&
    c[0] === '9' &&
    c[1] === '1' &&
    c.slice(2, 8) === DISTRICT[e.district];
  if (ok(good, `${where}: invalid credit code ${c}`)) codesOk++;
  if (
    ok(
      good && orgCodeValid(c.slice(8, 17)),
      `${where}: organisation code check char (GB 11714) in ${c}`,
    )
  )
    orgOk++;
}
figure('credit codes valid (GB 32100 check char, district prefix)', codesOk, ents.length);
figure('organisation codes valid (GB 11714 check char)', orgOk, ents.length);
figure('enterprise industries covered', new Set(ents.map((e) => e.industry)).size, 7);

figure('teams', teams.length, (n) => n >= 32 && n <= 40);
unique(
  teams.map((t) => t.key),
  'team key',
);
unique(
  teams.map((t) => t.name),
  'team name',
);
unique(
  teams.map((t) => t.contactEmail),
  'team contactEmail',
);
for (const t of teams) {
  const where = `team ${t.key}`;
  ok(/^team-\d{2}$/.test(t.key), `${where}: key format`);
  for (const f of ['name', 'nameEn', 'institution', 'institutionEn', 'leader', 'leaderTitle'])
    ok(nonEmpty(t[f]), `${where}: ${f} missing`);
  ok(/^[A-Z]{2}$/.test(t.country), `${where}: country ${t.country}`);
  ok(
    Array.isArray(t.members) &&
      t.members.length >= 1 &&
      t.members.every((m) => nonEmpty(m.name) && nonEmpty(m.role)),
    `${where}: members`,
  );
  ok(EMAIL.test(t.contactEmail), `${where}: contactEmail ${t.contactEmail}`);
}
const foreign = teams.filter((t) => t.country !== 'CN');
figure('teams from abroad', foreign.length, (n) => n >= 5 && n <= 6);
figure(
  'countries abroad',
  [...new Set(foreign.map((t) => t.country))].sort().join(','),
  (s) => s.split(',').length >= 5,
);
for (const inst of [
  '山东科技大学',
  '青岛大学',
  '青岛理工大学',
  '齐鲁工业大学(山东省科学院)',
  '山东理工大学',
])
  ok(
    teams.some((t) => t.institution === inst),
    `no team from ${inst}`,
  );
ok(
  teams.some((t) => t.institution.startsWith('中国科学院')),
  'no team from a 中国科学院 institute',
);
const entByKey = Object.fromEntries(ents.map((e) => [e.key, e]));
const teamByKey = Object.fromEntries(teams.map((t) => [t.key, t]));

console.log('── users.json');
unique(
  users.map((u) => u.email),
  'user email',
);
const userByEmail = Object.fromEntries(users.map((u) => [u.email, u]));
for (const u of users) {
  ok(EMAIL.test(u.email), `user ${u.email}: email format`);
  ok(nonEmpty(u.name), `user ${u.email}: name`);
  ok(
    ['ADMIN', 'REVIEWER', 'ENTERPRISE', 'TEAM'].includes(u.role),
    `user ${u.email}: role ${u.role}`,
  );
  if (u.role === 'ADMIN' || u.role === 'REVIEWER')
    ok(u.org === 'bureau', `user ${u.email}: bureau staff must have org "bureau"`);
  if (u.role === 'ENTERPRISE')
    ok(u.org in entByKey, `user ${u.email}: enterprise ${u.org} unknown`);
  if (u.role === 'TEAM') ok(u.org in teamByKey, `user ${u.email}: team ${u.org} unknown`);
}
figure('users', users.length);
figure('ADMIN users', users.filter((u) => u.role === 'ADMIN').length, (n) => n >= 2);
figure('REVIEWER users', users.filter((u) => u.role === 'REVIEWER').length, (n) => n >= 2);
ok(
  users.some((u) => u.email === 'admin@kjj.zibo.example' && u.role === 'ADMIN'),
  'admin@kjj.zibo.example missing',
);
ok(readme.includes('Jiebang-Demo-2021!'), 'README.md must document the demo password');
const hasRole = (email, role) => userByEmail[email]?.role === role;

console.log('── needs.json');
const STATUSES = [
  'AWARDED',
  'UNAWARDED',
  'PUBLISHED',
  'SUBMITTED',
  'RETURNED',
  'REJECTED',
  'WITHDRAWN',
];
const PUB = ['AWARDED', 'UNAWARDED', 'PUBLISHED'];
figure('needs collected (写榜需求)', needs.length, 97);
unique(
  needs.map((n) => n.ref),
  'need ref',
);
unique(
  needs.map((n) => n.title),
  'need title',
);
for (const n of needs) {
  const where = `need ${n.ref}`;
  ok(/^N-2021-\d{3}$/.test(n.ref), `${where}: ref format`);
  ok(n.enterprise in entByKey, `${where}: enterprise ${n.enterprise} unknown`);
  ok(nonEmpty(n.title) && nonEmpty(n.titleEn), `${where}: title/titleEn`);
  ok(INDUSTRIES.includes(n.field), `${where}: field ${n.field}`);
  ok(
    nonEmpty(n.background) && sentences(n.background) >= 2 && sentences(n.background) <= 4,
    `${where}: background must have 2–4 sentences (has ${sentences(n.background ?? '')})`,
  );
  ok(
    Array.isArray(n.targets) &&
      n.targets.length >= 3 &&
      n.targets.length <= 5 &&
      n.targets.every(nonEmpty),
    `${where}: 3–5 targets`,
  );
  ok(
    n.targets.every((t) => /\d/.test(t)),
    `${where}: every target must be quantitative`,
  );
  ok(
    n.bountyFen === null ||
      (isInt(n.bountyFen) && n.bountyFen >= 20 * WAN && n.bountyFen <= 500 * WAN),
    `${where}: bountyFen ${n.bountyFen} (null or 20–500 万元 in fen)`,
  );
  ok(
    isInt(n.implementationMonths) && n.implementationMonths >= 12 && n.implementationMonths <= 36,
    `${where}: implementationMonths`,
  );
  ok(nonEmpty(n.contactName) && nonEmpty(n.contactPhone), `${where}: contact`);
  ok(STATUSES.includes(n.status), `${where}: status ${n.status}`);
  for (const f of ['createdAt', 'submittedAt', 'applicationDeadline'])
    ok(is2021(n[f]), `${where}: ${f} ${n[f]} not a 2021 date`);
  ok(n.createdAt < n.submittedAt, `${where}: createdAt must precede submittedAt`);
  const published = PUB.includes(n.status);
  if (published) {
    ok(
      is2021(n.publishedAt) && /^ZB-2021-\d{3}$/.test(n.code ?? ''),
      `${where}: published needs need publishedAt and code`,
    );
    const d = days(n.publishedAt, n.applicationDeadline);
    ok(d >= 28 && d <= 95, `${where}: deadline ${d} days after publication (1–3 months expected)`);
  } else {
    ok(
      n.publishedAt === null && n.code === null,
      `${where}: unpublished needs must have publishedAt/code null`,
    );
    ok(n.applicationDeadline > n.submittedAt, `${where}: proposed deadline after submission`);
  }
  // review trail
  const tr = n.reviewTrail;
  if (!ok(Array.isArray(tr) && tr.length > 0, `${where}: reviewTrail`)) continue;
  ok(
    tr[0].action === 'submit' && tr[0].at === n.submittedAt,
    `${where}: trail must start with submit at submittedAt`,
  );
  let state = 'DRAFT',
    prev = n.createdAt;
  for (const step of tr) {
    ok(is2021(step.at), `${where}: trail date ${step.at}`);
    ok(
      step.at > n.createdAt && step.at >= prev,
      `${where}: trail dates must ascend after createdAt (${step.action} ${step.at})`,
    );
    prev = step.at;
    const rule = Object.hasOwn(NEED_TRANSITIONS[state] ?? {}, step.action)
      ? NEED_TRANSITIONS[state][step.action]
      : undefined;
    if (!ok(rule, `${where}: illegal ${step.action} from ${state}`)) break;
    // A step without "by" is the enterprise's own (submit, resubmit, withdraw).
    const actorRole = step.by ? userByEmail[step.by]?.role : 'ENTERPRISE';
    ok(
      rule.by.includes(actorRole),
      `${where}: ${step.action} from ${state} may not be done by ${step.by ?? 'the enterprise'} (${actorRole})`,
    );
    state = rule.to;
    if (['return', 'reject'].includes(step.action))
      ok(nonEmpty(step.comment), `${where}: ${step.action} needs a comment`);
    if (['return', 'reject', 'publish'].includes(step.action))
      ok(
        hasRole(step.by, 'REVIEWER'),
        `${where}: ${step.action} by ${step.by} must be a REVIEWER user`,
      );
    if (step.action === 'publish')
      ok(step.at === n.publishedAt, `${where}: publish date must equal publishedAt`);
  }
  ok(
    state === (published ? 'PUBLISHED' : n.status),
    `${where}: trail ends in ${state}, status is ${n.status}`,
  );
}
const pub = needs.filter((n) => PUB.includes(n.status));
const fixed = pub.filter((n) => n.bountyFen !== null),
  open = pub.filter((n) => n.bountyFen === null);
const count = (s) => needs.filter((n) => n.status === s).length;
figure('challenges published (发榜)', pub.length, 55);
figure('… with a fixed bounty', fixed.length, 45);
figure('… fixed bounties total', wan(fixed.reduce((s, n) => s + n.bountyFen, 0)), wan(3785 * WAN));
figure('… with an open bounty (不限定榜额)', open.length, 10);
figure('status AWARDED', count('AWARDED'), 11);
figure('… of which open-bounty', open.filter((n) => n.status === 'AWARDED').length, (n) => n >= 2);
figure('status UNAWARDED', count('UNAWARDED'), (n) => n >= 12 && n <= 16);
figure('status PUBLISHED (closed, undecided)', count('PUBLISHED'), 55 - 11 - count('UNAWARDED'));
figure('unpublished needs', needs.length - pub.length, 42);
figure('status SUBMITTED', count('SUBMITTED'), (n) => n >= 12 && n <= 16);
figure('status RETURNED', count('RETURNED'), 8);
figure('status REJECTED', count('REJECTED'), 12);
figure('status WITHDRAWN', count('WITHDRAWN'), 8);
const codes = pub.map((n) => n.code).sort();
ok(
  codes.every((c, i) => c === `ZB-2021-${String(i + 1).padStart(3, '0')}`),
  'challenge codes must be ZB-2021-001 … ZB-2021-055 without gaps',
);
const byCode = Object.fromEntries(pub.map((n) => [n.code, n]));
ok(
  codes.every((c, i) => i === 0 || byCode[codes[i - 1]].publishedAt <= byCode[c].publishedAt),
  'challenge codes must follow publication order',
);
const fieldCounts = Object.fromEntries(
  INDUSTRIES.map((f) => [f, needs.filter((n) => n.field === f).length]),
);
figure(
  'needs per field',
  JSON.stringify(fieldCounts),
  () =>
    Object.values(fieldCounts).every((c) => c > 0) &&
    fieldCounts['高端装备'] >= 15 &&
    fieldCounts['电子信息'] >= 15,
);

console.log('── events.json');
figure('matching events held', events.length, 2);
unique(
  events.map((e) => e.key),
  'event key',
);
figure(
  'event industries',
  events
    .map((e) => e.industry)
    .sort()
    .join(','),
  ['电子信息', '高端装备'].sort().join(','),
);
const matchedPairs = new Set();
const matchedTeams = new Set();
let matchRows = 0;
for (const ev of events) {
  const where = `event ${ev.key}`;
  for (const f of ['name', 'nameEn', 'place', 'description']) ok(nonEmpty(ev[f]), `${where}: ${f}`);
  ok(is2021(ev.date), `${where}: date`);
  unique(ev.challenges, `${where} challenge`);
  let same = 0;
  for (const c of ev.challenges) {
    const n = byCode[c];
    if (!ok(n, `${where}: challenge ${c} is not a published challenge`)) continue;
    ok(n.publishedAt <= ev.date, `${where}: ${c} published after the event`);
    if (n.field === ev.industry) same++;
  }
  ok(same / ev.challenges.length >= 0.75, `${where}: challenges must mostly be of ${ev.industry}`);
  console.log(
    `  ${ev.key}: ${ev.challenges.length} challenges (${same} of ${ev.industry}), ${ev.matches.length} matches`,
  );
  for (const m of ev.matches) {
    matchRows++;
    ok(
      ev.challenges.includes(m.challenge),
      `${where}: match on ${m.challenge} not attached to the event`,
    );
    ok(m.team in teamByKey, `${where}: match team ${m.team} unknown`);
    ok(
      is2021(m.matchedAt) && m.matchedAt >= ev.date && days(ev.date, m.matchedAt) <= 14,
      `${where}: matchedAt ${m.matchedAt}`,
    );
    ok(
      !byCode[m.challenge] || m.matchedAt <= byCode[m.challenge].applicationDeadline,
      `${where}: matched after ${m.challenge} deadline`,
    );
    ok(nonEmpty(m.note), `${where}: match note`);
    const key = `${m.challenge}|${m.team}`;
    ok(!matchedPairs.has(key), `${where}: duplicate match ${key}`);
    matchedPairs.add(key);
    matchedTeams.add(m.team);
  }
}
figure('match rows', matchRows, (n) => n >= 28 && n <= 36);
figure('teams matched (对接学者团队, distinct)', matchedTeams.size, 27);

console.log('── contracts.json');
figure('contracts signed', contracts.length, 11);
unique(
  contracts.map((c) => c.code),
  'contract code',
);
unique(
  contracts.map((c) => c.challenge),
  'contract challenge',
);
const awarded = needs
  .filter((n) => n.status === 'AWARDED')
  .map((n) => n.code)
  .sort();
ok(
  JSON.stringify(contracts.map((c) => c.challenge).sort()) === JSON.stringify(awarded),
  'exactly one contract per AWARDED challenge',
);
const RANK = { ACCEPTED: 0, DELIVERED: 1, PENDING: 2 };
const bankRefs = [];
let paidTotal = 0,
  rdTotal = 0,
  rewardTotal = 0;
for (const c of contracts) {
  const where = `contract ${c.code}`;
  ok(/^HT-2021-\d{3}$/.test(c.code), `${where}: code format`);
  const n = byCode[c.challenge];
  if (!ok(n && n.status === 'AWARDED', `${where}: challenge ${c.challenge} must be AWARDED`))
    continue;
  ok(c.team in teamByKey, `${where}: team ${c.team} unknown`);
  ok(
    matchedPairs.has(`${c.challenge}|${c.team}`),
    `${where}: winning team ${c.team} was not matched with ${c.challenge} at an event`,
  );
  // application
  const a = c.application;
  ok(
    nonEmpty(a?.approach) && sentences(a.approach) >= 3 && sentences(a.approach) <= 5,
    `${where}: approach must be 3–5 sentences`,
  );
  ok(nonEmpty(a.schedule), `${where}: schedule`);
  ok(isInt(a.budgetFen) && a.budgetFen > 0, `${where}: budgetFen`);
  ok(
    n.bountyFen === null ? isInt(a.requestedFen) && a.requestedFen > 0 : a.requestedFen === null,
    `${where}: requestedFen (null for fixed bounties)`,
  );
  ok(
    is2021(a.submittedAt) &&
      a.submittedAt >= n.publishedAt &&
      a.submittedAt <= n.applicationDeadline,
    `${where}: application date outside publication window`,
  );
  ok(
    Array.isArray(a.members) &&
      a.members.length > 0 &&
      a.members.every((m) => nonEmpty(m.name) && nonEmpty(m.role)),
    `${where}: application members`,
  );
  // other applicants
  ok(
    Array.isArray(c.otherApplicants) && c.otherApplicants.length <= 3,
    `${where}: 0–3 other applicants`,
  );
  unique(
    c.otherApplicants.map((o) => o.team),
    `${where} other applicant`,
  );
  for (const o of c.otherApplicants) {
    ok(o.team in teamByKey && o.team !== c.team, `${where}: other applicant ${o.team}`);
    ok(nonEmpty(o.approach), `${where}: other applicant approach`);
    ok(
      is2021(o.submittedAt) &&
        o.submittedAt >= n.publishedAt &&
        o.submittedAt <= n.applicationDeadline,
      `${where}: other applicant date ${o.submittedAt}`,
    );
  }
  // reward and offers
  ok(isInt(c.rewardFen) && c.rewardFen > 0, `${where}: rewardFen`);
  if (n.bountyFen !== null) {
    ok(c.rewardFen === n.bountyFen, `${where}: rewardFen must equal the fixed bounty`);
    ok(
      Array.isArray(c.offers) && c.offers.length === 0,
      `${where}: offers must be empty for a fixed bounty`,
    );
  } else {
    const of = c.offers;
    if (
      ok(
        Array.isArray(of) && of.length >= 2 && of.length <= 4,
        `${where}: open bounty needs a 2–4 step offer trail`,
      )
    ) {
      of.forEach((o, i) => {
        ok(['TEAM', 'ENTERPRISE'].includes(o.by), `${where}: offer by ${o.by}`);
        ok(isInt(o.amountFen) && o.amountFen > 0, `${where}: offer amount`);
        ok(
          is2021(o.at) && o.at > n.applicationDeadline && o.at < c.signedAt,
          `${where}: offer date ${o.at}`,
        );
        ok(
          i === 0 || (o.at > of[i - 1].at && o.by !== of[i - 1].by),
          `${where}: offers must alternate and ascend`,
        );
        ok(o.accepted === (i === of.length - 1), `${where}: only the last offer is accepted`);
      });
      ok(
        c.rewardFen === of[of.length - 1].amountFen,
        `${where}: rewardFen must equal the accepted offer`,
      );
    }
  }
  // award four-eyes and dates
  const aw = c.award;
  if (ok(aw, `${where}: award record`)) {
    ok(
      hasRole(aw.proposedBy, 'REVIEWER') &&
        hasRole(aw.approvedBy, 'ADMIN') &&
        aw.proposedBy !== aw.approvedBy,
      `${where}: award must be proposed by a reviewer and approved by a different admin`,
    );
    ok(
      is2021(aw.proposedAt) &&
        aw.proposedAt > n.applicationDeadline &&
        aw.approvedAt >= aw.proposedAt &&
        aw.approvedAt <= c.signedAt,
      `${where}: award dates`,
    );
  }
  ok(
    is2021(c.signedAt) && c.signedAt > n.applicationDeadline,
    `${where}: signedAt must be after the deadline, in 2021`,
  );
  ok(
    isInt(c.rdInvestmentFen) && c.rdInvestmentFen >= c.rewardFen,
    `${where}: rdInvestmentFen must be ≥ rewardFen`,
  );
  ok(
    c.rdInvestmentFen >= 100 * WAN && c.rdInvestmentFen <= 5000 * WAN,
    `${where}: rdInvestmentFen not realistic`,
  );
  rdTotal += c.rdInvestmentFen;
  rewardTotal += c.rewardFen;
  // milestones
  const ms = c.milestones;
  if (!ok(Array.isArray(ms) && ms.length >= 2 && ms.length <= 4, `${where}: 2–4 milestones`))
    continue;
  ok(
    ms.reduce((s, m) => s + m.shareBasisPoints, 0) === 10000,
    `${where}: milestone shares must sum to 10000`,
  );
  let paid = 0;
  ms.forEach((m, i) => {
    const mw = `${where} milestone ${i + 1}`;
    ok(nonEmpty(m.title) && nonEmpty(m.deliverables), `${mw}: title/deliverables`);
    ok(isInt(m.shareBasisPoints) && m.shareBasisPoints > 0, `${mw}: share`);
    ok(
      (c.rewardFen * m.shareBasisPoints) % 10000 === 0,
      `${mw}: amount is not a whole number of fen`,
    );
    const amount = (c.rewardFen * m.shareBasisPoints) / 10000;
    ok(m.status in RANK, `${mw}: status ${m.status}`);
    ok(
      i === 0 || RANK[ms[i - 1].status] <= RANK[m.status],
      `${mw}: ACCEPTED milestones first, then DELIVERED, then PENDING`,
    );
    ok(
      isDate(m.dueDate) && m.dueDate > c.signedAt && (i === 0 || m.dueDate > ms[i - 1].dueDate),
      `${mw}: dueDate must ascend after signing`,
    );
    if (m.status === 'PENDING')
      ok(
        m.deliveredAt === null && m.acceptedAt === null,
        `${mw}: pending milestone has delivery dates`,
      );
    else ok(is2021(m.deliveredAt) && m.deliveredAt >= c.signedAt, `${mw}: deliveredAt`);
    if (m.status === 'DELIVERED')
      ok(m.acceptedAt === null, `${mw}: delivered milestone has acceptedAt`);
    if (m.status === 'ACCEPTED')
      ok(is2021(m.acceptedAt) && m.acceptedAt >= m.deliveredAt, `${mw}: acceptedAt`);
    const d = m.disbursement;
    if (m.status !== 'ACCEPTED') {
      ok(d === null, `${mw}: disbursement only for ACCEPTED milestones`);
      return;
    }
    if (!ok(d, `${mw}: accepted milestone without disbursement`)) return;
    ok(d.status === 'PAID', `${mw}: disbursement status ${d.status}`);
    ok(d.amountFen === amount, `${mw}: disbursement ${d.amountFen} ≠ milestone amount ${amount}`);
    ok(
      is2021(d.requestedAt) &&
        d.requestedAt >= m.acceptedAt &&
        d.approvedAt >= d.requestedAt &&
        is2021(d.paidAt) &&
        d.paidAt >= d.approvedAt,
      `${mw}: disbursement dates`,
    );
    ok(
      hasRole(d.requestedBy, 'REVIEWER') &&
        hasRole(d.approvedBy, 'ADMIN') &&
        d.requestedBy !== d.approvedBy,
      `${mw}: disbursement four-eyes`,
    );
    ok(nonEmpty(d.bankReference), `${mw}: bankReference`);
    bankRefs.push(d.bankReference);
    paid += d.amountFen;
  });
  ok(paid <= c.rewardFen, `${where}: paid ${paid} exceeds reward ${c.rewardFen}`);
  paidTotal += paid;
  const expected = ms.every((m) => m.status === 'ACCEPTED')
    ? 'ACCEPTED'
    : ms.some((m) => m.status !== 'PENDING')
      ? 'IN_PROGRESS'
      : 'SIGNED';
  ok(c.status === expected, `${where}: status ${c.status}, milestones imply ${expected}`);
  console.log(
    `  ${c.code} ${c.challenge} ${c.team.padEnd(8)} reward ${wan(c.rewardFen).padStart(9)}  paid ${wan(paid).padStart(9)}  R&D ${wan(c.rdInvestmentFen).padStart(10)}  ${c.status}`,
  );
}
unique(bankRefs, 'bank reference');
figure(
  'contracted challenges with open bounty',
  contracts.filter((c) => byCode[c.challenge]?.bountyFen === null).length,
  (n) => n >= 2,
);
figure('contract rewards total', wan(rewardTotal));
figure('reward disbursed (兑付人才奖励资金, PAID)', wan(paidTotal), wan(912 * WAN));
figure('R&D investment driven (带动研发投入)', wan(rdTotal), wan(16607 * WAN));

console.log('── demo users vs records');
const awardedEnts = new Set(needs.filter((n) => n.status === 'AWARDED').map((n) => n.enterprise));
const contractTeams = new Set(contracts.map((c) => c.team));
const entUsers = users.filter((u) => u.role === 'ENTERPRISE'),
  teamUsers = users.filter((u) => u.role === 'TEAM');
const entWithRecords = (k) => needs.some((n) => n.enterprise === k);
const teamWithRecords = (k) =>
  matchedTeams.has(k) ||
  contracts.some((c) => c.team === k || c.otherApplicants.some((o) => o.team === k));
figure(
  'enterprise users with AWARDED challenges',
  entUsers.filter((u) => awardedEnts.has(u.org)).length,
  3,
);
figure(
  'enterprise users without records',
  entUsers.filter((u) => !entWithRecords(u.org)).length,
  1,
);
figure('team users holding contracts', teamUsers.filter((u) => contractTeams.has(u.org)).length, 3);
figure('team users without records', teamUsers.filter((u) => !teamWithRecords(u.org)).length, 1);

console.log('');
if (failures.length) {
  console.log(`FAILED: ${failures.length} problem(s)`);
  for (const f of failures.slice(0, 60)) console.log('  - ' + f);
  process.exit(1);
}
console.log('All seed invariants hold.');
