/**
 * Aging from installment schedules end to end (issue 6): a schedule file imported (kind `installments`)
 * with rejected rows naming row, column, value and code; an idempotent re-import and a replacing one;
 * a posted repayment settling the oldest installments first; a pause and agency grace taken off; custom
 * buckets from the settings API (overlapping or gapped sets refused with AGING_BUCKETS_INVALID); the
 * daily run's snapshot DPD and bucket; the case's installments endpoint with a client grace override.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGING_DEFAULT_BUCKETS } from '@recova/contracts';
import { DEFAULT_BUCKETS } from '@recova/domain/aging/aging';
import { createTestContext, type TestContext } from './helpers/context.ts';
import { importFile, makeBatch } from './helpers/fixtures.ts';
import { client, userWithSession } from './helpers/access-fixtures.ts';
import { buildApp } from '../src/http/app.ts';
import { runDaily } from '../src/modules/daily-run/daily-run.service.ts';
import { attemptContact } from '../src/modules/contacts/contact-gate.ts';

let now = new Date('2024-06-01T02:00:00Z'); // 10:00 in Asia/Shanghai
const clock = { now: () => new Date(now), today: (zone: string) => DateTime.fromJSDate(now).setZone(zone).toISODate()! };
let ctx: TestContext;
let app: Awaited<ReturnType<typeof buildApp>>;
let call: ReturnType<typeof client>;
let admin: { id: number; cookie: string };
let batch: { clientId: number; batchId: number };
let ids: Record<string, number>;

const HEADER = '案件编号,期数,应还日期,应还金额,已还金额';
const SCHEDULE = [
  'A-1,1,2024-02-10,1000.00,400.00', // row 2: ¥400 paid before placement
  'A-1,2,2024-03-10,1000.00,',
  'A-1,3,2024-04-10,1000.00,',
  'A-1,4,2024-05-10,1000.00,',
  'A-1,5,2024-06-10,1000.00,', // row 6
  'A-1,2,2024-03-11,999.00,', // row 7: installment 2 again
  'A-1,六,2024-07-10,1000.00,', // row 8
  'A-1,7,2024-13-01,1000.00,', // row 9
  'A-1,8,2024-09-10,1000.00,1200.00', // row 10: paid more than due
  'NOPE,1,2024-02-10,1000.00,', // row 11
  'A-3,1,2024-05-15,300.00,',
  'A-3,2,2024-06-15,300.00,',
  'A-3,3,2024-07-15,300.00,', // row 14
];
const write = (name: string, lines: string[]) => {
  const file = path.join(ctx.tmp, name);
  fs.writeFileSync(file, lines.join('\r\n') + '\r\n');
  return file;
};
const schedule = (caseId: number) => ctx.db.selectFrom('case_installments').select(['seq', 'due_date', 'amount', 'paid_before', 'currency']).where('case_id', '=', caseId).orderBy('seq').execute();

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  app = await buildApp(ctx);
  call = client(app);
  admin = await userWithSession(ctx, 'boss', 'admin');
  batch = await makeBatch(ctx, { client: 'AGE', batch: 'G1' });
  await importFile(ctx, batch.batchId, write('cases.csv', ['案件编号,姓名,委案金额,逾期日期', 'A-1,甲,5000.00,2024-02-10', 'A-2,乙,800.00,2024-05-01', 'A-3,丙,900.00,', 'A-4,丁,600.00,2024-01-01']));
  ids = Object.fromEntries((await ctx.db.selectFrom('cases').select(['id', 'client_case_ref']).execute()).map((r) => [r.client_case_ref!, r.id]));
});
afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

describe('installment schedule import', () => {
  it('imports the valid rows with exact values; rejected rows name row, column, value and code', async () => {
    const { item } = await importFile(ctx, batch.batchId, write('schedule.csv', [HEADER, ...SCHEDULE]), { kind: 'installments' });
    expect(item!.result).toEqual({ rows: 13, imported: 8, updated: 0, unchanged: 0, rejected: 5 });
    expect(item!.errors.map((e) => ({ row: e.row, column: e.column, value: e.value, code: e.code })).sort((a, b) => a.row - b.row)).toEqual([
      { row: 7, column: '期数', value: '2', code: 'DUPLICATE_IN_FILE' },
      { row: 8, column: '期数', value: '六', code: 'INT_INVALID' },
      { row: 9, column: '应还日期', value: '2024-13-01', code: 'DATE_INVALID' },
      { row: 10, column: '已还金额', value: '1200.00', code: 'MONEY_INVALID' },
      { row: 11, column: 'case key', value: 'NOPE', code: 'CASE_NOT_FOUND' },
    ]);
    expect(await schedule(ids['A-1'])).toEqual([
      { seq: 1, due_date: '2024-02-10', amount: 100000, paid_before: 40000, currency: 'CNY' },
      { seq: 2, due_date: '2024-03-10', amount: 100000, paid_before: 0, currency: 'CNY' },
      { seq: 3, due_date: '2024-04-10', amount: 100000, paid_before: 0, currency: 'CNY' },
      { seq: 4, due_date: '2024-05-10', amount: 100000, paid_before: 0, currency: 'CNY' },
      { seq: 5, due_date: '2024-06-10', amount: 100000, paid_before: 0, currency: 'CNY' },
    ]);
  });

  it('re-importing the same file changes nothing and doubles nothing', async () => {
    const { item } = await importFile(ctx, batch.batchId, write('schedule-again.csv', [HEADER, ...SCHEDULE]), { kind: 'installments' });
    expect(item!.result).toEqual({ rows: 13, imported: 0, updated: 0, unchanged: 8, rejected: 5 });
    expect((await schedule(ids['A-1'])).length).toBe(5);
    expect((await schedule(ids['A-3'])).length).toBe(3);
  });

  it('a new file replaces the schedule of each case it names, and only those (English headers)', async () => {
    const { item } = await importFile(ctx, batch.batchId, write('schedule-en.csv', ['Client Case Ref,Installment No,Due Date,Amount Due', 'A-3,1,2024-05-15,300.00', 'A-3,2,2024-06-15,350.00']), { kind: 'installments' });
    expect(item!.result).toEqual({ rows: 2, imported: 0, updated: 1, unchanged: 1, rejected: 0 });
    expect(await schedule(ids['A-3'])).toEqual([
      { seq: 1, due_date: '2024-05-15', amount: 30000, paid_before: 0, currency: 'CNY' },
      { seq: 2, due_date: '2024-06-15', amount: 35000, paid_before: 0, currency: 'CNY' },
    ]);
    expect((await schedule(ids['A-1'])).length).toBe(5);
  });

  it('a file with a rejected row removes no installment; all-or-nothing refuses rows rejected while merging', async () => {
    // A-3 has 1 and 2; this file repeats 1 (rejected while merging) and omits 2: 2 must stay
    const half = await importFile(ctx, batch.batchId, write('schedule-half.csv', ['Client Case Ref,Installment No,Due Date,Amount Due', 'A-3,1,2024-05-15,300.00', 'A-3,1,2024-05-16,301.00']), { kind: 'installments' });
    expect(half.item!.result).toMatchObject({ rejected: 1 });
    expect((await schedule(ids['A-3'])).map((i) => i.seq)).toEqual([1, 2]); // was [1]: the rejected row cut the schedule
    const strict = await importFile(ctx, batch.batchId, write('schedule-strict.csv', ['Client Case Ref,Installment No,Due Date,Amount Due', 'A-3,3,2024-07-15,300.00', 'ZZZ-404,1,2024-05-15,1.00']), { kind: 'installments', allOrNothing: true });
    expect(strict.item!.status).toBe('failed'); // was committed with the unknown case rejected
    expect((await schedule(ids['A-3'])).map((i) => i.seq)).toEqual([1, 2]);
  });
});

describe('aging settings', () => {
  it('defaults equal the domain buckets; overlapping or gapped buckets are refused with AGING_BUCKETS_INVALID', async () => {
    expect(AGING_DEFAULT_BUCKETS).toEqual(DEFAULT_BUCKETS);
    expect((await call(admin.cookie, 'GET', '/api/settings')).json()).toMatchObject({ agingBuckets: DEFAULT_BUCKETS, agingGraceDays: 0 });
    const overlap = await call(admin.cookie, 'PATCH', '/api/settings', { agingBuckets: [{ name: 'C', min: null, max: 0 }, { name: 'M1', min: 1, max: 30 }, { name: 'M2', min: 30, max: null }] });
    expect(overlap.statusCode).toBe(400);
    expect(overlap.json().code).toBe('AGING_BUCKETS_INVALID');
    expect(overlap.json().details).toEqual([{ field: 'agingBuckets', reason: 'Buckets M1 (1–30) and M2 (30–…) overlap at DPD 30–30' }]);
    const gap = await call(admin.cookie, 'PATCH', '/api/settings', { agingBuckets: [{ name: 'C', min: null, max: 0 }, { name: 'M1', min: 2, max: null }] });
    expect(gap.json()).toMatchObject({ code: 'AGING_BUCKETS_INVALID', details: [{ reason: 'Gap between C (…–0) and M1 (2–…): DPD 1–1 has no bucket' }] });
    // a closed set left DPD above its top without a bucket (null in every snapshot); one starting at 1 left current cases out
    const closed = await call(admin.cookie, 'PATCH', '/api/settings', { agingBuckets: [{ name: 'A', min: 0, max: 30 }] });
    expect(closed.json()).toMatchObject({ code: 'AGING_BUCKETS_INVALID', details: [{ reason: 'The highest bucket needs no upper bound (e.g. M7+ from 181 up), so every DPD has a bucket' }] });
    const high = await call(admin.cookie, 'PATCH', '/api/settings', { agingBuckets: [{ name: 'M1', min: 1, max: null }] });
    expect(high.json()).toMatchObject({ code: 'AGING_BUCKETS_INVALID', details: [{ reason: 'The lowest bucket must include DPD 0 (current cases)' }] });
    expect((await call(admin.cookie, 'GET', '/api/settings')).json().agingBuckets).toEqual(DEFAULT_BUCKETS);
  });

  it('stores custom buckets and grace days', async () => {
    const buckets = [{ name: 'C', min: null, max: 0 }, { name: 'X1', min: 1, max: 45 }, { name: 'X2', min: 46, max: 75 }, { name: 'X3', min: 76, max: null }];
    const r = await call(admin.cookie, 'PATCH', '/api/settings', { agingBuckets: buckets, agingGraceDays: 5 });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ agingBuckets: buckets, agingGraceDays: 5 });
  });
});

describe('aging in the daily run', () => {
  it('DPD from the oldest unpaid installment after FIFO payments, less a pause and grace; bucket from the custom ranges', async () => {
    // ¥1,100 posted: ¥600 completes installment 1 (¥400 was paid before placement), ¥500 goes to installment 2
    const pay = await importFile(ctx, batch.batchId, write('repay.csv', ['案件编号,还款金额,还款日期,交易流水号', 'A-1,1100.00,2024-05-20,T-1']), { kind: 'payments' });
    expect(pay.item!.result).toMatchObject({ imported: 1, rejected: 0 });
    // paused on 1 April, resumed on 11 April: 10 paused days (1–10 April)
    now = new Date('2024-04-01T02:00:00Z');
    expect((await call(admin.cookie, 'POST', '/api/cases/actions', { action: 'pause', reason: 'dispute review', selection: { caseIds: [ids['A-1']] } })).json()).toEqual({ affected: 1 });
    now = new Date('2024-04-11T02:00:00Z');
    expect((await call(admin.cookie, 'POST', '/api/cases/actions', { action: 'resume', reason: 'reviewed', selection: { caseIds: [ids['A-1']] } })).json()).toEqual({ affected: 1 });
    now = new Date('2024-06-01T02:00:00Z');
    // A-4 has an overdue date but a schedule not yet due: the schedule wins
    await importFile(ctx, batch.batchId, write('schedule-a4.csv', ['案件编号,期次,到期日,期供金额', 'A-4,1,2024-07-01,600.00']), { kind: 'installments' });

    const r = await runDaily(ctx, { day: '2024-06-01', trigger: 'manual', attemptContact, dispatcher: { send: async () => {} } });
    expect(r.casesAged).toBe(4);
    const snaps = await ctx.db.selectFrom('case_snapshots').select(['case_id', 'dpd', 'bucket']).where('day', '=', '2024-06-01').orderBy('case_id').execute();
    expect(snaps).toEqual([
      // oldest unpaid: 10 March → 83 days to 1 June, − 10 paused, − 5 grace
      { case_id: ids['A-1'], dpd: 68, bucket: 'X2' },
      // no schedule: overdue date 1 May → 31 days − 5 grace
      { case_id: ids['A-2'], dpd: 26, bucket: 'X1' },
      // schedule of 15 May (¥300) unpaid: 17 days − 5 grace (its empty overdue date is not used)
      { case_id: ids['A-3'], dpd: 12, bucket: 'X1' },
      // schedule due 1 July: not overdue, whatever its overdue date of 1 January says
      { case_id: ids['A-4'], dpd: 0, bucket: 'C' },
    ]);
  });

  it('the installments endpoint shows each installment settled FIFO and the DPD of today; a client grace overrides the agency one', async () => {
    const r = await call(admin.cookie, 'GET', `/api/cases/${ids['A-1']}/installments`);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      asOf: '2024-06-01', currency: 'CNY', dpd: 68, bucket: 'X2', overdueAmount: 250000, unapplied: 0, graceDays: 5, pauses: [{ from: '2024-04-01', to: '2024-04-10' }],
      items: [
        { seq: 1, dueDate: '2024-02-10', amount: 100000, paid: 100000, remaining: 0, status: 'paid', overdue: false },
        { seq: 2, dueDate: '2024-03-10', amount: 100000, paid: 50000, remaining: 50000, status: 'partial', overdue: true },
        { seq: 3, dueDate: '2024-04-10', amount: 100000, paid: 0, remaining: 100000, status: 'unpaid', overdue: true },
        { seq: 4, dueDate: '2024-05-10', amount: 100000, paid: 0, remaining: 100000, status: 'unpaid', overdue: true },
        { seq: 5, dueDate: '2024-06-10', amount: 100000, paid: 0, remaining: 100000, status: 'unpaid', overdue: false },
      ],
    });
    const set = await call(admin.cookie, 'PUT', `/api/clients/${batch.clientId}/aging-settings`, { agingGraceDays: 2 });
    expect(set.json()).toEqual({ agingGraceDays: 2 });
    expect((await call(admin.cookie, 'GET', `/api/cases/${ids['A-1']}/installments`)).json()).toMatchObject({ dpd: 71, graceDays: 2 });
    expect((await call(admin.cookie, 'GET', `/api/cases/${ids['A-2']}/installments`)).json()).toMatchObject({ items: [], dpd: 29, bucket: 'X1', overdueAmount: null });
  });
});

describe('bad money does not stop the run', () => {
  it('a payment above 100 billion is refused; a case whose payments cannot be aged is aged from its overdue date and the run finishes', async () => {
    const big = await importFile(ctx, batch.batchId, write('repay-big.csv', ['案件编号,还款金额,还款日期,交易流水号', 'A-3,100000000000.01,2024-05-20,T-BIG']), { kind: 'payments' });
    expect(big.item!.result).toMatchObject({ imported: 0, rejected: 1 });
    // data from before that bound: two posted payments that add up past 2^53 fen on a case with a schedule
    const c = await ctx.db.selectFrom('cases').select(['client_id']).where('id', '=', ids['A-3']).executeTakeFirstOrThrow();
    for (const ref of ['OLD-1', 'OLD-2']) {
      await ctx.db.insertInto('payments').values({ client_id: c.client_id, case_id: ids['A-3'], amount: 9_007_199_254_740_991, currency: 'CNY', paid_on: '2024-05-01', source: 'manual', status: 'posted', reference: ref, created_at: new Date('2024-05-01T02:00:00Z') } as never).execute();
    }
    expect((await call(admin.cookie, 'GET', `/api/cases/${ids['A-3']}/installments`)).json().code).toBe('INVALID_STATE'); // was 500
    const r = await runDaily(ctx, { day: '2024-06-02', trigger: 'manual', attemptContact, dispatcher: { send: async () => {} } });
    expect(r.casesAged).toBe(4); // was: the whole run failed, no case aged
    const a3 = await ctx.db.selectFrom('case_snapshots').select(['dpd']).where('day', '=', '2024-06-02').where('case_id', '=', ids['A-3']).executeTakeFirstOrThrow();
    const overdue = (await ctx.db.selectFrom('cases').select('overdue_date').where('id', '=', ids['A-3']).executeTakeFirstOrThrow()).overdue_date;
    expect(a3.dpd).toBe(overdue ? Math.max(0, (Date.parse('2024-06-02') - Date.parse(overdue)) / 86_400_000 - 2) : 0);
  });
});
