// A page's script carries its own language's catalogue only: a Chinese visitor downloads no
// English strings, nor the reverse; switching language fetches the other catalogue then, and
// the page hydrates without a word from React (docs/decisions/020-performance.md).
import { expect, test, type Page } from '@playwright/test';

// app.skip of each catalogue: in the catalogue's own chunk and nowhere else
const WORD = { zh: '跳到正文', en: 'Skip to content' };

/** The scripts the page fetched, with their text, and what the console said. */
function watch(page: Page) {
  const scripts = new Map<string, Promise<string>>();
  const said: string[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') {
      scripts.set(new URL(response.url()).pathname, response.text());
    }
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') said.push(m.text());
  });
  page.on('pageerror', (error) => said.push(String(error)));
  const holding = async (text: string) => {
    const found: string[] = [];
    for (const [path, body] of scripts) if ((await body).includes(text)) found.push(path);
    return found;
  };
  return { holding, said };
}

for (const [lang, other] of [
  ['zh', 'en'],
  ['en', 'zh'],
] as const) {
  test(`the page in ${lang} fetches the ${lang} catalogue only`, async ({ page }) => {
    const { holding, said } = watch(page);
    const response = await page.goto(lang === 'en' ? '/stats?lang=en' : '/stats', {
      waitUntil: 'networkidle',
    });
    const mine = await holding(WORD[lang]);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatch(new RegExp(`^/assets/${lang}-[\\w-]+\\.js$`));
    // fetched with the page's other scripts, not after them
    expect(response?.headers()['link']).toBe(`<${mine[0]}>; rel=modulepreload`);
    expect(await holding(WORD[other])).toEqual([]);
    expect(said).toEqual([]);
  });
}

test('switching language fetches the other catalogue, and the page stays live', async ({
  page,
}) => {
  const { holding, said } = watch(page);
  const documents: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'document') documents.push(r.url());
  });
  // the page's scripts have run: the clicks below are the browser's, not new documents
  await page.goto('/stats', { waitUntil: 'networkidle' });
  expect(await holding(WORD.en)).toEqual([]);

  await page.getByRole('link', { name: /English/ }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Programme statistics');
  await expect(page).toHaveTitle(/Jiebang$/);
  expect(await holding(WORD.en)).toHaveLength(1);

  await page.getByRole('navigation').getByRole('link', { name: 'Challenges' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Challenges');
  await page.getByRole('link', { name: /中文/ }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('榜单');
  // all of it in the browser: one document, the first
  expect(documents).toHaveLength(1);
  expect(said).toEqual([]);
});
