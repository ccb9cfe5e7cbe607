/**
 * Letters (issue 5 item 6): PDF with Chinese text (extracted back with a PDF text extractor), one page
 * per letter in a print batch, registration with number/date/address/status, the compliance gate
 * (channel 'letter'), status steps (letters.manage), scope (outside → 404), and a clear error when
 * the CJK font is missing.
 */
import type { FastifyInstance } from 'fastify';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers/context.ts';
import { assign, client, seedCases, userWithSession } from './helpers/access-fixtures.ts';
import { movableClock } from './helpers/messaging-servers.ts';
import { buildApp } from '../src/http/app.ts';
import { sealColumns } from '../src/modules/security/pii.ts';

const clock = movableClock('2026-03-02T02:00:00Z');
let ctx: TestContext;
let app: FastifyInstance;
let call: ReturnType<typeof client>;
let ids: Record<string, number>;
let other: Record<string, number>;
let collector: { id: number; cookie: string };
let manager: { id: number; cookie: string };
const LETTER_ZH = 5;

async function pdfText(buf: Buffer) {
  const pdf = await getDocumentProxy(new Uint8Array(buf));
  const { totalPages, text } = await extractText(pdf, { mergePages: false });
  return { pages: totalPages, text: (text as string[]).map((t) => t.replace(/\s+/g, '')) };
}

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  app = await buildApp(ctx);
  call = client(app);
  const s = await seedCases(ctx, 'BANK', 'L1', ['L-001', 'L-002', 'L-003']);
  const o = await seedCases(ctx, 'CFC', 'L2', ['O-001']);
  ids = s.ids;
  other = o.ids;
  await ctx.db.updateTable('clients').set({ name: '招商银行' }).where('id', '=', s.clientId).execute();
  await ctx.db.updateTable('cases').set({ debtor_name: '李四', outstanding_amount: 123456, principal: 100000, interest: 20000, penalty: 3456, overdue_date: '2026-01-31' })
    .where('batch_id', '=', s.batchId).execute();
  for (const [i, id] of [ids['L-001'], ids['L-002'], other['O-001']].entries()) {
    await ctx.db.insertInto('case_addresses').values(sealColumns(ctx.pii, 'case_addresses', { case_id: id, owner: 'debtor', kind: 'home', address: `北京市朝阳区建国路${88 + i}号院3单元501室` }) as never).execute();
  }
  collector = await userWithSession(ctx, 'let_col', 'collector');
  manager = await userWithSession(ctx, 'let_mgr', 'manager');
  await assign(ctx, Object.values(ids), collector.id);
});
afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

describe('letters', () => {
  let letterId: number;
  it('a collector generates one letter for their case: registered with number, date, masked address; the contact goes through the gate', async () => {
    const r = await call(collector.cookie, 'POST', '/api/letters', { templateId: LETTER_ZH, caseIds: [ids['L-001']], dueDate: '2026-03-16' });
    expect(r.statusCode).toBe(201);
    const [l] = r.json().letters;
    letterId = l.id;
    expect(l).toMatchObject({ caseId: ids['L-001'], caseRef: 'L-001', letterDate: '2026-03-02', status: 'generated', address: '北京市朝阳区****', printBatch: null });
    expect(l.letterNo).toMatch(/^XH2026\d{6}$/);
    const row = await ctx.db.selectFrom('letters').selectAll().where('id', '=', l.id).executeTakeFirstOrThrow();
    const rec = await ctx.db.selectFrom('contact_records').selectAll().where('id', '=', row.contact_record_id!).executeTakeFirstOrThrow();
    expect(rec).toMatchObject({ channel: 'letter', source: 'letter', source_ref: l.letterNo, status: 'queued', case_id: ids['L-001'] });
  });

  it('its PDF is one page with the merged Chinese text', async () => {
    const r = await call(collector.cookie, 'GET', `/api/letters/${letterId}/pdf`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    const { pages, text } = await pdfText(r.rawPayload);
    expect(pages).toBe(1);
    expect(text[0]).toContain('催收函');
    expect(text[0]).toContain('李四先生/女士');
    expect(text[0]).toContain('北京市朝阳区建国路88号院3单元501室');
    expect(text[0]).toContain('尚欠本金1,000.00元，利息200.00元，费用34.56元，合计1,234.56元，已逾期30天');
    expect(text[0]).toContain('请您于2026年3月16日前将上述款项还清');
    const audit = await ctx.db.selectFrom('audit_log').select('action').where('action', '=', 'letter.download').execute();
    expect(audit).toHaveLength(1);
  });

  it('a print batch needs letters.manage; a manager prints a batch as one PDF, one page per letter', async () => {
    const denied = await call(collector.cookie, 'POST', '/api/letters', { templateId: LETTER_ZH, caseIds: [ids['L-001'], ids['L-002']] });
    expect(denied.statusCode).toBe(403);
    const r = await call(manager.cookie, 'POST', '/api/letters', { templateId: LETTER_ZH, caseIds: [ids['L-001'], ids['L-002'], ids['L-003']] });
    expect(r.statusCode).toBe(201);
    expect(r.json().letters).toHaveLength(2);
    expect(r.json().blocked).toEqual([{ caseId: ids['L-003'], letterNo: null, reasons: ['no address'] }]);
    const batch = r.json().printBatch as string;
    expect(batch).toMatch(/^PB-XH2026\d{6}$/);
    const pdf = await call(manager.cookie, 'GET', `/api/letters/batches/${batch}/pdf`);
    expect(pdf.statusCode).toBe(200);
    const { pages, text } = await pdfText(pdf.rawPayload);
    expect(pages).toBe(2);
    expect(text[0]).toContain('建国路88号');
    expect(text[1]).toContain('建国路89号');
    expect(text.every((t) => t.includes('催收函'))).toBe(true);
  });

  it('status steps printed → sent → returned with letters.manage; a wrong step is refused; sent completes the contact record', async () => {
    expect((await call(collector.cookie, 'POST', '/api/letters/status', { ids: [letterId], status: 'printed' })).statusCode).toBe(403);
    expect((await call(manager.cookie, 'POST', '/api/letters/status', { ids: [letterId], status: 'returned' })).json().code).toBe('INVALID_STATE');
    expect((await call(manager.cookie, 'POST', '/api/letters/status', { ids: [letterId], status: 'printed' })).json().items[0].status).toBe('printed');
    expect((await call(manager.cookie, 'POST', '/api/letters/status', { ids: [letterId], status: 'sent' })).json().items[0].status).toBe('sent');
    const row = await ctx.db.selectFrom('letters').selectAll().where('id', '=', letterId).executeTakeFirstOrThrow();
    expect(row.status_changed_by).toBe(manager.id);
    expect((await ctx.db.selectFrom('contact_records').selectAll().where('id', '=', row.contact_record_id!).executeTakeFirstOrThrow()).status).toBe('made');
    expect((await call(manager.cookie, 'POST', '/api/letters/status', { ids: [letterId], status: 'returned' })).json().items[0].status).toBe('returned');
  });

  it('letters of cases outside the scope are invisible (list empty, PDF 404, generate 404)', async () => {
    const mine = await call(manager.cookie, 'POST', '/api/letters', { templateId: LETTER_ZH, caseIds: [other['O-001']] });
    expect(mine.statusCode).toBe(201);
    const foreignId = mine.json().letters[0].id;
    expect((await call(collector.cookie, 'GET', `/api/letters/${foreignId}/pdf`)).statusCode).toBe(404);
    expect((await call(collector.cookie, 'GET', `/api/letters?caseId=${other['O-001']}`)).json().items).toEqual([]);
    expect((await call(collector.cookie, 'POST', '/api/letters', { templateId: LETTER_ZH, caseIds: [other['O-001']] })).statusCode).toBe(404);
    expect((await call(collector.cookie, 'GET', '/api/letters')).json().items.every((l: { caseId: number }) => l.caseId !== other['O-001'])).toBe(true);
  });

  it('a missing font is a clear error naming the path and the package', async () => {
    const admin = await userWithSession(ctx, 'let_admin', 'admin');
    await call(admin.cookie, 'PUT', '/api/messaging/settings/profile', { agencyName: '', callbackPhone: '', dueInDays: 7, letterFontPath: '/nonexistent/font.ttc' });
    const r = await call(collector.cookie, 'GET', `/api/letters/${letterId}/pdf`);
    expect(r.statusCode).toBe(409);
    expect(r.json().message).toContain('/nonexistent/font.ttc');
    expect(r.json().message).toContain('fonts-noto-cjk');
  });
});
