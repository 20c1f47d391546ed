import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, openDatabase, signedInPage } from './helpers';
import { scoredChallenge, userOf } from './scored-challenge';

// Vacancies and the next-ranked team (docs/decisions/033), on a phone (375 px): the awarded team
// declines its award from its application's page, a reviewer proposes the next-ranked team for
// the vacated slot, an admin (not the proposer) approves; in Chinese and in English, each page
// checked by axe and for sideways scrolling.

const WINNER = 'qinxm@sdut.example'; // team-30
const SECOND = 'mengqf@sdust.example'; // team-01
const THIRD = 'guanzc@qdu.example'; // team-08
const REVIEWER = 'reviewer@kjj.zibo.example';
const ADMIN = 'admin@kjj.zibo.example';
const PHONE = { width: 375, height: 800 };

/** The scored challenge (e2e/scored-challenge.ts): the first bid's team will decline. */
function awardedChallenge() {
  const db = openDatabase();
  try {
    const { code, applications } = scoredChallenge(db, {
      prefix: 'vac',
      code: 'ZB-2098',
      title: '递补测试榜单',
      titleEn: 'Promotion test challenge',
      teamIds: [WINNER, SECOND, THIRD].map((email) => userOf(db, email).organizationId),
    });
    return { code, winnerApplication: applications[0]! };
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

test('the team declines, a reviewer proposes the next-ranked team, another admin approves (375 px, zh and en)', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const { code, winnerApplication } = awardedChallenge();

  // the awarded team declines from its application's page
  const team = await signedInPage(browser, WINNER);
  await team.page.setViewportSize(PHONE);
  await team.page.goto(`/applications/${winnerApplication}`);
  await team.page.getByRole('link', { name: '放弃揭榜…' }).click();
  await expect(team.page.getByRole('heading', { name: '放弃揭榜' })).toBeVisible();
  await fitsThePhone(team.page);
  // the reason and the confirmation are required
  await team.page.getByRole('button', { name: '确认放弃' }).click();
  await expect(team.page.getByText('请勾选确认。')).toBeVisible();
  await team.page.getByLabel('放弃原因').fill('项目负责人调离，团队无法按期实施。');
  await team.page.getByLabel('我确认放弃本次揭榜，且知晓此操作不可撤销。').check();
  await team.page.getByRole('button', { name: '确认放弃' }).click();
  await expect(team.page.getByText('您已放弃本次揭榜。')).toBeVisible();
  await expect(team.page.getByText('此申请目前没有可放弃的获批揭榜')).toBeVisible();
  // in English
  await team.page.goto(`/applications/${winnerApplication}/decline?lang=en`);
  await expect(team.page.getByRole('heading', { name: 'Decline the award' })).toBeVisible();
  await fitsThePhone(team.page);
  await team.context.close();

  // a reviewer sees the vacated slot's history and proposes the next-ranked team
  const reviewer = await signedInPage(browser, REVIEWER, { staff: true });
  await reviewer.page.setViewportSize(PHONE);
  await reviewer.page.goto('/review/vacancies');
  const slot = reviewer.page.getByTestId('vacated-slot').filter({ hasText: code });
  await expect(slot).toContainText('团队放弃');
  await expect(slot).toContainText('项目负责人调离');
  await expect(slot.getByTestId('candidate')).toContainText('第 1 名');
  await fitsThePhone(reviewer.page);
  await slot.getByRole('button', { name: '提名递补' }).click();
  await expect(reviewer.page.getByText('已提名递补，等待另一位管理员审批。')).toBeVisible();
  await expect(slot.getByTestId('promotion')).toContainText('递补须由管理员审批。');
  await reviewer.context.close();

  // an admin approves, in English
  const admin = await signedInPage(browser, ADMIN, { staff: true });
  await admin.page.setViewportSize(PHONE);
  await admin.page.goto('/review/vacancies?lang=en');
  const pending = admin.page.getByTestId('vacated-slot').filter({ hasText: code });
  await expect(pending).toContainText('Declined by the team');
  await fitsThePhone(admin.page);
  await pending.getByRole('button', { name: 'Approve promotion' }).click();
  await expect(
    admin.page.getByText('Promotion approved; the team can now sign its contract.'),
  ).toBeVisible();
  await expect(pending.getByTestId('promotion')).toContainText('Approved');
  // the promoted team now awaits its contract, with its days left to sign
  await expect(admin.page.getByTestId('awaiting-contract').filter({ hasText: code })).toContainText(
    '30 days left',
  );
  await fitsThePhone(admin.page);
  await admin.page.goto('/review/vacancies?lang=zh');
  await fitsThePhone(admin.page);
  await admin.context.close();
});
