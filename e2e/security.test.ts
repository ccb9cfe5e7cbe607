/**
 * Browser checks for issue 3 that only a real browser can make: a comment imported with markup is
 * shown as text and never runs (stored XSS, OWASP ASVS V5.3.3).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, runCli, startServer, type RunningServer } from './helpers/server.ts';
import { launch, OUTPUT_DIR } from './helpers/browser.ts';

const PAYLOAD = `<script>window.__xss=1</script><img src=x onerror="window.__xss=2">催收备注`;
let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startServer({
      async prepare(db) {
        const csv = path.join(db.tmp, 'xss.csv');
        const quoted = `"${PAYLOAD.replace(/"/g, '""')}"`;
        fs.writeFileSync(csv, `案件编号,姓名,身份证号,委案金额,逾期日期,备注\nXSS-1,张三,110101199003074514,1000.00,2024-01-15,${quoted}\n`);
        await runCli(db, ['import', csv, '--client', 'SEC', '--batch', 'S1', '--create', '--placement-date', '2024-03-01']);
      },
    }),
    launch(),
  ]);
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(20_000);
});
afterAll(async () => {
  await page?.screenshot({ path: path.join(OUTPUT_DIR, 'security-last-page.png') }).catch(() => {});
  await browser?.close();
  await server?.stop();
});

describe('stored markup is inert', () => {
  it('shows a comment containing <script> and an onerror image as text', async () => {
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('header-user').waitFor();
    await page.goto(`${server.url}/cases`);
    await page.getByTestId('cases-table').getByText('张*').first().click(); // names are masked in lists
    await page.getByTestId('case-tab-comments').click();
    const comments = page.getByTestId('case-comments');
    await expect.poll(() => comments.innerText()).toContain('<script>window.__xss=1</script>');
    expect(await comments.innerText()).toContain('onerror="window.__xss=2"');
    expect(await comments.locator('script, img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });
});
