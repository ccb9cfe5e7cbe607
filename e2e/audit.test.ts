/**
 * Browser journey for the audit log (issue 3 point 5): an admin signs in, opens 审计日志, sees their
 * own sign-in entry translated, filters by the sign-in group, and verifies the chain.
 * Saves a screenshot in test-output/.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startServer, type RunningServer } from './helpers/server.ts';
import { launch, OUTPUT_DIR } from './helpers/browser.ts';

let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launch()]);
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  page.setDefaultTimeout(20_000);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const byTestId = (id: string) => page.getByTestId(id);

describe('audit log journey', () => {
  it('lists the sign-in, filters by group and verifies the chain', async () => {
    await page.goto(`${server.url}/login`);
    await byTestId('login-username').fill('admin');
    await byTestId('login-password').fill(ADMIN_PASSWORD);
    await byTestId('login-submit').click();
    await byTestId('header-user').waitFor();
    await byTestId('menu-audit').click();
    await page.waitForURL(/\/audit$/);
    await byTestId('audit-table').locator('tbody tr', { hasText: '登录' }).first().waitFor();
    await byTestId('audit-filter-action').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'auth.' }).first().click();
    await expect.poll(() => byTestId('audit-table').locator('tbody tr.ant-table-row').allInnerTexts()).toEqual([expect.stringContaining('登录')]);
    await byTestId('audit-verify').click();
    await byTestId('audit-verify-result').waitFor();
    expect(await byTestId('audit-verify-result').innerText()).toMatch(/审计日志完整：共 \d+ 条/);
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'audit-log.png'), fullPage: true });
  });
});
