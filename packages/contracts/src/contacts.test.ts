import { describe, expect, it } from 'vitest';
import { PromiseInput } from './contacts.ts';

describe('PromiseInput', () => {
  it('refuses a date that is not on the calendar (it used to answer 500)', () => {
    expect(PromiseInput.safeParse({ amount: 100, dueDate: '2027-02-31' }).success).toBe(false);
    expect(PromiseInput.safeParse({ installments: [{ dueDate: '2026-13-01', amount: 100 }] }).success).toBe(false);
    expect(PromiseInput.safeParse({ amount: 100, dueDate: '2028-02-29' }).success).toBe(true);
  });
});
