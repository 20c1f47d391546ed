import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, signInStaff } from './helpers';

type Figures = { matchingEvents: { count: number }; teamsMatched: number; computedAt?: string };

/** The figures of /stats.json, without the time they were computed at. */
async function figures(page: Page): Promise<Figures> {
  const response = await page.request.get('/stats.json');
  expect(response.ok()).toBe(true);
  const { computedAt: _at, ...rest } = (await response.json()) as Figures;
  return rest;
}

const figure = (page: Page, id: string) => page.locator(`[data-figure="${id}"] dd`);

test('a reviewer holds a matching event: the public pages and the statistics follow', async ({
  page,
}) => {
  const before = await figures(page);
  await signInStaff(page, 'reviewer@kjj.zibo.example');

  // create the event; a bad address is refused beside its field first
  await page.goto('/review/events');
  await expect(page.getByRole('heading', { name: '揭榜活动管理' })).toBeVisible();
  const name = `2022年电子信息第二场揭榜活动 ${Date.now().toString(36)}`;
  await page.getByLabel('活动名称').fill(name);
  await page.getByLabel('产业领域').selectOption('电子信息');
  await page.getByLabel('活动日期').fill('2022-09-15');
  await page.getByLabel('活动地点').fill('淄博市高新区创业火炬广场');
  await page.getByLabel('活动简介').fill('集中发布集成电路与工业软件方向榜单，学者团队现场对接。');
  await page.getByLabel('网址标识（可选）').fill('Bad Slug!');
  await page.getByRole('button', { name: '创建活动' }).click();
  await expect(page.getByText('网址标识只能包含小写字母')).toBeVisible();
  await expect(page).toHaveURL(/\/review\/events$/);
  await page.getByLabel('网址标识（可选）').fill('');
  await page.getByRole('button', { name: '创建活动' }).click();
  await expect(page).toHaveURL(/\/review\/events\/2022-09-15-[a-z2-9]{6}\?done=created$/);
  await expect(page.getByText('活动已创建。')).toBeVisible();
  const slug = new URL(page.url()).pathname.split('/').pop()!;

  // attach the first published electronics challenge offered
  const add = page.getByTestId('candidate-challenges').getByRole('button').first();
  const code = (await add.getAttribute('aria-label'))!.replace('加入榜单 ', '');
  expect(code).toMatch(/^ZB-\d{4}-\d{3}$/);
  await add.click();
  await expect(page.getByText(`已加入榜单 ${code}。`)).toBeVisible();
  await expect(page.getByTestId('attached-challenges')).toContainText(code);

  // record a match with a registered team never matched before
  await page.getByRole('searchbox', { name: '搜索团队' }).fill('工业互联网与大数据');
  await page.getByRole('button', { name: '搜索团队' }).click();
  const team = page.getByTestId('team-results').getByRole('radio');
  await expect(team).toHaveCount(1);
  await expect(team).toBeChecked();
  await page.getByLabel('对接榜单').selectOption({ index: 1 });
  await expect(page.getByLabel('对接日期')).toHaveValue('2022-09-15');
  await page.getByLabel('备注（可选）').fill('现场介绍工业互联网平台方案，约定赴企业调研。');
  await page.getByRole('button', { name: '登记对接' }).click();
  await expect(page.getByText('对接记录已登记。')).toBeVisible();
  await expect(page.getByTestId('event-matches')).toContainText('工业互联网与大数据团队');

  await expectNoAxeViolations(page);

  // the public pages show it
  await page.goto('/events');
  await page.getByRole('link', { name }).click();
  await expect(page).toHaveURL(new RegExp(`/events/${slug}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(page.getByRole('link', { name: new RegExp(code) }).first()).toBeVisible();
  await expect(page.locator('tbody')).toContainText('工业互联网与大数据团队');

  // and the statistics count the event and the newly matched team
  await page.goto('/stats');
  await expect(figure(page, 'eventsHeld')).toContainText(`${before.matchingEvents.count + 1} 场`);
  await expect(figure(page, 'eventsHeld')).toContainText('、电子信息)');
  await expect(figure(page, 'teamsMatched')).toHaveText(`${before.teamsMatched + 1} 个`);

  // clean up through the desk (remove the match, delete the event): the programme's figures
  // are as they were for the specs that check the seeded programme
  await page.goto(`/review/events/${slug}`);
  await page.getByRole('button', { name: /^删除 工业互联网与大数据团队 与 ZB-/ }).click();
  await expect(page.getByText('对接记录已删除。')).toBeVisible();
  await page.getByLabel('我确认删除这个活动').check();
  await page.getByRole('button', { name: '删除活动' }).click();
  await expect(page).toHaveURL(/\/review\/events\?done=deleted$/);
  await expect(page.getByText('活动已删除。')).toBeVisible();
  expect(await figures(page)).toEqual(before);
});
