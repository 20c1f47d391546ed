import { expect, test } from '@playwright/test';
import {
  expectNoAxeViolations,
  inDays,
  daysAgoStored,
  idBy,
  openDatabase,
  signInStaff,
  leave,
} from './helpers';

// Review due dates (issue #16.3): the bureau's admin opens the experts desk, assigns one
// expert to three applications at once with a due date (the bid of the expert's own
// university is refused for the conflict of interest), sees the expert's load grow; the expert
// sees the due dates in their queue. Without JavaScript the same forms work (plain posts).

const ADMIN = 'admin@kjj.zibo.example';
const EXPERT = 'reviewer2@kjj.zibo.example'; // 刘思远, 山东科技大学
const EXPERT_NAME = '刘思远';
const CODE = 'ZB-2099-902';
// team-02 is of 山东科技大学 (the expert's own), the other two are not
const TEAMS = ['team-02', 'team-31', 'team-32'] as const;
const PHONE = { width: 375, height: 800 };
const DESKTOP = { width: 1280, height: 800 };

/**
 * The seed has no bids under review: this spec adds a challenge closed for applications with
 * three submitted bids to the browser tests' own throwaway database (scripts/e2e-server.mjs).
 */
test.beforeAll(() => {
  const sqlite = openDatabase();
  const at = daysAgoStored;
  try {
    const id = (sql: string, key: string) => idBy(sqlite, sql, key);
    const enterprise = id('SELECT id FROM Organization WHERE seedKey = ?', 'ent-12');
    sqlite.transaction(() => {
      sqlite
        .prepare(
          `INSERT INTO Challenge (id, code, ref, enterpriseId, title, field, background, bountyType,
             bountyFen, applicationDeadline, implementationMonths, contactName, contactPhone, status,
             awardSlots, submittedAt, publishedAt, closedAt, searchText, createdAt, updatedAt)
           VALUES (?, ?, 'N-2099-902', ?, '陶瓷轴承套圈精密磨削工艺', '新材料',
             '需提升氮化硅陶瓷轴承套圈的磨削精度与一致性。', 'FIXED', 80000000, ?, 12, '张明远',
             '0533-0000000', 'CLOSED', 1, ?, ?, ?, '', ?, ?)`,
        )
        .run('e2e-due-challenge', CODE, enterprise, at(2), at(60), at(50), at(2), at(60), at(2));
      TEAMS.forEach((key, i) => {
        sqlite
          .prepare(
            `INSERT INTO Application (id, challengeId, teamId, status, active, approach, schedule,
               budgetFen, membersJson, submittedAt, createdAt, updatedAt)
             VALUES (?, 'e2e-due-challenge', ?, 'SUBMITTED', 1, '成形磨削与在线检测结合。',
               '12个月完成。', 50000000, '[]', ?, ?, ?)`,
          )
          .run(
            `e2e-due-application-${i}`,
            id('SELECT id FROM Organization WHERE seedKey = ?', key),
            at(10),
            at(10),
            at(10),
          );
      });
    })();
  } finally {
    sqlite.close();
  }
});

test('the bureau assigns one expert to several bids with a due date; the expert sees it', async ({
  page,
}) => {
  const due = inDays(10);
  // as the pages show a day in Chinese: 2026/12/16
  const shown = due.replaceAll('-', '/');
  await signInStaff(page, ADMIN);
  await page.goto('/review/experts');
  const row = page.getByTestId('expert-row').filter({ hasText: EXPERT_NAME });
  const assignedBefore = Number(await row.getByTestId('load-assigned').textContent());
  await expectNoAxeViolations(page);

  await row.getByRole('link', { name: EXPERT_NAME }).click();
  await expect(page.getByRole('heading', { name: `${EXPERT_NAME} 的评审任务` })).toBeVisible();
  const assign = page.locator('form#assign');
  const bids = assign.getByTestId('assignable').filter({ hasText: CODE });
  await expect(bids).toHaveCount(3);
  // the bid of the expert's own university is flagged before anyone assigns it
  await expect(bids.getByTestId('conflict-flag')).toHaveCount(1);

  // nothing ticked: the form says so and sends nothing
  await assign.getByRole('button', { name: '指派所选申请' }).click();
  await expect(assign.getByText('请至少选择一项。')).toBeVisible();

  for (const box of await bids.getByRole('checkbox').all()) await box.check();
  await assign.getByLabel('评审截止日期').fill(due);
  await assign.getByRole('button', { name: '指派所选申请' }).click();
  await expect(
    page.getByText('已指派 2 项；1 项未指派（其中 1 项因利益冲突回避）。'),
  ).toBeVisible();
  await expect(row.getByTestId('load-assigned')).toHaveText(String(assignedBefore + 2));
  // the two are now the expert's open reviews, due on the chosen day
  const open = page.getByTestId('open-review').filter({ hasText: CODE });
  await expect(open).toHaveCount(2);
  await expect(open.first()).toContainText(shown);
  await expectNoAxeViolations(page);

  await page.setViewportSize(PHONE);
  await page.screenshot({ path: 'test-results/assignment-due-experts-zh-375.png', fullPage: true });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(PHONE.width);
  await page.goto(`${page.url()}&lang=en`);
  await expect(page.getByRole('heading', { name: 'Reviewer load' })).toBeVisible();
  await page.screenshot({ path: 'test-results/assignment-due-experts-en-375.png', fullPage: true });
  // back to Chinese on a desktop, where the header's sign-out button shows
  await page.setViewportSize(DESKTOP);
  await page.goto('/review/experts?lang=zh');
  await leave(page);

  // the expert's queue shows the due dates
  await signInStaff(page, EXPERT);
  await page.goto('/review/assignments?lang=zh');
  const mine = page.getByTestId('my-assignment').filter({ hasText: CODE });
  await expect(mine).toHaveCount(2);
  for (const r of await mine.all()) await expect(r.getByTestId('due-date')).toHaveText(shown);
  await expectNoAxeViolations(page);
  await page.screenshot({
    path: 'test-results/assignment-due-queue-zh-desktop.png',
    fullPage: true,
  });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: 'test-results/assignment-due-queue-zh-375.png', fullPage: true });
});
