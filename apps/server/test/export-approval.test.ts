/**
 * Export approval end to end: threshold, 409 with a stored request, four-eyes approval, one download
 * within 24 h (controllable clock), rejection, listing by role, audit rows, scope at download time.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { createTestContext, type TestContext } from './helpers/context.ts';
import { assign, client, seedCases, sessionCookie, userWithSession } from './helpers/access-fixtures.ts';
import { buildApp } from '../src/http/app.ts';
import { updateSettings } from '../src/modules/settings/settings.service.ts';
import type { Clock } from '../src/platform/clock.ts';

let t = Date.parse('2024-06-01T02:00:00Z');
const clock: Clock = { now: () => new Date(t), today: (zone) => DateTime.fromMillis(t).setZone(zone).toISODate()! };
const HOUR = 3600_000;

let ctx: TestContext;
let app: FastifyInstance;
let call: ReturnType<typeof client>;
const U: Record<string, { id: number; cookie: string }> = {};
let seed: Awaited<ReturnType<typeof seedCases>>;

async function dataRows(r: LightMyRequestResponse): Promise<{ rows: number; footer: string }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  return { rows: ws.rowCount - 3, footer: String(ws.getRow(ws.rowCount).getCell(1).value) };
}
const exportAll = (who: string) => call(U[who].cookie, 'GET', `/api/cases/export.xlsx?batchId=${seed.batchId}`);
async function requestId(who: string): Promise<number> {
  const r = await exportAll(who);
  expect(r.statusCode).toBe(409);
  expect(r.json().code).toBe('EXPORT_APPROVAL_REQUIRED');
  return Number(r.json().details[0].value);
}

async function relogin() {
  for (const k of Object.keys(U)) U[k].cookie = await sessionCookie(ctx, U[k].id);
}

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  app = await buildApp(ctx);
  call = client(app);
  seed = await seedCases(ctx, 'BANK', 'B1', ['A-001', 'A-002', 'A-003']);
  U.req = await userWithSession(ctx, 'mgr_req', 'manager');
  U.appr = await userWithSession(ctx, 'mgr_appr', 'manager');
  U.lead = await userWithSession(ctx, 'lead', 'team_lead');
  await assign(ctx, [seed.ids['A-001'], seed.ids['A-002']], U.lead.id);
  await updateSettings(ctx.db, null, { exportApprovalThreshold: 2 });
});
afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

describe('export approval', () => {
  it('exports at or under the threshold directly; above it answers 409 with a stored pending request', async () => {
    const two = await call(U.req.cookie, 'GET', `/api/cases/export.xlsx?batchId=${seed.batchId}&assignedUserId=${U.lead.id}`);
    expect(two.statusCode).toBe(200);
    expect((await dataRows(two)).rows).toBe(2);
    const r = await exportAll('req');
    expect(r.statusCode).toBe(409);
    const id = Number(r.json().details[0].value);
    expect(r.json()).toEqual({ code: 'EXPORT_APPROVAL_REQUIRED', message: `an export of 3 rows needs approval (2 rows exported in the last 24 hours + 3 is more than 2); request ${id} is waiting for an approver`, details: [{ field: 'requestId', value: String(id), reason: 'export approval required' }] });
    const row = await ctx.db.selectFrom('export_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ requested_by: U.req.id, filter: { batchId: seed.batchId }, format: 'xlsx', reveal: false, row_count: 3, status: 'pending', decided_by: null, expires_at: null });
    expect(await ctx.db.selectFrom('audit_log').select('data').where('action', '=', 'export.request').where('entity_id', '=', String(id)).executeTakeFirstOrThrow()).toEqual({ data: { rowCount: 3, threshold: 2, format: 'xlsx', reveal: false } });
    // no case.export audit row: nothing was exported
    expect((await ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'case.export').execute()).length).toBe(1);
  });

  it('full flow: self-approval refused, approve, download once, second download refused', async () => {
    const id = await requestId('req');
    const list = async (who: string) => (await call(U[who].cookie, 'GET', '/api/export-requests')).json().items.map((x: { id: number }) => x.id);
    expect(await list('req')).toContain(id);
    expect(await list('lead')).toEqual([]);
    expect(await list('appr')).toContain(id);
    expect((await call(U.req.cookie, 'GET', `/api/export-requests/${id}/download`)).json()).toMatchObject({ code: 'CONFLICT', message: `export request ${id} is pending` });
    const self = await call(U.req.cookie, 'POST', `/api/export-requests/${id}/approve`);
    expect(self.statusCode).toBe(403);
    expect((await call(U.lead.cookie, 'POST', `/api/export-requests/${id}/approve`)).statusCode).toBe(403);
    const ok = await call(U.appr.cookie, 'POST', `/api/export-requests/${id}/approve`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ id, status: 'approved', rowCount: 3, decidedBy: { id: U.appr.id, username: 'mgr_appr' }, decidedAt: '2024-06-01T02:00:00.000Z', expiresAt: '2024-06-02T02:00:00.000Z', expired: false });
    expect((await call(U.appr.cookie, 'POST', `/api/export-requests/${id}/reject`)).json()).toMatchObject({ code: 'CONFLICT' });
    // only the requester downloads: anyone else gets 404
    expect((await call(U.appr.cookie, 'GET', `/api/export-requests/${id}/download`)).statusCode).toBe(404);
    const dl = await call(U.req.cookie, 'GET', `/api/export-requests/${id}/download`);
    expect(dl.statusCode).toBe(200);
    const { rows, footer } = await dataRows(dl);
    expect(rows).toBe(3);
    expect(footer).toBe(`导出人 Exported by mgr_req (mgr_req) · 2024-06-01T02:00:00.000Z · 审批 approved by mgr_appr (#${id})`);
    const again = await call(U.req.cookie, 'GET', `/api/export-requests/${id}/download`);
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe(`export request ${id} was already downloaded`);
    const audits = await ctx.db.selectFrom('audit_log').select(['action', 'user_id']).where('entity', '=', 'export_request').where('entity_id', '=', String(id)).orderBy('id').execute();
    expect(audits).toEqual([{ action: 'export.request', user_id: U.req.id }, { action: 'export.approve', user_id: U.appr.id }, { action: 'export.download', user_id: U.req.id }]);
  });

  it('an approval expires 24 h after the decision; just before, it downloads with the scope as of now', async () => {
    const late = await requestId('req');
    const early = await requestId('req');
    await call(U.appr.cookie, 'POST', `/api/export-requests/${late}/approve`);
    await call(U.appr.cookie, 'POST', `/api/export-requests/${early}/approve`);
    t += 24 * HOUR - 1;
    // the requester's scope narrowed since the request: the download follows the scope of now
    await relogin(); // sessions end after 30 idle minutes (settings)
    await ctx.db.updateTable('users').set({ data_scope: 'own' }).where('id', '=', U.req.id).execute();
    await assign(ctx, [seed.ids['A-003']], U.req.id);
    const dl = await call(U.req.cookie, 'GET', `/api/export-requests/${early}/download`);
    expect(dl.statusCode).toBe(200);
    expect((await dataRows(dl)).rows).toBe(1);
    t += 1;
    await relogin();
    const item = (await call(U.appr.cookie, 'GET', '/api/export-requests?status=approved')).json().items.find((x: { id: number }) => x.id === late);
    expect(item).toMatchObject({ status: 'approved', expired: true });
    const r = await call(U.req.cookie, 'GET', `/api/export-requests/${late}/download`);
    expect(r.statusCode).toBe(409);
    expect(r.json().message).toBe(`export request ${late} expired`);
    await ctx.db.updateTable('users').set({ data_scope: null }).where('id', '=', U.req.id).execute();
  });

  it('a rejected request cannot be downloaded; threshold 0 turns approval off', async () => {
    const id = await requestId('req');
    expect((await call(U.appr.cookie, 'POST', `/api/export-requests/${id}/reject`)).json()).toMatchObject({ status: 'rejected', expiresAt: null });
    expect((await call(U.req.cookie, 'GET', `/api/export-requests/${id}/download`)).json()).toMatchObject({ code: 'CONFLICT', message: `export request ${id} is rejected` });
    expect((await call(U.appr.cookie, 'POST', '/api/export-requests/999999/approve')).statusCode).toBe(404);
    await updateSettings(ctx.db, null, { exportApprovalThreshold: 0 });
    expect((await exportAll('req')).statusCode).toBe(200);
  });

  it('small exports add up per user over 24 hours: the one that passes the threshold needs approval', async () => {
    await updateSettings(ctx.db, null, { exportApprovalThreshold: 2 });
    const one = (ref: string) => call(U.appr.cookie, 'GET', `/api/cases/export.xlsx?batchId=${seed.batchId}&q=${ref}`);
    expect((await one('A-001')).statusCode).toBe(200);
    expect((await one('A-002')).statusCode).toBe(200);
    const third = await one('A-003');
    expect(third.statusCode).toBe(409);
    expect(third.json().message).toMatch(/^an export of 1 rows needs approval \(2 rows exported in the last 24 hours \+ 1 is more than 2\); request \d+ is waiting for an approver$/);
    // another user's quota is their own
    expect((await call(U.lead.cookie, 'GET', `/api/cases/export.xlsx?batchId=${seed.batchId}&q=A-001`)).statusCode).toBe(200);
  });
});
