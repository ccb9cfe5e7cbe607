import { describe, expect, it } from 'vitest';
import { evaluatePromise } from './promise-status.ts';

const single = { promisedOn: '2024-03-01', installments: [{ dueDate: '2024-03-10', amount: 500_00 }] };

describe('PTP status', () => {
  it('pending until due date + grace, broken the day after when nothing was paid', () => {
    expect(evaluatePromise(single, [], '2024-03-10', 2)).toMatchObject({ status: 'pending', breaksOn: '2024-03-13' });
    expect(evaluatePromise(single, [], '2024-03-12', 2).status).toBe('pending');
    expect(evaluatePromise(single, [], '2024-03-13', 2)).toMatchObject({ status: 'broken', paid: 0, breaksOn: null });
  });
  it('kept as soon as paid in full, even early; a payment before the promise does not count', () => {
    expect(evaluatePromise(single, [{ date: '2024-03-05', amount: 500_00 }], '2024-03-05').status).toBe('kept');
    expect(evaluatePromise(single, [{ date: '2024-02-28', amount: 500_00 }], '2024-03-11').status).toBe('broken');
  });
  it('partially kept when something was paid by the deadline; a payment after grace does not count', () => {
    const r = evaluatePromise(single, [{ date: '2024-03-09', amount: 200_00 }, { date: '2024-03-14', amount: 300_00 }], '2024-03-20', 3);
    expect([r.status, r.paid]).toEqual(['partially_kept', 200_00]);
  });
  it('an installment plan: earliest first; one broken installment breaks the plan', () => {
    const plan = { promisedOn: '2024-03-01', installments: [{ dueDate: '2024-04-10', amount: 300_00 }, { dueDate: '2024-03-10', amount: 300_00 }] };
    const r = evaluatePromise(plan, [{ date: '2024-03-08', amount: 300_00 }], '2024-04-05');
    expect(r.installments.map((i) => i.status)).toEqual(['kept', 'pending']);
    expect([r.status, r.breaksOn]).toEqual(['pending', '2024-04-11']);
    expect(evaluatePromise(plan, [{ date: '2024-03-08', amount: 300_00 }], '2024-04-11').status).toBe('broken');
    expect(evaluatePromise(plan, [{ date: '2024-03-08', amount: 450_00 }], '2024-04-11').status).toBe('partially_kept');
  });
});
