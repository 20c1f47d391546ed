// The payout clock made public (#16): its section on /stats and its open-data file, and the
// instalments past the payout limit on the bureau's payments desk, legible at 375 px and on a
// desktop, in both languages, with no accessibility violation.
import { expect, test, type Page } from '@playwright/test';
import { daysAgoStored, expectNoAxeViolations, openDatabase, signInStaff } from './helpers';

const VIEWPORTS = [
  { name: 'phone', width: 375, height: 812 },
  { name: 'desktop', width: 1280, height: 900 },
] as const;

const REVIEWER = 'reviewer@kjj.zibo.example';
// milestone 2 of this seeded contract is pending; here it is accepted and confirmed long ago
// (again when a retry runs this file's hooks again)
const CONTRACT = 'HT-2021-010';
const OVER_DAYS = 45;

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

test.beforeAll(() => {
  const sqlite = openDatabase();
  try {
    const at = daysAgoStored(OVER_DAYS);
    const changed = sqlite
      .prepare(
        `UPDATE Milestone SET status = 'ACCEPTED', evidence = ?, deliveredAt = ?, acceptedAt = ?,
           confirmedAt = ?
         WHERE seq = 2 AND status IN ('PENDING', 'ACCEPTED')
           AND contractId = (SELECT id FROM Contract WHERE code = ?)`,
      )
      .run('中试报告已提交。', at, at, at, CONTRACT);
    expect(changed.changes).toBe(1);
  } finally {
    sqlite.close();
  }
});

type Published = {
  programme: { count: number; medianDays: number | null; p90Days: number | null };
  enterprises: { name: string }[];
};

for (const lang of ['zh', 'en'] as const) {
  for (const viewport of VIEWPORTS) {
    test(`the payout clock of 2021 on /stats (${lang}, ${viewport.name})`, async ({ page }) => {
      await page.setViewportSize(viewport);
      const published = (await (
        await page.request.get('/open-data/payout-clock.json?year=2021')
      ).json()) as Published;
      expect(published.programme.count).toBeGreaterThan(0);
      const response = await page.goto(`/stats?year=2021&lang=${lang}`);
      expect(response?.status()).toBe(200);
      const section = page.getByTestId('payout-clock');
      await expect(section.getByRole('heading', { level: 2 })).toHaveText(
        lang === 'zh' ? '付款时效' : 'Payout clock',
      );
      await expect(section.locator('[data-figure="payout-count"] dd')).toHaveText(
        String(published.programme.count),
      );
      const days = lang === 'zh' ? '天' : ' days';
      await expect(section.locator('[data-figure="payout-median"] dd')).toHaveText(
        `${published.programme.medianDays}${days}`,
      );
      await expect(section.getByTestId('payout-clock-enterprises').locator('tbody tr')).toHaveCount(
        published.enterprises.length,
      );
      await noSidewaysScroll(page);
      await section.scrollIntoViewIfNeeded();
      await expectNoAxeViolations(page);
      await section.screenshot({ path: `test-results/payout-clock-${lang}-${viewport.name}.png` });
    });
  }
}

test('the open data lists the payout clock with its definition', async ({ page }) => {
  await page.goto('/open-data');
  const link = page.getByRole('link', { name: '/open-data/payout-clock.json' });
  await expect(link).toBeVisible();
  const file = await page.request.get('/open-data/payout-clock.json');
  expect(file.status()).toBe(200);
  expect(file.headers()['access-control-allow-origin']).toBe('*');
  expect(await file.json()).toMatchObject({ period: 'all', unit: 'days', limitDays: 30 });
  await expectNoAxeViolations(page);
});

for (const lang of ['zh', 'en'] as const) {
  for (const viewport of VIEWPORTS) {
    test(`the desk flags an instalment past the limit (${lang}, ${viewport.name})`, async ({
      page,
    }) => {
      // signed in on a desktop: the sign-out button it waits for is in the phone's menu
      await signInStaff(page, REVIEWER);
      await page.setViewportSize(viewport);
      await page.goto(`/review/payments?lang=${lang}`);
      const summary = page.getByTestId('breach-summary');
      await expect(summary).toBeVisible();
      await summary.screenshot({
        path: `test-results/payout-summary-${lang}-${viewport.name}.png`,
      });
      const row = page.getByTestId('breaches').locator('tbody tr', { hasText: CONTRACT });
      await expect(row).toHaveCount(1);
      await expect(row.locator('[data-testid="days"]')).toContainText(String(OVER_DAYS));
      // its row in the waiting list carries the flag
      await expect(
        page.getByTestId('waiting').locator('tr', { hasText: CONTRACT }).getByTestId('breach-flag'),
      ).toBeVisible();
      await noSidewaysScroll(page);
      await expectNoAxeViolations(page);
      await page
        .getByTestId('breaches')
        .screenshot({ path: `test-results/payout-desk-${lang}-${viewport.name}.png` });
      // only the instalments past the limit, and back
      await summary.getByRole('link').click();
      await expect(page).toHaveURL(/only=breaches/);
      await expect(page.getByTestId('waiting')).toHaveCount(0);
      await expect(
        page.getByTestId('breaches').locator('tbody tr', { hasText: CONTRACT }),
      ).toHaveCount(1);
      await expectNoAxeViolations(page);
      await summary.getByRole('link').click();
      await expect(page.getByTestId('waiting')).toBeVisible();
    });
  }
}
