import { expect, test } from '@playwright/test';
import {
  expectNoAxeViolations,
  inDays,
  daysAgoStored,
  idBy,
  openDatabase,
  signIn,
  signInStaff,
  leave,
  tinyPng,
  today,
} from './helpers';

// The parties of the seeded contract HT-2021-001: milestones 1 and 2 accepted and paid,
// milestone 3 (井下工业性试验及项目验收) pending.
const ENTERPRISE = 'zhang.mingyuan@taichuan-mining.example';
const TEAM = 'mengqf@sdust.example';
const REVIEWER = 'reviewer@kjj.zibo.example';
// the team of the seeded open-bounty contract HT-2021-008
const OPEN_BOUNTY_TEAM = 'guanzc@qdu.example';
// a team without records, awarded an open-bounty challenge of ENTERPRISE below
const NEW_TEAM = 'qinxm@sdut.example';
const AWARD_ID = 'e2e-contracts-award';

/**
 * The seed has no approved award without a contract: this spec adds one to the browser tests'
 * own throwaway database (scripts/e2e-server.mjs), an open-bounty challenge of enterprise
 * ent-12 awarded to team-30, approved three days ago.
 */
test.beforeAll(() => {
  const sqlite = openDatabase();
  const at = daysAgoStored;
  try {
    const id = (sql: string, key: string) => idBy(sqlite, sql, key);
    const enterprise = id('SELECT id FROM Organization WHERE seedKey = ?', 'ent-12');
    const team = id('SELECT id FROM Organization WHERE seedKey = ?', 'team-30');
    const proposer = id('SELECT id FROM User WHERE email = ?', 'reviewer2@kjj.zibo.example');
    const approver = id('SELECT id FROM User WHERE email = ?', 'admin2@kjj.zibo.example');
    sqlite.transaction(() => {
      sqlite
        .prepare(
          `INSERT INTO Challenge (id, code, ref, enterpriseId, title, field, background, bountyType,
             bountyFen, applicationDeadline, implementationMonths, contactName, contactPhone, status,
             awardSlots, submittedAt, publishedAt, closedAt, searchText, createdAt, updatedAt)
           VALUES (?, 'ZB-2099-901', 'N-2099-901', ?, '综采工作面液压支架远程运维平台', '高端装备',
             '需建设支架电液控制系统的远程监测与故障诊断平台。', 'OPEN', NULL, ?, 18, '张明远',
             '0533-0000000', 'AWARDED', 1, ?, ?, ?, '', ?, ?)`,
        )
        .run('e2e-contracts-challenge', enterprise, at(20), at(80), at(70), at(20), at(80), at(3));
      sqlite
        .prepare(
          `INSERT INTO Application (id, challengeId, teamId, status, active, approach, schedule,
             requestedFen, membersJson, submittedAt, decidedAt, createdAt, updatedAt)
           VALUES (?, ?, ?, 'AWARDED', 1, '基于工业互联网的远程运维方案。', '18个月完成。',
             260000000, '[]', ?, ?, ?, ?)`,
        )
        .run(
          'e2e-contracts-application',
          'e2e-contracts-challenge',
          team,
          at(30),
          at(3),
          at(30),
          at(3),
        );
      sqlite
        .prepare(
          `INSERT INTO Award (id, challengeId, applicationId, status, slotNo, proposedById,
             proposedAt, decidedById, decidedAt)
           VALUES (?, ?, ?, 'APPROVED', 1, ?, ?, ?, ?)`,
        )
        .run(
          AWARD_ID,
          'e2e-contracts-challenge',
          'e2e-contracts-application',
          proposer,
          at(5),
          approver,
          at(3),
        );
    })();
  } finally {
    sqlite.close();
  }
});

test('the team delivers its next milestone, the enterprise accepts it, the bureau confirms: the contract is accepted', async ({
  page,
}) => {
  const evidence = '井下工业性试验已完成：连续运行90天无故障，跟机自动化率98.6%，煤安证书已取得。';
  const milestone = page.getByTestId('milestone-3');

  // the team finds its contract and delivers the pending milestone with a file
  await signIn(page, TEAM);
  await page.goto('/workspace/contracts');
  await page.getByRole('link', { name: 'HT-2021-001' }).click();
  await expect(page).toHaveURL(/\/workspace\/contracts\/HT-2021-001$/);
  await expect(page.getByTestId('contract-status')).toHaveText('实施中');
  await milestone.getByRole('button', { name: '提交成果' }).click();
  await expect(milestone.getByText('此项为必填项')).toBeVisible();
  await milestone.getByLabel('成果说明').fill(evidence);
  await milestone.getByLabel('附件（选填）').setInputFiles({
    name: '工业性试验报告.png',
    mimeType: 'image/png',
    buffer: tinyPng(),
  });
  await milestone.getByRole('button', { name: '提交成果' }).click();
  await expect(page.getByText('成果已提交，等待企业验收。')).toBeVisible();
  await expect(milestone.getByTestId('evidence')).toHaveText(evidence);
  await expect(milestone.getByRole('link', { name: '工业性试验报告.png' })).toBeVisible();
  await expect(milestone.getByText('已交付')).toBeVisible();
  await expectNoAxeViolations(page);
  await leave(page);

  // the enterprise must give a reason to refuse; it accepts
  await signIn(page, ENTERPRISE);
  await page.goto('/workspace/contracts/HT-2021-001');
  await expect(milestone.getByTestId('evidence')).toHaveText(evidence);
  await milestone.getByRole('button', { name: '不通过' }).click();
  await expect(milestone.getByText('此项为必填项')).toBeVisible();
  await milestone.getByRole('button', { name: '通过验收' }).click();
  await expect(page.getByText('节点已通过验收。')).toBeVisible();
  await expect(milestone.getByText('待科技局确认')).toBeVisible();
  await expectNoAxeViolations(page);
  await leave(page);

  // a reviewer finds the contract on the desk and confirms: every milestone is done
  await signInStaff(page, REVIEWER);
  await page.goto('/review/contracts');
  await expect(page.getByRole('heading', { name: '已登记合同' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByTestId('contracts').getByRole('link', { name: 'HT-2021-001' }).click();
  await expect(page).toHaveURL(/\/workspace\/contracts\/HT-2021-001$/);
  await milestone.getByRole('button', { name: '确认验收' }).click();
  await expect(page.getByText('节点已确认。')).toBeVisible();
  await expect(page.getByTestId('contract-status')).toHaveText('已验收');
  await expect(page.getByTestId('trail')).toContainText('合同验收完成');
  await expectNoAxeViolations(page);
});

test('an open-bounty team reads the negotiation that set its reward', async ({ page }) => {
  await signIn(page, OPEN_BOUNTY_TEAM);
  await page.goto('/workspace/contracts');
  await page.getByRole('link', { name: 'HT-2021-008' }).click();
  await page.getByRole('link', { name: '榜额协商记录' }).click();
  await expect(page.getByRole('heading', { name: '榜额协商', level: 1 })).toBeVisible();
  await expect(page.getByTestId('offers').locator('li')).toHaveCount(4);
  await expect(page.getByTestId('agreed')).toHaveText('220 万元');
  await expect(page.getByTestId('state')).toHaveText('合同已登记，协商已结束。');
  await expect(page.getByRole('button', { name: '提交报价' })).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test('an open bounty is negotiated, then the bureau registers its contract with milestones', async ({
  page,
}) => {
  // the awarded team opens the negotiation from its contracts page
  await signIn(page, NEW_TEAM);
  await page.goto('/workspace/contracts');
  await page.getByTestId('awaiting').getByRole('link', { name: '榜额协商' }).click();
  await expect(page).toHaveURL(new RegExp(`/negotiation/${AWARD_ID}$`));
  await page.getByLabel('报价金额（万元）').fill('-5');
  await page.getByRole('button', { name: '提交报价' }).click();
  await expect(page.getByText('金额不能为负数。')).toBeVisible();
  await page.getByLabel('报价金额（万元）').fill('260');
  await page.getByLabel('说明（选填）').fill('按申请金额报价');
  await page.getByRole('button', { name: '提交报价' }).click();
  await expect(page.getByText('报价已提交，已通知对方。')).toBeVisible();
  await expect(page.getByTestId('state')).toHaveText('您方已报价，请等待对方答复。');
  await expectNoAxeViolations(page);
  await leave(page);

  // the enterprise counters
  await signIn(page, ENTERPRISE);
  await page.goto(`/negotiation/${AWARD_ID}`);
  await expect(page.getByText('对方最新报价为 260 万元。', { exact: false })).toBeVisible();
  await page.getByLabel('报价金额（万元）').fill('220');
  await page.getByRole('button', { name: '提交报价' }).click();
  await expect(page.getByText('报价已提交，已通知对方。')).toBeVisible();
  await leave(page);

  // the team accepts the counter-offer
  await signIn(page, NEW_TEAM);
  await page.goto(`/negotiation/${AWARD_ID}`);
  await page.getByRole('button', { name: '接受此报价' }).click();
  await expect(page.getByText('已接受对方报价，榜额已商定。')).toBeVisible();
  await expect(page.getByTestId('agreed')).toHaveText('220 万元');
  await leave(page);

  // a reviewer registers the contract: the shares must add up to 100 %
  await signInStaff(page, REVIEWER);
  await page.goto('/review/contracts');
  await page.getByTestId('awaiting').getByRole('link', { name: '登记合同' }).click();
  await expect(page.getByTestId('reward')).toHaveText('220 万元');
  await expect(page.getByLabel('签订日期')).toHaveValue(today());
  await expectNoAxeViolations(page);
  await page.getByLabel('带动研发投入（万元）').fill('180');
  await page.getByLabel('节点名称 1').fill('平台架构设计及数据采集网关');
  await page.getByLabel('计划完成日期 1').fill(inDays(120));
  await page.getByLabel('奖励比例（%） 1').fill('40');
  await page.getByLabel('交付成果 1').fill('平台总体设计方案、数据采集网关样机5台');
  await page.getByRole('button', { name: '增加一个节点' }).click();
  await page.getByLabel('节点名称 2').fill('井下试运行及验收');
  await page.getByLabel('计划完成日期 2').fill(inDays(480));
  await page.getByLabel('奖励比例（%） 2').fill('50');
  await page.getByLabel('交付成果 2').fill('试运行报告、验收报告');
  await page.getByRole('button', { name: '登记合同' }).click();
  await expect(page.getByText('研发投入不能低于奖励金额。')).toBeVisible();
  await expect(page.getByText('各节点奖励比例合计须为 100%。')).toBeVisible();
  await page.getByLabel('带动研发投入（万元）').fill('650');
  await page.getByLabel('奖励比例（%） 2').fill('60');
  await expect(page.getByTestId('share-sum')).toHaveText('当前合计：100%');
  await page.getByRole('button', { name: '登记合同' }).click();
  await expect(page.getByText(/合同 HT-\d{4}-\d{3} 已登记/)).toBeVisible();
  await expect(page.getByTestId('contract-status')).toHaveText('已签订');
  await expect(page.getByTestId('milestone-1')).toContainText('88 万元');
  await expect(page.getByTestId('milestone-2')).toContainText('132 万元');
});
