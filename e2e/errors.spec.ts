// Refused and unknown pages answer in the visitor's language, with the right status and
// <html lang>, and say what happened: "not found" or "no permission", not "server error".
import { expect, test, type APIRequestContext } from '@playwright/test';
import { signInAs } from './route-list';

const TEXT = {
  zh: { lang: 'zh-CN', notFound: '页面不存在', forbidden: '没有权限', server: '出错了' },
  en: {
    lang: 'en',
    notFound: 'Page not found',
    forbidden: 'No permission',
    server: 'Something went wrong',
  },
} as const;

async function expectErrorPage(
  request: APIRequestContext,
  url: string,
  status: 403 | 404,
  lang: 'zh' | 'en',
  headers?: Record<string, string>,
) {
  const response = await request.get(url, { headers, maxRedirects: 0 });
  expect(response.status(), url).toBe(status);
  const html = await response.text();
  const text = TEXT[lang];
  // the page's language, whatever else the element carries (the catalogue parts it loaded)
  expect(/<html lang="([^"]+)"/.exec(html)?.[1], url).toBe(text.lang);
  expect(html, url).toContain(status === 404 ? text.notFound : text.forbidden);
  expect(html, url).not.toContain(text.server);
  // the other language's words are nowhere in the page's heading
  const other = TEXT[lang === 'zh' ? 'en' : 'zh'];
  expect(html, url).not.toContain(status === 404 ? other.notFound : other.forbidden);
}

test.describe('unknown addresses', () => {
  test('answer 404 in Chinese by default and in English when asked, by ?lang or cookie', async ({
    request,
  }) => {
    await expectErrorPage(request, '/no-such-page', 404, 'zh');
    await expectErrorPage(request, '/no-such-page?lang=en', 404, 'en');
    await expectErrorPage(request, '/challenges/ZB-1999-999?lang=en', 404, 'en');
    await expectErrorPage(request, '/deeply/nested/unknown', 404, 'en', { Cookie: 'lang=en' });
    await expectErrorPage(request, '/deeply/nested/unknown?lang=zh', 404, 'zh', {
      Cookie: 'lang=en',
    });
  });

  test('stay in English once the page is live in the browser', async ({ page }) => {
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !/404/.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    const response = await page.goto('/no-such-page?lang=en', { waitUntil: 'networkidle' });
    expect(response?.status()).toBe(404);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    await expect(page.getByRole('link', { name: 'Back to the home page' })).toBeVisible();
    expect(problems).toEqual([]);
  });
});

test.describe('pages of another role', () => {
  test('a team member gets "no permission" for the bureau desk, in both languages', async ({
    page,
  }) => {
    await signInAs(page, 'team');
    await expectErrorPage(page.request, '/review', 403, 'zh');
    await expectErrorPage(page.request, '/review/needs', 403, 'zh');
    await expectErrorPage(page.request, '/admin/users?lang=en', 403, 'en');
    // a page without a layout of its own: the enterprise's needs
    await expectErrorPage(page.request, '/needs?lang=en', 403, 'en');
  });

  test('a reviewer gets "no permission" for the admin pages and "not found" inside the desk', async ({
    page,
  }) => {
    await signInAs(page, 'reviewer');
    await expectErrorPage(page.request, '/admin', 403, 'zh');
    await expectErrorPage(page.request, '/admin/audit?lang=en', 403, 'en');
    await expectErrorPage(page.request, '/review/needs/no-such-need', 404, 'en');
    await expectErrorPage(page.request, '/review/needs/no-such-need?lang=zh', 404, 'zh');
    // the rest of the site is still there around the message
    await page.goto('/admin?lang=en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('No permission');
    await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
  });
});
