/**
 * Browser journey for the strategy engine (issue 6): a manager-level admin writes a strategy in the editor
 * (one segment on the bucket, an SMS action), sees a validation message, saves, dry-runs it for a day, activates
 * it and starts the daily run from the runs page. Screenshots in test-output/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, runCli, startServer, type RunningServer } from './helpers/server.ts';
import { launch, OUTPUT_DIR } from './helpers/browser.ts';

let server: RunningServer;
let browser: Browser;
let page: Page;
const byTestId = (id: string) => page.getByTestId(id);

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startServer({
      clock: '2024-06-01T02:00:00Z',
      prepare: async (db) => {
        const file = path.join(db.tmp, 'cases.csv');
        fs.writeFileSync(file, '案件编号,姓名,委案金额\r\nS-1,张三,100.00\r\nS-2,李四,250.50\r\n');
        await runCli(db, ['import', file, '--client', 'STRAT', '--batch', 'B1', '--create']);
      },
    }),
    launch(),
  ]);
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(20_000);
});
afterAll(async () => {
  await page?.screenshot({ path: path.join(OUTPUT_DIR, 'strategy-last-page.png') }).catch(() => {});
  await browser?.close();
  await server?.stop();
});

describe('strategy journey', () => {
  it('edits, validates, saves, dry-runs, activates and runs a strategy', async () => {
    await page.goto(`${server.url}/login`);
    await byTestId('login-username').fill('admin');
    await byTestId('login-password').fill(ADMIN_PASSWORD);
    await byTestId('login-submit').click();
    await byTestId('menu-strategies').click();
    await byTestId('strategy-create').click();
    await byTestId('strategy-name').fill('Early reminders');
    await byTestId('segment-0-cond-0-value').fill('M0');
    await byTestId('segment-0-action-add').click();
    await byTestId('strategy-save').click(); // the SMS action has no template yet
    await expect.poll(() => byTestId('strategy-error').textContent()).toContain('send_sms needs a template code');
    await byTestId('segment-0-action-0-template').fill('REMIND');
    await byTestId('strategy-save').click();
    await byTestId('strategies-table').getByText('Early reminders').waitFor();
    const row = byTestId('strategies-table').locator('tr', { hasText: 'Early reminders' });
    await row.getByRole('button').first().click(); // edit
    await byTestId('dry-run').click();
    const dry = byTestId('dry-run-table');
    await dry.waitFor();
    await expect.poll(() => dry.locator('tbody tr').first().textContent()).toMatch(/Segment 1\s*2/);
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'strategy-dry-run.png') });
    await page.keyboard.press('Escape');
    await row.getByRole('button').nth(1).click(); // activate
    await expect.poll(() => row.textContent()).toMatch(/已启用|Active/);
    await byTestId('menu-daily-runs').click();
    await byTestId('run-start').click();
    await expect.poll(async () => { await byTestId('run-refresh').click(); return byTestId('run-row-2024-06-01').textContent().catch(() => ''); }, { timeout: 30_000 }).toMatch(/(已完成|Done)[\s\S]*(失败|[Ff]ailed) 2/); // the two SMS actions: no SMS provider is configured here
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'strategy-runs.png') });
  });
});
