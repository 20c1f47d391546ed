import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './helpers';

// The public catalogue: search, filters, sort and paging, all carried by the URL.
const searchBox = (page: Page) => page.getByRole('searchbox', { name: '搜索榜单' });
const results = (page: Page) => page.locator('main ul li h3 a');
const status = (page: Page) => page.locator('main [aria-live="polite"]');

async function count(page: Page): Promise<number> {
  const text = (await status(page).textContent()) ?? '';
  return Number(/(\d+)/.exec(text)![1]);
}

test('a Chinese search finds the challenge, and the URL carries it across a reload', async ({
  page,
}) => {
  await page.goto('/challenges');
  await expect(status(page)).toHaveText('共 55 项');
  await searchBox(page).fill('减速器');
  await searchBox(page).press('Enter');
  await expect(page).toHaveURL(/[?&]q=%E5%87%8F%E9%80%9F%E5%99%A8(&|$)/);
  await expect(status(page)).toHaveText('符合条件的榜单 1 项');
  await expect(results(page)).toHaveText(['工业机器人用高精度RV减速器寿命提升']);

  await page.reload();
  await expect(searchBox(page)).toHaveValue('减速器');
  await expect(results(page)).toHaveText(['工业机器人用高精度RV减速器寿命提升']);

  // the link shared with someone else shows the same
  const shared = page.url();
  const other = await page.context().browser()!.newPage();
  await other.goto(shared);
  await expect(other.locator('main ul li h3 a')).toHaveText(['工业机器人用高精度RV减速器寿命提升']);
  await other.close();
});

test('a filter narrows the results and keeps the search', async ({ page }) => {
  await page.goto('/challenges?q=陶瓷');
  const before = await count(page);
  expect(before).toBeGreaterThan(1);
  await page.getByLabel('领域').selectOption('先进陶瓷');
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(page).toHaveURL(/field=/);
  await expect(page).toHaveURL(/q=%E9%99%B6%E7%93%B7/);
  await expect(searchBox(page)).toHaveValue('陶瓷');
  await expect(page.getByLabel('领域')).toHaveValue('先进陶瓷');
  const after = await count(page);
  expect(after).toBeGreaterThan(0);
  expect(after).toBeLessThan(before);
  await expect(results(page)).toHaveCount(after);
  for (const item of await page.locator('main ul li').all()) {
    await expect(item).toContainText('先进陶瓷');
  }
  await expectNoAxeViolations(page);
});

test('fixed bounties, highest first, page on with the state kept', async ({ page }) => {
  await page.goto('/challenges');
  await page.getByLabel('榜额类型').selectOption('fixed');
  await page.getByLabel('排序').selectOption('bounty');
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(status(page)).toHaveText('符合条件的榜单 45 项');
  const firstPage = await results(page).allTextContents();
  await expect(page.locator('main ul li').first()).toContainText('400 万元');
  await page.getByRole('link', { name: '下一页' }).click();
  await expect(page).toHaveURL(/bounty=fixed.*sort=bounty.*after=/);
  await expect(page.getByLabel('排序')).toHaveValue('bounty');
  await expect(results(page).first()).not.toHaveText(firstPage[0]!);
  const secondPage = await results(page).allTextContents();
  expect(secondPage.filter((t) => firstPage.includes(t))).toEqual([]);
  await page.getByRole('link', { name: '第一页' }).click();
  await expect(page).not.toHaveURL(/after=/);
  await expect(results(page)).toHaveText(firstPage);
});

test('a search nothing matches says so and offers to clear the filters', async ({ page }) => {
  await page.goto('/challenges?q=量子引力波望远镜&field=氢能');
  await expect(page.getByRole('heading', { name: '没有符合条件的榜单' })).toBeVisible();
  await expect(status(page)).toHaveText('符合条件的榜单 0 项');
  await expect(page.locator('main ul li')).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: '清除全部条件' }).last().click();
  await expect(page).toHaveURL(/\/challenges$/);
  await expect(status(page)).toHaveText('共 55 项');
  await expect(searchBox(page)).toHaveValue('');
});

test('the language switch keeps the search and the filters', async ({ page }) => {
  await page.goto('/challenges?q=减速器&bounty=fixed');
  await page.getByRole('link', { name: /English/ }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page).toHaveURL(/q=%E5%87%8F%E9%80%9F%E5%99%A8/);
  await expect(page).toHaveURL(/bounty=fixed/);
  await expect(page.getByRole('searchbox', { name: 'Search challenges' })).toHaveValue('减速器');
  await expect(page.locator('main [aria-live="polite"]')).toHaveText('Matching challenges: 1');
  await expect(results(page)).toHaveText([
    'Life extension of high-precision RV reducers for industrial robots',
  ]);
  await expectNoAxeViolations(page);
  // an English word finds it too
  await page.getByRole('searchbox', { name: 'Search challenges' }).fill('REDUCERS');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/q=REDUCERS/);
  await expect(results(page)).toHaveCount(1);
});

test('invalid values in the URL give the plain catalogue, not an error', async ({ page }) => {
  const response = await page.goto(
    '/challenges?field=x&bounty=y&min=-1&max=abc&state=z&event=nope&sort=w&after=%25%25',
  );
  expect(response?.status()).toBe(200);
  // the public pages' policy (revalidated, never in a shared cache: the HTML carries a nonce),
  // not the no-store of an error or a signed-in page
  expect(response?.headers()['cache-control']).toBe('private, no-cache');
  await expect(status(page)).toHaveText('共 55 项');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the search form is a plain GET form', async ({ page }) => {
    await page.goto('/challenges');
    await searchBox(page).fill('减速器');
    await page.getByLabel('揭榜状态').selectOption('closed');
    await page.getByRole('button', { name: '搜索' }).click();
    await expect(page).toHaveURL(/q=%E5%87%8F%E9%80%9F%E5%99%A8/);
    await expect(page).toHaveURL(/state=closed/);
    await expect(results(page)).toHaveText(['工业机器人用高精度RV减速器寿命提升']);
  });
});
