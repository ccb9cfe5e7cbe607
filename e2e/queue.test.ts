/**
 * Browser journey for My queue and promises (issue 5 checks), on the test clock: the day before D a
 * promise in its grace day leads the queue; on D (2026-03-02, Asia/Shanghai) the promise due today is
 * first and the one unpaid past its grace is broken; keyboard j/k/Enter open the case; a repayment
 * file imported through the API marks the promise kept; the broken promise is then at the top and `n`
 * opens the next case. Cases, the collector and the promises are seeded before the server starts
 * (helpers/seed-queue.ts: promises are inserted as rows, their API belongs to the contacts workstream).
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, execFileText, startServer, type RunningServer } from './helpers/server.ts';
import { launch, OUTPUT_DIR } from './helpers/browser.ts';

const SEED = path.resolve(path.dirname(new URL(import.meta.url).pathname), 'helpers/seed-queue.ts');
let server: RunningServer;
let browser: Browser;
let ids: Record<string, number>;
let batchId: number;
let page: Page;

async function signedIn(username: string, password: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const p = await ctx.newPage();
  p.setDefaultTimeout(20_000);
  const r = await p.request.post(`${server.url}/api/auth/login`, { data: { username, password } });
  expect(r.status()).toBe(200);
  await ctx.setExtraHTTPHeaders({ 'x-csrf-token': (await r.json()).csrfToken });
  return p;
}
const rowOrder = (p: Page) => p.locator('[data-testid^="queue-row-"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-testid')!.slice('queue-row-'.length))));
const reasons = (p: Page, caseId: number) => p.getByTestId(`queue-reasons-${caseId}`).locator('[data-reason]').evaluateAll((els) => els.map((e) => e.getAttribute('data-reason')));

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startServer({
      clock: '2026-03-01T01:00:00Z', // D-1, 09:00 in Shanghai
      prepare: async (db) => {
        const out = await execFileText(process.execPath, ['--import', 'tsx', SEED, ...db.args], { ...process.env, ...db.env, RECOVA_ADMIN_PASSWORD: ADMIN_PASSWORD, RECOVA_LOG_LEVEL: 'error', TZ: 'UTC' });
        ({ ids, batchId } = JSON.parse(out.trim().split('\n').pop()!));
      },
    }),
    launch(),
  ]);
});
afterAll(async () => {
  await page?.screenshot({ path: path.join(OUTPUT_DIR, 'queue-last.png'), fullPage: true }).catch(() => {});
  await browser?.close();
  await server?.stop();
});

describe('queue journey', () => {
  it('the day before D: the promise in its grace day leads the queue', async () => {
    page = await signedIn('e2e_col', 'collector-pass-1');
    await page.goto(`${server.url}/`);
    await page.getByTestId('menu-queue').click();
    await page.getByTestId('queue-table').waitFor();
    // E-2 due 02-28 with one day of grace: still due on 03-01; then by outstanding (E-1 1000.00, E-3 600.00)
    await expect.poll(() => rowOrder(page), { timeout: 15_000 }).toEqual([ids['E-2'], ids['E-1'], ids['E-3']]);
    expect(await reasons(page, ids['E-2'])).toEqual(['promise_due']);
  });

  it('on D: the promise due today first, the one unpaid past grace broken; j/k/Enter open the case', async () => {
    server.setNow('2026-03-02T01:00:00Z');
    page = await signedIn('e2e_col', 'collector-pass-1'); // a day later the old session has gone idle
    await page.goto(`${server.url}/queue`);
    await expect.poll(() => rowOrder(page), { timeout: 15_000 }).toEqual([ids['E-1'], ids['E-2'], ids['E-3']]);
    expect(await reasons(page, ids['E-1'])).toEqual(['promise_due']);
    expect(await reasons(page, ids['E-2'])).toEqual(['broken_promise']);
    expect(await page.getByTestId(`queue-reasons-${ids['E-2']}`).innerText()).toContain('爽约');
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'queue-on-d.png'), fullPage: true });
    await page.keyboard.press('j');
    await expect.poll(() => page.getByTestId(`queue-row-${ids['E-2']}`).getAttribute('data-selected'), { timeout: 5_000 }).toBe('true');
    await page.keyboard.press('k');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/cases/${ids['E-1']}$`));
    await page.getByRole('tab', { name: '承诺还款' }).click();
    await expect.poll(() => page.getByTestId('promise-status-1').innerText(), { timeout: 15_000 }).toBe('待履约');
  });

  it('a repayment file marks the promise kept', async () => {
    const admin = await signedIn('admin', ADMIN_PASSWORD);
    const csv = '案件编号,还款金额,还款日期,还款渠道,交易流水号\r\nE-1,500.00,2026-03-02,支付宝,PAY-0001\r\n';
    const up = await admin.request.post(`${server.url}/api/imports`, { multipart: { batchId: String(batchId), kind: 'payments', file: { name: 'repay.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) } } });
    expect(up.status()).toBe(201);
    const preview = await up.json();
    const mapping = preview.columns.map((c: { column: number; header: string; target: unknown }) => ({ column: c.column, header: c.header, target: c.target }));
    const commit = await admin.request.post(`${server.url}/api/imports/${preview.importId}/commit`, { data: { mapping } });
    expect(commit.status()).toBe(200);
    // the merge may finish after the commit answers: wait for the import to be committed
    await expect
      .poll(async () => (await (await admin.request.get(`${server.url}/api/imports/${preview.importId}`)).json()).status, { timeout: 30_000 })
      .toBe('committed');
    expect((await (await admin.request.get(`${server.url}/api/imports/${preview.importId}`)).json()).result).toMatchObject({ imported: 1, rejected: 0 });
    await admin.context().close();

    await page.reload();
    await page.getByRole('tab', { name: '承诺还款' }).click();
    await expect.poll(() => page.getByTestId('promise-status-1').innerText(), { timeout: 15_000 }).toBe('已履约');
    await page.getByRole('tab', { name: '还款', exact: true }).click();
    await expect.poll(() => page.getByTestId('payments-panel').innerText(), { timeout: 15_000 }).toContain('PAY-0001');
    expect(await page.getByTestId('payments-panel').innerText()).toContain('已入账');
  });

  it('the broken promise is now at the top; n opens the next case', async () => {
    await page.getByTestId('menu-queue').click();
    // E-1 is kept and owes 500.00 now, less than E-3's 600.00
    await expect.poll(() => rowOrder(page), { timeout: 15_000 }).toEqual([ids['E-2'], ids['E-3'], ids['E-1']]);
    expect(await reasons(page, ids['E-2'])).toEqual(['broken_promise']);
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'queue-after-payment.png'), fullPage: true });
    await page.keyboard.press('n');
    await page.waitForURL(new RegExp(`/cases/${ids['E-3']}$`));
  });
});
