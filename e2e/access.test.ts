/**
 * Browser journey for access control (issue 3 points 2 and 6): the admin grants collectors
 * `cases.export` in the permission matrix; with an approval threshold set, the case list's export
 * explains that approval is needed and links to the requests page; a manager approves; the
 * requester downloads the file once.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN_PASSWORD, startServer, type RunningServer } from './helpers/server.ts';
import { launch, OUTPUT_DIR } from './helpers/browser.ts';

let server: RunningServer;
let browser: Browser;
let admin: { ctx: BrowserContext; page: Page };
let manager: { ctx: BrowserContext; page: Page };

async function signedIn(username: string, password: string) {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await ctx.newPage();
  page.setDefaultTimeout(20_000);
  const r = await page.request.post(`${server.url}/api/auth/login`, { data: { username, password } });
  expect(r.status()).toBe(200);
  // API calls from this context carry the session's CSRF token, as the web client does
  await ctx.setExtraHTTPHeaders({ 'x-csrf-token': (await r.json()).csrfToken });
  return { ctx, page };
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launch()]);
  admin = await signedIn('admin', ADMIN_PASSWORD);
  const api = admin.page.request;
  const url = (p: string) => `${server.url}/api${p}`;
  const client = await (await api.post(url('/clients'), { data: { code: 'ACC', name: '权限测试银行', currency: 'CNY', timezone: 'Asia/Shanghai' } })).json();
  const batch = await (await api.post(url('/batches'), { data: { clientId: client.id, batchNo: 'ACC-1', placementDate: '2024-03-01', expectedReturnDate: '2024-06-30' } })).json();
  const csv = '案件编号,姓名,委案金额\r\nACC-001,甲,100.00\r\nACC-002,乙,200.00\r\nACC-003,丙,300.00\r\n';
  const preview = await (await api.post(url('/imports'), { multipart: { batchId: String(batch.id), file: { name: 'acc.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) } } })).json();
  const mapping = preview.columns.map((c: { column: number; header: string; target: unknown }) => ({ column: c.column, header: c.header, target: c.target }));
  expect((await api.post(url(`/imports/${preview.importId}/commit`), { data: { mapping } })).status()).toBe(200);
  // the merge may finish after the commit answers: wait for the import to be committed (it raced on PostgreSQL)
  await vi.waitFor(async () => expect((await (await api.get(url(`/imports/${preview.importId}`))).json()).status).toBe('committed'), { timeout: 30_000, interval: 200 });
  expect((await api.post(url('/users'), { data: { username: 'e2e_mgr', displayName: '审批经理', role: 'manager', password: 'manager-pass-1', mustChangePassword: false } })).status()).toBe(201);
  manager = await signedIn('e2e_mgr', 'manager-pass-1');
});
afterAll(async () => {
  await admin?.page.screenshot({ path: path.join(OUTPUT_DIR, 'access-last.png') }).catch(() => {});
  await browser?.close();
  await server?.stop();
});

describe('access journey', () => {
  it('grants collectors cases.export in the permission matrix', async () => {
    const { page } = admin;
    await page.goto(`${server.url}/access/roles`);
    await page.getByTestId('roles-matrix').waitFor();
    expect(await page.getByTestId('perm-label-cases.export').innerText()).toBe('导出案件');
    await expect.poll(() => page.getByTestId('perm-collector-cases.export').isChecked()).toBe(false);
    expect(await page.getByTestId('perm-admin-roles.write').isDisabled()).toBe(true);
    await page.getByTestId('perm-collector-cases.export').click();
    await page.getByTestId('role-save-collector').click();
    await expect.poll(() => page.getByTestId('roles-matrix').innerText()).toContain('已自定义');
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'roles-matrix.png'), fullPage: true });
    const roles = await (await page.request.get(`${server.url}/api/roles`)).json();
    expect(roles.items.find((r: { role: string }) => r.role === 'collector').permissions).toEqual(['clients.read', 'batches.read', 'cases.read', 'cases.export', 'contacts.write']);
  });

  it('an export above the threshold asks for approval; a manager approves; the requester downloads once', async () => {
    const { page } = admin;
    expect((await page.request.patch(`${server.url}/api/settings`, { data: { exportApprovalThreshold: 2 } })).status()).toBe(200);
    await page.goto(`${server.url}/cases`);
    await page.getByTestId('cases-table').waitFor();
    await page.getByTestId('cases-export').click();
    await page.getByTestId('export-approval-needed').waitFor();
    await page.getByTestId('export-approval-needed').getByRole('link').click();
    await page.waitForURL(/\/export-requests$/);
    await expect.poll(() => page.getByTestId('export-status-1').innerText()).toBe('待审批');

    await manager.page.goto(`${server.url}/export-requests`);
    await manager.page.getByTestId('export-approve-1').click();
    await expect.poll(() => manager.page.getByTestId('export-status-1').innerText()).toBe('已批准');

    await page.reload();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download-1').click()]);
    expect(download.suggestedFilename()).toMatch(/^cases-\d{4}-\d{2}-\d{2}-1\.xlsx$/);
    await expect.poll(() => page.getByTestId('export-status-1').innerText()).toBe('已下载');
    expect(await page.getByTestId('export-download-1').count()).toBe(0);
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'export-requests.png'), fullPage: true });
  });
});
