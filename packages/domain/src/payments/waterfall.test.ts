import { describe, expect, it } from 'vitest';
import { allocatePayments, applyPayment } from './waterfall.ts';

const owed = { fees: 50_00, penalty: 20_00, interest: 130_00, principal: 1000_00 }; // ¥1,200.00

describe('payment waterfall (fen, exact)', () => {
  it('fees, then penalty, then interest, then principal', () => {
    expect(applyPayment(owed, 100_00)).toEqual({ applied: { fees: 50_00, penalty: 20_00, interest: 30_00, principal: 0 }, remaining: { fees: 0, penalty: 0, interest: 100_00, principal: 1000_00 }, overpayment: 0 });
  });
  it('a client order principal first', () => {
    expect(applyPayment(owed, 1000_01, ['principal', 'interest', 'penalty', 'fees']).applied).toEqual({ principal: 1000_00, interest: 1, penalty: 0, fees: 0 });
  });
  it('never beyond what is owed: the excess is an overpayment', () => {
    const r = allocatePayments(owed, [{ id: 1, date: '2024-03-01', amount: 700_00 }, { id: 2, date: '2024-03-05', amount: 600_01 }]);
    expect(r.outstanding).toEqual({ fees: 0, penalty: 0, interest: 0, principal: 0 });
    expect([r.totalPaid, r.totalOverpayment, r.payments[1].overpayment]).toEqual([1200_00, 100_01, 100_01]);
  });
  it('a reversal recomputes from the opening balance; applied in date order whatever the input order', () => {
    const pays = [{ id: 'b', date: '2024-03-05', amount: 80_00 }, { id: 'a', date: '2024-03-01', amount: 60_00, reversed: true }];
    const r = allocatePayments(owed, pays);
    expect(r.payments).toEqual([
      { id: 'b', applied: { fees: 50_00, penalty: 20_00, interest: 10_00, principal: 0 }, overpayment: 0 },
      { id: 'a', applied: { fees: 0, penalty: 0, interest: 0, principal: 0 }, overpayment: 0 },
    ]);
    expect([r.totalPaid, r.totalOutstanding]).toEqual([80_00, 1120_00]);
  });
  it('refuses a zero, negative or fractional payment and a bad order', () => {
    expect(() => applyPayment(owed, 0)).toThrow(RangeError);
    expect(() => applyPayment(owed, 1.5)).toThrow(RangeError);
    expect(() => applyPayment(owed, 1, ['fees', 'fees', 'interest', 'principal'])).toThrow(/exactly once/);
  });
});
