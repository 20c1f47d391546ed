// 榜额到位 (docs/decisions/032-funding-secured.md), on a phone: the reviewer cannot publish a
// fixed bounty before its funds are confirmed, records the enterprise's bank receipt, then
// publishes; the public challenge page shows the "funds secured" mark in Chinese and English.
// Each page checked with axe at 375 px.
import { expect, test, type Page } from '@playwright/test';
import {
  expectNoAxeViolations,
  idBy,
  inDays,
  openDatabase,
  signedInPage,
  tinyPng,
} from './helpers';

const REVIEWER = 'reviewer@kjj.zibo.example';
const PHONE = { width: 375, height: 800 };

/** A submitted fixed-bounty need of a seeded enterprise, its funding not yet confirmed. */
function submittedNeed(title: string, key: string) {
  const sqlite = openDatabase();
  try {
    const now = new Date().toISOString().replace('Z', '+00:00');
    const deadline = new Date(`${inDays(30)}T00:00:00+08:00`).toISOString().replace('Z', '+00:00');
    const enterprise = idBy(sqlite, 'SELECT id FROM Organization WHERE seedKey = ?', 'ent-12');
    const id = `e2e-funding-${key}`;
    sqlite
      .prepare(
        `INSERT INTO Challenge (id, ref, enterpriseId, title, field, background, bountyType,
           bountyFen, applicationDeadline, implementationMonths, contactName, contactPhone, status,
           awardSlots, submittedAt, searchText, createdAt, updatedAt)
         VALUES (?, ?, ?, ?, '新材料', '现有涂层寿命短，需新型耐磨涂层。', 'FIXED', 80000000, ?, 12,
           '钱工', '0533-7654321', 'SUBMITTED', 1, ?, ?, ?, ?)`,
      )
      .run(id, `N-2099-F${key}`, enterprise, title, deadline, now, title.toLowerCase(), now, now);
    return id;
  } finally {
    sqlite.close();
  }
}

async function fitsThePhone(page: Page, name: string) {
  await page.screenshot({ path: `test-results/funding-${name}-375.png`, fullPage: true });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(PHONE.width);
  await expectNoAxeViolations(page);
}

test('a fixed bounty is published only once its funds are confirmed, and says so publicly', async ({
  browser,
}) => {
  const key = Date.now().toString(36);
  const title = `耐磨涂层开发 ${key}`;
  const id = submittedNeed(title, key);

  const reviewer = await signedInPage(browser, REVIEWER, { staff: true });
  const desk = reviewer.page;
  await desk.setViewportSize(PHONE);
  await desk.goto(`/review/needs/${id}?lang=zh`, { waitUntil: 'networkidle' });
  const card = desk.getByTestId('funding');
  await expect(card).toContainText('榜额尚未全部到位，确认前不能发布。');
  await expect(card).toContainText('企业出资');
  await expect(card).toContainText('80 万元');
  await fitsThePhone(desk, 'review-unfunded-zh');

  // publishing first is refused with the reason
  await desk.getByRole('button', { name: '审核通过并发布' }).click();
  await expect(desk.getByText('固定榜额的需求须先确认榜额到位，才能发布。')).toBeVisible();

  // a bank reference without its receipt is refused on the receipt's field
  await card.getByLabel('银行流水号').fill('ICBC-2026-0815');
  await card.getByRole('button', { name: '确认资金到位' }).click();
  await expect(card.getByText('请选择文件。')).toBeVisible();
  await expectNoAxeViolations(desk);

  // with the receipt it is recorded
  await card.getByLabel('银行回单（PDF 或图片）').setInputFiles({
    name: 'receipt.png',
    mimeType: 'image/png',
    buffer: tinyPng(),
  });
  await card.getByLabel('银行流水号').fill('ICBC-2026-0815');
  await card.getByRole('button', { name: '确认资金到位' }).click();
  await expect(desk.getByText('已登记该笔到位资金。')).toBeVisible();
  await expect(desk.getByTestId('funding').getByTestId('funds-secured')).toHaveText(/榜额已到位/);
  await expect(desk.getByTestId('funding-confirmations')).toContainText('ICBC-2026-0815');
  // the refusal to publish shown before is gone
  await expect(desk.getByText('固定榜额的需求须先确认榜额到位，才能发布。')).toHaveCount(0);
  await fitsThePhone(desk, 'review-funded-zh');
  await desk.goto(`/review/needs/${id}?lang=en`, { waitUntil: 'networkidle' });
  await expect(desk.getByTestId('funding')).toContainText('Funds secured');
  await fitsThePhone(desk, 'review-funded-en');

  // now it publishes
  await desk.goto(`/review/needs/${id}?lang=zh`, { waitUntil: 'networkidle' });
  await desk.getByRole('button', { name: '审核通过并发布' }).click();
  await expect(desk.getByText(/ZB-\d{4}-\d+/).first()).toBeVisible();
  const sqlite = openDatabase();
  const code = (
    sqlite.prepare('SELECT code FROM Challenge WHERE id = ?').get(id) as { code: string }
  ).code;
  sqlite.close();
  expect(code).toMatch(/^ZB-/);
  await reviewer.context.close();

  // the public page, anonymous, in both languages
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await page.goto(`/challenges/${code}?lang=zh`, { waitUntil: 'networkidle' });
  await expect(page.getByTestId('funds-secured')).toHaveText(/榜额已到位/);
  await fitsThePhone(page, 'public-zh');
  await page.goto(`/challenges/${code}?lang=en`, { waitUntil: 'networkidle' });
  await expect(page.getByTestId('funds-secured')).toHaveText(/Funds secured/);
  await fitsThePhone(page, 'public-en');
  await context.close();
});

// Without JavaScript the vetting page's cards post as plain forms to the page's own action: a
// refusal is the page again with the field's error (not the action's JSON), a success the page
// with its notice. The funding card first, then "mark as duplicate" (which returns the need).
test.describe('without JavaScript', () => {
  // axe runs its script in the page, which this context does not allow: the page's look is
  // checked at 375 px (the same page with scripts passes axe in the test above)
  async function fitsThePhoneWithoutScripts(page: Page, name: string) {
    await page.screenshot({ path: `test-results/funding-${name}-375.png`, fullPage: true });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
  }

  test('the funding and duplicate cards show field errors and notices on the page', async ({
    browser,
  }) => {
    const key = `nojs${Date.now().toString(36)}`;
    const title = `耐磨涂层开发（无脚本）${key}`;
    const id = submittedNeed(title, key);
    // signed in with scripts (the second factor), then a context of the same session without
    const signedIn = await signedInPage(browser, REVIEWER, { staff: true });
    const storageState = await signedIn.context.storageState();
    await signedIn.context.close();
    const context = await browser.newContext({ javaScriptEnabled: false, storageState });
    const desk = await context.newPage();
    await desk.setViewportSize(PHONE);
    await desk.goto(`/review/needs/${id}?lang=zh`);
    const heading = desk.getByRole('heading', { name: title });
    await expect(heading).toBeVisible();

    // the receipt without its bank reference: the field's error on the page
    const card = desk.getByTestId('funding');
    const receipt = { name: 'receipt.png', mimeType: 'image/png', buffer: tinyPng() };
    await card.getByLabel('银行回单（PDF 或图片）').setInputFiles(receipt);
    await card.getByRole('button', { name: '确认资金到位' }).click();
    await expect(heading).toBeVisible();
    expect(new URL(desk.url()).pathname).toBe(`/review/needs/${id}`);
    await expect(card.getByLabel('银行流水号')).toHaveAttribute('aria-invalid', 'true');
    await expect(card.getByText('此项为必填项。')).toBeVisible();
    // the decision form does not take the card's answer
    await expect(desk.getByText('此项为必填项。')).toHaveCount(1);
    await fitsThePhoneWithoutScripts(desk, 'review-nojs-refused-zh');

    // with both: recorded, back on the page with the notice
    await card.getByLabel('银行回单（PDF 或图片）').setInputFiles(receipt);
    await card.getByLabel('银行流水号').fill('ICBC-2026-NOJS');
    await card.getByRole('button', { name: '确认资金到位' }).click();
    await expect(desk.getByText('已登记该笔到位资金。')).toBeVisible();
    expect(new URL(desk.url()).pathname).toBe(`/review/needs/${id}`);
    await expect(desk.getByTestId('funding-confirmations')).toContainText('ICBC-2026-NOJS');

    // "mark as duplicate": an unknown reference refused on its field, then an earlier one
    const duplicateOf = desk.getByLabel('所重复的已有需求编号');
    await duplicateOf.fill('N-2099-999');
    await desk.getByRole('button', { name: '标记为重复并退回' }).click();
    await expect(heading).toBeVisible();
    await expect(desk.getByText('没有这个编号的需求。')).toBeVisible();
    await expect(desk.getByLabel('所重复的已有需求编号')).toHaveAttribute('aria-invalid', 'true');
    await expect(desk.getByLabel('所重复的已有需求编号')).toHaveValue('N-2099-999');
    await desk.getByLabel('所重复的已有需求编号').fill('ZB-2021-039');
    await desk.getByRole('button', { name: '标记为重复并退回' }).click();
    await expect(desk.getByText('已退回企业修改')).toBeVisible();
    await expect(desk.getByTestId('duplicate-of')).toContainText('ZB-2021-039');
    await fitsThePhoneWithoutScripts(desk, 'review-nojs-returned-zh');
    await context.close();
  });
});
