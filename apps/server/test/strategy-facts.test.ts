/**
 * What the strategy engine reads of a case (every condition field from the cases work fields and the 0008
 * tables), the champion/challenger report's exact rates, and when the scheduler starts a day's run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers/context.ts';
import { seedCases } from './helpers/access-fixtures.ts';
import { systemAdmin } from './helpers/fixtures.ts';
import { loadFactsChunk } from '../src/modules/daily-run/facts.ts';
import { armReport } from '../src/modules/daily-run/arm-report.ts';
import { dueDay } from '../src/modules/daily-run/scheduler.ts';
import { endOfDay } from '../src/modules/daily-run/daily-run.service.ts';
import { fixedClock } from '../src/platform/clock.ts';

let ctx: TestContext;
let ids: Record<string, number>;
let clientId: number;
const DAY = '2024-06-01';

beforeAll(async () => {
  ctx = await createTestContext();
  ({ ids, clientId } = await seedCases(ctx, 'BANK', 'B1', ['P', 'Q', 'R', 'S']));
  await ctx.db.updateTable('cases').set({ overdue_date: '2024-05-02', product: 'card', region: 'north', last_result_code: 'no_answer', custom: JSON.stringify({ score: '612.5' }),
    last_contact_at: new Date('2024-05-29T17:00:00Z') /* 05-30 01:00 Shanghai */ }).where('id', '=', ids.P).execute();
  await ctx.db.updateTable('case_phones').set({ status: 'invalid' }).where('case_id', '=', ids.Q).execute();
  const debtorKey = (await ctx.db.selectFrom('cases').select('id_number_bidx').where('id', '=', ids.P).executeTakeFirstOrThrow()).id_number_bidx;
  await ctx.db.insertInto('case_flags').values([
    { case_id: ids.P, flag: 'dispute', set_at: new Date('2024-05-01T00:00:00Z') },
    { case_id: ids.P, flag: 'vulnerable', set_at: new Date('2024-05-01T00:00:00Z'), until: new Date('2024-05-31T00:00:00Z') }, // expired
    { case_id: ids.P, flag: 'cease', set_at: new Date('2024-05-01T00:00:00Z'), cleared_at: new Date('2024-05-02T00:00:00Z') }, // cleared
    { debtor_key: debtorKey, flag: 'do_not_call', set_at: new Date('2024-05-01T00:00:00Z') }, // the person's flag
  ]).execute();
  await ctx.db.insertInto('promises').values([
    { case_id: ids.P, promised_on: '2024-05-20', amount: 100_00, status: 'broken', created_at: new Date('2024-05-10T02:00:00Z') },
    { case_id: ids.P, promised_on: '2024-06-05', amount: 100_00, status: 'pending', created_at: new Date('2024-05-31T02:00:00Z') },
  ]).execute();
});
afterAll(async () => ctx.cleanup());

describe('case facts', () => {
  it('reads every condition field as of the day', async () => {
    const rows = await loadFactsChunk(ctx.db, { day: DAY, zone: 'Asia/Shanghai', endOfDay: endOfDay(DAY, 'Asia/Shanghai'), afterId: 0, limit: 10 });
    const p = rows.find((r) => r.caseId === ids.P)!;
    expect(p).toMatchObject({ dpd: 30, bucket: 'M1', score: 612.5, client: 'BANK', product: 'card', region: 'north', lastResult: 'no_answer', ptpState: 'pending',
      daysSinceContact: 2, hasValidPhone: true, flags: ['dispute', 'do_not_call'] });
    const q = rows.find((r) => r.caseId === ids.Q)!;
    expect(q).toMatchObject({ dpd: 0, bucket: 'M0', score: null, daysSinceContact: null, ptpState: null, hasValidPhone: false });
    // the person's flag reaches every case with the same ID number (seedCases cycles 3 ID numbers: S shares P's)
    expect(rows.find((r) => r.caseId === ids.S)!.flags).toEqual(['do_not_call']);
    expect(rows.find((r) => r.caseId === ids.R)!.flags).toEqual([]);
  });
});

describe('champion/challenger report', () => {
  it('compares arms on contact, PTP, kept rates and recovery (posted payments only)', async () => {
    const snap = (ref: string, arm: string, outstanding: number) => ({ day: DAY, case_id: ids[ref], client_id: clientId, dpd: 5, bucket: 'M1', outstanding, strategy_id: null, segment_id: 'early', arm });
    await ctx.db.insertInto('case_snapshots').values([snap('P', 'champion', 1000_00), snap('Q', 'champion', 500_00), snap('R', 'challenger', 800_00), snap('S', 'challenger', 200_00)]).execute();
    await ctx.db.insertInto('contact_records').values([
      { case_id: ids.Q, at: new Date('2024-06-01T03:00:00Z'), channel: 'call', status: 'made', result_code: 'ptp' },
      { case_id: ids.R, at: new Date('2024-06-01T03:00:00Z'), channel: 'call', status: 'made', result_code: 'no_answer' }, // not a right-party contact
      { case_id: ids.S, at: new Date('2024-06-01T03:00:00Z'), channel: 'call', status: 'blocked', result_code: 'ptp' }, // never made
    ]).execute();
    await ctx.db.insertInto('promises').values([
      { case_id: ids.Q, promised_on: '2024-06-02', amount: 50_00, status: 'kept', created_at: new Date('2024-06-01T03:00:00Z') },
      { case_id: ids.R, promised_on: '2024-06-02', amount: 50_00, status: 'broken', created_at: new Date('2024-06-01T03:00:00Z') },
    ]).execute();
    const pay = (ref: string, amount: number, status: string) => ({ client_id: clientId, case_id: ids[ref], amount, currency: 'CNY', paid_on: '2024-06-02', source: 'manual', status, created_at: new Date('2024-06-02T03:00:00Z') });
    await ctx.db.insertInto('payments').values([pay('Q', 200_00, 'posted'), pay('P', 100_00, 'reversed'), pay('R', 70_00, 'pending_approval')] as never).execute();
    const rows = await armReport(ctx, systemAdmin(), { from: DAY, to: '2024-06-02' });
    expect(rows.map((r) => [r.arm, r.cases, r.contacted, r.contactRateBp, r.promises, r.ptpRateBp, r.kept, r.keptRateBp, r.recovered])).toEqual([
      ['challenger', 2, 0, 0, 1, 5000, 0, 0, 0],
      ['champion', 2, 1, 5000, 1, 5000, 1, 10000, 200_00],
    ]);
  });
});

describe('scheduler', () => {
  it('starts the day after the set agency time, once, and retries a failed run up to 3 attempts', async () => {
    const at = (iso: string) => ({ ...ctx, clock: fixedClock(iso) });
    expect(await dueDay(at('2024-06-09T21:59:00Z'), '06:00')).toBeNull(); // 05:59 Shanghai
    expect(await dueDay(at('2024-06-09T22:00:00Z'), '06:00')).toBe('2024-06-10');
    await ctx.db.insertInto('daily_runs').values({ run_day: '2024-06-10', status: 'failed', started_at: new Date('2024-06-09T22:00:00Z'), attempts: 2 }).execute();
    expect(await dueDay(at('2024-06-09T22:05:00Z'))).toBe('2024-06-10');
    await ctx.db.updateTable('daily_runs').set({ attempts: 3 }).where('run_day', '=', '2024-06-10').execute();
    expect(await dueDay(at('2024-06-09T22:05:00Z'))).toBeNull();
    await ctx.db.updateTable('daily_runs').set({ status: 'running', heartbeat_at: new Date('2024-06-09T22:00:00Z') }).where('run_day', '=', '2024-06-10').execute();
    expect(await dueDay(at('2024-06-09T22:05:00Z'))).toBeNull(); // heartbeat 5 min old: still running
    expect(await dueDay(at('2024-06-09T22:10:00Z'))).toBe('2024-06-10'); // 10 min: interrupted, resume
  });
});
