// 榜额到位 (docs/decisions/032-funding-secured.md): a fixed bounty is published only once its
// funds are confirmed. Specs that publish a fixed-bounty need through the vetting page record
// the enterprise's bank receipt first with this step (the page in Chinese).
import { expect, type Page } from '@playwright/test';
import { tinyPng } from './helpers';

/** On /review/needs/$id: records the enterprise's bank receipt, so that the need may publish. */
export async function confirmFundingOnPage(page: Page, reference = `E2E-${Date.now()}`) {
  const card = page.getByTestId('funding');
  await card.getByLabel('银行回单（PDF 或图片）').setInputFiles({
    name: 'receipt.png',
    mimeType: 'image/png',
    buffer: tinyPng(),
  });
  await card.getByLabel('银行流水号').fill(reference);
  await card.getByRole('button', { name: '确认资金到位' }).click();
  await expect(page.getByText('已登记该笔到位资金。')).toBeVisible();
}
