// The printable programme report (/report): the work summary's paragraph from the records, in
// Chinese and English, on a phone and a desktop, passing axe; on paper (print media, A4) without
// the site's header, footer or period selector.
import { writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './helpers';

const PHONE = { width: 375, height: 800 };
const DESKTOP = { width: 1366, height: 900 };
// A4's 210 mm less the report's 16 mm side margins, at 96 CSS pixels per inch
const A4_CONTENT = { width: 673, height: 1000 };

const SEED_2021 =
  '组织开展市级“揭榜挂帅·全球引才”活动，2021年，已征集写榜需求97个，完成发榜55个，其中45个榜额明确为3785万元，10个以不限定榜额形式发榜。举办了高端装备、电子信息2场“揭榜”活动，累计对接学者团队27个，签订揭榜项目合同11项，兑付人才奖励资金912万元，带动项目研发投入16607万元。';

async function fitsWidth(page: Page) {
  return page.evaluate(
    () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
  );
}

/** The whole page, and on a phone also its first screen and first event table at full size. */
async function shot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/report-${name}.png`, fullPage: true });
  if (!name.endsWith('phone')) return;
  await page.screenshot({ path: `test-results/report-${name}-top.png` });
  await page
    .getByTestId('report-event')
    .first()
    .screenshot({ path: `test-results/report-${name}-event.png` });
}

test('the 2021 report writes the work summary’s paragraph, with its figures and event tables', async ({
  page,
}) => {
  await page.setViewportSize(DESKTOP);
  const response = await page.goto('/report?year=2021&lang=zh');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('“揭榜挂帅·全球引才”工作报告');
  await expect(page.getByTestId('report-paragraph')).toHaveText(SEED_2021);
  await expect(page.getByTestId('report-figures').locator('tbody tr')).toHaveCount(10);
  await expect(page.getByTestId('report-event')).toHaveCount(2);
  await expect(page.locator('[data-chart]')).toHaveCount(4);
  expect(await fitsWidth(page)).toBe(true);
  await expectNoAxeViolations(page);
  await shot(page, 'zh-desktop');

  await page.setViewportSize(PHONE);
  expect(await fitsWidth(page)).toBe(true);
  await expectNoAxeViolations(page);
  await shot(page, 'zh-phone');
});

test('the report reads in English on a phone and passes axe', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await page.goto('/report?year=2021&lang=en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Programme report');
  await expect(page.getByTestId('report-paragraph')).toContainText(
    'programme in 2021: 97 needs collected and 55 challenges published',
  );
  expect(await fitsWidth(page)).toBe(true);
  await expectNoAxeViolations(page);
  await shot(page, 'en-phone');

  await page.setViewportSize(DESKTOP);
  expect(await fitsWidth(page)).toBe(true);
  await expectNoAxeViolations(page);
  await shot(page, 'en-desktop');
});

test('a period that cannot be read is said on the page with a 400', async ({ page }) => {
  await page.setViewportSize(PHONE);
  const response = await page.goto('/report?year=20x1&lang=zh');
  expect(response?.status()).toBe(400);
  await expect(page.getByTestId('report-error')).toBeVisible();
  await expect(page.getByTestId('report-error')).toHaveAttribute('data-field', 'year');
  expect(await fitsWidth(page)).toBe(true);
  await expectNoAxeViolations(page);
});

test('the selector picks a quarter, and /stats links to the period’s report', async ({ page }) => {
  await page.goto('/stats?year=2021&lang=zh');
  await page.getByRole('link', { name: '可打印的工作报告' }).click();
  await expect(page).toHaveURL(/\/report\?year=2021$/);
  await page.getByLabel('季度').selectOption('2');
  await page.getByRole('search').getByRole('button').click();
  await expect(page).toHaveURL(/\/report\?year=2021&quarter=2/);
  await expect(page.getByTestId('report-paragraph')).toContainText('活动，2021年第二季度，');
});

test('on paper: A4, no header, footer or selector, tables whole', async ({ page }) => {
  for (const lang of ['zh', 'en'] as const) {
    await page.setViewportSize(A4_CONTENT);
    await page.goto(`/report?year=2021&lang=${lang}`);
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('body > header')).toBeHidden();
    await expect(page.locator('body > footer')).toBeHidden();
    await expect(page.getByRole('search')).toBeHidden();
    await expect(page.getByTestId('report-paragraph')).toBeVisible();
    // nothing is cut off at the paper's width
    expect(await fitsWidth(page)).toBe(true);
    const widest = await page.evaluate(() =>
      Math.max(...[...document.querySelectorAll('main table')].map((t) => t.scrollWidth)),
    );
    expect(widest).toBeLessThanOrEqual(A4_CONTENT.width);
    await shot(page, `${lang}-print`);
    await page.screenshot({ path: `test-results/report-${lang}-print-top.png` });
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    writeFileSync(`test-results/report-${lang}.pdf`, pdf);
    // a few A4 pages, not one cut-off sheet nor dozens
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
    expect(pages).toBeGreaterThan(1);
    expect(pages).toBeLessThan(12);
    await page.emulateMedia({ media: 'screen' });
  }
});
