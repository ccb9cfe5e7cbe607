/**
 * Payments through the service and HTTP (issue 5 point 5): the waterfall with exact balances (fen),
 * overpayment, reversal by recomputation, per-client order, duplicate reference, four eyes; repayment
 * file import (UTF-8 and GBK CSV) with exact values, rejected rows naming row/column/value, and an
 * idempotent re-import.
 */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers/context.ts';
import { importFile, makeBatch } from './helpers/fixtures.ts';
import { client, userWithSession } from './helpers/access-fixtures.ts';
import { buildApp } from '../src/http/app.ts';

let ctx: TestContext;
let app: Awaited<ReturnType<typeof buildApp>>;
let call: ReturnType<typeof client>;
let batch: { clientId: number; batchId: number };
let ids: Record<string, number>;
let entry: { id: number; cookie: string };
let approver: { id: number; cookie: string };

const caseRow = (id: number) =>
  ctx.db.selectFrom('cases').select(['remaining_fees', 'remaining_penalty', 'remaining_interest', 'remaining_principal', 'outstanding_amount', 'paid_amount', 'overpaid_amount', 'last_payment_date']).where('id', '=', id).executeTakeFirstOrThrow();

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildApp(ctx);
  call = client(app);
  batch = await makeBatch(ctx, { client: 'PAY', batch: 'P1' });
  const file = path.join(ctx.tmp, 'cases.csv');
  fs.writeFileSync(file, ['案件编号,姓名,委案金额,本金,利息,罚息,滞纳金,其他费用', 'P-1,甲,1000.00,800.00,100.00,50.00,30.00,20.00', 'P-2,乙,500.00,,,,,', 'P-3,丙,2000.00,,,,,', 'P-4,丁,300.00,,,,,'].join('\r\n') + '\r\n');
  await importFile(ctx, batch.batchId, file);
  ids = Object.fromEntries((await ctx.db.selectFrom('cases').select(['id', 'client_case_ref']).execute()).map((r) => [r.client_case_ref!, r.id]));
  entry = await userWithSession(ctx, 'entry', 'manager');
  approver = await userWithSession(ctx, 'approver', 'manager');

});
afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

const pay = (caseId: number, body: object, who = entry) => call(who.cookie, 'POST', `/api/cases/${caseId}/payments`, body);
const act = (caseId: number, pid: number, action: string, body?: object, who = approver) => call(who.cookie, 'POST', `/api/cases/${caseId}/payments/${pid}/${action}`, body);

describe('manual payments', () => {
  let a: number;
  it('entry waits for approval; the enterer cannot approve; another approver posts it through the waterfall', async () => {
    const r = await pay(ids['P-1'], { amount: 12000, paidOn: '2024-05-30', reference: 'R-1', channel: 'bank_transfer' });
    expect(r.statusCode).toBe(201);
    a = r.json().id;
    expect(r.json().status).toBe('pending_approval');
    expect((await caseRow(ids['P-1'])).outstanding_amount).toBe(100000);
    const self = await act(ids['P-1'], a, 'approve', undefined, entry);
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('SELF_APPROVAL');
    const ok = await act(ids['P-1'], a, 'approve');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'posted', applied: { fees: 5000, penalty: 5000, interest: 2000, principal: 0 }, overpayment: 0, approvedBy: { id: approver.id } });
    expect(await caseRow(ids['P-1'])).toEqual({ remaining_fees: 0, remaining_penalty: 0, remaining_interest: 8000, remaining_principal: 80000, outstanding_amount: 88000, paid_amount: 12000, overpaid_amount: 0, last_payment_date: '2024-05-30' });
    expect((await act(ids['P-1'], a, 'approve')).json().code).toBe('INVALID_STATE');
  });

  it('a duplicate reference for the client is refused (DUPLICATE_PAYMENT)', async () => {
    const r = await pay(ids['P-2'], { amount: 100, paidOn: '2024-05-30', reference: 'R-1' });
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('DUPLICATE_PAYMENT');
  });

  it('reversal recomputes from the opening balance: a later payment takes the earlier one’s place in the waterfall', async () => {
    const b = (await pay(ids['P-1'], { amount: 10000, paidOn: '2024-05-31', reference: 'R-2' })).json().id;
    expect((await act(ids['P-1'], b, 'approve')).json().applied).toEqual({ fees: 0, penalty: 0, interest: 8000, principal: 2000 });
    expect((await caseRow(ids['P-1'])).outstanding_amount).toBe(78000);
    expect((await act(ids['P-1'], a, 'reverse', {})).statusCode).toBe(400); // a reason is required
    expect((await act(ids['P-1'], a, 'reverse', { reason: 'bounced' }, entry)).json().code).toBe('SELF_APPROVAL');
    const rev = await act(ids['P-1'], a, 'reverse', { reason: 'bounced' });
    expect(rev.json()).toMatchObject({ status: 'reversed', reason: 'bounced', applied: { fees: 0, penalty: 0, interest: 0, principal: 0 } });
    const list = (await call(entry.cookie, 'GET', `/api/cases/${ids['P-1']}/payments`)).json().items;
    expect(list.find((p: { id: number }) => p.id === b).applied).toEqual({ fees: 5000, penalty: 5000, interest: 0, principal: 0 });
    expect(await caseRow(ids['P-1'])).toMatchObject({ remaining_fees: 0, remaining_penalty: 0, remaining_interest: 10000, remaining_principal: 80000, outstanding_amount: 90000, paid_amount: 10000 });
    expect((await act(ids['P-1'], a, 'reverse', { reason: 'again' })).json().code).toBe('INVALID_STATE');
    const audits = await ctx.db.selectFrom('audit_log').select('action').where('entity', '=', 'payment').where('entity_id', '=', String(a)).orderBy('id').execute();
    expect(audits.map((x) => x.action)).toEqual(['payment.create', 'payment.approve', 'payment.reverse']);
  });

  it('never collects more than owed: the excess is an overpayment, outstanding stops at 0', async () => {
    const p = (await pay(ids['P-2'], { amount: 60000, paidOn: '2024-05-30' })).json().id;
    expect((await act(ids['P-2'], p, 'approve')).json()).toMatchObject({ applied: { fees: 0, penalty: 0, interest: 0, principal: 50000 }, overpayment: 10000 });
    expect(await caseRow(ids['P-2'])).toMatchObject({ outstanding_amount: 0, paid_amount: 50000, overpaid_amount: 10000, remaining_principal: 0 });
  });

  it('rejection keeps the balance and frees the reference', async () => {
    const p = (await pay(ids['P-4'], { amount: 1000, paidOn: '2024-05-30', reference: 'R-9' })).json().id;
    expect((await act(ids['P-4'], p, 'reject', { reason: 'typo' })).json()).toMatchObject({ status: 'rejected', reason: 'typo' });
    expect((await caseRow(ids['P-4'])).outstanding_amount).toBe(30000);
    expect((await pay(ids['P-4'], { amount: 1000, paidOn: '2024-05-30', reference: 'R-9' })).statusCode).toBe(201);
  });

  it('a collector (no payments.write) cannot enter a payment; a future date is refused', async () => {
    const col = await userWithSession(ctx, 'col', 'collector');
    expect((await pay(ids['P-4'], { amount: 100, paidOn: '2024-05-30' }, col)).statusCode).toBe(403);
    expect((await pay(ids['P-4'], { amount: 100, paidOn: '2024-06-02' })).statusCode).toBe(400);
  });

  it('follows the client’s own order (principal first)', async () => {
    const bad = await call(approver.cookie, 'PUT', `/api/clients/${batch.clientId}/payment-settings`, { paymentOrder: ['principal', 'principal', 'penalty', 'fees'] });
    expect(bad.statusCode).toBe(400);
    const empty = await call(approver.cookie, 'PUT', `/api/clients/${batch.clientId}/payment-settings`, {});
    expect([empty.statusCode, empty.json().paymentOrder]).toEqual([200, ['fees', 'penalty', 'interest', 'principal']]); // was 500 (empty SET)
    const set = await call(approver.cookie, 'PUT', `/api/clients/${batch.clientId}/payment-settings`, { paymentOrder: ['principal', 'interest', 'penalty', 'fees'] });
    expect(set.json()).toEqual({ paymentOrder: ['principal', 'interest', 'penalty', 'fees'], promiseGraceDays: 0 });
    const b2 = await makeBatch(ctx, { client: 'PAY', batch: 'P2' });
    const file = path.join(ctx.tmp, 'cases2.csv');
    fs.writeFileSync(file, '案件编号,姓名,委案金额,本金,利息,罚息,滞纳金\r\nQ-1,戊,1000.00,800.00,100.00,50.00,50.00\r\n');
    await importFile(ctx, b2.batchId, file);
    await ctx.db.updateTable('cases').set({ assigned_user_id: entry.id }).execute();
    const q1 = (await ctx.db.selectFrom('cases').select('id').where('client_case_ref', '=', 'Q-1').executeTakeFirstOrThrow()).id;
    const p = (await pay(q1, { amount: 85000, paidOn: '2024-05-30' })).json().id;
    expect((await act(q1, p, 'approve')).json().applied).toEqual({ fees: 0, penalty: 0, interest: 5000, principal: 80000 });
    await ctx.db.updateTable('clients').set({ payment_order: ['fees', 'penalty', 'interest', 'principal'] }).where('id', '=', batch.clientId).execute();
  });
});

describe('repayment file import', () => {
  const HEADER = '案件编号,还款金额,还款日期,还款渠道,交易流水号';
  const ROWS = ['P-3,300.00,2024-05-20,支付宝,T-001', 'P-3,200.50,2024/05/21,银行转账,', 'P-3,abc,2024-05-22,现金,T-002', 'NOPE-9,10.00,2024-05-22,现金,T-003', 'P-4,10.00,2024-05-22,现金,R-2'];

  it('imports the valid rows as posted payments with exact values; rejected rows name row, column, value', async () => {
    const file = path.join(ctx.tmp, 'repay.csv');
    fs.writeFileSync(file, [HEADER, ...ROWS].join('\r\n') + '\r\n');
    const { item } = await importFile(ctx, batch.batchId, file, { kind: 'payments' });
    expect(item!.result).toMatchObject({ rows: 5, imported: 2, unchanged: 0, rejected: 3 });
    const errs = item!.errors.map((e) => ({ row: e.row, column: e.column, value: e.value, code: e.code }));
    expect(errs).toEqual(
      expect.arrayContaining([
        { row: 4, column: '还款金额', value: 'abc', code: 'MONEY_INVALID' },
        { row: 5, column: 'case key', value: 'NOPE-9', code: 'CASE_NOT_FOUND' },
        { row: 6, column: '交易流水号', value: 'R-2', code: 'DUPLICATE_PAYMENT' },
      ]),
    );
    const rows = await ctx.db.selectFrom('payments').select(['amount', 'paid_on', 'channel', 'reference', 'status', 'source', 'applied_principal']).where('case_id', '=', ids['P-3']).orderBy('paid_on').execute();
    expect(rows).toEqual([
      { amount: 30000, paid_on: '2024-05-20', channel: '支付宝', reference: 'T-001', status: 'posted', source: 'import', applied_principal: 30000 },
      { amount: 20050, paid_on: '2024-05-21', channel: '银行转账', reference: null, status: 'posted', source: 'import', applied_principal: 20050 },
    ]);
    expect(await caseRow(ids['P-3'])).toMatchObject({ outstanding_amount: 149950, paid_amount: 50050, last_payment_date: '2024-05-21' });
  });

  it('re-importing the same file (here GBK-encoded) creates no payment', async () => {
    const file = path.join(ctx.tmp, 'repay-gbk.csv');
    fs.writeFileSync(file, iconv.encode([HEADER, ...ROWS].join('\r\n') + '\r\n', 'gbk'));
    const before = await ctx.db.selectFrom('payments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const { item } = await importFile(ctx, batch.batchId, file, { kind: 'payments' });
    expect(item!.result).toMatchObject({ rows: 5, imported: 0, unchanged: 2, rejected: 3 });
    const after = await ctx.db.selectFrom('payments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect((await caseRow(ids['P-3'])).paid_amount).toBe(50050);
  });

  it('a GBK file with new rows imports the Chinese channel exactly', async () => {
    const file = path.join(ctx.tmp, 'repay-gbk2.csv');
    fs.writeFileSync(file, iconv.encode(`${HEADER}\r\nP-4,12.34,2024-05-25,微信支付,G-1\r\n`, 'gbk'));
    const { item } = await importFile(ctx, batch.batchId, file, { kind: 'payments' });
    expect(item!.result).toMatchObject({ imported: 1, rejected: 0 });
    expect(await ctx.db.selectFrom('payments').select(['amount', 'channel', 'paid_on']).where('reference', '=', 'G-1').executeTakeFirstOrThrow()).toEqual({ amount: 1234, channel: '微信支付', paid_on: '2024-05-25' });
  });
});
