import { describe, expect, it } from 'vitest';
import { armBucket, dryRun, evaluateCase, validateStrategy, type CaseFacts, type Strategy } from './strategy.ts';

const facts = (o: Partial<CaseFacts>): CaseFacts => ({ caseId: 1, dpd: null, daysSinceContact: null, outstanding: null, score: null, bucket: null, client: null, product: null, region: null, lastResult: null, ptpState: null, hasValidPhone: null, flags: [], ...o });

const strategy: Strategy = {
  id: 'S1', version: 1,
  segments: [
    { id: 'legal', name: 'Large and late', when: [{ field: 'dpd', op: 'gt', value: 90 }, { field: 'outstanding', op: 'gte', value: 50_000_00 }], actions: [{ type: 'refer_legal' }] },
    { id: 'early', name: 'Early, reachable', when: [{ field: 'dpd', op: 'between', value: [1, 30] }, { field: 'hasValidPhone', op: 'is', value: true }, { field: 'flags', op: 'lacks', value: 'cease' }],
      actions: [{ type: 'send_sms', template: 'early-reminder' }], challenger: { percent: 20, actions: [{ type: 'send_email', template: 'early-email' }] } },
    { id: 'never-contacted', name: 'Never contacted', when: [{ field: 'daysSinceContact', op: 'is_null' }], actions: [{ type: 'set_priority', priority: 90 }] },
  ],
};

describe('strategy evaluation', () => {
  it('first matching segment wins, with the reason', () => {
    expect(evaluateCase(strategy, facts({ dpd: 91, outstanding: 50_000_00 }))).toEqual({ segmentId: 'legal', arm: 'champion', actions: [{ type: 'refer_legal' }], reason: ['dpd gt 90', 'outstanding gte 5000000'] });
    expect(evaluateCase(strategy, facts({ dpd: 90, outstanding: 50_000_00 })).segmentId).toBe('never-contacted');
  });
  it('between is inclusive at both ends; a null value fails a comparison', () => {
    for (const [dpd, seg] of [[0, 'never-contacted'], [1, 'early'], [30, 'early'], [31, 'never-contacted']] as const)
      expect(evaluateCase(strategy, facts({ dpd, hasValidPhone: true, caseId: 7 })).segmentId).toBe(seg);
    expect(evaluateCase(strategy, facts({ dpd: null, hasValidPhone: true, daysSinceContact: 3 })).segmentId).toBeNull();
  });
  it('flags: lacks cease; a ceased case falls through', () => {
    expect(evaluateCase(strategy, facts({ dpd: 5, hasValidPhone: true, flags: ['cease'], daysSinceContact: 2 })).segmentId).toBeNull();
  });
  it('champion/challenger: stable arms near the percentage', () => {
    expect(armBucket('S1:early:1')).toBe(armBucket('S1:early:1'));
    const arms = Array.from({ length: 10_000 }, (_, i) => evaluateCase(strategy, facts({ caseId: i, dpd: 10, hasValidPhone: true })).arm);
    const challengers = arms.filter((a) => a === 'challenger').length;
    expect(challengers).toBeGreaterThan(1800);
    expect(challengers).toBeLessThan(2200);
  });
  it('dry run counts cases, balances and actions per segment', () => {
    const rows = dryRun(strategy, [facts({ caseId: 1, dpd: 100, outstanding: 60_000_00 }), facts({ caseId: 2, dpd: 100, outstanding: 10_00 }), facts({ caseId: 3, dpd: 100, outstanding: 5_00, daysSinceContact: 1 })]);
    expect(rows).toEqual([
      { segmentId: 'legal', cases: 1, outstanding: 60_000_00, arms: { champion: 1, challenger: 0 }, actions: { refer_legal: 1 } },
      { segmentId: 'early', cases: 0, outstanding: 0, arms: { champion: 0, challenger: 0 }, actions: {} },
      { segmentId: 'never-contacted', cases: 1, outstanding: 10_00, arms: { champion: 1, challenger: 0 }, actions: { set_priority: 1 } },
      { segmentId: null, cases: 1, outstanding: 5_00, arms: { champion: 0, challenger: 0 }, actions: {} },
    ]);
  });
});

describe('strategy validation (typed operands, closed operators)', () => {
  it('accepts the example', () => expect(validateStrategy(strategy)).toEqual([]));
  it('names each problem', () => {
    const bad: Strategy = { id: 'X', version: 1, segments: [
      { id: 'a', name: 'a', when: [
        { field: 'outstanding', op: 'gt', value: 100.5 },
        { field: 'bucket', op: 'gt', value: 'M2' },
        { field: 'dpd', op: 'between', value: [30, 1] },
        { field: 'nope' as never, op: 'eq', value: 1 },
      ], actions: [], challenger: { percent: 120, actions: [] } },
      { id: 'a', name: 'dup', when: [], actions: [] },
    ] };
    expect(validateStrategy(bad)).toEqual([
      'segment 1 (a): challenger percent must be 0–100',
      'segment 1 (a), condition 1: outstanding needs a whole number of minor units, got 100.5',
      'segment 1 (a), condition 2: bucket (enum) does not take gt; use eq, ne, in, not_in, is_null, not_null',
      'segment 1 (a), condition 3: between: low 30 is above high 1',
      'segment 1 (a), condition 4: unknown field nope',
      'segment 2 (a): id used twice',
    ]);
  });
});
