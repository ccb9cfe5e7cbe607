import { describe, expect, it } from 'vitest';
import { ageAccount, pausedDaysBetween, pausesFromStatusChanges, settleInstallments } from './schedule.ts';

const plan = [
  { dueDate: '2024-01-15', amount: 100_00 },
  { dueDate: '2024-02-15', amount: 100_00 },
  { dueDate: '2024-03-15', amount: 100_00 },
];

describe('ageAccount from a schedule', () => {
  it('counts from the oldest unpaid installment; payments settle the oldest first', () => {
    expect(ageAccount({ asOf: '2024-03-20', installments: plan })).toEqual({ dpd: 65, bucket: 'M3', overdueAmount: 300_00, oldestUnpaidDueDate: '2024-01-15' });
    // ¥150 pays January in full and half of February: DPD counts from 15 Feb
    expect(ageAccount({ asOf: '2024-03-20', installments: plan, payments: [{ date: '2024-03-01', amount: 150_00 }] })).toEqual({ dpd: 34, bucket: 'M2', overdueAmount: 150_00, oldestUnpaidDueDate: '2024-02-15' });
  });

  it('the due date is DPD 0 and the day after DPD 1; a payment after asOf is ignored', () => {
    expect(ageAccount({ asOf: '2024-01-15', installments: plan })).toMatchObject({ dpd: 0, bucket: 'M0', overdueAmount: 0 });
    expect(ageAccount({ asOf: '2024-01-16', installments: plan })).toMatchObject({ dpd: 1, bucket: 'M1', overdueAmount: 100_00 });
    expect(ageAccount({ asOf: '2024-01-16', installments: plan, payments: [{ date: '2024-01-17', amount: 100_00 }] }).dpd).toBe(1);
  });

  it('grace days and paused days are taken off; overlapping pauses count once', () => {
    expect(ageAccount({ asOf: '2024-01-25', installments: plan, graceDays: 3 }).dpd).toBe(7);
    expect(ageAccount({ asOf: '2024-01-17', installments: plan, graceDays: 3 }).dpd).toBe(0);
    const pauses = [{ from: '2024-01-20', to: '2024-01-24' }, { from: '2024-01-22', to: '2024-01-26' }];
    expect(pausedDaysBetween('2024-01-15', '2024-01-31', pauses)).toBe(7);
    expect(ageAccount({ asOf: '2024-01-31', installments: plan, pauses }).dpd).toBe(16 - 7);
    // a pause on the due date itself (DPD 0) or after asOf takes nothing off
    expect(pausedDaysBetween('2024-01-15', '2024-01-20', [{ from: '2024-01-10', to: '2024-01-15' }, { from: '2024-01-21', to: '2024-02-01' }])).toBe(0);
  });

  it('from a bare overdue date: no amount; custom buckets', () => {
    const buckets = [{ name: 'current', min: null, max: 0 }, { name: 'early', min: 1, max: 59 }, { name: 'late', min: 60, max: null }];
    expect(ageAccount({ asOf: '2024-03-20', overdueDate: '2024-01-15', buckets })).toEqual({ dpd: 65, bucket: 'late', overdueAmount: null, oldestUnpaidDueDate: '2024-01-15' });
  });

  it('refuses negative amounts and grace', () => {
    expect(() => ageAccount({ asOf: '2024-03-20', installments: [{ dueDate: '2024-01-15', amount: -1 }] })).toThrow(RangeError);
    expect(() => ageAccount({ asOf: '2024-03-20', overdueDate: '2024-01-15', graceDays: -1 })).toThrow(/graceDays/);
  });
});

describe('settleInstallments', () => {
  it('settles paidBefore first, then payments FIFO; statuses and the unapplied rest are exact', () => {
    const r = settleInstallments('2024-03-20', [{ dueDate: '2024-02-15', amount: 100_00 }, { dueDate: '2024-01-15', amount: 100_00, paidBefore: 40_00 }, { dueDate: '2024-03-25', amount: 100_00 }], [{ date: '2024-03-01', amount: 90_00 }, { date: '2024-03-21', amount: 500_00 }]);
    expect(r.installments).toEqual([
      { index: 1, dueDate: '2024-01-15', amount: 100_00, paid: 100_00, remaining: 0, status: 'paid', overdue: false },
      { index: 0, dueDate: '2024-02-15', amount: 100_00, paid: 30_00, remaining: 70_00, status: 'partial', overdue: true },
      { index: 2, dueDate: '2024-03-25', amount: 100_00, paid: 0, remaining: 100_00, status: 'unpaid', overdue: false },
    ]);
    expect(r.unapplied).toBe(0);
    expect(settleInstallments('2024-03-20', [{ dueDate: '2024-01-15', amount: 10_00 }], [{ date: '2024-01-01', amount: 15_00 }]).unapplied).toBe(5_00);
    expect(ageAccount({ asOf: '2024-03-20', installments: [{ dueDate: '2024-01-15', amount: 100_00, paidBefore: 100_00 }, { dueDate: '2024-02-15', amount: 100_00 }] })).toMatchObject({ dpd: 34, oldestUnpaidDueDate: '2024-02-15', overdueAmount: 100_00 });
  });

  it('refuses a paidBefore above the amount', () => {
    expect(() => settleInstallments('2024-03-20', [{ dueDate: '2024-01-15', amount: 10_00, paidBefore: 11_00 }])).toThrow(/paidBefore/);
  });
});

describe('pausesFromStatusChanges', () => {
  it('a pause runs from its day to the day before the next change; open pauses run to asOf', () => {
    expect(pausesFromStatusChanges([{ day: '2024-02-01', to: 'paused' }, { day: '2024-02-11', to: 'active' }, { day: '2024-03-01', to: 'paused' }], '2024-03-05')).toEqual([
      { from: '2024-02-01', to: '2024-02-10' },
      { from: '2024-03-01', to: '2024-03-05' },
    ]);
    // paused and resumed the same day: no paused day; closed while paused ends the pause
    expect(pausesFromStatusChanges([{ day: '2024-02-01', to: 'paused' }, { day: '2024-02-01', to: 'active' }], '2024-03-05')).toEqual([]);
    expect(pausesFromStatusChanges([{ day: '2024-02-01', to: 'paused' }, { day: '2024-02-04', to: 'closed' }, { day: '2024-02-09', to: 'active' }], '2024-03-05')).toEqual([{ from: '2024-02-01', to: '2024-02-03' }]);
  });
});
