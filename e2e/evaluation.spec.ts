import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, inDays, openDatabase, signIn, signInStaff, leave } from './helpers';
import { confirmFundingOnPage } from './funding-steps';

// Expert review and award: a need is published through the UI, two teams apply; the
// deadline passes; two reviewers are assigned, one of them recused automatically from the
// bid of a team of her own university; they score; a reviewer proposes the better bid; an
// admin (not the proposer) approves; the other team is told, reads its feedback without
// reviewer names and appeals; another admin dismisses the appeal.

const ENTERPRISE = 'li.xiaomei@boguang-opto.example';
const REVIEWER = 'reviewer@kjj.zibo.example'; // 韩晓东, no affiliation
const REVIEWER2 = 'reviewer2@kjj.zibo.example'; // 刘思远, 山东科技大学
const ADMIN = 'admin@kjj.zibo.example';
const ADMIN2 = 'admin2@kjj.zibo.example';
const SDUST_TEAM = 'mengqf@sdust.example'; // 矿山智能装备与机器人团队, 山东科技大学
const SDUST_TEAM_NAME = '矿山智能装备与机器人团队';
const SDUT_TEAM = 'qinxm@sdut.example'; // 工业互联网与大数据团队, 山东理工大学
const SDUT_TEAM_NAME = '工业互联网与大数据团队';

/**
 * The test's clock: the application deadline passes. The e2e server's database is a SQLite
 * file of its own (scripts/e2e-server.mjs); the deadline is moved to a day long gone.
 */
function deadlinePasses(code: string) {
  const db = openDatabase();
  try {
    const changed = db
      .prepare('UPDATE "Challenge" SET "applicationDeadline" = ? WHERE "code" = ?')
      .run('2021-06-29T16:00:00.000+00:00', code);
    expect(changed.changes).toBe(1);
  } finally {
    db.close();
  }
}

async function publishChallenge(page: Page, title: string) {
  await signIn(page, ENTERPRISE);
  await page.goto('/needs/new');
  await page.getByLabel('需求名称').fill(title);
  await page.getByLabel('所属领域').selectOption('电子信息');
  await page.getByLabel('需求背景').fill('激光器封装后的光束指向稳定性不足，影响整机良率。');
  await page.getByLabel('指标 1').fill('光束指向漂移≤5 μrad/℃');
  await page.getByLabel('榜额（万元）').fill('150');
  await page.getByLabel('揭榜截止日期').fill(inDays(20));
  await page.getByLabel('实施周期（月）').fill('12');
  await page.getByLabel('联系人').fill('李工');
  await page.getByLabel('联系电话').fill('0533-6543210');
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(page.getByText('草稿已保存')).toBeVisible();
  await page.getByRole('button', { name: '提交审核' }).click();
  await expect(page.getByText('需求已提交，等待科技局审核')).toBeVisible();
  await leave(page);

  await signInStaff(page, REVIEWER);
  await page.goto('/review/needs');
  await page.getByRole('link', { name: title }).click();
  await confirmFundingOnPage(page);
  await page.getByRole('button', { name: '审核通过并发布' }).click();
  const notice = page.getByText(/已发布，榜单编号 ZB-\d{4}-\d{3}/);
  await expect(notice).toBeVisible();
  const code = /ZB-\d{4}-\d{3}/.exec((await notice.textContent()) ?? '')![0];
  await leave(page);
  return code;
}

async function apply(page: Page, email: string, code: string, approach: string) {
  await signIn(page, email);
  await page.goto(`/apply/${code}`);
  await page.getByLabel('攻关方案').fill(approach);
  await page.getByLabel('进度安排').fill('第1—6个月完成方案设计与仿真；第7—12个月样机验证。');
  await page.getByLabel('项目预算（万元）').fill('200');
  await page.getByRole('button', { name: '提交申请' }).click();
  await expect(page.getByText('申请已提交，发榜企业和科技局可以查看。')).toBeVisible();
  const url = page.url().replace(/\?.*$/, '');
  await leave(page);
  return url.split('/').pop()!;
}

async function score(page: Page, team: string, values: number[], comment: string) {
  await page.goto('/review/assignments');
  await page.getByTestId('my-assignment').filter({ hasText: team }).getByRole('link').click();
  const names = ['技术方案', '团队能力', '可行性', '经济合理性'];
  for (const [i, name] of names.entries()) {
    await page.getByLabel(`${name}（权重 25%）得分`).fill(String(values[i]));
    await page.getByLabel(`${name} 评语`).fill(`${comment}（${name}）`);
  }
  await page.getByRole('button', { name: '提交评分' }).click();
  await expect(page.getByText('评分已提交。')).toBeVisible();
}

test('apply, experts score with a conflict recused, four-eyes award, contract, delivery and acceptance, appeal', async ({
  page,
}) => {
  // eight sign-ins, four of them with a second factor: longer than the default 30 s
  test.setTimeout(240_000);
  const title = `激光器封装光束指向稳定性 ${Date.now().toString(36)}`;
  const code = await publishChallenge(page, title);
  const sdustApp = await apply(
    page,
    SDUST_TEAM,
    code,
    '采用低应力共晶焊与主动对准工艺，配合温度补偿结构降低指向漂移。',
  );
  const sdutApp = await apply(
    page,
    SDUT_TEAM,
    code,
    '建立封装热-力耦合模型，优化热沉与胶层结构，在线监测指向漂移。',
  );
  deadlinePasses(code);

  // the reviewer opens the challenge under review and assigns both reviewers
  await signInStaff(page, REVIEWER);
  await page.goto('/review/challenges');
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(title) })).toBeVisible();
  // a reviewer of the applicant's university is flagged before being assigned
  await expect(
    page.locator('label').filter({ hasText: '刘思远' }).getByTestId('conflict-flag'),
  ).toHaveText('与 1 份申请存在利益冲突');
  // the weights must sum to 100: refused in the browser; the defaults are restored
  await page.getByLabel('权重（%） 1').fill('30');
  await expect(page.getByText('当前权重合计：105%')).toBeVisible();
  await page.getByRole('button', { name: '保存指标与权重' }).click();
  await expect(page.getByText('各项指标权重之和须为 100%')).toBeVisible();
  await page.getByRole('button', { name: '恢复默认指标' }).click();
  await expect(page.getByText('评审指标已保存。')).toBeVisible();
  await page.getByRole('button', { name: '指派所选专家' }).click();
  await expect(page.getByText('请至少选择一位专家')).toBeVisible();
  await page.getByLabel(/^韩晓东/).check();
  await page.getByLabel(/^刘思远/).check();
  await page.getByRole('button', { name: '指派所选专家' }).click();
  await expect(
    page.getByText('已指派：新增 4 项评审任务，其中 1 项因利益冲突自动回避。'),
  ).toBeVisible();
  await expect(page.getByText(/利益冲突：评审专家与申请团队同属一个单位/)).toBeVisible();
  await expectNoAxeViolations(page);

  // he scores both bids; an out-of-range score is refused first
  await page.goto('/review/assignments');
  await page
    .getByTestId('my-assignment')
    .filter({ hasText: SDUT_TEAM_NAME })
    .getByRole('link')
    .click();
  await expectNoAxeViolations(page);
  await page.getByLabel('技术方案（权重 25%）得分').fill('120');
  await page.getByRole('button', { name: '提交评分' }).click();
  await expect(page.getByText('得分须为 0–100 的整数')).toBeVisible();
  await score(page, SDUT_TEAM_NAME, [88, 85, 90, 80], '方案完整');
  await score(page, SDUST_TEAM_NAME, [72, 80, 70, 75], '补偿结构验证不足');
  await leave(page);

  // the second reviewer is recused from her university's bid and scores the other
  await signInStaff(page, REVIEWER2);
  await page.goto('/review/assignments');
  await expect(
    page.getByTestId('my-assignment').filter({ hasText: SDUST_TEAM_NAME }),
  ).toContainText('自动回避');
  await score(page, SDUT_TEAM_NAME, [92, 90, 86, 84], '热模型扎实');
  await leave(page);

  // the ranking leaves the recused reviewer out; the reviewer proposes the first bid
  await signInStaff(page, REVIEWER);
  await page.goto(`/review/challenges/${code}`);
  const rows = page.getByTestId('ranking-row');
  await expect(rows.first()).toContainText(SDUT_TEAM_NAME);
  await expect(rows.first().getByTestId('weighted')).toHaveText('86.88');
  await expect(rows.nth(1).getByTestId('weighted')).toHaveText('74.25');
  await rows.first().getByRole('button', { name: '提名揭榜' }).click();
  await expect(page.getByText('提名已提交，待另一位管理员审批。')).toBeVisible();
  await leave(page);

  // an admin approves it: the slot is taken and the challenge decided
  await signInStaff(page, ADMIN);
  await page.goto('/review/awards');
  const proposal = page.getByTestId('proposal').filter({ hasText: code });
  await expect(proposal).toContainText('86.88 分 · 第 1 名');
  await expectNoAxeViolations(page);
  await proposal.getByRole('button', { name: '批准', exact: true }).click();
  await expect(page.getByText(/已批准，占用第 1 个名额；名额已满/)).toBeVisible();
  await leave(page);

  // the winner is told
  // the bureau registers the contract with its milestones (the fixed bounty is the reward)
  await signInStaff(page, REVIEWER);
  await page.goto('/review/contracts');
  await page
    .getByTestId('awaiting')
    .getByRole('row')
    .filter({ hasText: code })
    .getByRole('link', { name: '登记合同' })
    .click();
  await expect(page.getByTestId('reward')).toHaveText('150 万元');
  await page.getByLabel('带动研发投入（万元）').fill('420');
  await page.getByLabel('节点名称 1').fill('封装工艺方案与样机');
  await page.getByLabel('计划完成日期 1').fill(inDays(90));
  await page.getByLabel('奖励比例（%） 1').fill('40');
  await page.getByLabel('交付成果 1').fill('工艺方案、样机10只、指向漂移测试报告');
  await page.getByRole('button', { name: '增加一个节点' }).click();
  await page.getByLabel('节点名称 2').fill('小批量验证与验收');
  await page.getByLabel('计划完成日期 2').fill(inDays(300));
  await page.getByLabel('奖励比例（%） 2').fill('60');
  await page.getByLabel('交付成果 2').fill('小批量验证报告、验收报告');
  await page.getByRole('button', { name: '登记合同' }).click();
  const registered = page.getByText(/合同 HT-\d{4}-\d{3} 已登记/);
  await expect(registered).toBeVisible();
  const contract = /HT-\d{4}-\d{3}/.exec((await registered.textContent()) ?? '')![0];
  await expect(page.getByTestId('milestone-1')).toContainText('60 万元');
  await expect(page.getByTestId('milestone-2')).toContainText('90 万元');
  await leave(page);

  // the team delivers the first milestone; the enterprise accepts it
  await signIn(page, SDUT_TEAM);
  await page.goto(`/workspace/contracts/${contract}`);
  const first = page.getByTestId('milestone-1');
  await first.getByLabel('成果说明').fill('工艺方案与10只样机已交付，测试报告附后。');
  await first.getByRole('button', { name: '提交成果' }).click();
  await expect(page.getByText('成果已提交，等待企业验收。')).toBeVisible();
  await leave(page);

  await signIn(page, ENTERPRISE);
  await page.goto(`/workspace/contracts/${contract}`);
  await page.getByTestId('milestone-1').getByRole('button', { name: '通过验收' }).click();
  await expect(page.getByText('节点已通过验收。')).toBeVisible();
  await leave(page);

  await signIn(page, SDUT_TEAM);
  await page.goto('/notifications');
  await expect(page.getByText(`恭喜！您对榜单 ${code} 的揭榜申请已获批准。`)).toBeVisible();
  await page.goto(`/applications/${sdutApp}/feedback`);
  await expect(page.getByText('您的申请已获选，无需申诉。')).toBeVisible();
  await leave(page);

  // the other team is told, reads its feedback (no reviewer names) and appeals
  await signIn(page, SDUST_TEAM);
  await page.goto('/notifications');
  const told = page
    .locator('li')
    .filter({ hasText: `您对榜单 ${code} 的揭榜申请未获选。可在7日内查看评审意见并提出申诉。` });
  await told.getByRole('link', { name: '查看' }).click();
  await expect(page).toHaveURL(new RegExp(`/applications/${sdustApp}/feedback$`));
  await expect(page.getByTestId('feedback-weighted')).toHaveText('74.25');
  await expect(page.getByText('补偿结构验证不足（技术方案）')).toBeVisible();
  await expect(page.getByText('韩晓东')).toHaveCount(0);
  await expect(page.getByText('刘思远')).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: '提出申诉' }).click();
  await expect(page.getByText('此项为必填项')).toBeVisible();
  await page.getByLabel('申诉理由').fill('我们已提交温度补偿结构的测试数据，请复核。');
  await page.getByRole('button', { name: '提出申诉' }).click();
  await expect(page.getByText('申诉已提交，科技局将复核处理。')).toBeVisible();
  await expect(page.getByRole('button', { name: '提出申诉' })).toHaveCount(0);
  await leave(page);

  // another admin dismisses the appeal; the team reads the resolution
  await signInStaff(page, ADMIN2);
  await page.goto('/review/appeals');
  const appeal = page.getByTestId('appeal').filter({ hasText: code });
  await expect(appeal).toContainText('请复核');
  await expectNoAxeViolations(page);
  await appeal.getByLabel('处理意见').fill('经复核，测试数据已在评审中考虑，维持原决定。');
  await appeal.getByRole('button', { name: '驳回申诉' }).click();
  await expect(page.getByText('申诉已处理，并通知团队。')).toBeVisible();
  await leave(page);

  await signIn(page, SDUST_TEAM);
  await page.goto(`/applications/${sdustApp}/feedback`);
  await expect(page.getByTestId('appeal')).toContainText('申诉驳回');
  await expect(page.getByTestId('appeal')).toContainText('维持原决定');
});
