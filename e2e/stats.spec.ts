// /stats by period: the 2021 figures and the four charts, legible at 375 px and on a desktop,
// in both languages, with no accessibility violation; the period selector works without
// scripts; a period that cannot be read is a clear 400 page.
import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './helpers';

const VIEWPORTS = [
  { name: 'phone', width: 375, height: 812 },
  { name: 'desktop', width: 1280, height: 900 },
] as const;

const figure = (page: Page, id: string) => page.locator(`[data-figure="${id}"] dd`);

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

for (const lang of ['zh', 'en'] as const) {
  for (const viewport of VIEWPORTS) {
    test(`2021's figures and charts (${lang}, ${viewport.name})`, async ({ page }) => {
      await page.setViewportSize(viewport);
      const response = await page.goto(`/stats?year=2021&lang=${lang}`);
      expect(response?.status()).toBe(200);
      await expect(figure(page, 'needsCollected')).toHaveText(lang === 'zh' ? '97 个' : '97');
      await expect(figure(page, 'rewardDisbursed')).toHaveText(
        lang === 'zh' ? '912 万元' : '912 × 10k yuan',
      );
      await expect(page.getByTestId('period')).toHaveText(
        lang === 'zh' ? '当前统计期间：2021年' : 'Period: 2021',
      );
      const charts = page.locator('[data-chart]');
      await expect(charts).toHaveCount(4);
      for (const chart of await charts.all()) {
        const svg = chart.locator('svg[role="img"]');
        await expect(svg).toBeVisible();
        // a chart's box stays inside the page
        const box = (await svg.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
      }
      // the funnel says its numbers to a screen reader
      await expect(page.locator('[data-chart="chart-funnel"] desc')).toContainText('97');
      await noSidewaysScroll(page);
      await expectNoAxeViolations(page);
      await page.screenshot({ path: `test-results/stats-2021-${lang}-${viewport.name}-top.png` });
      // a chart's table opens and holds its numbers
      const bounty = page.locator('[data-chart="chart-bounty"]');
      await bounty.locator('summary').click();
      await expect(bounty.locator('table tbody tr')).toHaveCount(7);
      await expectNoAxeViolations(page);
      await page
        .locator('section[aria-labelledby="charts-title"]')
        .screenshot({ path: `test-results/stats-2021-${lang}-${viewport.name}.png` });
      await noSidewaysScroll(page);
    });
  }
}

test('the period selector works without scripts', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/stats?lang=zh');
  await page.getByLabel('年度').selectOption('2021');
  await page.getByLabel('季度').selectOption('4');
  await page.getByRole('button', { name: '查看' }).click();
  await expect(page).toHaveURL(/year=2021&quarter=4/);
  await expect(page.getByTestId('period')).toHaveText('当前统计期间：2021年第4季度');
  // every payment of 2021 was made in its fourth quarter
  await expect(figure(page, 'rewardDisbursed')).toHaveText('912 万元');
  await context.close();
});

test('a period that cannot be read is a 400 page that says why', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  const response = await page.goto('/stats?year=99999&lang=en');
  expect(response?.status()).toBe(400);
  await expect(page.getByRole('alert')).toContainText(
    'The year must be four digits between 2000 and 2100.',
  );
  await expect(page.locator('select[name="year"]')).toBeVisible();
  await expectNoAxeViolations(page);
  const json = await page.request.get('/stats.json?year=2021&quarter=5');
  expect(json.status()).toBe(400);
  expect(await json.json()).toMatchObject({ error: 'invalid_period', field: 'quarter' });
});
