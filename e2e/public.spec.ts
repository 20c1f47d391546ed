import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './helpers';

const figure = (page: Page, id: string) => page.locator(`[data-figure="${id}"] dd`);

test('the statistics page shows the nine programme figures in Chinese', async ({ page }) => {
  await page.goto('/stats');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('“揭榜挂帅·全球引才”统计');
  await expect(figure(page, 'needsCollected')).toHaveText('97 个');
  await expect(figure(page, 'published')).toHaveText('55 个');
  await expect(figure(page, 'fixedBounty')).toHaveText('45 个 / 3,785 万元');
  await expect(figure(page, 'openBounty')).toHaveText('10 个');
  await expect(figure(page, 'eventsHeld')).toHaveText('2 场 (高端装备、电子信息)');
  await expect(figure(page, 'teamsMatched')).toHaveText('27 个');
  await expect(figure(page, 'contractsSigned')).toHaveText('11 项');
  await expect(figure(page, 'rewardDisbursed')).toHaveText('912 万元');
  await expect(figure(page, 'rdInvestment')).toHaveText('16,607 万元');
});

test('the language switch turns the statistics into English and is remembered', async ({
  page,
}) => {
  await page.goto('/stats');
  await page.getByRole('link', { name: /English/ }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Programme statistics');
  await expect(page.locator('[data-figure="needsCollected"] dt')).toHaveText('Needs collected');
  await expect(figure(page, 'needsCollected')).toHaveText('97');
  await expect(figure(page, 'rewardDisbursed')).toHaveText('912 × 10k yuan');
  await expect(figure(page, 'eventsHeld')).toHaveText('2 (High-end equipment, Electronics & IT)');
  // a fresh navigation, no ?lang: the choice persists
  await page.goto('/challenges');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Challenges');
  await page.goto('/stats?lang=zh');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
});

test('a figure leads to the records behind it', async ({ page }) => {
  await page.goto('/stats');
  await figure(page, 'contractsSigned').getByRole('link').click();
  await expect(page).toHaveURL(/\/contracts$/);
  await expect(page.locator('tbody tr')).toHaveCount(11);
});

test('the catalogue leads to a challenge’s public details', async ({ page }) => {
  await page.goto('/challenges');
  await expect(page.getByText('共 55 项')).toBeVisible();
  const first = page.locator('main ul li a').first();
  const title = (await first.textContent())!;
  await first.click();
  await expect(page).toHaveURL(/\/challenges\/ZB-2021-\d{3}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByRole('heading', { name: '考核指标' })).toBeVisible();
  await expect(page.locator('article ol li').first()).toBeVisible();
});

test('the catalogue pages on: the next page holds other challenges', async ({ page }) => {
  await page.goto('/challenges');
  const firstPage = await page.locator('main ul li a').allTextContents();
  await page.getByRole('link', { name: '下一页' }).click();
  await expect(page).toHaveURL(/after=/);
  await expect(page.locator('main ul li a').first()).not.toHaveText(firstPage[0]!);
  const secondPage = await page.locator('main ul li a').allTextContents();
  expect(secondPage.length).toBeGreaterThan(0);
  expect(secondPage.filter((t) => firstPage.includes(t))).toEqual([]);
});

test('an unknown challenge answers 404', async ({ page }) => {
  const response = await page.goto('/challenges/ZB-2021-999');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('页面不存在');
});

for (const lang of ['zh', 'en']) {
  test(`public pages have no accessibility violations (${lang})`, async ({ page }) => {
    const paths = ['/', '/stats', '/challenges', '/events', '/contracts'];
    await page.goto(`/challenges?lang=${lang}`);
    paths.push(
      new URL(
        await page
          .locator('main ul li a')
          .first()
          .evaluate((a) => (a as HTMLAnchorElement).href),
      ).pathname,
    );
    await page.goto('/events');
    paths.push(
      new URL(
        await page
          .locator('main ul li a')
          .first()
          .evaluate((a) => (a as HTMLAnchorElement).href),
      ).pathname,
    );
    await page.goto('/contracts');
    paths.push(
      new URL(
        await page
          .locator('tbody a')
          .first()
          .evaluate((a) => (a as HTMLAnchorElement).href),
      ).pathname,
    );
    for (const path of paths) {
      await page.goto(path);
      await expectNoAxeViolations(page);
    }
  });
}
