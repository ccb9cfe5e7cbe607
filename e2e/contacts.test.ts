/**
 * Browser journey for the contact workbench (issues 4 and 5) on the test clock: a collector opens an
 * assigned case at 09:00 Shanghai and sees the phone callable; at 22:30 a call is blocked and the
 * reason (cn.hours) and the next allowed time (08:00) are shown; at 09:00 next day the collector records
 * a call with result PTP (amount + date) and finds it on the timeline.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN_PASSWORD, startServer, type RunningServer } from './helpers/server.ts';
import { launch, OUTPUT_DIR } from './helpers/browser.ts';

let server: RunningServer;
let browser: Browser;
let collector: { ctx: BrowserContext; page: Page };
let caseId: number;
let phoneId: number;

async function signedIn(username: string, password: string) {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'Asia/Shanghai', locale: 'zh-CN' });
  const page = await ctx.newPage();
  page.setDefaultTimeout(20_000);
  const r = await page.request.post(`${server.url}/api/auth/login`, { data: { username, password } });
  expect(r.status()).toBe(200);
  await ctx.setExtraHTTPHeaders({ 'x-csrf-token': (await r.json()).csrfToken });
  return { ctx, page };
}

/** Pick the option with this label in a searchable antd Select opened by its test id. */
async function choose(page: Page, testId: string, label: string) {
  await page.getByTestId(testId).click();
  await page.keyboard.type(label);
  await page.keyboard.press('Enter');
}
const POLL = { timeout: 20_000, interval: 250 };

beforeAll(async () => {
  // Monday 2026-03-02 09:00 in Shanghai
  [server, browser] = await Promise.all([startServer({ clock: '2026-03-02T01:00:00Z' }), launch()]);
  const admin = await signedIn('admin', ADMIN_PASSWORD);
  const api = admin.page.request;
  const url = (p: string) => `${server.url}/api${p}`;
  // the journey moves the clock by half a day: sessions must outlive that
  expect((await api.patch(url('/settings'), { data: { sessionIdleMinutes: 1440, sessionAbsoluteHours: 720 } })).status()).toBe(200);
  const client = await (await api.post(url('/clients'), { data: { code: 'CON', name: '联系测试银行', currency: 'CNY', timezone: 'Asia/Shanghai' } })).json();
  const batch = await (await api.post(url('/batches'), { data: { clientId: client.id, batchNo: 'CON-1', placementDate: '2026-02-01', expectedReturnDate: '2026-06-30' } })).json();
  const csv = '案件编号,姓名,身份证号,手机,委案金额\r\nCON-001,张三,110101199003074514,13800138000,5000.00\r\n';
  const preview = await (await api.post(url('/imports'), { multipart: { batchId: String(batch.id), file: { name: 'con.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) } } })).json();
  const mapping = preview.columns.map((c: { column: number; header: string; target: unknown }) => ({ column: c.column, header: c.header, target: c.target }));
  expect((await api.post(url(`/imports/${preview.importId}/commit`), { data: { mapping } })).status()).toBe(200);
  // the merge may finish after the commit answers: wait for the import to be committed (it raced on PostgreSQL)
  await vi.waitFor(async () => expect((await (await api.get(url(`/imports/${preview.importId}`))).json()).status).toBe('committed'), { timeout: 30_000, interval: 200 });
  const user = await (await api.post(url('/users'), { data: { username: 'e2e_col', displayName: '催收员甲', role: 'collector', password: 'collector-pass-1', mustChangePassword: false } })).json();
  const list = await (await api.post(url('/cases/search'), { data: { q: 'CON-001' } })).json();
  caseId = list.items[0].id;
  expect((await api.post(url('/cases/actions'), { data: { action: 'assign', reason: 'e2e', assigneeId: user.id, selection: { caseIds: [caseId] } } })).status()).toBe(200);
  phoneId = (await (await api.get(url(`/cases/${caseId}`))).json()).phones[0].id;
  await admin.ctx.close();
  collector = await signedIn('e2e_col', 'collector-pass-1');
});
afterAll(async () => {
  await collector?.page.screenshot({ path: path.join(OUTPUT_DIR, 'contacts-last.png'), fullPage: true }).catch(() => {});
  await browser?.close();
  await server?.stop();
});

describe('contact workbench journey', () => {
  it('09:00: the assigned case shows the phone callable now', async () => {
    const { page } = collector;
    await page.goto(`${server.url}/cases/${caseId}`);
    await page.getByTestId('workbench').waitFor();
    await expect.poll(() => page.getByTestId(`phone-callable-${phoneId}`).getAttribute('data-decision'), POLL).toBe('allow');
  });

  it('22:30: the phone shows "not now" until 08:00, and a call is blocked with its reason and next allowed time', async () => {
    const { page } = collector;
    server.setNow('2026-03-02T14:30:00Z');
    await page.reload();
    await expect.poll(() => page.getByTestId(`phone-callable-${phoneId}`).getAttribute('data-decision'), POLL).toBe('block');
    expect(await page.getByTestId(`phone-callable-${phoneId}-next`).innerText()).toContain('08:00');
    await page.getByTestId(`phone-call-${phoneId}`).click();
    await choose(page, 'record-result', '无人接听');
    await page.getByTestId('record-submit').click();
    await page.getByTestId('record-blocked').waitFor();
    expect(await page.getByTestId('record-blocked-reason').first().innerText()).toContain('cn.hours');
    const next = await page.getByTestId('record-blocked-next').innerText();
    expect(next).toContain('2026');
    expect(next).toContain('03');
    expect(next).toContain('08:00');
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'contacts-blocked.png'), fullPage: true });
    await page.keyboard.press('Escape');
  });

  it('09:00 next day: a call with result PTP (amount + date) is recorded and shown on the timeline', async () => {
    const { page } = collector;
    server.setNow('2026-03-03T01:00:00Z');
    await page.reload();
    await expect.poll(() => page.getByTestId(`phone-callable-${phoneId}`).getAttribute('data-decision'), POLL).toBe('allow');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('n'); // shortcut: new contact record
    await page.getByTestId('record-form').waitFor();
    await choose(page, 'record-result', '承诺还款');
    await page.getByTestId('record-promise').waitFor();
    await page.getByTestId('record-promise-amount').fill('500.00');
    await page.getByTestId('record-promise-date').fill('2026-03-10');
    await page.getByTestId('record-note').fill('月中前还五百');
    await page.getByTestId('record-submit').click();
    await page.getByTestId('record-form').waitFor({ state: 'detached' });
    await page.getByTestId('case-tab-timeline').click();
    const promise = page.getByTestId('timeline-promise').first();
    await promise.waitFor();
    const text = await promise.innerText();
    expect(text).toContain('500.00');
    expect(text).toContain('2026-03-10');
    const timeline = await page.getByTestId('contact-timeline').innerText();
    expect(timeline).toContain('月中前还五百');
    expect(timeline).toContain('cn.hours'); // the blocked attempt of last night, with its reason
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'contacts-timeline.png'), fullPage: true });
  });
});
