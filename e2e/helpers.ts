import AxeBuilder from '@axe-core/playwright';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP, generateTOTP } from '@oslojs/otp';
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';

// Shared with the integration tests: form dates in Asia/Shanghai, and a file to upload.
export { inDays, today } from '../tests/factories/dates';
export { tinyPng } from '../tests/factories/files';

export const DEMO_PASSWORD = 'Jiebang-Demo-2021!';

/** The e2e server's own throwaway SQLite database (scripts/e2e-server.mjs). */
export function databaseFile() {
  return path.join(os.tmpdir(), `jiebang-e2e-${process.env.E2E_PORT ?? 3100}.db`);
}

/** That database, for a spec that sets up records the seed lacks (or reads them). */
export function openDatabase() {
  return new Database(databaseFile(), { timeout: 10_000 });
}

/** A moment `days` ago as the app's SQLite file stores it (ISO with an explicit offset). */
export const daysAgoStored = (days: number) =>
  new Date(Date.now() - days * 86_400_000).toISOString().replace('Z', '+00:00');

/** The id of the one row `sql` finds by `key` (a seed key, an e-mail). */
export const idBy = (sqlite: Database.Database, sql: string, key: string) =>
  (sqlite.prepare(sql).get(key) as { id: string }).id;

/**
 * axe's violations on the page as it is now. axe runs inside the page (`axe.run`): the default
 * mode scans each frame with `runPartial` and then opens a blank page to merge the parts, which
 * made each scan 0.5–1.5 s and the sweeps' axe scans three quarters of their time. What that
 * mode adds is cross-origin frames, and no page here has one. Only violations are collected.
 */
export async function axeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .setLegacyMode()
    .options({ resultTypes: ['violations'] })
    .analyze();
  return results.violations;
}

/** Fails on any axe violation of the page as it is now. */
export async function expectNoAxeViolations(page: Page) {
  const violations = await axeViolations(page);
  expect(violations.map((v) => `${page.url()}: ${v.id} (${v.nodes.length})`)).toEqual([]);
}

/** `url` as an anonymous visitor sees it: a fresh context, nothing cached, no session. */
export async function asPublic(
  browser: Browser,
  url: string,
  check: (page: Page) => Promise<void>,
) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await check(page);
  await context.close();
}

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

// The demo staff accounts come with a demo authenticator whose code the second-factor page
// shows in demo mode (as for a newcomer); a staff member who enrolled an app of their own in a
// test keeps its secret in this file, shared by every spec file of the run (one fresh database
// per Playwright run). Each time step is accepted once per user, so the last one used is kept.
const SECRETS = path.join('test-results', `e2e-totp-secrets-${process.env.E2E_PORT ?? 3100}.json`);
type Known = Record<string, { secret: string; lastStep?: number }>;

function known(): Known {
  return existsSync(SECRETS) ? (JSON.parse(readFileSync(SECRETS, 'utf8')) as Known) : {};
}

// The sweeps run in two workers at once: a file is replaced whole, never read half-written.
function writeWhole(file: string, text: string) {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

function remember(email: string, entry: { secret: string; lastStep?: number }) {
  writeWhole(SECRETS, JSON.stringify({ ...known(), [email]: entry }));
}

function knownSecret(email: string): string | undefined {
  return known()[email]?.secret;
}

const step = () => Math.floor(Date.now() / 30_000);

// A staff member signing in a third time within half a minute waits for the next code (each
// time step is accepted once): that wait is the clock's, not the test's, so it gets its time.
function waitForTheClock(ms: number) {
  const info = test.info();
  info.setTimeout(info.timeout + ms);
}

/** A code of `secret` the server has not seen yet (the current step's, or the next one's). */
async function freshCode(email: string, secret: string): Promise<string> {
  const last = known()[email]?.lastStep ?? -1;
  // the next step is accepted from the start of step `last`
  while (step() + 1 <= last) {
    waitForTheClock(1000);
    await new Promise((r) => setTimeout(r, 1000));
  }
  const use = step() > last ? step() : step() + 1;
  remember(email, { secret, lastStep: use });
  return generateHOTP(decodeBase32IgnorePadding(secret), BigInt(use), 6);
}

/** The demo code the second-factor page shows, waiting when this period's was used. */
async function demoCode(page: Page): Promise<string> {
  for (;;) {
    const text = (await page.getByTestId('demo-code').textContent()) ?? '';
    const code = /\b\d{6}\b/.exec(text)?.[0];
    if (code) return code;
    waitForTheClock(4000);
    await page.waitForTimeout(2000);
    await page.reload({ waitUntil: 'networkidle' });
  }
}

// A staff member who passed the second factor earlier in the run goes on in that session, as
// a person does in their own browser: signing in again would spend a time step per sign-in and
// make the run wait for the clock. The session cookie is kept per address; a session that has
// ended since (signed out, disabled) is found out on the first page and a real sign-in follows.
const SESSIONS = path.join(
  'test-results',
  `e2e-staff-sessions-${process.env.E2E_PORT ?? 3100}.json`,
);
type Cookie = Parameters<import('@playwright/test').BrowserContext['addCookies']>[0][number];

function savedSessions(): Record<string, Cookie> {
  return existsSync(SESSIONS)
    ? (JSON.parse(readFileSync(SESSIONS, 'utf8')) as Record<string, Cookie>)
    : {};
}

// plain on localhost, __Host- on HTTPS (app/lib/session.server.ts)
const SESSION_COOKIE = /jiebang_session$/;

/** The page's session cookie, if its browser holds one. */
export async function sessionCookie(page: Page): Promise<Cookie | undefined> {
  return (await page.context().cookies()).find((c) => SESSION_COOKIE.test(c.name));
}

async function keepSession(page: Page, email: string) {
  const cookie = await sessionCookie(page);
  if (!cookie) return;
  writeWhole(SESSIONS, JSON.stringify({ ...savedSessions(), [email]: cookie }));
}

async function resumeSession(page: Page, email: string): Promise<boolean> {
  const cookie = savedSessions()[email];
  if (!cookie) return false;
  await page.context().addCookies([cookie]);
  // a page that needs a live session past the second factor; any other lands on a sign-in page
  const response = await page.goto('/account/password');
  if (response?.ok() && new URL(page.url()).pathname === '/account/password') return true;
  await page.context().clearCookies({ name: cookie.name });
  return false;
}

/**
 * Signs a staff member in: the session they passed the second factor in earlier in the run,
 * the demo authenticator's code from the page, the app enrolled in an earlier test, or (for an
 * account without any) a new enrolment. Returns the app's secret, or null for the demo
 * authenticator.
 */
export async function signInStaff(
  page: Page,
  email: string,
  secret = knownSecret(email),
): Promise<string | null> {
  if (await resumeSession(page, email)) return secret ?? null;
  await signIn(page, email);
  await expect(page).toHaveURL(/\/(login|account)\/2fa/);
  if (/\/account\/2fa/.test(page.url())) {
    secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    await page.getByLabel('验证码').fill(await freshCode(email, secret));
    await page.getByRole('button', { name: '启用' }).click();
    await expect(page.getByTestId('recovery-codes').locator('li')).toHaveCount(8);
    await page.getByRole('link', { name: '继续' }).click();
  } else {
    const code = secret ? await freshCode(email, secret) : await demoCode(page);
    await page.getByLabel('验证码').fill(code);
    await page.getByRole('button', { name: '验证' }).click();
  }
  await expect(page.getByRole('button', { name: '退出' })).toBeVisible();
  await keepSession(page, email);
  return secret ?? null;
}

/** A code for an app enrolled in a test, not yet used (see signInStaff). */
export function nextTotp(email: string, secret: string) {
  return freshCode(email, secret);
}

/**
 * A page in a browser context of its own (its own cookies), signed in as `email`; `staff`
 * also passes the second factor. Close it with its context.
 */
export async function signedInPage(browser: Browser, email: string, { staff = false } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (staff) await signInStaff(page, email);
  else {
    await signIn(page, email);
    await expect(page.getByRole('button', { name: '退出' })).toBeVisible();
  }
  return { context, page };
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: '退出' }).click();
  await expect(page.getByRole('link', { name: '登录' })).toBeVisible();
}

/**
 * The next person takes the browser: the session's cookie goes and the session stays, as when
 * someone closes their own browser. A staff member signing in again later in the run resumes
 * it (signInStaff), where after signing out they would wait up to half a minute for the next
 * time step of their authenticator: 68 s of the flows' 368 s, before this was used for a change
 * of person. Signing out itself is accounts.spec.ts's.
 */
export async function leave(page: Page) {
  await page.context().clearCookies({ name: SESSION_COOKIE });
  await page.goto('/');
  await expect(page.getByRole('link', { name: '登录' })).toBeVisible();
}
