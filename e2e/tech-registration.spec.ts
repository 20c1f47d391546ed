import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, signIn, signInStaff, today } from './helpers';

// 技术合同认定登记 on the contract page: a reviewer submits the seeded contract HT-2021-008 for
// registration (amounts in 万元), is told what is wrong, records the office's registration, and
// the team reads it; the period's sheet is downloaded from the contracts desk. At 375 px, in
// Chinese (screenshots for a person to look at) and in English.
const CONTRACT = '/workspace/contracts/HT-2021-008';
const TEAM = 'guanzc@qdu.example';
const REVIEWER = 'reviewer@kjj.zibo.example';

test('a reviewer submits and records a technology contract registration at 375 px', async ({
  page,
}) => {
  await signInStaff(page, REVIEWER);
  // (signed in at the default width: at 375 px the sign-out button is in the menu)
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(CONTRACT);
  const section = page.getByRole('region', { name: '技术合同认定登记' });
  await expect(section.getByTestId('tech-status')).toHaveText('未登记');
  await expectNoAxeViolations(page);

  await section.getByLabel('合同类别').selectOption('DEVELOPMENT');
  await section.getByLabel('成交额（万元）').fill('1200');
  await section.getByLabel('技术交易额（万元）').fill('1500');
  await section.getByRole('button', { name: '提交认定登记' }).click();
  await expect(section.getByText('技术交易额不能超过成交额。')).toBeVisible();
  await expectNoAxeViolations(page);

  await section.getByLabel('技术交易额（万元）').fill('950.5');
  await section.getByRole('button', { name: '提交认定登记' }).click();
  await expect(page.getByText('技术合同认定登记已提交。')).toBeVisible();
  await expect(section.getByTestId('tech-status')).toHaveText('已提交登记');
  await expect(section.getByText('950.5 万元')).toBeVisible();
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/tech-registration-zh-375.png', fullPage: true });
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await section.screenshot({ path: 'test-results/tech-registration-zh-desktop.png' });
  await page.setViewportSize({ width: 375, height: 800 });

  await section.getByLabel('登记编号').fill('2021370303000321');
  await section.getByLabel('登记日期').fill(today());
  await section.getByRole('button', { name: '记录登记' }).click();
  await expect(page.getByText('已记录登记编号和登记日期。')).toBeVisible();
  await expect(section.getByTestId('tech-status')).toHaveText('已登记');
  await expect(section.getByText('2021370303000321')).toBeVisible();
  // nothing is left for a reviewer: correcting a registered one is an admin's
  await expect(section.getByRole('button')).toHaveCount(0);
  await expect(page.getByTestId('trail')).toContainText('技术合同已认定登记');
  await page.screenshot({
    path: 'test-results/tech-registration-registered-zh-375.png',
    fullPage: true,
  });
  await expectNoAxeViolations(page);

  // the period's sheet, from the contracts desk
  await page.goto('/review/contracts');
  const sheet = page.getByRole('form', { name: '技术合同登记表' });
  await sheet.getByLabel('年度').selectOption(today().slice(0, 4));
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    sheet.getByRole('button', { name: '导出 CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^tech-registrations-\d{4}-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = readFileSync((await download.path())!, 'utf8');
  expect(text).toContain('2021370303000321');
  await page.screenshot({
    path: 'test-results/tech-registration-sheet-zh-375.png',
    fullPage: true,
  });
  await expectNoAxeViolations(page);
});

test('the team reads the registration, in English, without a form', async ({ page }) => {
  await signIn(page, TEAM);
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(`${CONTRACT}?lang=en`);
  const section = page.getByRole('region', { name: 'Technology contract registration' });
  await expect(section.getByTestId('tech-status')).toHaveText('Registered');
  await expect(section.getByText('Technology development')).toBeVisible();
  await expect(section.getByText('2021370303000321')).toBeVisible();
  await expect(section.getByRole('button')).toHaveCount(0);
  await expect(section.getByRole('textbox')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/tech-registration-team-en-375.png', fullPage: true });
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await section.screenshot({ path: 'test-results/tech-registration-team-en-desktop.png' });
});
