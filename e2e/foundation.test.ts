/**
 * Browser journey for the foundation (issue 2): log in (zh-CN by default), create a client and a
 * batch, upload a client's GBK CSV, map, import, see the result and the cases; switch to English; set the
 * client's repayment order and the batch's first-contact deadline.
 * Saves a screenshot of the case list in test-output/.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startServer, type RunningServer } from './helpers/server.ts';
import { launch, OUTPUT_DIR } from './helpers/browser.ts';

const SAMPLES = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../shared/samples');
let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launch()]);
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(20_000);
});
afterAll(async () => {
  await page?.screenshot({ path: path.join(OUTPUT_DIR, 'last-page.png') }).catch(() => {});
  await browser?.close();
  await server?.stop();
});

const byTestId = (id: string) => page.getByTestId(id);

async function pickOption(selectTestId: string, text: string | RegExp) {
  await byTestId(selectTestId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
  // wait for the dropdown to close: a closing one still matches :visible and hides the next select's options
  await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
}

/** antd puts a data-testid on the <input> itself or on its wrapper, depending on the component */
const inputOf = (testId: string) => page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();

async function fillDate(testId: string, date: string) {
  const input = page.locator(`[data-testid="${testId}"] input, input[data-testid="${testId}"]`).first();
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

describe('foundation journey', () => {
  it('logs in with the zh-CN UI', async () => {
    await page.goto(`${server.url}/cases`);
    await page.waitForURL(/\/login/);
    await expect.poll(() => page.locator('body').innerText()).toContain('登录');
    await byTestId('login-username').fill('admin');
    await byTestId('login-password').fill(ADMIN_PASSWORD);
    await byTestId('login-submit').click();
    await byTestId('header-user').waitFor();
    expect(await byTestId('header-user').innerText()).toContain('Administrator');
  });

  it('creates a client and a batch', async () => {
    await page.goto(`${server.url}/clients`);
    await byTestId('client-create').click();
    await byTestId('client-form-code').fill('E2E');
    await byTestId('client-form-name').fill('测试银行信用卡中心');
    await byTestId('client-form-submit').click();
    await page.getByText('测试银行信用卡中心').first().waitFor();

    await page.goto(`${server.url}/batches`);
    await byTestId('batch-create').click();
    await pickOption('batch-form-client', '测试银行信用卡中心');
    await byTestId('batch-form-batchNo').fill('E2E-001');
    await fillDate('batch-form-placementDate', '2024-03-01');
    await fillDate('batch-form-expectedReturnDate', '2024-06-30');
    await byTestId('batch-form-region').fill('华北');
    await byTestId('batch-form-commissionRate').fill('12.5');
    await byTestId('batch-form-submit').click();
    await byTestId('batch-link-E2E-001').waitFor();
    expect(await byTestId('batch-row-E2E-001').innerText()).toContain('未导入');
  });

  it('uploads a GBK CSV, previews the mapping, imports and sees the cases', async () => {
    await byTestId('batch-link-E2E-001').click();
    await byTestId('batch-import').click();
    await page.locator('input[type=file]').setInputFiles(path.join(SAMPLES, 'import/gbk-csv/input.csv'));
    await byTestId('import-mapping-table').waitFor();
    expect(await byTestId('import-format').innerText()).toBe('CSV');
    expect((await byTestId('import-mapping-table').innerText())).toContain('联系人1姓名');
    await byTestId('import-commit').click();
    await byTestId('import-result').waitFor({ timeout: 60_000 });
    expect(await byTestId('result-imported').innerText()).toBe('4');
    expect(await byTestId('result-rejected').innerText()).toBe('0');
    await byTestId('import-view-cases').click();
    await byTestId('cases-table').waitFor();
    // names are masked for every role (issue 3 point 4); the full value only through the audited reveal
    await expect.poll(() => byTestId('cases-table').innerText()).toContain('张*');
    const text = await byTestId('cases-table').innerText();
    for (const name of ['张*', '李*', '王*', '赵*']) expect(text).toContain(name);
    expect(text).not.toContain('张三');
    expect(text).toContain('110101********4514');
    expect(text).not.toContain('110101199003074514');
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'case-list.png'), fullPage: true });
  });

  it('switches the UI to English', async () => {
    await byTestId('lang-switch').click();
    const en = page.getByTestId('lang-en-US');
    if (await en.count()) await en.click();
    await expect.poll(() => byTestId('side-menu').innerText()).toContain('Cases');
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'case-list-en.png'), fullPage: true });
  });

  it("sets the client's repayment order and the batch's first-contact days, and they stay set", async () => {
    await page.goto(`${server.url}/clients`);
    await byTestId('client-payments-E2E').click();
    // default waterfall fees → penalty → interest → principal; make principal first and interest second
    await expect.poll(() => byTestId('client-payments-order-0').innerText()).toContain('Fees');
    await pickOption('client-payments-order-0', 'Principal');
    await pickOption('client-payments-order-3', 'Fees');
    await pickOption('client-payments-order-1', /^Interest$/);
    await pickOption('client-payments-order-2', 'Penalty interest');
    await inputOf('client-payments-grace').fill('5');
    await byTestId('client-payments-save').click();
    await byTestId('client-payments-save').waitFor({ state: 'hidden' });
    const saved = await page.evaluate(async () => (await fetch('/api/clients').then((r) => r.json())).items.find((c: { code: string }) => c.code === 'E2E').id);
    const settings = await page.evaluate(async (id) => fetch(`/api/clients/${id}/payment-settings`).then((r) => r.json()), saved);
    expect(settings).toEqual({ paymentOrder: ['principal', 'interest', 'penalty', 'fees'], promiseGraceDays: 5 });

    await page.goto(`${server.url}/batches`);
    await byTestId('batch-link-E2E-001').click();
    const days = inputOf('batch-first-contact-days');
    await expect.poll(() => days.inputValue()).toBe('3');
    await days.fill('7');
    await byTestId('batch-first-contact-save').click();
    await expect.poll(() => byTestId('batch-first-contact-save').isDisabled()).toBe(true);
    await page.reload();
    await expect.poll(() => inputOf('batch-first-contact-days').inputValue()).toBe('7');
  });
});
