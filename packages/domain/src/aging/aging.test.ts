import { describe, expect, it } from 'vitest';
import { DEFAULT_BUCKETS, bucketOf, dpdFromOverdueDate, dpdRangeOfBucket, validateBuckets } from './aging.ts';

describe('dpdFromOverdueDate', () => {
  it.each<[string, string, number]>([
    ['2024-01-15', '2024-01-15', 0],
    ['2024-01-15', '2024-01-16', 1],
    ['2024-01-15', '2024-02-14', 30],
    ['2024-01-15', '2024-02-15', 31],
    ['2024-01-15', '2024-01-10', 0],
    ['2023-12-31', '2024-03-01', 61],
    ['2024-02-28', '2024-03-01', 2],
  ])('%s → %s = %i', (due, asOf, dpd) => expect(dpdFromOverdueDate(due, asOf)).toBe(dpd));
  it('throws on malformed dates', () => expect(() => dpdFromOverdueDate('2024-02-30', '2024-03-01')).toThrow(RangeError));
});

describe('bucketOf (default buckets, every boundary)', () => {
  it.each<[number, string]>([
    [-5, 'M0'], [0, 'M0'], [1, 'M1'], [15, 'M1'], [30, 'M1'], [31, 'M2'], [45, 'M2'], [60, 'M2'], [61, 'M3'], [90, 'M3'],
    [91, 'M4'], [95, 'M4'], [120, 'M4'], [121, 'M5'], [150, 'M5'], [151, 'M6'], [180, 'M6'], [181, 'M7+'], [200, 'M7+'], [100000, 'M7+'],
  ])('%i → %s', (dpd, name) => expect(bucketOf(dpd)).toBe(name));
  it('rejects non-integers', () => {
    expect(() => bucketOf(1.5)).toThrow(RangeError);
    expect(() => bucketOf(NaN)).toThrow(RangeError);
  });
  it('returns null outside custom buckets', () => {
    const b = [{ name: 'M1', min: 1, max: 30 }, { name: 'M2+', min: 31 }];
    expect(bucketOf(0, b)).toBeNull();
    expect(bucketOf(31, b)).toBe('M2+');
  });
});

describe('dpdRangeOfBucket', () => {
  it.each<[string, { min: number | null; max: number | null } | null]>([
    ['M0', { min: null, max: 0 }],
    ['M1', { min: 1, max: 30 }],
    ['M6', { min: 151, max: 180 }],
    ['M7+', { min: 181, max: null }],
    ['M9', null],
  ])('%s', (name, range) => expect(dpdRangeOfBucket(name)).toEqual(range));
  it('agrees with bucketOf', () => {
    for (const b of DEFAULT_BUCKETS) {
      const r = dpdRangeOfBucket(b.name)!;
      if (r.min !== null) expect(bucketOf(r.min)).toBe(b.name);
      if (r.max !== null) expect(bucketOf(r.max)).toBe(b.name);
    }
  });
});

describe('validateBuckets', () => {
  it('accepts the defaults and CLI-style sets in any order', () => {
    expect(validateBuckets(DEFAULT_BUCKETS)).toEqual({ ok: true });
    expect(validateBuckets([{ name: 'M2', min: 31, max: 60 }, { name: 'M1', min: 1, max: 30 }])).toEqual({ ok: true });
  });
  it.each<[string, Parameters<typeof validateBuckets>[0], RegExp]>([
    ['empty', [], /At least one/],
    ['gap', [{ name: 'M1', min: 1, max: 30 }, { name: 'M2', min: 35, max: 60 }], /Gap between M1 \(1–30\) and M2 \(35–60\): DPD 31–34/],
    ['overlap', [{ name: 'M1', min: 1, max: 30 }, { name: 'M2', min: 25, max: 60 }], /overlap at DPD 25–30/],
    ['same start', [{ name: 'A', min: 1, max: 30 }, { name: 'B', min: 1, max: 10 }], /overlap at DPD 1–10/],
    ['duplicate name', [{ name: 'M1', min: 1, max: 30 }, { name: 'M1', min: 31, max: 60 }], /used twice/],
    ['min > max', [{ name: 'M1', min: 30, max: 1 }], /min is greater than max/],
    ['fraction', [{ name: 'M1', min: 0.5, max: 30 }], /not a whole number/],
    ['unbounded middle', [{ name: 'A', min: 1, max: null }, { name: 'B', min: 31, max: 60 }], /no upper bound but is not the highest/],
    ['two unbounded lows', [{ name: 'A', max: 0 }, { name: 'B', max: 5 }], /no lower bound but is not the lowest/],
    ['no name', [{ name: ' ', min: 1, max: 2 }], /needs a name/],
  ])('refuses %s', (_label, buckets, msg) => {
    const r = validateBuckets(buckets);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toMatch(msg);
  });
});
