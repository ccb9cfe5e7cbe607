/**
 * The regression gate of `bench:quick`: which figure is compared, and when a row counts as more than
 * 2× worse than the committed quick results.
 */
import { describe, expect, it } from 'vitest';
import type { Measurement } from './common.ts';
import { regressionFigure, regressions, resultName, sizeLabel, type RunFile } from './report.ts';

const run = (rows: Measurement[]): RunFile => ({ date: '2026-11-29', db: 'pglite', dbDescribe: '', cases: 10_000, quick: true, machine: { cpus: 2, cpuModel: '', memGiB: 8, node: '', platform: '', loadAvg: [] }, wallSeconds: 1, rows, details: {} });
const row = (scenario: string, o: Partial<Measurement>): Measurement => ({ scenario, metric: 'm', value: 1, unit: 's', ...o });

describe('bench regression gate', () => {
  it('compares the ratio where there is a baseline, else the absolute figure, inverted when higher is better', () => {
    expect(regressionFigure(row('a', { value: 9, ratio: 3 }))).toBe(3);
    expect(regressionFigure(row('a', { value: 9, ratio: 0.5, higherIsBetter: true }))).toBe(2);
    expect(regressionFigure(row('a', { value: 0, ratio: 0, higherIsBetter: true }))).toBe(Infinity);
    expect(regressionFigure(row('a', { value: 4 }))).toBe(4);
    expect(regressionFigure(row('a', { value: 200_000, higherIsBetter: true }))).toBe(1 / 200_000);
    expect(regressionFigure(row('a', { value: 0, higherIsBetter: true }))).toBe(Infinity);
    expect(regressionFigure(row('hook', { value: NaN }))).toBeUndefined();
    expect(regressionFigure(row('hook', { value: null as unknown as number, note: 'HOOK: later' }))).toBeUndefined();
  });

  it('divides absolute figures by the CPU yardstick only when asked (both runs measured it)', () => {
    expect(regressionFigure(row('alloc', { value: 1.5, calibrationMs: 50 }), true)).toBe(0.03);
    expect(regressionFigure(row('alloc', { value: 1.5, calibrationMs: 50 }), false)).toBe(1.5);
    expect(regressionFigure(row('checks', { value: 100_000, higherIsBetter: true, calibrationMs: 20 }), true)).toBeCloseTo(1 / 2_000_000, 15);
    // a ratio is never normalised: its baseline already cancels the machine
    expect(regressionFigure(row('import', { ratio: 3, calibrationMs: 50 }), true)).toBe(3);
  });

  it('flags only rows more than 2× worse than before', () => {
    const before = run([row('import', { ratio: 10 }), row('api', { ratio: 0.8, higherIsBetter: true }), row('checks', { value: 100_000, higherIsBetter: true })]);
    const same = run([row('import', { ratio: 19.9 }), row('api', { ratio: 0.41, higherIsBetter: true }), row('checks', { value: 51_000, higherIsBetter: true })]);
    expect(regressions(before, same)).toEqual([]);
    const worse = run([row('import', { ratio: 20.5 }), row('api', { ratio: 0.39, higherIsBetter: true }), row('checks', { value: 49_000, higherIsBetter: true }), row('new', { ratio: 99 })]);
    expect(regressions(before, worse)).toEqual([
      'import — m: ratio 20.5 vs ratio 10 committed (2.05× worse)',
      'api — m: ratio 0.39 vs ratio 0.8 committed (2.05× worse)',
      'checks — m: 49000 s vs 100000 s committed (2.04× worse)',
    ]);
  });

  it('cancels load on absolute rows through the yardstick, and still fails a real 2× slowdown', () => {
    const before = run([row('alloc', { value: 1.0, calibrationMs: 40 }), row('checks', { value: 200_000, higherIsBetter: true, calibrationMs: 40 })]);
    // the machine twice as busy: the yardstick and the figures all take 2.5× as long — no regression
    const loaded = run([row('alloc', { value: 2.5, calibrationMs: 100 }), row('checks', { value: 80_000, higherIsBetter: true, calibrationMs: 100 })]);
    expect(regressions(before, loaded)).toEqual([]);
    // same machine speed, allocation 2.2× slower, checks 2.5× fewer: both fail
    const slower = run([row('alloc', { value: 2.2, calibrationMs: 40 }), row('checks', { value: 80_000, higherIsBetter: true, calibrationMs: 40 })]);
    expect(regressions(before, slower)).toEqual([
      'alloc — m: 2.2 s (yardstick 40 ms) vs 1 s (yardstick 40 ms) committed (2.2× worse)',
      'checks — m: 80000 s (yardstick 40 ms) vs 200000 s (yardstick 40 ms) committed (2.5× worse)',
    ]);
    // a committed file without the yardstick: raw figures (2.5 s vs 1 s fails)
    expect(regressions(run([row('alloc', { value: 1.0 })]), loaded)).toEqual(['alloc — m: 2.5 s vs 1 s committed (2.5× worse)']);
  });

  it('fails a row that disappeared or lost its figure; ignores hook rows and rows new in this run', () => {
    const before = run([row('import', { ratio: 10 }), row('daily', { ratio: 2 }), row('api', { ratio: 0.5, higherIsBetter: true }), row('hook', { value: NaN, note: 'HOOK: x' })]);
    const after = run([row('import', { ratio: 10 }), row('api', { value: 0, ratio: 0, higherIsBetter: true }), row('brand new', { ratio: 50 })]);
    expect(regressions(before, after)).toEqual(['daily — m: missing in this run', 'api — m: ratio 0 vs ratio 0.5 committed (∞× worse)']);
  });

  it('never compares informational rows (gate: false), even when they got much worse or disappeared', () => {
    const before = run([row('route alone', { ratio: 0.2, higherIsBetter: true, gate: false }), row('paced p99', { value: 20, unit: 'ms', gate: false }), row('mix', { ratio: 0.1, higherIsBetter: true })]);
    const after = run([row('paced p99', { value: 90, unit: 'ms', gate: false }), row('mix', { ratio: 0.04, higherIsBetter: true })]);
    expect(regressions(before, after)).toEqual(['mix — m: ratio 0.04 vs ratio 0.1 committed (2.5× worse)']);
  });

  it('names result files by date, database and size', () => {
    expect(sizeLabel(10_000)).toBe('10k');
    expect(sizeLabel(1_000_000)).toBe('1m');
    expect(resultName('2026-11-29', 'postgres', 100_000, false)).toBe('2026-11-29-postgres-100k.json');
    expect(resultName('2026-11-29', 'pglite', 10_000, true)).toBe('2026-11-29-pglite-10k-quick.json');
  });
});
