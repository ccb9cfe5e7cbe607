import { describe, expect, it } from 'vitest';
import { columnLetter, targetToValue, valueToTarget } from './targets';

describe('mapping targets', () => {
  it('round-trips field, contact, custom and ignore', () => {
    expect(valueToTarget(targetToValue({ kind: 'field', field: 'id_number' }), 'h')).toEqual({ kind: 'field', field: 'id_number' });
    expect(valueToTarget(targetToValue({ kind: 'contact', index: 12, field: 'mobile' }), 'h')).toEqual({ kind: 'contact', index: 12, field: 'mobile' });
    expect(valueToTarget('custom', '客户经理')).toEqual({ kind: 'custom', name: '客户经理' });
    expect(valueToTarget('custom', '客户经理', ' 经理 ')).toEqual({ kind: 'custom', name: '经理' });
    expect(valueToTarget('ignore', 'x')).toEqual({ kind: 'ignore' });
  });
  it('names columns like a spreadsheet', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
});
