// organizations.json: enterprises and teams, their credit and organisation codes, districts.
import { validateCreditCode } from '../../app/domain/credit-code.ts';
import {
  orgs,
  ok,
  figure,
  nonEmpty,
  unique,
  EMAIL,
  INDUSTRIES,
  DISTRICT,
  orgCodeValid,
} from './common.mjs';

export function checkOrganizations() {
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
  return { entByKey, teamByKey };
}
