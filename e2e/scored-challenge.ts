// A closed, awarded challenge the seed lacks, written straight into the e2e server's database
// for the vacancy and appeal specs: a copy of a published seed challenge dated this year (so the
// programme's 2021 figures stay the seed's), one criterion, three bids scored 90, 80 and 70 by
// one expert, and the first bid's approved award in slot 1 with no contract yet.
import type Database from 'better-sqlite3';
import { daysAgoStored } from './helpers';

/** The first round's expert of every bid. */
const SCORER = 'reviewer2@kjj.zibo.example';
const PROPOSER = 'reviewer@kjj.zibo.example';
const APPROVER = 'admin2@kjj.zibo.example';

export function userOf(db: Database.Database, email: string) {
  return db.prepare('SELECT id, "organizationId" FROM "User" WHERE email = ?').get(email) as {
    id: string;
    organizationId: string;
  };
}

/** Seeded teams nobody signs in for: no other spec finds this challenge in its own lists. */
export function teamsWithoutAccounts(db: Database.Database, n: number): string[] {
  return (
    db
      .prepare(
        `SELECT id FROM "Organization" o WHERE kind = 'TEAM' AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."organizationId" = o.id) ORDER BY id LIMIT ?`,
      )
      .all(n) as { id: string }[]
  ).map((o) => o.id);
}

export function scoredChallenge(
  db: Database.Database,
  o: { prefix: string; code: string; title: string; titleEn: string; teamIds: string[] },
) {
  const suffix = Date.now().toString(36);
  const challengeId = `${o.prefix}-${suffix}`;
  const code = `${o.code}-${suffix.slice(-6)}`;
  const columns = (db.prepare('PRAGMA table_info("Challenge")').all() as { name: string }[]).map(
    (c) => c.name,
  );
  const source = db
    .prepare(`SELECT id FROM "Challenge" WHERE "status" = 'PUBLISHED' ORDER BY "ref" LIMIT 1`)
    .get() as { id: string };
  const set: Record<string, unknown> = {
    id: challengeId,
    ref: `T-${o.prefix.toUpperCase()}-${suffix}`,
    code,
    title: `${o.title} ${suffix}`,
    titleEn: `${o.titleEn} ${suffix}`,
    status: 'AWARDED',
    submittedAt: daysAgoStored(60),
    publishedAt: daysAgoStored(50),
    createdAt: daysAgoStored(60),
    applicationDeadline: daysAgoStored(10),
    awardSlots: 1,
    closedAt: daysAgoStored(3),
  };
  const select = columns.map((c) => (c in set ? '?' : `"${c}"`)).join(', ');
  db.prepare(
    `INSERT INTO "Challenge" (${columns.map((c) => `"${c}"`).join(', ')}) SELECT ${select} FROM "Challenge" WHERE id = ?`,
  ).run(...columns.filter((c) => c in set).map((c) => set[c]), source.id);
  const criterion = `${challengeId}-c`;
  db.prepare(
    'INSERT INTO "ReviewCriterion" (id, "challengeId", key, name, "nameEn", weight, position) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(criterion, challengeId, 'technical', '技术方案', 'Technical approach', 100, 1);
  const scorer = userOf(db, SCORER).id;
  const applications = o.teamIds.map((teamId, i) => {
    const id = `${challengeId}-a${i}`;
    db.prepare(
      `INSERT INTO "Application" (id, "challengeId", "teamId", status, active, approach, schedule, "membersJson", "submittedAt", "decidedAt", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      challengeId,
      teamId,
      i === 0 ? 'AWARDED' : 'DECLINED',
      i === 0 ? 1 : null,
      '技术路线',
      '12个月',
      '[]',
      daysAgoStored(20),
      daysAgoStored(2),
      daysAgoStored(20),
      daysAgoStored(0),
    );
    const assignment = `${id}-r`;
    db.prepare(
      `INSERT INTO "ReviewAssignment" (id, "applicationId", "reviewerId", "submittedAt", "createdAt", "dueAt") VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(assignment, id, scorer, daysAgoStored(5), daysAgoStored(10), daysAgoStored(4));
    db.prepare(
      'INSERT INTO "Score" (id, "assignmentId", "criterionId", score) VALUES (?, ?, ?, ?)',
    ).run(`${assignment}-s`, assignment, criterion, 90 - 10 * i);
    return id;
  });
  db.prepare(
    `INSERT INTO "Award" (id, "challengeId", "applicationId", status, "slotNo", "proposedById", "proposedAt", "decidedById", "decidedAt", kind) VALUES (?, ?, ?, 'APPROVED', 1, ?, ?, ?, ?, 'AWARD')`,
  ).run(
    `${challengeId}-w`,
    challengeId,
    applications[0],
    userOf(db, PROPOSER).id,
    daysAgoStored(3),
    userOf(db, APPROVER).id,
    daysAgoStored(2),
  );
  return { challengeId, code, applications };
}
