import { expect, test } from '@playwright/test';
import {
  expectNoAxeViolations,
  daysAgoStored,
  openDatabase,
  signIn,
  signInStaff,
  leave,
  today,
} from './helpers';

// The seeded contract HT-2021-006 (reward 180 万元) of the team abroad (team-33, Kenji
// Takahashi): milestone 1 accepted and paid, milestone 2 (高速台架试验, 40 % = 72 万元) pending.
const CONTRACT = 'HT-2021-006';
const TEAM = 'kenji.takahashi@tohoku.example';
const REVIEWER = 'reviewer@kjj.zibo.example'; // 韩晓东
const ADMIN = 'admin@kjj.zibo.example'; // 周立新
const ADMIN2 = 'admin2@kjj.zibo.example'; // 孙雅琴
const CONFIRMED_DAYS_AGO = 10;
const REFERENCE = 'ZBKJ20990101E2E';

/**
 * The seed pays every accepted milestone: this spec makes milestone 2 of HT-2021-006 delivered,
 * accepted and confirmed by the bureau ten days ago, in the browser tests' own throwaway
 * database (scripts/e2e-server.mjs), so that its instalment waits for payment.
 */
test.beforeAll(() => {
  const sqlite = openDatabase();
  const at = daysAgoStored;
  try {
    const changed = sqlite
      .prepare(
        `UPDATE Milestone SET status = 'ACCEPTED', evidence = ?, deliveredAt = ?, acceptedAt = ?,
           confirmedAt = ?
         WHERE seq = 2 AND status = 'PENDING'
           AND contractId = (SELECT id FROM Contract WHERE code = ?)`,
      )
      .run(
        '高速台架试验完成：20000 rpm 连续运行 500 小时，绝缘电阻保持率 99.2%。',
        at(CONFIRMED_DAYS_AGO + 5),
        at(CONFIRMED_DAYS_AGO),
        at(CONFIRMED_DAYS_AGO),
        CONTRACT,
      );
    expect(changed.changes).toBe(1);
  } finally {
    sqlite.close();
  }
});

/** A calendar day as the pages show it in Chinese (Asia/Shanghai). */
const shownDay = (date: Date) =>
  new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(date);

test('a confirmed milestone is requested, approved by another person, paid, and the team sees it', async ({
  page,
}) => {
  const instalment = page.getByTestId('instalment-2');

  // a reviewer finds the milestone waiting on the payments dashboard, with its payout clock
  await signInStaff(page, REVIEWER);
  await page.goto('/review');
  await page.getByRole('link', { name: '奖励资金兑付' }).click();
  await expect(page).toHaveURL(/\/review\/payments$/);
  const waiting = page.getByTestId('waiting').getByRole('row').filter({ hasText: CONTRACT });
  await expect(waiting).toContainText('高速台架试验');
  await expect(waiting).toContainText('72 万元');
  await expect(waiting.getByTestId('clock')).toHaveText(`${CONFIRMED_DAYS_AGO} 天`);
  await expectNoAxeViolations(page);
  await waiting.getByRole('link', { name: CONTRACT }).click();
  await expect(page).toHaveURL(new RegExp(`/workspace/contracts/${CONTRACT}$`));
  await expect(instalment.getByTestId('instalment-state')).toHaveText('待申请兑付');
  await expect(instalment.getByTestId('payout-clock')).toContainText(
    `已等待 ${CONFIRMED_DAYS_AGO} 天`,
  );
  await instalment.getByRole('button', { name: '申请兑付' }).click();
  await expect(page.getByText('已申请兑付，等待管理员审批。')).toBeVisible();
  await expect(instalment.getByTestId('instalment-state')).toHaveText('待审批');
  await expect(page.getByTestId('payment-history')).toContainText('申请兑付 · 韩晓东');
  await expectNoAxeViolations(page);
  await leave(page);

  // another person, an admin, approves it from the dashboard's list
  await signInStaff(page, ADMIN);
  await page.goto('/review/payments');
  const requested = page.getByTestId('approval').getByRole('row').filter({ hasText: CONTRACT });
  await expect(requested).toContainText('韩晓东');
  await requested.getByRole('link', { name: CONTRACT }).click();
  await expect(instalment).toContainText('申请人：韩晓东');
  await instalment.getByRole('button', { name: '审批通过' }).click();
  await expect(page.getByText('兑付已审批，可登记付款。')).toBeVisible();
  await expect(instalment.getByTestId('instalment-state')).toHaveText('已批准，待付款');
  await leave(page);

  // an admin records the bank transfer: reference and date are checked field by field
  await signInStaff(page, ADMIN2);
  await page.goto('/review/payments');
  const approved = page.getByTestId('approved').getByRole('row').filter({ hasText: CONTRACT });
  await expect(approved).toContainText('周立新');
  await approved.getByRole('link', { name: CONTRACT }).click();
  await expect(instalment.getByLabel('转账日期')).toHaveValue(today());
  await instalment.getByRole('button', { name: '登记付款' }).click();
  await expect(instalment.getByText('此项为必填项。')).toBeVisible();
  await instalment.getByLabel('银行流水号').fill('流水 #1');
  await instalment.getByRole('button', { name: '登记付款' }).click();
  await expect(
    instalment.getByText('请输入银行流水号：字母、数字或 . _ / -，最多 64 位。'),
  ).toBeVisible();
  await instalment.getByLabel('银行流水号').fill(REFERENCE.toLowerCase());
  await instalment
    .getByLabel('转账日期')
    .fill(new Date(Date.now() + 8 * 3_600_000 + 3 * 86_400_000).toISOString().slice(0, 10));
  await instalment.getByRole('button', { name: '登记付款' }).click();
  await expect(instalment.getByText('转账日期不能晚于今天。')).toBeVisible();
  await expect(instalment.getByTestId('instalment-state')).toHaveText('已批准，待付款');
  await expectNoAxeViolations(page);
  await instalment.getByLabel('转账日期').fill(today());
  await instalment.getByRole('button', { name: '登记付款' }).click();
  await expect(page.getByText('付款已登记，已通知揭榜团队。')).toBeVisible();
  await expect(instalment.getByTestId('instalment-state')).toHaveText('已兑付');
  await expect(instalment.getByTestId('bank-reference')).toHaveText(REFERENCE);
  await expect(instalment.getByTestId('paid-at')).toContainText(shownDay(new Date()));
  await expect(instalment.getByTestId('payout-clock')).toContainText(
    `确认后 ${CONFIRMED_DAYS_AGO} 天兑付`,
  );
  await expect(page.getByTestId('payment-history')).toContainText('已付款 · 流水号 ' + REFERENCE);
  await page.goto('/review/payments');
  await expect(page.getByTestId('waiting')).not.toContainText(CONTRACT);
  await expect(page.getByTestId('approved')).not.toContainText(CONTRACT);
  await leave(page);

  // the team is told, and finds the instalment paid on its payments page and the contract page
  await signIn(page, TEAM);
  await page.goto('/notifications');
  await expect(
    page.getByText(`合同 ${CONTRACT} 节点“高速台架试验”的人才奖励资金 72 万元已兑付`),
  ).toBeVisible();
  await page.getByRole('link', { name: '奖励资金', exact: true }).click();
  await expect(page).toHaveURL(/\/workspace\/payments$/);
  const contract = page.getByTestId(`contract-${CONTRACT}`);
  const row = contract.getByTestId('instalment-2');
  await expect(row.getByTestId('amount')).toHaveText('72 万元');
  await expect(row.getByTestId('state')).toHaveText('已兑付');
  await expect(row.getByTestId('paid-at')).toHaveText(shownDay(new Date()));
  await expect(row).toContainText(REFERENCE);
  // 54 万元 seeded for milestone 1, and these 72
  await expect(contract.getByTestId('contract-totals')).toContainText('已兑付 126 万元');
  await expectNoAxeViolations(page);
  await contract.getByRole('link', { name: `合同 ${CONTRACT}` }).click();
  await expect(page).toHaveURL(new RegExp(`/workspace/contracts/${CONTRACT}$`));
  await expect(instalment.getByTestId('instalment-amount')).toHaveText('72 万元');
  await expect(instalment.getByTestId('instalment-state')).toHaveText('已兑付');
  await expect(instalment.getByTestId('paid-at')).toContainText(shownDay(new Date()));
  await expect(page.getByTestId('payment-total-paid')).toHaveText('126 万元');
  // the team reads; it has no payment forms
  await expect(page.getByTestId('payments').getByRole('button')).toHaveCount(0);
  await expectNoAxeViolations(page);
});
