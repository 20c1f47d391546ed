import { expect, test, type Page } from '@playwright/test';
import { daysAgoStored, expectNoAxeViolations, openDatabase, signedInPage } from './helpers';

// Vacancies and the next-ranked team (docs/decisions/033), on a phone (375 px): the awarded team
// declines its award from its application's page, a reviewer proposes the next-ranked team for
// the vacated slot, an admin (not the proposer) approves; in Chinese and in English, each page
// checked by axe and for sideways scrolling.

const WINNER = 'qinxm@sdut.example'; // team-30
const SECOND = 'mengqf@sdust.example'; // team-01
const THIRD = 'guanzc@qdu.example'; // team-08
const REVIEWER = 'reviewer@kjj.zibo.example';
const SCORER = 'reviewer2@kjj.zibo.example';
const ADMIN = 'admin@kjj.zibo.example';
const ADMIN2 = 'admin2@kjj.zibo.example';
const PHONE = { width: 375, height: 800 };

/**
 * An awarded challenge the seed lacks, straight in the e2e server's database: a copy of a
 * published seed challenge, closed and awarded, with three scored bids (90, 80, 70) and the
 * first one's approved award (slot 1, no contract yet).
 */
function awardedChallenge() {
  const db = openDatabase();
  try {
    const suffix = Date.now().toString(36);
    const code = `ZB-2098-${suffix.slice(-6)}`;
    const columns = (db.prepare('PRAGMA table_info("Challenge")').all() as { name: string }[]).map(
      (c) => c.name,
    );
    const source = db
      .prepare(`SELECT id FROM "Challenge" WHERE "status" = 'PUBLISHED' ORDER BY "ref" LIMIT 1`)
      .get() as { id: string };
    const challengeId = `vac-${suffix}`;
    const set: Record<string, unknown> = {
      id: challengeId,
      ref: `T-VAC-${suffix}`,
      code,
      title: `递补测试榜单 ${suffix}`,
      titleEn: `Promotion test challenge ${suffix}`,
      status: 'AWARDED',
      applicationDeadline: '2021-06-29T16:00:00.000+00:00',
      awardSlots: 1,
      closedAt: daysAgoStored(3),
    };
    const select = columns.map((c) => (c in set ? '?' : `"${c}"`)).join(', ');
    db.prepare(
      `INSERT INTO "Challenge" (${columns.map((c) => `"${c}"`).join(', ')}) SELECT ${select} FROM "Challenge" WHERE id = ?`,
    ).run(...columns.filter((c) => c in set).map((c) => set[c]), source.id);
    const userId = (email: string) =>
      (db.prepare('SELECT id, "organizationId" FROM "User" WHERE email = ?').get(email) as {
        id: string;
        organizationId: string;
      })!;
    const now = daysAgoStored(0);
    const criterion = `${challengeId}-c`;
    db.prepare(
      'INSERT INTO "ReviewCriterion" (id, "challengeId", key, name, "nameEn", weight, position) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(criterion, challengeId, 'tech', '技术方案', 'Technical approach', 100, 1);
    const apps: string[] = [];
    for (const [i, [email, score]] of (
      [
        [WINNER, 90],
        [SECOND, 80],
        [THIRD, 70],
      ] as const
    ).entries()) {
      const id = `${challengeId}-a${i}`;
      apps.push(id);
      db.prepare(
        `INSERT INTO "Application" (id, "challengeId", "teamId", status, active, approach, schedule, "membersJson", "submittedAt", "decidedAt", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        challengeId,
        userId(email).organizationId,
        i === 0 ? 'AWARDED' : 'DECLINED',
        i === 0 ? 1 : null,
        '技术路线',
        '12个月',
        '[]',
        daysAgoStored(20),
        daysAgoStored(2),
        daysAgoStored(20),
        now,
      );
      const assignment = `${id}-r`;
      db.prepare(
        `INSERT INTO "ReviewAssignment" (id, "applicationId", "reviewerId", "submittedAt", "createdAt", "dueAt") VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(
        assignment,
        id,
        userId(SCORER).id,
        daysAgoStored(5),
        daysAgoStored(10),
        daysAgoStored(4),
      );
      db.prepare(
        'INSERT INTO "Score" (id, "assignmentId", "criterionId", score) VALUES (?, ?, ?, ?)',
      ).run(`${assignment}-s`, assignment, criterion, score);
    }
    db.prepare(
      `INSERT INTO "Award" (id, "challengeId", "applicationId", status, "slotNo", "proposedById", "proposedAt", "decidedById", "decidedAt", kind) VALUES (?, ?, ?, 'APPROVED', 1, ?, ?, ?, ?, 'AWARD')`,
    ).run(
      `${challengeId}-w`,
      challengeId,
      apps[0],
      userId(REVIEWER).id,
      daysAgoStored(3),
      userId(ADMIN2).id,
      daysAgoStored(2),
    );
    return { code, winnerApplication: apps[0]! };
  } finally {
    db.close();
  }
}

async function fitsThePhone(page: Page) {
  const [scroll, width] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    window.innerWidth,
  ]);
  expect(scroll).toBeLessThanOrEqual(width);
  await expectNoAxeViolations(page);
}

test('the team declines, a reviewer proposes the next-ranked team, another admin approves (375 px, zh and en)', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const { code, winnerApplication } = awardedChallenge();

  // the awarded team declines from its application's page
  const team = await signedInPage(browser, WINNER);
  await team.page.setViewportSize(PHONE);
  await team.page.goto(`/applications/${winnerApplication}`);
  await team.page.getByRole('link', { name: '放弃揭榜…' }).click();
  await expect(team.page.getByRole('heading', { name: '放弃揭榜' })).toBeVisible();
  await fitsThePhone(team.page);
  // the reason and the confirmation are required
  await team.page.getByRole('button', { name: '确认放弃' }).click();
  await expect(team.page.getByText('请勾选确认。')).toBeVisible();
  await team.page.getByLabel('放弃原因').fill('项目负责人调离，团队无法按期实施。');
  await team.page.getByLabel('我确认放弃本次揭榜，且知晓此操作不可撤销。').check();
  await team.page.getByRole('button', { name: '确认放弃' }).click();
  await expect(team.page.getByText('您已放弃本次揭榜。')).toBeVisible();
  await expect(team.page.getByText('此申请目前没有可放弃的获批揭榜')).toBeVisible();
  // in English
  await team.page.goto(`/applications/${winnerApplication}/decline?lang=en`);
  await expect(team.page.getByRole('heading', { name: 'Decline the award' })).toBeVisible();
  await fitsThePhone(team.page);
  await team.context.close();

  // a reviewer sees the vacated slot's history and proposes the next-ranked team
  const reviewer = await signedInPage(browser, REVIEWER, { staff: true });
  await reviewer.page.setViewportSize(PHONE);
  await reviewer.page.goto('/review/vacancies');
  const slot = reviewer.page.getByTestId('vacated-slot').filter({ hasText: code });
  await expect(slot).toContainText('团队放弃');
  await expect(slot).toContainText('项目负责人调离');
  await expect(slot.getByTestId('candidate')).toContainText('第 1 名');
  await fitsThePhone(reviewer.page);
  await slot.getByRole('button', { name: '提名递补' }).click();
  await expect(reviewer.page.getByText('已提名递补，等待另一位管理员审批。')).toBeVisible();
  await expect(slot.getByTestId('promotion')).toContainText('递补须由管理员审批。');
  await reviewer.context.close();

  // an admin approves, in English
  const admin = await signedInPage(browser, ADMIN, { staff: true });
  await admin.page.setViewportSize(PHONE);
  await admin.page.goto('/review/vacancies?lang=en');
  const pending = admin.page.getByTestId('vacated-slot').filter({ hasText: code });
  await expect(pending).toContainText('Declined by the team');
  await fitsThePhone(admin.page);
  await pending.getByRole('button', { name: 'Approve promotion' }).click();
  await expect(
    admin.page.getByText('Promotion approved; the team can now sign its contract.'),
  ).toBeVisible();
  await expect(pending.getByTestId('promotion')).toContainText('Approved');
  // the promoted team now awaits its contract, with its days left to sign
  await expect(admin.page.getByTestId('awaiting-contract').filter({ hasText: code })).toContainText(
    '30 days left',
  );
  await fitsThePhone(admin.page);
  await admin.page.goto('/review/vacancies?lang=zh');
  await fitsThePhone(admin.page);
  await admin.context.close();
});
