import { expect, test, type Page } from '@playwright/test';
import { asPublic, expectNoAxeViolations, openDatabase, signedInPage, signIn } from './helpers';

// Clarification questions: a team asks on an open challenge it finds in the catalogue, the
// enterprise answers, the public sees the answer, the bureau hides the question.
//
// Questions are taken only while a challenge is open for applications, and every deadline of
// the seeded 2021 programme has passed. So this spec opens one seeded challenge itself, in the
// browser tests' own throwaway database (scripts/e2e-server.mjs): ZB-2021-008 (published,
// enterprise 泰川矿业) gets a deadline in 2099, and its real deadline back when the spec ends.

const CODE = 'ZB-2021-008';
const TITLE = '煤矿带式输送机智能巡检机器人';
const TEAM = 'mengqf@sdust.example';
const ENTERPRISE = 'zhang.mingyuan@taichuan-mining.example';
const REVIEWER = 'reviewer@kjj.zibo.example';
const QUESTION = `巡检机器人需在多长的输送机巷道内连续运行？请说明单次巡检距离。(${Date.now().toString(36)})`;
const ANSWER = '单条巷道约3.2公里，要求单次往返巡检不充电。';

let originalDeadline: string;

test.beforeAll(() => {
  const sqlite = openDatabase();
  try {
    const row = sqlite
      .prepare('SELECT applicationDeadline FROM Challenge WHERE code = ?')
      .get(CODE) as {
      applicationDeadline: string;
    };
    originalDeadline = row.applicationDeadline;
    sqlite
      .prepare('UPDATE Challenge SET applicationDeadline = ? WHERE code = ?')
      .run('2099-12-30T16:00:00.000+00:00', CODE);
  } finally {
    sqlite.close();
  }
});

test.afterAll(() => {
  if (!originalDeadline) return;
  const sqlite = openDatabase();
  try {
    sqlite
      .prepare('UPDATE Challenge SET applicationDeadline = ? WHERE code = ?')
      .run(originalDeadline, CODE);
  } finally {
    sqlite.close();
  }
});

const section = (page: Page) => page.locator('#questions');
const ourQuestion = (page: Page) =>
  section(page).getByTestId('question').filter({ hasText: QUESTION });

test('a team asks, the enterprise answers, the public sees it, the bureau hides it', async ({
  browser,
}) => {
  // a team member finds the open challenge in the catalogue and asks
  const { context: teamContext, page: team } = await signedInPage(browser, TEAM);
  await team.goto('/challenges');
  await team.getByRole('searchbox', { name: '搜索榜单' }).fill('巡检机器人');
  await team.getByRole('searchbox', { name: '搜索榜单' }).press('Enter');
  await team.getByRole('link', { name: TITLE, exact: true }).click();
  await expect(team).toHaveURL(new RegExp(`/challenges/${CODE}$`));
  await expect(team.getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await expect(team.getByRole('heading', { name: '澄清问答' })).toBeVisible();

  // an empty question is refused before anything is sent
  await team.getByRole('button', { name: '提交问题' }).click();
  await expect(section(team).getByText('此项为必填项。')).toBeVisible();

  await team.getByLabel('问题内容').fill(QUESTION);
  await team.getByRole('button', { name: '提交问题' }).click();
  await expect(section(team).getByRole('status')).toHaveText(
    '问题已提交，发榜企业答复后将公开显示。',
  );
  // the notice comes back in the address (app/lib/done.ts), which lands on the questions
  await expect(team).toHaveURL(new RegExp(`/challenges/${CODE}\\?done=asked#questions$`));
  await expect(team.getByLabel('问题内容')).toHaveValue('');
  await expect(ourQuestion(team)).toContainText('待答复');
  await expect(ourQuestion(team)).toContainText('本团队的提问');
  await expectNoAxeViolations(team);

  // not public while unanswered
  await asPublic(browser, `/challenges/${CODE}`, async (page) => {
    await expect(page.getByRole('heading', { name: '澄清问答' })).toBeVisible();
    await expect(page.getByText(QUESTION)).toHaveCount(0);
    await expect(section(page).getByText('揭榜团队成员登录后可以提问。')).toBeVisible();
    await expect(page.getByLabel('问题内容')).toHaveCount(0);
  });

  // the enterprise is notified, follows the link and answers
  const { context: enterpriseContext, page: enterprise } = await signedInPage(browser, ENTERPRISE);
  await enterprise.goto('/notifications');
  const asked = enterprise
    .getByRole('listitem')
    .filter({ hasText: `榜单 ${CODE} 收到一个新的澄清问题。` })
    .first();
  await asked.getByRole('link', { name: '查看' }).click();
  await expect(enterprise).toHaveURL(new RegExp(`/challenges/${CODE}#question-`));
  const toAnswer = ourQuestion(enterprise);
  await expect(toAnswer).toContainText('待答复');
  // the enterprise is not told which team asked
  await expect(toAnswer).not.toContainText('提问团队：');
  await toAnswer.getByRole('button', { name: '提交答复' }).click();
  await expect(toAnswer.getByText('此项为必填项。')).toBeVisible();
  await toAnswer.getByLabel('答复内容').fill(ANSWER);
  await toAnswer.getByRole('button', { name: '提交答复' }).click();
  await expect(section(enterprise).getByRole('status')).toHaveText(
    '答复已公开，提问团队已收到通知。',
  );
  await expect(ourQuestion(enterprise)).toContainText(ANSWER);
  await expect(ourQuestion(enterprise)).not.toContainText('待答复');
  await expectNoAxeViolations(enterprise);

  // public now
  await asPublic(browser, `/challenges/${CODE}`, async (page) => {
    await expect(ourQuestion(page)).toContainText(ANSWER);
    await expect(ourQuestion(page).getByRole('button')).toHaveCount(0);
  });

  // the team is told
  await team.goto('/notifications');
  await expect(team.getByText(`您在榜单 ${CODE} 提出的问题已有答复。`).first()).toBeVisible();

  // the bureau hides it
  const { context: staffContext, page: staff } = await signedInPage(browser, REVIEWER, {
    staff: true,
  });
  await staff.goto(`/challenges/${CODE}`);
  await expect(ourQuestion(staff)).toContainText('提问团队：');
  await ourQuestion(staff).getByRole('button', { name: '隐藏问题' }).click();
  await expect(section(staff).getByRole('status')).toHaveText('问题已隐藏，提问团队已收到通知。');
  await expect(ourQuestion(staff)).toContainText('已被科技局隐藏');
  await expect(ourQuestion(staff).getByRole('button', { name: '取消隐藏' })).toBeVisible();
  await expectNoAxeViolations(staff);

  await asPublic(browser, `/challenges/${CODE}`, async (page) => {
    await expect(page.getByText(QUESTION)).toHaveCount(0);
    await expect(page.getByText(ANSWER)).toHaveCount(0);
  });

  // the team is told, and still sees its own question, marked hidden
  await team.goto('/notifications');
  await expect(team.getByText(`您在榜单 ${CODE} 提出的问题已被科技局隐藏。`).first()).toBeVisible();
  await team.goto(`/challenges/${CODE}`);
  await expect(ourQuestion(team)).toContainText('已被科技局隐藏');

  await Promise.all([teamContext.close(), enterpriseContext.close(), staffContext.close()]);
});

test('a closed challenge takes no questions', async ({ page }) => {
  await signIn(page, TEAM);
  await expect(page.getByRole('button', { name: '退出' })).toBeVisible();
  // published in 2021, its deadline long past
  await page.goto('/challenges/ZB-2021-011');
  await expect(section(page).getByText('本榜单已截止揭榜，不再接受新的问题。')).toBeVisible();
  await expect(page.getByLabel('问题内容')).toHaveCount(0);
});
