// events.json: the matching events, their attached challenges and recorded matches.
import { events, ok, figure, is2021, days, nonEmpty, unique } from './common.mjs';

export function checkEvents({ teamByKey, byCode }) {
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
    for (const f of ['name', 'nameEn', 'place', 'description'])
      ok(nonEmpty(ev[f]), `${where}: ${f}`);
    ok(is2021(ev.date), `${where}: date`);
    unique(ev.challenges, `${where} challenge`);
    let same = 0;
    for (const c of ev.challenges) {
      const n = byCode[c];
      if (!ok(n, `${where}: challenge ${c} is not a published challenge`)) continue;
      ok(n.publishedAt <= ev.date, `${where}: ${c} published after the event`);
      if (n.field === ev.industry) same++;
    }
    ok(
      same / ev.challenges.length >= 0.75,
      `${where}: challenges must mostly be of ${ev.industry}`,
    );
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
  return { matchedPairs, matchedTeams };
}
