import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateTOTP } from '@oslojs/otp';
import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'Jiebang-Demo-2021!';

export function totp(secret: string) {
  return generateTOTP(decodeBase32IgnorePadding(secret), 30, 6);
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('电子邮箱').fill(email);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** Signs a staff member in, enrolling the authenticator on first use; returns its secret. */
export async function signInStaff(page: Page, email: string, secret?: string): Promise<string> {
  await signIn(page, email);
  if (!secret) {
    await expect(page).toHaveURL(/\/account\/2fa/);
    secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    await page.getByLabel('验证码').fill(totp(secret));
    await page.getByRole('button', { name: '启用' }).click();
    await expect(page.getByTestId('recovery-codes').locator('li')).toHaveCount(8);
    await page.getByRole('link', { name: '继续' }).click();
  } else {
    await expect(page).toHaveURL(/\/login\/2fa/);
    await page.getByLabel('验证码').fill(totp(secret));
    await page.getByRole('button', { name: '验证' }).click();
  }
  await expect(page.getByRole('button', { name: '退出' })).toBeVisible();
  return secret;
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: '退出' }).click();
  await expect(page.getByRole('link', { name: '登录' })).toBeVisible();
}
