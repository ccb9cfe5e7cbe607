import fs from 'node:fs';
/**
 * Masking and reveal over HTTP (issue 3 point 4): every case endpoint masks personal values for a
 * role without `cases.reveal` (and for every role until a value is revealed); reveal needs the
 * permission (403), the case in scope (404), and writes an audit row with field and case but no value;
 * numbers never in URLs (GET with a phone in q is refused); exports masked unless reveal is asked and
 * allowed, with reveal and row count audited.
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, SAMPLES, type TestContext } from './helpers/context.ts';
import { importFile, makeBatch, makeUser } from './helpers/fixtures.ts';
import { buildApp } from '../src/http/app.ts';
import { exportCases } from '../src/modules/cases/cases.export.ts';
import { ensureAdmin } from '../src/modules/users/users.service.ts';
import { REDACT_PATHS } from '../src/platform/logger.ts';

let ctx: TestContext;
let app: FastifyInstance;
let batchId: number;
let caseId: number;
const cookies: Record<string, string> = {};
const csrf: Record<string, string> = {};
const FULL = ['110101199003074514', '13800138000', '010-85551234', '6222021234567890128', '张大山', '张三'];

async function login(username: string, password = 'password-123') {
  const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  cookies[username] = `recova_session=${r.cookies.find((x) => x.name === 'recova_session')!.value}`;
  csrf[username] = r.json().csrfToken;
}
const get = (user: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie: cookies[user] } });
const post = (user: string, url: string, payload: unknown) => app.inject({ method: 'POST', url, headers: { cookie: cookies[user], 'x-csrf-token': csrf[user] }, payload: payload as object });

beforeAll(async () => {
  ctx = await createTestContext();
  await ensureAdmin(ctx);
  app = await buildApp(ctx);
  ({ batchId } = await makeBatch(ctx, { client: 'BANK', batch: 'R1' }));
  await importFile(ctx, batchId, path.join(SAMPLES, 'import/xls-biff8-standard-template/input.xls'));
  await makeUser(ctx, 'lead', 'team_lead');
  await makeUser(ctx, 'carol', 'collector');
  await login('admin', 'Sesame-Open-2024');
  await login('lead');
  await login('carol');
  caseId = (await post('admin', '/api/cases/search', { batchId, q: 'WA2024030001' })).json().items[0].id;
  // the team lead (no cases.reveal) works these cases
  const lead = await ctx.db.selectFrom('users').select('id').where('username', '=', 'lead').executeTakeFirstOrThrow();
  expect((await post('admin', '/api/cases/actions', { action: 'assign', reason: 'test', assigneeId: lead.id, selection: { filter: { batchId } } })).json()).toEqual({ affected: 3 });
});
afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

describe('masked everywhere', () => {
  it('list, search and detail (phones, addresses, contacts, records, fields) carry only masked values, for admin too', async () => {
    for (const user of ['admin', 'lead']) {
      const list = await post(user, '/api/cases/search', { batchId, sort: 'clientCaseRef' });
      expect(list.statusCode).toBe(200);
      expect(list.json().items[0]).toMatchObject({ debtorName: '张*', idNumberMasked: '110101********4514', mobileMasked: '138****8000' });
      const d = (await get(user, `/api/cases/${caseId}`)).json();
      const body = JSON.stringify([list.json(), d]);
      for (const v of FULL) expect(body).not.toContain(v);
      expect(d.fields).toMatchObject({ debtor_name: '张*', id_number: '110101********4514', card_number: '6222 **** **** 0128' });
      expect(d.phones.map((p: { number: string }) => p.number)).toContain('010-****1234');
      expect(d.contacts[0]).toMatchObject({ name: '张**', relation: '父亲' });
      expect(d.addresses[0].address).toMatch(/^.{6}\*\*\*\*$/u);
    }
  });

  it('rejected rows of an import show masked values', async () => {
    const imp = await importFile(ctx, batchId, path.join(SAMPLES, 'import/id18-precision-xlsx/input.xlsx'));
    const r = await get('admin', `/api/imports/${imp.item!.id}`);
    const errs = r.json().errors as { field: string; value: string; message: string }[];
    const id = errs.find((e) => e.field === 'id_number')!;
    expect(id.value).toBe('310104********0000');
    expect(id.message).not.toContain('310104198507120000');
  });

  it('a full number in a non-personal or custom column is masked too: preview, rejected rows, detail, export (was: shown in full)', async () => {
    const file = path.join(ctx.tmp, 'shifted.csv');
    fs.writeFileSync(file, '案件编号,姓名,委案金额,逾期天数,备用证件\r\nSH-1,王五,100.00,110101199003074514,x\r\nSH-2,赵六,100.00,12,13987654321\r\n');
    const b = await makeBatch(ctx, { client: 'BANK', batch: 'SHIFT' });
    const imp = await importFile(ctx, b.batchId, file);
    expect(imp.preview.columns.map((c) => c.samples[0])).toEqual(['SH-1', '王*', '100.00', '****4514', 'x']);
    const errs = (await get('admin', `/api/imports/${imp.item!.id}`)).json().errors as { value: string; message: string }[];
    expect(errs.map((e) => e.value)).toEqual(['****4514']);
    expect(JSON.stringify(errs)).not.toContain('110101199003074514');
    const found = (await post('admin', '/api/cases/search', { q: 'SH-2' })).json().items[0];
    const detail = (await get('admin', `/api/cases/${found.id}`)).json();
    expect(detail.custom).toEqual({ 备用证件: '****4321' });
    const rows = async (reveal: boolean) => { const out = []; for await (const r of exportCases(ctx, { kind: 'all' }, { q: 'SH-2' }, { asOf: '2024-06-01', reveal })) out.push(r.custom); return out; };
    expect(await rows(false)).toEqual([{ 备用证件: '****4321' }]);
    expect(await rows(true)).toEqual([{ 备用证件: '13987654321' }]);
  });

  it('GET /api/cases refuses a phone, ID or card number in q and points to POST', async () => {
    const r = await get('admin', '/api/cases?q=13800138000');
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'q', reason: 'use POST /api/cases/search' }] });
    expect((await get('admin', '/api/cases?q=138-0013-8000')).statusCode).toBe(400);
    expect((await get('admin', '/api/cases?q=4514')).statusCode).toBe(200);
    expect((await get('admin', '/api/cases/export.xlsx?q=110101199003074514')).statusCode).toBe(400);
  });

  it('a search by a full number is audited with the result count, never the number', async () => {
    const r = await post('lead', '/api/cases/search', { q: '13800138000' });
    expect(r.json().total).toBe(1);
    const row = await ctx.db.selectFrom('audit_log').select(['action', 'data']).where('action', '=', 'case.search_number').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row.data).toEqual({ results: 1 });
    const count = async () => Number((await ctx.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'case.search_number').executeTakeFirstOrThrow()).n);
    const before = await count();
    await post('lead', '/api/cases/search', { q: 'WA2024' }); // a reference or name: not a number lookup
    expect(await count()).toBe(before);
  });

  it('logger redacts the new personal shapes', () => {
    expect(REDACT_PATHS).toEqual(expect.arrayContaining(['*.card_number', '*.value', '*.q', '*.target', 'req.body']));
  });
});

describe('reveal', () => {
  it('403 without cases.reveal; 404 outside scope or for a ref of another case', async () => {
    expect((await post('lead', `/api/cases/${caseId}/reveal`, { field: 'id_number' })).statusCode).toBe(403);
    // a collector has no reveal permission either; an admin asking for a missing case gets 404
    expect((await post('carol', `/api/cases/${caseId}/reveal`, { field: 'id_number' })).statusCode).toBe(403);
    expect((await post('admin', '/api/cases/999999/reveal', { field: 'id_number' })).statusCode).toBe(404);
    const other = (await post('admin', '/api/cases/search', { batchId, q: 'WA2024030002' })).json().items[0].id;
    const phoneOfOther = (await get('admin', `/api/cases/${other}`)).json().phones[0].id;
    expect((await post('admin', `/api/cases/${caseId}/reveal`, { field: 'phone', ref: phoneOfOther })).statusCode).toBe(404);
    expect((await post('admin', `/api/cases/${caseId}/reveal`, { field: 'phone' })).statusCode).toBe(400);
  });

  it('reveals one value at a time and audits who, case, field and ref — never the value', async () => {
    const d = (await get('admin', `/api/cases/${caseId}`)).json();
    const home = d.phones.find((p: { number: string }) => p.number === '010-****1234');
    expect((await post('admin', `/api/cases/${caseId}/reveal`, { field: 'id_number' })).json()).toEqual({ field: 'id_number', ref: null, value: '110101199003074514' });
    expect((await post('admin', `/api/cases/${caseId}/reveal`, { field: 'debtor_name' })).json().value).toBe('张三');
    expect((await post('admin', `/api/cases/${caseId}/reveal`, { field: 'phone', ref: home.id })).json().value).toBe('010-85551234');
    expect((await post('admin', `/api/cases/${caseId}/reveal`, { field: 'contact_name', ref: d.contacts[0].id })).json().value).toBe('张大山');
    const rows = await ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'case.reveal').orderBy('id').execute();
    expect(rows).toHaveLength(4);
    const admin = await ctx.db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
    expect(rows[0]).toMatchObject({ user_id: admin.id, entity: 'case', entity_id: String(caseId) });
    expect(rows.map((r) => r.data)).toEqual([
      { field: 'id_number', ref: null }, { field: 'debtor_name', ref: null }, { field: 'phone', ref: home.id }, { field: 'contact_name', ref: d.contacts[0].id },
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/110101199003074514|85551234|张大山/);
  });
});

describe('export', () => {
  const cells = async (buf: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const out: string[] = [];
    wb.worksheets[0].eachRow((r) => out.push(JSON.stringify(r.values)));
    return out.join('\n');
  };
  it('masked by default, full values with reveal for a user with cases.reveal; 403 for reveal without it; audited with reveal and rows', async () => {
    const masked = await post('lead', '/api/cases/export', { filter: { batchId } });
    expect(masked.statusCode).toBe(200);
    const m = await cells(masked.rawPayload);
    expect(m).toContain('110101********4514');
    for (const v of FULL) expect(m).not.toContain(v);
    expect((await post('lead', '/api/cases/export', { filter: { batchId }, reveal: true })).statusCode).toBe(403);
    const full = await cells((await post('admin', '/api/cases/export', { filter: { batchId, q: '110101199003074514' }, reveal: true })).rawPayload);
    expect(full).toContain('110101199003074514');
    expect(full).toContain('张大山');
    const audits = await ctx.db.selectFrom('audit_log').select('data').where('action', '=', 'case.export').orderBy('id').execute();
    expect(audits.map((a) => a.data)).toEqual([
      expect.objectContaining({ reveal: false, rows: 3, format: 'xlsx' }),
      expect.objectContaining({ reveal: true, rows: 1, filter: { batchId, q: true } }),
    ]);
  });
});
