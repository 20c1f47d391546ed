import { expect, test, type Page } from '@playwright/test';
import { daysAgoStored, expectNoAxeViolations, openDatabase, signedInPage } from './helpers';
import { scoredChallenge, teamsWithoutAccounts, userOf } from './scored-challenge';

// Upheld appeals change the outcome (docs/decisions/034), on a phone (375 px): an admin upholds
// a declined team's appeal, a reviewer assigns new experts (the first-round expert cannot be
// chosen), the experts score again, the new score earns a place, the reviewer proposes an
// extra 赛马制 place and another admin approves; the team reads the outcome. In Chinese and in
// English, each page checked by axe and for sideways scrolling.

// The appellant signs in; the other two bidders are seeded teams without accounts, so that
// no other spec's team finds an award or a review of this challenge in its own lists.
const APPELLANT = 'guanzc@qdu.example'; // team-08
const REVIEWER = 'reviewer@kjj.zibo.example'; // 韩晓东
const ADMIN = 'admin@kjj.zibo.example';
const ADMIN2 = 'admin2@kjj.zibo.example'; // 孙雅琴, a second-round expert
const PHONE = { width: 375, height: 800 };

/** The scored challenge (e2e/scored-challenge.ts) with the third bid's open appeal. */
function appealedChallenge() {
  const db = openDatabase();
  try {
    const { challengeId, code, applications } = scoredChallenge(db, {
      prefix: 'apl',
      code: 'ZB-2097',
      title: '申诉测试榜单',
      titleEn: 'Appeal test challenge',
      teamIds: [...teamsWithoutAccounts(db, 2), userOf(db, APPELLANT).organizationId],
    });
    db.prepare(
      `INSERT INTO "Appeal" (id, "applicationId", reason, status, "createdAt") VALUES (?, ?, ?, 'OPEN', ?)`,
    ).run(
      `${challengeId}-p`,
      applications[2],
      '专家对技术方案的评分与评语不一致，请求复核。',
      daysAgoStored(0),
    );
    return { code, appealId: `${challengeId}-p`, appellantApplication: applications[2]! };
  } finally {
    db.close();
  }
}

async function fitsThePhone(page: Page) {
  const [scroll, width] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    window.innerWidth,
  ]);
  expect(scroll).toBeLessThanOrEqual(width);
  await expectNoAxeViolations(page);
}

async function scoreAgain(page: Page, code: string, value: number) {
  await page.goto('/review/assignments');
  await page
    .getByTestId('my-assignment')
    .filter({ hasText: code })
    .getByRole('link')
    .first()
    .click();
  await page.getByLabel('技术方案（权重 100%）得分').fill(String(value));
  await page.getByLabel('技术方案 评语').fill('复核后方案可行，评分上调。');
  await fitsThePhone(page);
  await page.getByRole('button', { name: '提交评分' }).click();
  await expect(page.getByText('评分已提交。')).toBeVisible();
}

test('an upheld appeal is re-evaluated by new experts and remedied with an extra place (375 px, zh and en)', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const { code, appealId, appellantApplication } = appealedChallenge();

  // an admin upholds the appeal: the evaluation reopens
  const admin = await signedInPage(browser, ADMIN, { staff: true });
  await admin.page.setViewportSize(PHONE);
  await admin.page.goto('/review/appeals');
  const open = admin.page.getByTestId('appeal').filter({ hasText: code });
  await open.getByLabel('处理意见').fill('评语与分数不一致，申诉成立，重新评审。');
  await open.getByRole('button', { name: '申诉成立' }).click();
  await expect(admin.page.getByText('申诉已处理，并通知团队。')).toBeVisible();
  const upheld = admin.page.getByTestId('upheld').filter({ hasText: code });
  await expect(upheld).toContainText('专家重新打分中');
  await fitsThePhone(admin.page);

  // a reviewer assigns new experts; the first round's expert cannot be chosen
  const reviewer = await signedInPage(browser, REVIEWER, { staff: true });
  await reviewer.page.setViewportSize(PHONE);
  // the reviewer finds it from the section's nav: the appeal desk lists the re-evaluations
  // (the open appeals are the admins' alone)
  await reviewer.page.goto('/review');
  await reviewer.page.getByRole('link', { name: '申诉处理' }).click();
  await expect(reviewer.page).toHaveURL(/\/review\/appeals$/);
  await expect(reviewer.page.getByTestId('appeal')).toHaveCount(0);
  await fitsThePhone(reviewer.page);
  await reviewer.page
    .getByTestId('upheld')
    .filter({ hasText: code })
    .getByRole('link', { name: '查看重新评审' })
    .click();
  await expect(reviewer.page).toHaveURL(new RegExp(`/review/appeals/${appealId}$`));
  await expect(reviewer.page.getByRole('heading', { name: '申诉重新评审' })).toBeVisible();
  await expect(reviewer.page.getByLabel(/刘思远/)).toBeDisabled();
  await fitsThePhone(reviewer.page);
  await reviewer.page.getByRole('button', { name: '指派专家' }).click();
  await expect(reviewer.page.getByText('请至少选择一位专家。')).toBeVisible();
  await reviewer.page.getByLabel(/韩晓东/).check();
  await reviewer.page.getByLabel(/孙雅琴/).check();
  await reviewer.page.getByRole('button', { name: '指派专家' }).click();
  await expect(reviewer.page.getByText('已指派重新评审专家。')).toBeVisible();
  await expect(reviewer.page.getByTestId('round2-expert')).toHaveCount(2);
  await fitsThePhone(reviewer.page);

  // the two experts score again
  await scoreAgain(reviewer.page, code, 95);
  const expert = await signedInPage(browser, ADMIN2, { staff: true });
  await expert.page.setViewportSize(PHONE);
  await scoreAgain(expert.page, code, 93);

  // the new score (94) beats the awarded 90: a place; the reviewer proposes an extra place
  await reviewer.page.goto(`/review/appeals/${appealId}`);
  await expect(reviewer.page.getByTestId('reevaluation-stage')).toContainText('新得分可获得名额');
  await expect(reviewer.page.getByTestId('reevaluation-score')).toContainText('94');
  await reviewer.page.getByRole('button', { name: '提交补救方案' }).click();
  await expect(reviewer.page.getByText('此项为必填项。')).toBeVisible();
  await reviewer.page.getByLabel('理由').fill('重新评审得分高于已立项团队，增设一个赛马制名额。');
  await reviewer.page.getByRole('button', { name: '提交补救方案' }).click();
  await expect(reviewer.page.getByText('补救方案已提交，等待另一名管理员审批。')).toBeVisible();
  await fitsThePhone(reviewer.page);
  await reviewer.context.close();
  await expert.context.close();

  // another admin approves, in English
  await admin.page.goto(`/review/appeals/${appealId}?lang=en`);
  await expect(admin.page.getByRole('heading', { name: 'Appeal re-evaluation' })).toBeVisible();
  const remedy = admin.page.getByTestId('remedy');
  await expect(remedy).toContainText('Add a parallel-award');
  await fitsThePhone(admin.page);
  await remedy.getByRole('button', { name: 'Approve' }).click();
  await expect(
    admin.page.getByText('The remedy is approved; every party has been told.'),
  ).toBeVisible();
  await expect(admin.page.getByTestId('reevaluation-stage')).toContainText('Remedy approved');
  await fitsThePhone(admin.page);
  await admin.page.goto('/review/appeals?lang=zh');
  await admin.context.close();

  // the team reads the outcome on its feedback page, in both languages
  const team = await signedInPage(browser, APPELLANT);
  await team.page.setViewportSize(PHONE);
  await team.page.goto(`/applications/${appellantApplication}/feedback`);
  await expect(team.page.getByTestId('reevaluation')).toContainText('补救已批准');
  await fitsThePhone(team.page);
  await team.page.goto(`/applications/${appellantApplication}/feedback?lang=en`);
  await expect(team.page.getByTestId('reevaluation')).toContainText('your application is awarded');
  await fitsThePhone(team.page);
  await team.context.close();
});
