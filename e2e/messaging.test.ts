/**
 * Browser journey for issue 5 item 6: an admin previews the SMS reminder for a case in the
 * workbench (amounts from fen, Chinese dates, the compliance answer), and a template using an
 * unknown variable is refused on the templates page with the variable named.
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

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startServer({
      clock: '2026-03-02T02:00:00Z', // 10:00 in Beijing
      async prepare(db) {
        const csv = path.join(db.tmp, 'msg.csv');
        fs.writeFileSync(csv, '案件编号,姓名,身份证号,手机,委案金额,逾期日期\nMSG-1,王五,110101199003074514,13800138000,1234.56,2026-01-01\n');
        await runCli(db, ['import', csv, '--client', 'MSG', '--batch', 'M1', '--create', '--placement-date', '2026-01-15']);
      },
    }),
    launch(),
  ]);
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(20_000);
});
afterAll(async () => {
  await page?.screenshot({ path: path.join(OUTPUT_DIR, 'messaging-last-page.png') }).catch(() => {});
  await browser?.close();
  await server?.stop();
});

describe('messages in the workbench', () => {
  it('previews the SMS reminder with the merged text and the compliance answer', async () => {
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('header-user').waitFor();
    await page.goto(`${server.url}/cases`);
    await page.getByTestId('cases-table').getByText('MSG-1').first().click();
    await page.getByTestId('case-tab-messages').click();
    await page.getByTestId('message-template').click();
    await page.getByText('短信 · 还款提醒短信 (zh-CN)').click();
    await page.getByTestId('message-preview').click();
    const text = page.getByTestId('message-preview-text');
    await expect.poll(() => text.innerText()).toContain('尚欠1,234.56元，请于2026年3月9日前还款');
    expect(await page.getByTestId('message-check').count()).toBe(0); // allowed at 10:00: no warning shown
  });

  it('refuses a template with an unknown variable, naming it', async () => {
    await page.goto(`${server.url}/templates`);
    await page.getByTestId('template-new').click();
    await page.getByTestId('template-code').fill('bad');
    await page.getByTestId('template-name').fill('坏模板');
    await page.getByTestId('template-body').fill('您好{{debtorName}}，余额{{balance}}');
    await page.getByTestId('template-save').click();
    await expect.poll(() => page.getByTestId('template-error').innerText()).toContain('unknown variable: balance');
  });
});
