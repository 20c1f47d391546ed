// Duplicate needs (docs/decisions/035-duplicate-needs.md), on a phone: an enterprise writes a
// need that repeats a published challenge and is shown it with a similarity figure; the reviewer
// sees the similar needs, is refused an unknown reference, and marks the need a duplicate; the
// enterprise reads the reason. In Chinese and English, each page checked with axe at 375 px.
import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, inDays, signedInPage } from './helpers';

const ENTERPRISE = 'zhao.zhiqiang@zhengxin-pkg.example';
const REVIEWER = 'reviewer@kjj.zibo.example';
const PHONE = { width: 375, height: 800 };
// the seed's published N-2021-045 动力电池用芳纶涂覆隔膜 (ZB-2021-039), written again
const EARLIER = { code: 'ZB-2021-039', title: '动力电池用芳纶涂覆隔膜' };

async function fitsThePhone(page: Page, name: string) {
  await page.screenshot({ path: `test-results/duplicate-needs-${name}-375.png`, fullPage: true });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(PHONE.width);
  await expectNoAxeViolations(page);
}

test('a repeated need is shown its earlier twin, and the reviewer returns it as a duplicate', async ({
  browser,
}) => {
  const title = `动力电池芳纶涂覆隔膜开发 ${Date.now().toString(36)}`;

  // the enterprise writes the need on a phone: once saved, its page shows the similar challenge
  const enterprise = await signedInPage(browser, ENTERPRISE);
  const page = enterprise.page;
  await page.setViewportSize(PHONE);
  await page.goto('/needs/new?lang=zh', { waitUntil: 'networkidle' });
  await page.getByLabel('需求名称').fill(title);
  await page.getByLabel('所属领域').selectOption('新材料');
  await page
    .getByLabel('需求背景')
    .fill(
      '动力电池对隔膜热稳定性的要求不断提高，陶瓷涂覆隔膜在150 ℃以上明显收缩。公司有湿法隔膜基膜产线，拟开发对位芳纶涂覆工艺，难点在于芳纶溶液体系和涂层与基膜的结合。',
    );
  await page.getByLabel('指标 1').fill('150 ℃/1 h热收缩率≤2%');
  await page.getByLabel('榜额（万元）').fill('60');
  await page.getByLabel('揭榜截止日期').fill(inDays(40));
  await page.getByLabel('实施周期（月）').fill('18');
  await page.getByLabel('联系人').fill('赵工');
  await page.getByLabel('联系电话').fill('0533-3456789');
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(page.getByText('草稿已保存')).toBeVisible();
  const needUrl = page.url().replace(/\?.*$/, '');
  const similar = page.getByTestId('similar-need').filter({ hasText: EARLIER.code });
  await expect(similar).toHaveCount(1);
  await expect(similar.getByRole('link', { name: EARLIER.title })).toHaveAttribute(
    'href',
    `/challenges/${EARLIER.code}`,
  );
  const figure = Number(/(\d+)%/.exec((await similar.textContent()) ?? '')![1]);
  expect(figure).toBeGreaterThanOrEqual(40);
  await fitsThePhone(page, 'enterprise-draft-zh');
  await page.getByRole('button', { name: '提交审核' }).click();
  await expect(page.getByText('需求已提交，等待科技局审核')).toBeVisible();

  // the reviewer, on a phone, sees the same figure and marks the need a duplicate
  const reviewer = await signedInPage(browser, REVIEWER, { staff: true });
  const desk = reviewer.page;
  await desk.setViewportSize(PHONE);
  const id = needUrl.split('/').pop()!;
  await desk.goto(`/review/needs/${id}?lang=zh`, { waitUntil: 'networkidle' });
  const row = desk.getByTestId('similar-need').filter({ hasText: EARLIER.code });
  await expect(row).toContainText(`${figure}%`);
  await expect(row.getByRole('link', { name: EARLIER.title })).toHaveAttribute(
    'href',
    /^\/review\/needs\//,
  );
  await fitsThePhone(desk, 'review-zh');
  // an unknown reference is refused on its field, and nothing changes
  await desk.getByLabel('所重复的已有需求编号').fill('N-2099-999');
  await desk.getByRole('button', { name: '标记为重复并退回' }).click();
  await expect(desk.getByText('没有这个编号的需求。')).toBeVisible();
  await expectNoAxeViolations(desk);
  // the suggestion fills the reference in
  await desk.getByRole('button', { name: `选用 ${EARLIER.code}` }).click();
  await expect(desk.getByLabel('所重复的已有需求编号')).toHaveValue(EARLIER.code);
  await desk.getByLabel('补充说明（选填）').fill('如有不同之处，请在背景中写明后重新提交。');
  await desk.getByRole('button', { name: '标记为重复并退回' }).click();
  await expect(desk.getByText('已退回企业修改')).toBeVisible();
  await expect(desk.getByTestId('duplicate-of')).toContainText(EARLIER.code);
  // in English
  await desk.goto(`/review/needs/${id}?lang=en`, { waitUntil: 'networkidle' });
  await expect(desk.getByRole('heading', { name: 'Similar earlier needs' })).toBeVisible();
  await expect(desk.getByTestId('duplicate-of')).toContainText('Marked as a duplicate of:');
  await fitsThePhone(desk, 'review-en');
  // and on a desktop
  await desk.setViewportSize({ width: 1280, height: 900 });
  await desk.screenshot({
    path: 'test-results/duplicate-needs-review-en-1280.png',
    fullPage: true,
  });
  await expectNoAxeViolations(desk);
  await reviewer.context.close();

  // the enterprise reads the reason, in Chinese and in English
  await page.goto(`${needUrl}?lang=zh`, { waitUntil: 'networkidle' });
  await expect(page.getByTestId('bureau-comment')).toContainText(
    `本需求与已有需求 ${EARLIER.code}“${EARLIER.title}”重复，予以退回。`,
  );
  await expect(page.getByTestId('bureau-comment')).toContainText('请在背景中写明后重新提交');
  await expect(page.getByTestId('duplicate-of').getByRole('link')).toHaveAttribute(
    'href',
    `/challenges/${EARLIER.code}`,
  );
  await fitsThePhone(page, 'enterprise-returned-zh');
  await page.goto(`${needUrl}?lang=en`, { waitUntil: 'networkidle' });
  await expect(page.getByTestId('duplicate-of')).toContainText(
    'Marked as a duplicate of: ZB-2021-039 Aramid-coated separators for power batteries',
  );
  await expect(page.getByRole('heading', { name: 'Similar earlier needs' })).toBeVisible();
  await fitsThePhone(page, 'enterprise-returned-en');
  await enterprise.context.close();
});
