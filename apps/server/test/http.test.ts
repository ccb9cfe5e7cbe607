/**
 * The HTTP API end to end (Fastify inject, real database): login, roles and data scopes, batch
 * rules, upload → preview → commit → result, case list filters, detail, actions, export.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, SAMPLES, type TestContext } from './helpers/context.ts';
import { importFile, makeBatch, makeUser } from './helpers/fixtures.ts';
import { buildApp } from '../src/http/app.ts';
import { ROUTES } from '../src/http/route.ts';
import { ensureAdmin } from '../src/modules/users/users.service.ts';

let ctx: TestContext;
let app: FastifyInstance;
let bank: { clientId: number; batchId: number };
let other: { clientId: number; batchId: number };
const cookies: Record<string, string> = {};
const csrf: Record<string, string> = {};

async function login(username: string, password = 'password-123') {
  const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  expect(r.statusCode).toBe(200);
  const c = r.cookies.find((x) => x.name === 'recova_session')!;
  expect(c.httpOnly).toBe(true);
  expect(c.sameSite).toBe('Lax');
  cookies[username] = `recova_session=${c.value}`;
  csrf[username] = r.json().csrfToken;
}
// the session cookie plus the session's CSRF token (required on state-changing requests since issue 3)
const as = (user: string) => ({ cookie: cookies[user], 'x-csrf-token': csrf[user] });
const get = (user: string, url: string) => app.inject({ method: 'GET', url, headers: as(user) });
const post = (user: string, url: string, payload: unknown) => app.inject({ method: 'POST', url, headers: as(user), payload: payload as object });

beforeAll(async () => {
  ctx = await createTestContext();
  await ensureAdmin(ctx);
  app = await buildApp(ctx);
  bank = await makeBatch(ctx, { client: 'BANK', batch: 'B1' });
  other = await makeBatch(ctx, { client: 'CFC', batch: 'C1' });
  await importFile(ctx, bank.batchId, path.join(SAMPLES, 'import/xls-biff8-standard-template/input.xls'));
  await importFile(ctx, other.batchId, path.join(SAMPLES, 'import/gbk-csv/input.csv'));
  const team = await ctx.db.insertInto('teams').values({ name: 'A组' }).returning('id').executeTakeFirstOrThrow();
  await makeUser(ctx, 'alice', 'collector', { teamId: team.id });
  await makeUser(ctx, 'bob', 'collector');
  await makeUser(ctx, 'lead', 'team_lead', { teamId: team.id });
  await makeUser(ctx, 'viewer', 'client_viewer', { clientId: other.clientId });
  await makeUser(ctx, 'boss', 'manager');
  await login('admin', 'Sesame-Open-2024');
  for (const u of ['alice', 'bob', 'lead', 'viewer', 'boss']) await login(u);
});
afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

describe('auth', () => {
  it('rejects a wrong password with a stable code and no cookie', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'alice', password: 'nope-nope' } });
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(r.cookies).toEqual([]);
  });
  it('stores argon2id hashes, never the password', async () => {
    const u = await ctx.db.selectFrom('users').select('password_hash').where('username', '=', 'alice').executeTakeFirstOrThrow();
    expect(u.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
  it('401 without a session; validation errors name the field', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/cases' })).json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    const r = await post('admin', '/api/batches', { clientId: bank.clientId, batchNo: '', placementDate: '2024-13-01' });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('VALIDATION_FAILED');
    expect(r.json().details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['batchNo', 'placementDate', 'expectedReturnDate']));
  });
  it('every route declares an access rule, and only login/logout/health (and the signed SMS receipt callback) are public', () => {
    expect(ROUTES.length).toBeGreaterThan(20);
    expect(ROUTES.filter((r) => r.access === 'public').map((r) => r.url).sort()).toEqual(['/api/auth/login', '/api/auth/logout', '/api/health', '/api/messaging/sms/receipts']);
  });
});

describe('batches', () => {
  it('creates a batch with required fields and commission in basis points; duplicate number refused', async () => {
    const body = { clientId: bank.clientId, batchNo: 'B2', placementDate: '2024-04-01', expectedReturnDate: '2024-07-01', region: '华东', productType: '信用卡', commissionRate: '12.5', remarks: '第二批' };
    const r = await post('admin', '/api/batches', body);
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ batchNo: 'B2', status: 'not_imported', commissionRateBp: 1250, caseCount: 0 });
    expect((await post('admin', '/api/batches', body)).json().code).toBe('BATCH_NO_TAKEN');
    expect((await app.inject({ method: 'DELETE', url: `/api/batches/${r.json().id}`, headers: as('admin') })).statusCode).toBe(204);
  });
  it('a batch with imported cases cannot be deleted', async () => {
    const r = await app.inject({ method: 'DELETE', url: `/api/batches/${bank.batchId}`, headers: as('admin') });
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ code: 'BATCH_HAS_CASES' });
    expect((await get('admin', `/api/batches/${bank.batchId}`)).json()).toMatchObject({ status: 'imported', caseCount: 3, placedTotal: 523050 + 1200000 + 88008 });
  });
  it('a client viewer sees only their client; another client’s batch is 404', async () => {
    expect((await get('viewer', '/api/batches')).json().items.map((b: { batchNo: string }) => b.batchNo)).toEqual(['C1']);
    expect((await get('viewer', `/api/batches/${bank.batchId}`)).statusCode).toBe(404);
    expect((await get('viewer', '/api/clients')).json().items.map((c: { code: string }) => c.code)).toEqual(['CFC']);
    expect((await post('viewer', '/api/batches', { clientId: other.clientId })).statusCode).toBe(403);
  });
});

describe('upload → preview → commit', () => {
  it('previews a multi-sheet workbook, saves the mapping as the client template, imports with progress', async () => {
    const { batchId } = await makeBatch(ctx, { client: 'BANK', batch: 'UP1' });
    const file = fs.readFileSync(path.join(SAMPLES, 'import/multi-sheet-hidden/input.xlsx'));
    const boundary = '----recova';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="batchId"\r\n\r\n${batchId}\r\n--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ncases\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="input.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await app.inject({ method: 'POST', url: '/api/imports', headers: { ...as('admin'), 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
    expect(up.statusCode).toBe(201);
    const preview = up.json();
    expect(preview).toMatchObject({ format: 'xlsx', sheet: '案件明细', mappingSource: 'auto', problem: null });
    expect(preview.columns[1]).toMatchObject({ header: '身份证号', target: { kind: 'field', field: 'id_number' }, samples: ['110101********4514', '310104********0029', '320102********009X'] });
    // preview samples are API output: personal values masked (issue 3 point 4)
    expect(JSON.stringify(preview)).not.toContain('110101199003074514');
    // the user maps 账龄 to a custom field instead, and saves the template
    const mapping = preview.columns.map((c: { column: number; header: string; target: unknown }) => ({ column: c.column, header: c.header, target: c.header === '账龄' ? { kind: 'custom', name: '原账龄' } : c.target }));
    const commit = await post('admin', `/api/imports/${preview.importId}/commit`, { sheet: preview.sheet, mapping, saveAsTemplate: true });
    expect(commit.statusCode).toBe(200);
    let item = commit.json();
    for (let i = 0; i < 100 && item.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      item = (await get('admin', `/api/imports/${preview.importId}`)).json();
    }
    expect(item).toMatchObject({ status: 'committed', result: { rows: 3, imported: 3, rejected: 0 } });
    // the next file from this client maps itself from the saved template
    const { batchId: b2 } = await makeBatch(ctx, { client: 'BANK', batch: 'UP2' });
    const again = await importFile(ctx, b2, path.join(SAMPLES, 'import/multi-sheet-hidden/input.xlsx'));
    expect(again.preview.mappingSource).toBe('saved');
    expect(again.preview.columns.find((c) => c.header === '账龄')!.target).toEqual({ kind: 'custom', name: '原账龄' });
  });
  it('refuses a file that is not a spreadsheet or CSV by content', async () => {
    const { batchId } = await makeBatch(ctx, { client: 'BANK', batch: 'UP3' });
    const boundary = '----x';
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const body = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="batchId"\r\n\r\n${batchId}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cases.xlsx"\r\n\r\n`), png, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const r = await app.inject({ method: 'POST', url: '/api/imports', headers: { ...as('admin'), 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
    expect(r.statusCode).toBe(415);
    expect(r.json().code).toBe('UNSUPPORTED_FILE');
  });
  it('rejected rows download as .xlsx with row, column, value and reason', async () => {
    const { batchId } = await makeBatch(ctx, { client: 'BANK', batch: 'ERR' });
    const { item } = await importFile(ctx, batchId, path.join(SAMPLES, 'import/id18-precision-xlsx/input.xlsx'));
    const r = await get('admin', `/api/imports/${item!.id}/errors.xlsx`);
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const rows = wb.worksheets[0].getSheetValues().filter(Boolean).map((v) => (v as unknown[]).slice(1));
    expect(rows[1].slice(0, 2)).toEqual([3, '身份证号']);
    expect(rows[2].slice(0, 2)).toEqual([4, '卡号']);
  });
});

describe('cases: scope, filters, detail, actions', () => {
  it('a collector sees only assigned cases; others are 404 including children', async () => {
    const all = (await get('admin', '/api/cases?pageSize=100')).json();
    expect(all.total).toBeGreaterThanOrEqual(7);
    const ids = all.items.filter((c: { batchId: number }) => c.batchId === bank.batchId).map((c: { id: number }) => c.id);
    const alice = (await ctx.db.selectFrom('users').select('id').where('username', '=', 'alice').executeTakeFirstOrThrow()).id;
    const r = await post('admin', '/api/cases/actions', { action: 'assign', assigneeId: alice, reason: '初次分配', selection: { caseIds: ids.slice(0, 2) } });
    expect(r.json()).toEqual({ affected: 2 });
    const mine = (await get('alice', '/api/cases')).json();
    expect(mine.total).toBe(2);
    expect(mine.items.map((c: { id: number }) => c.id).sort()).toEqual(ids.slice(0, 2).sort());
    expect((await get('bob', '/api/cases')).json().total).toBe(0);
    expect((await get('bob', `/api/cases/${ids[0]}`)).statusCode).toBe(404);
    expect((await get('alice', `/api/cases/${ids[2]}`)).statusCode).toBe(404);
    // the team lead sees the team's cases
    expect((await get('lead', '/api/cases')).json().total).toBe(2);
    // the client viewer sees only their client's cases
    const v = (await get('viewer', '/api/cases?pageSize=100')).json();
    expect(new Set(v.items.map((c: { clientCode: string }) => c.clientCode))).toEqual(new Set(['CFC']));
    // a collector cannot read import details (they carry rejected raw values) of any batch
    const imp = await ctx.db.selectFrom('imports').select('id').where('batch_id', '=', bank.batchId).executeTakeFirstOrThrow();
    expect((await get('alice', `/api/imports/${imp.id}`)).statusCode).toBe(403);
    expect((await get('alice', `/api/imports/${imp.id}/errors.xlsx`)).statusCode).toBe(403);
    // a collector cannot change state or assign
    expect((await post('alice', '/api/cases/actions', { action: 'pause', reason: 'x', selection: { caseIds: ids } })).statusCode).toBe(403);
  });
  it('masks ID numbers and phones in the list; detail has DPD and bucket as of today', async () => {
    const list = (await get('admin', `/api/cases?batchId=${bank.batchId}&sort=clientCaseRef`)).json();
    expect(list.items[0]).toMatchObject({ clientCaseRef: 'WA2024030001', idNumberMasked: '110101********4514', mobileMasked: '138****8000', placedAmount: 523050, currency: 'CNY' });
    expect(JSON.stringify(list)).not.toContain('110101199003074514');
    const d = (await get('admin', `/api/cases/${list.items[0].id}`)).json();
    // 45 DPD on 2024-03-01 → overdue since 2024-01-16; today (fixed clock) 2024-06-01 → 137 days
    expect(d).toMatchObject({ dpd: 137, bucket: 'M5', clientDpd: 45 });
    expect(d.fields.id_number).toBe('110101********4514');
    expect(d.contacts[0]).toMatchObject({ name: '张**', relation: '父亲' });
    expect(d.imports[0]).toMatchObject({ kind: 'cases', outcome: 'new' });
  });
  it('filters by bucket, DPD range, amount range, region and text', async () => {
    // POST /api/cases/search: numbers travel in the body, never in the URL (GET refuses them, see reveal.test.ts)
    const q = async (qs: string) => (await post('admin', '/api/cases/search', { batchId: bank.batchId, ...Object.fromEntries(new URLSearchParams(qs)) })).json().items.map((c: { clientCaseRef: string }) => c.clientCaseRef).sort();
    expect(await q('bucket=M5')).toEqual(['WA2024030001']);
    expect(await q('dpdMin=150&dpdMax=200')).toEqual(['WA2024030002']); // 95 + 92 = 187
    expect(await q('amountMin=100000&amountMax=600000')).toEqual(['WA2024030001']);
    expect(await q('q=李四')).toEqual(['WA2024030002']);
    expect(await q('q=13800138003')).toEqual(['WA2024030003']);
    expect(await q('q=32010219881008009X')).toEqual(['WA2024030003']);
    expect(await q('q=009X')).toEqual(['WA2024030003']);
    expect(await q('q=320102********009X')).toEqual(['WA2024030003']);
    expect(await q('q=WA2024030002')).toEqual(['WA2024030002']);
    expect((await get('admin', '/api/cases?dpdMin=-1')).statusCode).toBe(400);
  });
  it('pause, close and resume with a reason; each change is a case event', async () => {
    const list = (await get('admin', `/api/cases?batchId=${bank.batchId}`)).json();
    const id = list.items[0].id;
    expect((await post('boss', '/api/cases/actions', { action: 'pause', reason: '客户投诉', selection: { caseIds: [id] } })).json()).toEqual({ affected: 1 });
    expect((await post('boss', '/api/cases/actions', { action: 'pause', reason: '再次', selection: { caseIds: [id] } })).json()).toEqual({ affected: 0 });
    expect((await post('boss', '/api/cases/actions', { action: 'close', reason: '结清', selection: { filter: { batchId: bank.batchId, status: 'paused' } } })).json()).toEqual({ affected: 1 });
    expect((await post('boss', '/api/cases/actions', { action: 'resume', reason: '误操作', selection: { caseIds: [id] } })).json()).toEqual({ affected: 1 });
    expect((await post('boss', '/api/cases/actions', { action: 'pause', reason: '', selection: { caseIds: [id] } })).statusCode).toBe(400);
    const d = (await get('admin', `/api/cases/${id}`)).json();
    expect(d.events.map((e: { type: string; reason: string }) => [e.type, e.reason]).slice(0, 3)).toEqual([['resume', '误操作'], ['close', '结清'], ['pause', '客户投诉']]);
    expect(d.status).toBe('active');
  });
  it('exports the filtered list to .xlsx with masked IDs, a footer naming the user, and no formula cells', async () => {
    const r = await get('boss', `/api/cases/export.xlsx?batchId=${bank.batchId}`);
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const idCol = header.indexOf('身份证号') + 1;
    expect(ws.getRow(2).getCell(idCol).value).toBe('110101********4514');
    const last = ws.getRow(ws.rowCount).getCell(1).value as string;
    expect(last).toContain('boss');
    expect(ws.rowCount).toBe(1 + 3 + 2);
  });
});
