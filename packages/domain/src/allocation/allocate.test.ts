import { describe, expect, it } from 'vitest';
import { allocate, type AllocationCase, type AllocationCollector } from './allocate.ts';
import { checksum, portfolio } from './perf.ts';

const cols = (...ids: number[]): AllocationCollector[] => ids.map((id) => ({ id }));
const cases = (...amounts: number[]): AllocationCase[] => amounts.map((amount, i) => ({ id: i + 1, amount }));
const owners = (r: ReturnType<typeof allocate>) => Object.fromEntries(r.assignments.map((a) => [a.caseId, a.collectorId]));

/** mulberry32: a small seeded PRNG, so the large test is the same every run */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('allocate: exact assignments on small inputs', () => {
  it('amount: largest first to the least loaded — 900…400 over three collectors gives 1,300 each', () => {
    const r = allocate(cases(900, 800, 700, 600, 500, 400), cols(10, 20, 30), { mode: 'amount' });
    expect(owners(r)).toEqual({ 1: 10, 2: 20, 3: 30, 4: 30, 5: 20, 6: 10 });
    expect(r.perCollector.map((p) => p.amount)).toEqual([1300, 1300, 1300]);
    expect(r.spread).toEqual({ amount: 0, count: 0, maxAmountDeviation: 0 });
  });

  it('count: in input order, weights honoured (capacity 2 takes twice as many)', () => {
    const r = allocate(cases(1, 1, 1, 1, 1, 1), [{ id: 1, capacity: 2 }, { id: 2 }], { mode: 'count' });
    expect(owners(r)).toEqual({ 1: 1, 2: 1, 3: 2, 4: 1, 5: 1, 6: 2 });
    expect(r.perCollector.map((p) => p.count)).toEqual([4, 2]);
  });

  it('both: equal counts where amount alone would give one collector the one big case only', () => {
    const input = cases(1000, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100);
    expect(allocate(input, cols(1, 2), { mode: 'amount' }).perCollector.map((p) => p.count)).toEqual([1, 10]);
    const both = allocate(input, cols(1, 2), { mode: 'both' });
    expect(both.perCollector.map((p) => [p.count, p.amount])).toEqual([[5, 1400], [6, 600]]);
  });

  it('keeps a debtor\'s cases together and lets retention keep a case with its collector', () => {
    const input: AllocationCase[] = [
      { id: 1, amount: 500, debtorKey: 'D1' },
      { id: 2, amount: 400, debtorKey: 'D2' },
      { id: 3, amount: 300, debtorKey: 'D1' },
      { id: 4, amount: 700, keepWith: 2 },
      { id: 5, amount: 100, keepWith: 99 }, // collector 99 is not in the pool: allocated normally
    ];
    const r = allocate(input, cols(1, 2), { mode: 'amount', keepDebtorTogether: true });
    expect(owners(r)).toEqual({ 1: 1, 3: 1, 4: 2, 2: 2, 5: 1 });
    expect(r.assignments.filter((a) => a.retained).map((a) => a.caseId)).toEqual([4]);
    expect(r.perCollector).toEqual([
      { collectorId: 1, count: 3, amount: 900, retained: 0 },
      { collectorId: 2, count: 2, amount: 1100, retained: 1 },
    ]);
  });

  it('constraints: region, language and skill; a case nobody may take is reported, not forced', () => {
    const pool: AllocationCollector[] = [
      { id: 1, regions: ['华东'], languages: ['zh'], skill: 1 },
      { id: 2, regions: ['华南', '华东'], languages: ['zh', 'en'], skill: 3 },
    ];
    const input: AllocationCase[] = [
      { id: 1, amount: 100, region: '华南' },
      { id: 2, amount: 100, region: '华东', language: 'en' },
      { id: 3, amount: 100, region: '华东', skill: 2 },
      { id: 4, amount: 100, region: '华东' },
      { id: 5, amount: 100, region: '西北' },
    ];
    const r = allocate(input, pool, { mode: 'count' });
    expect(owners(r)).toEqual({ 1: 2, 2: 2, 3: 2, 4: 1 });
    expect(r.unassigned).toEqual([{ caseId: 5, reason: 'no_eligible_collector' }]);
  });

  it('rotation: a case never goes back to the collector it must avoid, even when that one is least loaded', () => {
    const input: AllocationCase[] = [
      { id: 1, amount: 100, avoid: 1 },
      { id: 2, amount: 100, avoid: 1 },
      { id: 3, amount: 100, avoid: 2 },
    ];
    const r = allocate(input, cols(1, 2, 3), { mode: 'count' });
    expect(owners(r)).toEqual({ 1: 2, 2: 3, 3: 1 });
    expect(allocate([{ id: 1, amount: 1, avoid: 1 }], cols(1), { mode: 'count' }).unassigned).toEqual([{ caseId: 1, reason: 'no_eligible_collector' }]);
  });

  it('refuses an empty pool, a zero capacity and a fractional amount', () => {
    expect(() => allocate(cases(1), [], { mode: 'count' })).toThrow(RangeError);
    expect(() => allocate(cases(1), [{ id: 1, capacity: 0 }], { mode: 'count' })).toThrow(/capacity/);
    expect(() => allocate([{ id: 1, amount: 1.5 }], cols(1), { mode: 'amount' })).toThrow(/minor units/);
  });
});

describe('allocate: quality on a large skewed portfolio (issue 6)', () => {
  const next = rng(42);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  // log-normal balances: median ¥5,000, heavy right tail (largest ~¥1.5M)
  const big = Array.from({ length: 100_000 }, (_, i) => ({ id: i + 1, amount: Math.round(500_000 * Math.exp(1.1 * gauss())) }));
  const pool = Array.from({ length: 50 }, (_, i) => ({ id: i + 1 }));

  it('equal amount: 100,000 cases over 50 collectors, every collector within 1 % of the mean amount', () => {
    const r = allocate(big, pool, { mode: 'amount' });
    expect(r.assignments).toHaveLength(100_000);
    expect(r.spread.maxAmountDeviation).toBeLessThan(0.01);
    expect(r.perCollector.reduce((a, p) => a + p.amount, 0)).toBe(big.reduce((a, c) => a + c.amount, 0));
  });

  it('both: amounts within 1 % and exactly 2,000 cases each', () => {
    const r = allocate(big, pool, { mode: 'both' });
    expect(r.spread.maxAmountDeviation).toBeLessThan(0.01);
    expect(new Set(r.perCollector.map((p) => p.count))).toEqual(new Set([2000]));
  });
});

describe('allocate: results fixed across rewrites', () => {
  it('gives the same assignments as the first (object-based) version on a constrained 50,000-case portfolio', () => {
    // checksums computed with the pre-optimisation implementation (commit 0e9d5dc): the typed-array rewrite must not change a single case
    const input = portfolio(50_000, 7).map((c, i) => ({ ...c, region: i % 7 === 0 ? 'A' : null, skill: i % 11 === 0 ? 1 : 0, keepWith: i % 97 === 0 ? 3 : null }));
    const pool = Array.from({ length: 50 }, (_, i) => ({ id: i + 1, capacity: i % 5 === 0 ? 2 : 1, regions: i % 3 === 0 ? ['B'] : null, skill: i % 2 }));
    const sums = (['count', 'amount', 'both'] as const).map((mode) => checksum(allocate(input, pool, { mode, keepDebtorTogether: true })));
    expect(sums).toEqual(['964c872d', '2b354f73', 'd02b0383']);
  });
});
