import { expect, test } from '@playwright/test';
import { signIn, signInStaff, signOut } from './helpers';

const ENTERPRISE = 'zhao.zhiqiang@zhengxin-pkg.example';
const REVIEWER = 'reviewer@kjj.zibo.example';

function inDays(n: number) {
  return new Date(Date.now() + n * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
}

test('a need goes from draft to published challenge, through a return for revision', async ({
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
  await page.getByRole('button', { name: '提交审核' }).click();
  await expect(page.getByText('需求已提交，等待科技局审核')).toBeVisible();
  await signOut(page);

  // the reviewer returns it with a comment
  await signInStaff(page, REVIEWER);
  await page.goto('/review/needs');
  await page.getByRole('link', { name: title }).click();
  await page.getByRole('button', { name: '退回修改' }).click();
  await expect(page.getByText('此项为必填项')).toBeVisible();
  await page.getByLabel(/意见/).fill('请补充现有封装结构和测试条件。');
  await page.getByRole('button', { name: '退回修改' }).click();
  await expect(page.getByText('已退回企业修改')).toBeVisible();
  await signOut(page);

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
  await signOut(page);

  // the reviewer publishes it
  await signInStaff(page, REVIEWER);
  await page.goto('/review/needs');
  await page.getByRole('link', { name: title }).click();
  await page.getByRole('button', { name: '审核通过并发布' }).click();
  await expect(page.getByText(/已发布，榜单编号 ZB-\d{4}-\d{3}/)).toBeVisible();
  await signOut(page);

  // it is public, open for applications, and counted
  await page.goto('/challenges');
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByText('征集中')).toBeVisible();
  const after = (await (await request.get('/stats.json')).json()) as {
    challengesPublished: number;
  };
  expect(after.challengesPublished).toBe(before.challengesPublished + 1);
});
