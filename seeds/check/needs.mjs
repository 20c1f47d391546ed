// needs.json: the needs, their lifecycle (held to app/domain/need.ts) and the published figures.
import { NEED_TRANSITIONS } from '../../app/domain/need.ts';
import {
  needs,
  WAN,
  ok,
  figure,
  wan,
  is2021,
  days,
  isInt,
  nonEmpty,
  sentences,
  unique,
  INDUSTRIES,
} from './common.mjs';

export function checkNeeds({ entByKey, userByEmail, hasRole }) {
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
      ok(
        d >= 28 && d <= 95,
        `${where}: deadline ${d} days after publication (1–3 months expected)`,
      );
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
  figure(
    '… fixed bounties total',
    wan(fixed.reduce((s, n) => s + n.bountyFen, 0)),
    wan(3785 * WAN),
  );
  figure('… with an open bounty (不限定榜额)', open.length, 10);
  figure('status AWARDED', count('AWARDED'), 11);
  figure(
    '… of which open-bounty',
    open.filter((n) => n.status === 'AWARDED').length,
    (n) => n >= 2,
  );
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
  return { byCode };
}
