/**
 * Browser journey for allocation (issue 6): a manager previews an equal-amount allocation of four
 * cases over two collectors (per collector count, amount, spread 0), commits it with a reason, and a
 * collector signs in and sees exactly their new cases in the case list.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN_PASSWORD, startServer, type RunningServer } from './helpers/server.ts';
import { launch, OUTPUT_DIR } from './helpers/browser.ts';

let server: RunningServer;
let browser: Browser;
let manager: { ctx: BrowserContext; page: Page };

async function signedIn(username: string, password: string) {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await ctx.newPage();
  page.setDefaultTimeout(20_000);
  const r = await page.request.post(`${server.url}/api/auth/login`, { data: { username, password } });
  expect(r.status()).toBe(200);
  await ctx.setExtraHTTPHeaders({ 'x-csrf-token': (await r.json()).csrfToken });
  return { ctx, page };
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ clock: '2026-03-02T01:00:00Z' }), launch()]);
  const admin = await signedIn('admin', ADMIN_PASSWORD);
  const api = admin.page.request;
  const url = (p: string) => `${server.url}/api${p}`;
  const client = await (await api.post(url('/clients'), { data: { code: 'ALC', name: '分案测试银行', currency: 'CNY', timezone: 'Asia/Shanghai' } })).json();
  const batch = await (await api.post(url('/batches'), { data: { clientId: client.id, batchNo: 'ALC-1', placementDate: '2026-02-01', expectedReturnDate: '2026-06-30' } })).json();
  const csv = '案件编号,姓名,委案金额\r\nALC-001,甲,100.00\r\nALC-002,乙,200.00\r\nALC-003,丙,300.00\r\nALC-004,丁,400.00\r\n';
  const preview = await (await api.post(url('/imports'), { multipart: { batchId: String(batch.id), file: { name: 'alc.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) } } })).json();
  const mapping = preview.columns.map((c: { column: number; header: string; target: unknown }) => ({ column: c.column, header: c.header, target: c.target }));
  expect((await api.post(url(`/imports/${preview.importId}/commit`), { data: { mapping } })).status()).toBe(200);
  // the merge may finish after the commit answers: wait for the import to be committed (it raced on PostgreSQL)
  await vi.waitFor(async () => expect((await (await api.get(url(`/imports/${preview.importId}`))).json()).status).toBe('committed'), { timeout: 30_000, interval: 200 });
  for (const [username, displayName, role] of [['e2e_mgr', '分案经理', 'manager'], ['col_a', '催收员甲', 'collector'], ['col_b', '催收员乙', 'collector']]) {
    expect((await api.post(url('/users'), { data: { username, displayName, role, password: 'collect-pass-1', mustChangePassword: false } })).status()).toBe(201);
  }
  await admin.ctx.close();
  manager = await signedIn('e2e_mgr', 'collect-pass-1');
});
afterAll(async () => {
  await manager?.page.screenshot({ path: path.join(OUTPUT_DIR, 'allocation-last.png') }).catch(() => {});
  await browser?.close();
  await server?.stop();
});

describe('allocation journey', () => {
  it('a manager previews and commits an equal-amount allocation; a collector sees the new cases', async () => {
    const { page } = manager;
    await page.goto(`${server.url}/`);
    await page.getByTestId('menu-allocation').click();
    await page.getByTestId('allocation-page').waitFor();
    await page.getByTestId('alloc-collectors').click(); // a multiple select stays open while picking
    for (const name of ['催收员甲', '催收员乙']) await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: name }).first().click();
    await page.keyboard.press('Escape');
    await page.locator('label:has([data-testid="alloc-mode-amount"])').click(); // the test id sits on the hidden radio input
    await page.getByTestId('alloc-preview-button').click();
    await page.getByTestId('alloc-preview-table').waitFor();
    expect(await page.getByTestId('alloc-total-count').innerText()).toBe('4');
    expect(await page.getByTestId('alloc-moves').innerText()).toBe('4');
    expect(await page.getByTestId('alloc-spread-amount').innerText()).toBe('0.00%');
    const table = await page.getByTestId('alloc-preview-table').innerText();
    expect(table).toContain('催收员甲');
    expect(table).toContain('50.00%');
    expect(await page.getByTestId('alloc-count').allInnerTexts()).toEqual(['2', '2']);
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'allocation-preview.png'), fullPage: true });

    await page.getByTestId('alloc-reason').fill('月初分案');
    await page.getByTestId('alloc-commit').click();
    await page.getByTestId('alloc-committed').waitFor();
    expect(await page.getByTestId('alloc-committed').innerText()).toContain('4');

    const collector = await signedIn('col_a', 'collect-pass-1');
    await collector.page.goto(`${server.url}/cases`);
    await collector.page.getByTestId('cases-table').waitFor();
    await collector.page.getByTestId('case-row-ALC-004').waitFor();
    const rows = await collector.page.locator('[data-testid^="case-row-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')).sort());
    // largest first to the least loaded: 400 → 甲, 300 → 乙, 200 → 乙, 100 → 甲 (¥500 each)
    expect(rows).toEqual(['case-row-ALC-001', 'case-row-ALC-004']);
    await collector.page.screenshot({ path: path.join(OUTPUT_DIR, 'allocation-collector-cases.png'), fullPage: true });
    await collector.ctx.close();
  });
});
