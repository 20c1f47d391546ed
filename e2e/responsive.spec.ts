// Every page of every role, on a phone (375 × 800) and a laptop (1366 × 800), in both languages:
// nothing scrolls sideways, and axe finds nothing. One sign-in per role; the page is reused and
// only resized, so a role's whole list takes one test.
import { expect, test, type Page } from '@playwright/test';
import { axeViolations } from './helpers';
import { ROLES, routesFor, signInAs } from './route-list';

const PHONE = { width: 375, height: 800 };
const LAPTOP = { width: 1366, height: 800 };

async function sidewaysOverflow(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scroll = document.documentElement.scrollWidth;
    if (scroll <= width) return null;
    // name the widest offender, to make a failure easy to act on
    let culprit = '';
    let right = width;
    for (const el of document.body.querySelectorAll<HTMLElement>('*')) {
      const r = el.getBoundingClientRect().right;
      if (r > right) {
        right = r;
        culprit = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].slice(0, 4).join('.')}`;
      }
    }
    return `${scroll}px wide (widest: ${culprit}, ${Math.round(right)}px)`;
  });
}

async function axeFindings(page: Page) {
  const violations = await axeViolations(page);
  return violations.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes[0]?.target}`);
}

for (const role of ROLES) {
  test(`${role}: every page fits a phone and a laptop, in Chinese and English, and passes axe`, async ({
    page,
  }) => {
    const routes = routesFor(role);
    test.setTimeout(30_000 + routes.length * 2 * 6_000);
    await page.setViewportSize(LAPTOP);
    await signInAs(page, role);
    for (const lang of ['zh', 'en'] as const) {
      // the choice is remembered in a cookie, so the plain URLs below keep the language
      await page.goto(`/?lang=${lang}`);
      for (const { path } of routes) {
        await page.setViewportSize(LAPTOP);
        const response = await page.goto(path, { waitUntil: 'load' });
        expect.soft(response?.status(), `${lang} ${path}`).toBeLessThan(500);
        await expect(page.locator('html')).toHaveAttribute('lang', lang === 'zh' ? 'zh-CN' : 'en');
        for (const size of [LAPTOP, PHONE]) {
          await page.setViewportSize(size);
          const where = `${lang} ${path} at ${size.width}px`;
          expect.soft(await sidewaysOverflow(page), where).toBeNull();
          // axe once per size in Chinese (the default); English adds the width check only,
          // as its markup is the same and the sweep stays within a few minutes
          if (lang === 'zh') expect.soft(await axeFindings(page), where).toEqual([]);
        }
      }
    }
  });
}

test.describe('the header on a phone', () => {
  test.use({ viewport: PHONE });

  test('is one row, with a menu button that opens and closes the links', async ({ page }) => {
    // the button works once the page's scripts run
    await page.goto('/', { waitUntil: 'networkidle' });
    const header = page.locator('header');
    expect((await header.boundingBox())!.height).toBeLessThan(70);
    const links = page.getByRole('navigation', { name: '主导航' });
    await expect(links).toBeHidden();
    const button = page.getByRole('button', { name: '菜单' });
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    const panel = page.locator(`#${await button.getAttribute('aria-controls')}`);
    await button.click();
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    await expect(panel).toBeVisible();
    await expect(links.getByRole('link', { name: '榜单', exact: true })).toBeVisible();
    await expect(page.getByRole('link', { name: '登录', exact: true })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await expect(panel).toBeHidden();
    // following a link closes the menu again
    await button.click();
    await links.getByRole('link', { name: '统计' }).click();
    await expect(page).toHaveURL(/\/stats$/);
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await expect(links).toBeHidden();
  });

  test('shows every link without scripts, and no dead button', async ({ browser }) => {
    const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.getByRole('link', { name: '榜单', exact: true })).toBeVisible();
    await expect(page.getByRole('link', { name: '登录', exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: '菜单' })).toBeHidden();
    await context.close();
  });

  test('stays a row of links on a laptop, with no menu button', async ({ page }) => {
    await page.setViewportSize(LAPTOP);
    await page.goto('/');
    await expect(page.getByRole('button', { name: '菜单' })).toBeHidden();
    await expect(page.getByRole('link', { name: '榜单', exact: true })).toBeVisible();
    expect((await page.locator('header').boundingBox())!.height).toBeLessThan(70);
  });
});

test('the catalogue filters fit inside their card on a phone', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await page.goto('/challenges');
  const form = page.getByRole('search');
  const box = (await form.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
  const controls = form.locator('input, select, button');
  expect(await controls.count()).toBeGreaterThan(5);
  for (const control of await controls.all()) {
    if (!(await control.isVisible())) continue;
    const b = (await control.boundingBox())!;
    expect(b.x + b.width, (await control.getAttribute('name')) ?? 'button').toBeLessThanOrEqual(
      box.x + box.width,
    );
  }
});

test('the axe scan finds what it is there to find', async ({ page }) => {
  // a page of its own, so that no hydration can take the faults away before the scan: an
  // image without a text alternative and a field without a label
  await page.setContent(
    '<!doctype html><html lang="zh-CN"><head><title>axe</title></head><body><main>' +
      '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input></main></body></html>',
  );
  const found = (await axeViolations(page)).map((v) => v.id);
  expect(found).toEqual(expect.arrayContaining(['image-alt', 'label']));
});
