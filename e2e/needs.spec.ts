import { expect, test } from '@playwright/test';
import { inDays, signIn, signInStaff, leave } from './helpers';
import { confirmFundingOnPage } from './funding-steps';

const ENTERPRISE = 'zhao.zhiqiang@zhengxin-pkg.example';
const REVIEWER = 'reviewer@kjj.zibo.example';
const TEAM = 'kenji.takahashi@tohoku.example';

const MINIMAL_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

test('a need goes from draft to published challenge, is found, asked about and answered', async ({
  page,
  request,
}) => {
  const before = (await (await request.get('/stats.json')).json()) as {
    challengesPublished: number;
  };
  const title = `柔性OLED封装薄膜水汽阻隔 ${Date.now().toString(36)}`;

  // the enterprise drafts, is refused a deadline in the past, then saves and submits
  await signIn(page, ENTERPRISE);
  await page.goto('/needs/new');
  await page.getByLabel('需求名称').fill(title);
  await page.getByLabel('所属领域').selectOption('电子信息');
  await page.getByLabel('需求背景').fill('现有薄膜封装水汽透过率偏高，影响柔性屏寿命。');
  await page.getByLabel('指标 1').fill('水汽透过率≤5×10⁻⁶ g/(m²·d)');
  await page.getByRole('button', { name: '增加一条指标' }).click();
  await page.getByLabel('指标 2').fill('弯折10万次后阻隔性能衰减≤10%');
  await page.getByLabel('榜额（万元）').fill('180');
  await page.getByLabel('揭榜截止日期').fill(inDays(-3));
  await page.getByLabel('实施周期（月）').fill('18');
  await page.getByLabel('联系人').fill('赵工');
  await page.getByLabel('联系电话').fill('0533-3456789');
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(page.getByText('截止日期不能早于今天')).toBeVisible();
  await page.getByLabel('揭榜截止日期').fill(inDays(40));
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(page.getByText('草稿已保存')).toBeVisible();
  const needUrl = page.url().replace(/\?.*$/, '');
  // an attachment: refused when the content is not what the name says, kept when it is
  await page.getByLabel('选择文件').setInputFiles({
    name: '技术要求.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('MZ not a pdf'),
  });
  await page.getByRole('button', { name: '上传' }).click();
  await expect(page.getByText('只接受 PDF、Office 文档或图片')).toBeVisible();
  await page
    .getByLabel('选择文件')
    .setInputFiles({ name: '技术要求.pdf', mimeType: 'application/pdf', buffer: MINIMAL_PDF });
  await page.getByRole('button', { name: '上传' }).click();
  await expect(page.getByRole('link', { name: '技术要求.pdf' })).toBeVisible();
  await page.getByRole('button', { name: '提交审核' }).click();
  await expect(page.getByText('需求已提交，等待科技局审核')).toBeVisible();
  await leave(page);

  // the reviewer returns it with a comment
  await signInStaff(page, REVIEWER);
  await page.goto('/review/needs');
  await page.getByRole('link', { name: title }).click();
  await page.getByRole('button', { name: '退回修改' }).click();
  await expect(page.getByText('此项为必填项')).toBeVisible();
  await page.getByLabel(/意见/).fill('请补充现有封装结构和测试条件。');
  await page.getByRole('button', { name: '退回修改' }).click();
  await expect(page.getByText('已退回企业修改')).toBeVisible();
  await leave(page);

  // the enterprise sees the comment, revises and resubmits
  await signIn(page, ENTERPRISE);
  await page.goto(needUrl);
  await expect(page.getByTestId('bureau-comment')).toHaveText('请补充现有封装结构和测试条件。');
  await page.getByRole('link', { name: '修改需求' }).click();
  await page
    .getByLabel('需求背景')
    .fill('现有薄膜封装为三层无机/有机交替结构，85℃/85%RH 测试下水汽透过率偏高。');
  await page.getByRole('button', { name: '保存修改' }).click();
  await expect(page.getByText('修改已保存')).toBeVisible();
  await page.getByRole('button', { name: '修改后重新提交' }).click();
  await expect(page.getByText('需求已重新提交')).toBeVisible();
  await page.goto('/notifications');
  await expect(page.getByText(`您的需求“${title}”已被退回修改`)).toBeVisible();
  await leave(page);

  // the reviewer publishes it
  await signInStaff(page, REVIEWER);
  await page.goto('/review/needs');
  await page.getByRole('link', { name: title }).click();
  await confirmFundingOnPage(page);
  await page.getByRole('button', { name: '审核通过并发布' }).click();
  await expect(page.getByText(/已发布，榜单编号 ZB-\d{4}-\d{3}/)).toBeVisible();
  await leave(page);

  // it is public and open for applications: a team finds it by searching the catalogue
  await signIn(page, TEAM);
  await page.goto('/challenges');
  await page.getByRole('searchbox', { name: '搜索榜单' }).fill('OLED 水汽');
  await page.getByRole('searchbox', { name: '搜索榜单' }).press('Enter');
  await expect(page).toHaveURL(/q=/);
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByText('征集中')).toBeVisible();
  const challengeUrl = page.url();

  // the team asks a clarification question; the enterprise answers it
  const question = '阻隔膜的测试基材与厚度是否有限定？';
  await page.getByLabel('问题内容').fill(question);
  await page.getByRole('button', { name: '提交问题' }).click();
  await expect(page.locator('#questions').getByRole('status')).toBeVisible();
  await leave(page);

  await signIn(page, ENTERPRISE);
  await page.goto(challengeUrl);
  const pending = page.locator('#questions').getByTestId('question').filter({ hasText: question });
  await pending.getByLabel('答复内容').fill('基材为 50 μm PI 膜，阻隔层总厚度不超过 2 μm。');
  await pending.getByRole('button', { name: '提交答复' }).click();
  await expect(page.locator('#questions').getByRole('status')).toBeVisible();
  await leave(page);

  // the public sees the answered question, and the statistics count one more challenge
  await page.goto(challengeUrl);
  await expect(page.getByText('基材为 50 μm PI 膜')).toBeVisible();
  const download = await request.get(
    (await page.getByRole('link', { name: '技术要求.pdf' }).getAttribute('href'))!,
  );
  expect(download.status()).toBe(200);
  expect(download.headers()['content-disposition']).toContain(
    "filename*=UTF-8''%E6%8A%80%E6%9C%AF%E8%A6%81%E6%B1%82.pdf",
  );
  const after = (await (await request.get('/stats.json')).json()) as {
    challengesPublished: number;
  };
  expect(after.challengesPublished).toBe(before.challengesPublished + 1);
});
