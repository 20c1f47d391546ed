#!/usr/bin/env node
// Verifies the seed data in this folder: counts, exact sums, credit-code check characters,
// uniqueness, references, milestone shares, dates and statuses. The need lifecycle and the
// credit-code check come from app/domain, so the seeds are held to the rules the app enforces;
// that is why it runs under tsx (it imports TypeScript).
// Usage: npm run seeds:check   (tsx seeds/check.mjs; exit code 1 on any failure)
import { contracts, failures, figure, needs, users } from './check/common.mjs';
import { checkContracts } from './check/contracts.mjs';
import { checkEvents } from './check/events.mjs';
import { checkNeeds } from './check/needs.mjs';
import { checkOrganizations } from './check/organizations.mjs';
import { checkUsers } from './check/users.mjs';

const { entByKey, teamByKey } = checkOrganizations();
const { userByEmail, hasRole } = checkUsers({ entByKey, teamByKey });
const { byCode } = checkNeeds({ entByKey, userByEmail, hasRole });
const { matchedPairs, matchedTeams } = checkEvents({ teamByKey, byCode });
checkContracts({ teamByKey, hasRole, byCode, matchedPairs });

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
