/**
 * Browser journey for issue 3 §1/§7/§8: an admin-created user signs in, must choose a new password
 * before anything else, then sees the app under the Content-Security-Policy (no CSP violations)
 * with the screen watermark naming them.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startServer, type RunningServer } from './helpers/server.ts';
import { launch, OUTPUT_DIR } from './helpers/browser.ts';

let server: RunningServer;
let browser: Browser;
let page: Page;
const cspErrors: string[] = [];

/** Create a user through the API as the admin (session cookie + CSRF token). */
async function createUser(username: string, displayName: string, password: string) {
  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  expect(login.status).toBe(200);
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const r = await fetch(`${server.url}/api/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ username, displayName, role: 'manager', password }),
  });
  expect(r.status).toBe(201);
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launch()]);
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(20_000);
  page.on('console', (m) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) cspErrors.push(m.text());
  });
});
afterAll(async () => {
  await page?.screenshot({ path: path.join(OUTPUT_DIR, 'auth-last-page.png') }).catch(() => {});
  await browser?.close();
  await server?.stop();
});

const byTestId = (id: string) => page.getByTestId(id);

describe('first sign-in of an admin-created user', () => {
  it('forces a password change, then shows the app with the screen watermark', async () => {
    await createUser('wang.fang', '王芳', 'Initial-pass-1');
    const res = await page.goto(`${server.url}/login`);
    expect(res!.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await byTestId('login-username').fill('wang.fang');
    await byTestId('login-password').fill('Initial-pass-1');
    await byTestId('login-submit').click();
    await byTestId('forced-password-change').waitFor();
    // a weak password is refused with the rule named
    await byTestId('pwd-current').fill('Initial-pass-1');
    await byTestId('pwd-new').fill('short');
    await byTestId('pwd-confirm').fill('short');
    await byTestId('pwd-submit').click();
    await byTestId('password-policy-error').waitFor();
    expect(await byTestId('password-policy-error').innerText()).toContain('至少 10 个字符');
    await byTestId('pwd-new').fill('My-own-pass-42');
    await byTestId('pwd-confirm').fill('My-own-pass-42');
    await byTestId('pwd-submit').click();
    await byTestId('header-user').waitFor();
    expect(await byTestId('header-user').innerText()).toBe('王芳');
    const wm = byTestId('screen-watermark');
    await wm.waitFor({ state: 'attached' });
    const today = new Date().toISOString().slice(0, 10);
    expect(await wm.locator('div').first().innerText()).toBe(`王芳 · wang.fang · ${today}`);
    expect(await wm.evaluate((el) => getComputedStyle(el).pointerEvents)).toBe('none');
    // the overlay does not block clicks: the menu still navigates
    await byTestId('menu-batches').click();
    await page.waitForURL(/\/batches/);
    await byTestId('batch-create').waitFor();
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'watermark.png') });
    expect(cspErrors).toEqual([]);
  });
});
