import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, inDays, signIn, signInStaff, leave, tinyPng } from './helpers';

// Applications (揭榜): an enterprise's need is published through the UI (every seeded deadline
// is in 2021), a team applies to it with an open bounty's requested amount, sees it in its
// list; the enterprise sees it under its need; another team gets 404; the team withdraws.

const ENTERPRISE = 'sun.hao@luqing-chem.example';
const REVIEWER = 'reviewer@kjj.zibo.example';
const TEAM = 'guanzc@qdu.example';
const TEAM_NAME = '工业智能与数据分析团队';
const OTHER_TEAM = 'kenji.takahashi@tohoku.example';

/** Publishes a new open-bounty need through the enterprise's and the reviewer's pages. */
async function publishOpenChallenge(page: Page, title: string) {
  await signIn(page, ENTERPRISE);
  await page.goto('/needs/new');
  await page.getByLabel('需求名称').fill(title);
  await page.getByLabel('所属领域').selectOption('绿色化工');
  await page
    .getByLabel('需求背景')
    .fill('现有催化剂在连续运行300小时后活性明显下降，需频繁停车更换。');
  await page.getByLabel('指标 1').fill('连续运行1000小时活性衰减≤10%');
  await page.getByLabel('不限定榜额').check();
  await page.getByLabel('揭榜截止日期').fill(inDays(30));
  await page.getByLabel('实施周期（月）').fill('18');
  await page.getByLabel('联系人').fill('孙工');
  await page.getByLabel('联系电话').fill('0533-7654321');
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(page.getByText('草稿已保存')).toBeVisible();
  const needUrl = page.url().replace(/\?.*$/, '');
  await page.getByRole('button', { name: '提交审核' }).click();
  await expect(page.getByText('需求已提交，等待科技局审核')).toBeVisible();
  await leave(page);

  await signInStaff(page, REVIEWER);
  await page.goto('/review/needs');
  await page.getByRole('link', { name: title }).click();
  await page.getByRole('button', { name: '审核通过并发布' }).click();
  const notice = page.getByText(/已发布，榜单编号 ZB-\d{4}-\d{3}/);
  await expect(notice).toBeVisible();
  const code = /ZB-\d{4}-\d{3}/.exec((await notice.textContent()) ?? '')![0];
  await leave(page);
  return { code, needUrl };
}

test('a team applies to a freshly published challenge, the enterprise sees it, the team withdraws', async ({
  page,
}) => {
  const title = `裂解尾气催化剂长周期稳定性 ${Date.now().toString(36)}`;
  const { code, needUrl } = await publishOpenChallenge(page, title);

  // the team opens the form: its institution and roster are filled in from its registration
  await signIn(page, TEAM);
  await page.goto(`/apply/${code}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
  await expect(page.getByLabel('所属单位（高校、院所或企业）')).toHaveValue('青岛大学');
  await expect(page.getByLabel('成员 1 姓名')).toHaveValue('林雪');
  await expectNoAxeViolations(page);

  // an incomplete form is refused with field errors, nothing is sent
  await page.getByRole('button', { name: '提交申请' }).click();
  await expect(page.getByText('此项为必填项').first()).toBeVisible();
  await expect(page.getByText('不限定榜额的榜单须填写申请金额')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/apply/${code}$`));

  await page
    .getByLabel('攻关方案')
    .fill('以稀土改性分子筛为载体，提高活性组分分散度，并引入在线再生工艺延长运行周期。');
  await page
    .getByLabel('进度安排')
    .fill('第1—6个月完成催化剂配方筛选；第7—12个月中试；第13—18个月工业侧线试验。');
  await page.getByLabel('项目预算（万元）').fill('320');
  await page.getByLabel('申请金额（万元）').fill('180');
  await page.getByRole('button', { name: '增加成员' }).click();
  await page.getByLabel('成员 4 姓名').fill('管志成');
  await page.getByLabel('成员 4 分工').fill('项目负责人');
  await page.getByLabel('成员 4 职称（可选）').fill('教授');
  await page.getByRole('button', { name: '提交申请' }).click();
  await expect(page.getByText('申请已提交，发榜企业和科技局可以查看。')).toBeVisible();
  await expect(page.getByTestId('application-status')).toHaveText('已提交');
  const applicationUrl = page.url().replace(/\?.*$/, '');
  expect(applicationUrl).toMatch(/\/applications\/[^/]+$/);

  // until the deadline it can still take attachments
  await page.getByLabel('选择文件').setInputFiles({
    name: '技术路线图.png',
    mimeType: 'image/png',
    buffer: tinyPng(),
  });
  await page.getByRole('button', { name: '上传' }).click();
  await expect(page.getByText('附件已上传。')).toBeVisible();
  await expect(page.getByRole('link', { name: '技术路线图.png' })).toBeVisible();
  await expectNoAxeViolations(page);

  // a second visit to the form leads to the application
  await page.goto(`/apply/${code}`);
  await expect(page).toHaveURL(applicationUrl);

  // and it is in the team's list
  await page.goto('/applications');
  const row = page.getByTestId('application-row').filter({ hasText: title });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('application-status')).toHaveText('已提交');
  await leave(page);

  // the enterprise sees it under its need
  await signIn(page, ENTERPRISE);
  await page.goto(`${needUrl}/applications`);
  const received = page.getByTestId('received-application');
  await expect(received).toHaveCount(1);
  await expect(received).toContainText('青岛大学');
  await expect(received).toContainText('180 万元');
  await expectNoAxeViolations(page);
  await received.getByRole('link', { name: TEAM_NAME }).click();
  await expect(page.getByTestId('approach')).toContainText('稀土改性分子筛');
  await expect(page.getByRole('cell', { name: '管志成' })).toBeVisible();
  await expect(page.getByRole('button', { name: '撤回申请' })).toHaveCount(0);
  await leave(page);

  // another team cannot open it: it does not exist for them
  await signIn(page, OTHER_TEAM);
  const response = await page.goto(applicationUrl);
  expect(response?.status()).toBe(404);
  await page.goto('/applications');
  await expect(page.getByText(title)).toHaveCount(0);
  await leave(page);

  // the team withdraws; the enterprise's list shows it withdrawn; the team may apply again
  await signIn(page, TEAM);
  await page.goto(applicationUrl);
  await page.getByRole('button', { name: '撤回申请' }).click();
  await expect(page.getByText('申请已撤回。')).toBeVisible();
  await expect(page.getByTestId('application-status')).toHaveText('已撤回');
  await expect(page.getByRole('button', { name: '撤回申请' })).toHaveCount(0);
  await page.goto(`/apply/${code}`);
  await expect(page.getByRole('button', { name: '保存草稿' })).toBeVisible();
  await leave(page);

  await signIn(page, ENTERPRISE);
  await page.goto(`${needUrl}/applications`);
  await expect(
    page.getByTestId('received-application').getByTestId('application-status'),
  ).toHaveText('已撤回');
  await page.goto('/notifications');
  await expect(page.getByText(`榜单 ${code} 收到一份新的揭榜申请。`)).toBeVisible();
  await expect(page.getByText(`榜单 ${code} 的一份揭榜申请已撤回。`)).toBeVisible();
});
