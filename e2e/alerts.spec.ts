import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, inDays, openDatabase, signIn, signInStaff, leave } from './helpers';
import { confirmFundingOnPage } from './funding-steps';

// Alerts for teams (issue 16, point 2): a team member subscribes to a field and a keyword on
// /account/alerts; the bureau publishes a matching need through its page; the app's alerts
// worker tells the team within the minute (in-app here, the mail read from the outbox table);
// the mail's unsubscribe link works signed out, and an altered one is refused with a 400 page.

const TEAM = 'guanzc@qdu.example';
const REVIEWER = 'reviewer@kjj.zibo.example';

/** A submitted need of a seeded enterprise, for the bureau to publish. */
function submittedNeed(title: string, keyword: string) {
  const sqlite = openDatabase();
  try {
    const now = new Date().toISOString().replace('Z', '+00:00');
    const deadline = new Date(`${inDays(30)}T00:00:00+08:00`).toISOString().replace('Z', '+00:00');
    const enterprise = (
      sqlite.prepare('SELECT id FROM Organization WHERE seedKey = ?').get('ent-12') as {
        id: string;
      }
    ).id;
    const id = `e2e-alert-${keyword}`;
    sqlite
      .prepare(
        `INSERT INTO Challenge (id, ref, enterpriseId, title, field, background, bountyType,
           bountyFen, applicationDeadline, implementationMonths, contactName, contactPhone, status,
           awardSlots, submittedAt, searchText, createdAt, updatedAt)
         VALUES (?, ?, ?, ?, '绿色化工', '现有工艺能耗高，需新型催化剂。', 'FIXED', 2000000000, ?, 12,
           '孙工', '0533-7654321', 'SUBMITTED', 1, ?, ?, ?, ?)`,
      )
      .run(
        id,
        `N-2099-${keyword}`,
        enterprise,
        title,
        deadline,
        now,
        `${title} 绿色化工 现有工艺能耗高，需新型催化剂。`.toLowerCase(),
        now,
        now,
      );
    return id;
  } finally {
    sqlite.close();
  }
}

function alertMailTo(email: string, code: string) {
  const sqlite = openDatabase();
  try {
    return sqlite
      .prepare('SELECT subject, text FROM MailMessage WHERE "to" = ? AND text LIKE ?')
      .all(email, `%/challenges/${code}%`) as { subject: string; text: string }[];
  } finally {
    sqlite.close();
  }
}

test('a team subscribes, is told of a matching publication, and unsubscribes signed out', async ({
  page,
  browser,
}) => {
  const keyword = `cat${Date.now().toString(36)}`;
  const title = `低温脱硝催化剂 ${keyword}`;

  // the team subscribes to a field and a keyword, at 375 px
  await page.setViewportSize({ width: 375, height: 800 });
  await signIn(page, TEAM);
  await page.goto('/account/alerts');
  await expect(page.getByRole('heading', { level: 1, name: '订阅提醒' })).toBeVisible();
  await page.getByLabel('绿色化工').check();
  await page.getByLabel('关键词').fill(keyword);
  await page.getByLabel('最低榜额（万元）').fill('1000');
  await page.getByLabel('最高榜额（万元）').fill('500');
  await page.getByRole('button', { name: '添加订阅' }).click();
  await expect(page.getByText('最高榜额不能低于最低榜额。')).toBeVisible();
  await page.getByLabel('最高榜额（万元）').fill('');
  await page.getByLabel('最低榜额（万元）').fill('100');
  await page.getByRole('button', { name: '添加订阅' }).click();
  await expect(page.getByText('订阅已添加。')).toBeVisible();
  await expect(page.getByRole('heading', { name: '订阅 1' })).toBeVisible();
  await expect(page.getByText(keyword)).toBeVisible();
  await expectNoAxeViolations(page);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(375);
  await page.screenshot({ path: 'test-results/alerts-page-zh-375.png', fullPage: true });
  await page.goto('/account/alerts?lang=en');
  await expect(page.getByRole('heading', { level: 1, name: 'Alerts' })).toBeVisible();
  await page.screenshot({ path: 'test-results/alerts-page-en-375.png', fullPage: true });
  await page.goto('/account/alerts?lang=zh');
  // the sign-out button sits in the menu at 375 px
  await page.setViewportSize({ width: 1280, height: 800 });
  await leave(page);

  // the bureau publishes a matching need
  const needId = submittedNeed(title, keyword);
  await signInStaff(page, REVIEWER);
  await page.goto(`/review/needs/${needId}`);
  await confirmFundingOnPage(page);
  await page.getByRole('button', { name: '审核通过并发布' }).click();
  const notice = page.getByText(/已发布，榜单编号 ZB-\d{4}-\d{3}/);
  await expect(notice).toBeVisible();
  const code = /ZB-\d{4}-\d{3}/.exec((await notice.textContent()) ?? '')![0];
  await leave(page);

  // the team sees it in its notifications (the worker runs right after the commit)
  await signIn(page, TEAM);
  const told = page.getByText(`新榜单 ${code}“${title}”符合您团队的订阅提醒。`);
  await expect(async () => {
    await page.goto('/notifications');
    await expect(told).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await leave(page);

  // and by mail, once, with an unsubscribe link
  const mails = alertMailTo(TEAM, code);
  expect(mails).toHaveLength(1);
  expect(mails[0]!.subject).toBe(`新榜单 ${code}：${title}`);
  const link = /https?:\/\/\S+(\/alerts\/unsubscribe\/\S+)/.exec(mails[0]!.text)![1]!;

  // the link, signed out, at 375 px: opening it changes nothing, the button unsubscribes
  const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
  const anon = await context.newPage();
  await anon.goto(link);
  await expect(anon.getByRole('heading', { level: 1, name: '退订提醒' })).toBeVisible();
  await expect(anon.getByText(keyword)).toBeVisible();
  await expectNoAxeViolations(anon);
  await anon.screenshot({ path: 'test-results/alerts-unsubscribe-zh-375.png', fullPage: true });
  await anon.getByRole('button', { name: '确认退订' }).click();
  await expect(anon.getByText('已退订，团队成员不再收到这一订阅的提醒。')).toBeVisible();
  await anon.reload();
  await expect(anon.getByText('这一订阅已经退订。')).toBeVisible();

  // an altered link: 400, and a page that says so
  const altered = link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
  const response = await anon.goto(altered);
  expect(response?.status()).toBe(400);
  await expect(anon.getByRole('heading', { level: 1, name: '退订链接无效' })).toBeVisible();
  await expectNoAxeViolations(anon);
  await anon.screenshot({ path: 'test-results/alerts-unsubscribe-invalid-zh-375.png' });
  await context.close();

  // the team's page no longer lists it
  await signIn(page, TEAM);
  await page.goto('/account/alerts');
  await expect(page.getByText('团队还没有订阅。')).toBeVisible();
  await page.screenshot({ path: 'test-results/alerts-page-zh-desktop.png', fullPage: true });
});
