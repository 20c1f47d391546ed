import { expect, test, type Page } from '@playwright/test';
import { asPublic, expectNoAxeViolations, openDatabase, signedInPage } from './helpers';

// The bureau's own controls on a challenge: closing applications before the deadline (with a
// reason, from the staff challenge desk) and answering a clarification question in the
// bureau's name (on the public challenge page).
//
// Both need a challenge that is still open, and every deadline of the seeded 2021 programme
// has passed. So, as e2e/questions.spec.ts does, this spec opens two seeded challenges in the
// browser tests' own throwaway database (scripts/e2e-server.mjs) and puts them back as they
// were when it ends: ZB-2021-034 (enterprise 博光光电, demo account li.xiaomei) is closed
// early, ZB-2021-036 gets a bureau answer.

const CLOSE_CODE = 'ZB-2021-034';
const ANSWER_CODE = 'ZB-2021-036';
const TEAM = 'qinxm@sdut.example';
const ENTERPRISE = 'li.xiaomei@boguang-opto.example';
const REVIEWER = 'reviewer@kjj.zibo.example';
const ADMIN = 'admin@kjj.zibo.example';
const stamp = Date.now().toString(36);
const REASON = `企业已确认首批申报方案可覆盖全部考核指标，为尽早启动评审提前截止。（${stamp}）`;
const QUESTION = `揭榜团队能否使用企业现有的储能变流器样机开展试验？（${stamp}）`;
const ANSWER = '可以。样机借用由企业与团队在合同中约定，科技局不另行审批。';

type Saved = {
  code: string;
  status: string;
  applicationDeadline: string;
  closedAt: string | null;
  closedReason: string | null;
};
let saved: Saved[] = [];

test.beforeAll(() => {
  const sqlite = openDatabase();
  try {
    const read = sqlite.prepare(
      'SELECT code, status, applicationDeadline, closedAt, closedReason FROM Challenge WHERE code = ?',
    );
    saved = [CLOSE_CODE, ANSWER_CODE].map((code) => read.get(code) as Saved);
    sqlite
      .prepare('UPDATE Challenge SET applicationDeadline = ? WHERE code IN (?, ?)')
      .run('2099-12-30T16:00:00.000+00:00', CLOSE_CODE, ANSWER_CODE);
  } finally {
    sqlite.close();
  }
});

test.afterAll(() => {
  const sqlite = openDatabase();
  try {
    const put = sqlite.prepare(
      'UPDATE Challenge SET status = ?, applicationDeadline = ?, closedAt = ?, closedReason = ? WHERE code = ?',
    );
    for (const s of saved)
      put.run(s.status, s.applicationDeadline, s.closedAt, s.closedReason, s.code);
  } finally {
    sqlite.close();
  }
});

test('a reviewer closes applications early with a reason; applicants and the enterprise are told', async ({
  browser,
}) => {
  // a team applies while the challenge is open
  const { context: teamContext, page: team } = await signedInPage(browser, TEAM);
  await team.goto(`/apply/${CLOSE_CODE}`);
  await team
    .getByLabel('攻关方案')
    .fill('采用深度学习与多角度结构光照明相结合的方案，识别划痕、麻点与崩边三类缺陷。');
  await team
    .getByLabel('进度安排')
    .fill('第1—4个月完成光学方案；第5—9个月完成算法与样机；第10—12个月产线验证。');
  await team.getByLabel('项目预算（万元）').fill('420');
  await team.getByRole('button', { name: '提交申请' }).click();
  await expect(team.getByTestId('application-status')).toHaveText('已提交');

  // the reviewer closes it from the challenge desk
  const { context: staffContext, page: staff } = await signedInPage(browser, REVIEWER, {
    staff: true,
  });
  await staff.goto(`/review/challenges/${CLOSE_CODE}`);
  const form = staff.locator('form').filter({ has: staff.getByLabel('提前截止的原因') });
  await expect(staff.getByRole('heading', { name: '提前截止揭榜' })).toBeVisible();
  // a reason is required: refused before anything is sent
  await form.getByRole('button', { name: '提前截止揭榜' }).click();
  await expect(form.getByText('此项为必填项。')).toBeVisible();
  await expectNoAxeViolations(staff);
  await staff.getByLabel('提前截止的原因').fill(REASON);
  await form.getByRole('button', { name: '提前截止揭榜' }).click();
  await expect(staff.getByRole('status')).toHaveText(
    `榜单 ${CLOSE_CODE} 已提前截止揭榜，已通知发榜企业和申请团队。`,
  );
  await expect(staff).toHaveURL(
    new RegExp(`/review/challenges/${CLOSE_CODE}\\?done=closedEarly&code=${CLOSE_CODE}$`),
  );
  await expect(staff.getByTestId('closed-early')).toContainText(REASON);
  // closed now: no second close, and expert review can start
  await expect(staff.getByLabel('提前截止的原因')).toHaveCount(0);
  await expect(staff.getByRole('heading', { name: '评审专家' })).toBeVisible();
  await expect(staff.getByTestId('ranking-row')).toHaveCount(1);
  await expectNoAxeViolations(staff);

  // the public page says so, with the reason, in both languages
  await asPublic(browser, `/challenges/${CLOSE_CODE}`, async (page) => {
    await expect(page.getByTestId('closed-early')).toContainText('科技局已于');
    await expect(page.getByTestId('closed-early')).toContainText('提前截止揭榜');
    await expect(page.getByTestId('closed-early')).toContainText(REASON);
    await expect(page.getByTestId('apply-link')).toHaveCount(0);
    await expectNoAxeViolations(page);
  });
  await asPublic(browser, `/challenges/${CLOSE_CODE}?lang=en`, async (page) => {
    await expect(page.getByTestId('closed-early')).toContainText(
      'The bureau closed applications early on',
    );
  });

  // the applicant is told, and can no longer apply
  await team.goto('/notifications');
  await expect(
    team
      .getByText(`榜单 ${CLOSE_CODE}“光学镜片表面缺陷自动检测系统”已由科技局提前截止揭榜`)
      .first(),
  ).toBeVisible();
  await team.goto(`/challenges/${CLOSE_CODE}`);
  await expect(team.getByText('该榜单已截止揭榜。')).toBeVisible();
  await expect(team.getByTestId('apply-link')).toHaveCount(0);

  // so is the enterprise
  const { context: enterpriseContext, page: enterprise } = await signedInPage(browser, ENTERPRISE);
  await enterprise.goto('/notifications');
  await expect(enterprise.getByText(REASON, { exact: false }).first()).toBeVisible();

  await Promise.all([teamContext.close(), staffContext.close(), enterpriseContext.close()]);
});

test('bureau staff answer a question; the answer is shown as the bureau’s', async ({ browser }) => {
  const section = (page: Page) => page.locator('#questions');
  const ours = (page: Page) => section(page).getByTestId('question').filter({ hasText: QUESTION });

  const { context: teamContext, page: team } = await signedInPage(browser, TEAM);
  await team.goto(`/challenges/${ANSWER_CODE}`);
  await team.getByLabel('问题内容').fill(QUESTION);
  await team.getByRole('button', { name: '提交问题' }).click();
  await expect(ours(team)).toContainText('待答复');

  const { context: staffContext, page: staff } = await signedInPage(browser, ADMIN, {
    staff: true,
  });
  await staff.goto(`/challenges/${ANSWER_CODE}`);
  const question = ours(staff);
  await expect(question).toContainText('提问团队：');
  // an empty answer is refused before anything is sent
  await question.getByRole('button', { name: '提交答复' }).click();
  await expect(question.getByText('此项为必填项。')).toBeVisible();
  await question.getByLabel('以科技局名义答复').fill(ANSWER);
  await question.getByRole('button', { name: '提交答复' }).click();
  await expect(section(staff).getByRole('status')).toHaveText('答复已公开，提问团队已收到通知。');
  await expect(ours(staff).getByTestId('bureau-answer')).toContainText('科技局答复');
  await expect(ours(staff).getByTestId('bureau-answer')).toContainText(ANSWER);
  await expectNoAxeViolations(staff);

  // public, as the bureau's, in both languages
  await asPublic(browser, `/challenges/${ANSWER_CODE}`, async (page) => {
    const q = ours(page);
    await expect(q.getByTestId('bureau-answer')).toContainText('科技局答复');
    await expect(q.getByTestId('bureau-answer')).toContainText(ANSWER);
    await expect(q.getByRole('button')).toHaveCount(0);
    await expectNoAxeViolations(page);
  });
  await asPublic(browser, `/challenges/${ANSWER_CODE}?lang=en`, async (page) => {
    await expect(ours(page).getByTestId('bureau-answer')).toContainText('Answer from the bureau');
  });

  // the asking team is told, as when the enterprise answers
  await team.goto('/notifications');
  await expect(
    team.getByText(`您在榜单 ${ANSWER_CODE} 提出的问题已有答复。`).first(),
  ).toBeVisible();
  await team.goto(`/challenges/${ANSWER_CODE}`);
  await expect(ours(team).getByTestId('bureau-answer')).toContainText(ANSWER);

  await Promise.all([teamContext.close(), staffContext.close()]);
});
