import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateTOTP } from '@oslojs/otp';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'Jiebang-Demo-2021!';

export function totp(secret: string) {
  return generateTOTP(decodeBase32IgnorePadding(secret), 30, 6);
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  // typed before hydration, a field can be reset by React; wait for the page's scripts
  await page.goto('/login', { waitUntil: 'networkidle' });
  await page.getByLabel('电子邮箱').fill(email);
  await page.getByLabel('密码').fill(password);
  // wait for the answer, so that the next navigation carries the new session cookie
  const answered = page.waitForResponse(
    (r) => new URL(r.url()).pathname.startsWith('/login') && r.request().method() === 'POST',
  );
  await page.getByRole('button', { name: '登录' }).click();
  await answered;
}

// Staff enrol their authenticator once per server (one fresh database per Playwright run);
// every spec file of the run shares the secrets through this file, so any of them may sign
// any staff member in, in any order.
const SECRETS = path.join('test-results', `e2e-totp-secrets-${process.env.E2E_PORT ?? 3100}.json`);

function knownSecret(email: string): string | undefined {
  return existsSync(SECRETS)
    ? (JSON.parse(readFileSync(SECRETS, 'utf8')) as Record<string, string>)[email]
    : undefined;
}

function rememberSecret(email: string, secret: string) {
  const all = existsSync(SECRETS)
    ? (JSON.parse(readFileSync(SECRETS, 'utf8')) as Record<string, string>)
    : {};
  mkdirSync(path.dirname(SECRETS), { recursive: true });
  writeFileSync(SECRETS, JSON.stringify({ ...all, [email]: secret }));
}

/** Signs a staff member in, enrolling the authenticator on first use; returns its secret. */
export async function signInStaff(
  page: Page,
  email: string,
  secret = knownSecret(email),
): Promise<string> {
  await signIn(page, email);
  if (!secret) {
    await expect(page).toHaveURL(/\/account\/2fa/);
    secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    await page.getByLabel('验证码').fill(totp(secret));
    await page.getByRole('button', { name: '启用' }).click();
    await expect(page.getByTestId('recovery-codes').locator('li')).toHaveCount(8);
    rememberSecret(email, secret);
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
