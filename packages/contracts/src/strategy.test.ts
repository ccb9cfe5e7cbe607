import { describe, expect, it } from 'vitest';
import { ConditionSchema } from './strategy.ts';

describe('ConditionSchema operands are bounded', () => {
  it('an `in` list holds at most 500 values of at most 200 characters (it was unbounded: evaluated per case per run)', () => {
    const list = (n: number, v = 'x') => Array.from({ length: n }, (_, i) => `${v}${i}`);
    expect(ConditionSchema.safeParse({ field: 'product', op: 'in', value: list(500) }).success).toBe(true);
    expect(ConditionSchema.safeParse({ field: 'product', op: 'in', value: list(501) }).success).toBe(false);
    expect(ConditionSchema.safeParse({ field: 'product', op: 'in', value: ['y'.repeat(201)] }).success).toBe(false);
    expect(ConditionSchema.safeParse({ field: 'product', op: 'eq', value: 'y'.repeat(200) }).success).toBe(true);
    expect(ConditionSchema.safeParse({ field: 'dpd', op: 'between', value: [1, 30] }).success).toBe(true);
  });
});
