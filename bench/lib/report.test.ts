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
    expect(regressionFigure(row('a', { value: 4 }))).toBe(4);
    expect(regressionFigure(row('a', { value: 200_000, higherIsBetter: true }))).toBe(1 / 200_000);
    expect(regressionFigure(row('hook', { value: NaN }))).toBeUndefined();
  });

  it('flags only rows more than 2× worse than before', () => {
    const before = run([row('import', { ratio: 10 }), row('api', { ratio: 0.8, higherIsBetter: true }), row('checks', { value: 100_000, higherIsBetter: true })]);
    const same = run([row('import', { ratio: 19.9 }), row('api', { ratio: 0.41, higherIsBetter: true }), row('checks', { value: 51_000, higherIsBetter: true })]);
    expect(regressions(before, same)).toEqual([]);
    const worse = run([row('import', { ratio: 20.5 }), row('api', { ratio: 0.39, higherIsBetter: true }), row('checks', { value: 49_000, higherIsBetter: true }), row('new', { ratio: 99 })]);
    expect(regressions(before, worse).map((s) => s.split(' — ')[0])).toEqual(['import', 'api', 'checks']);
  });

  it('names result files by date, database and size', () => {
    expect(sizeLabel(10_000)).toBe('10k');
    expect(sizeLabel(1_000_000)).toBe('1m');
    expect(resultName('2026-11-29', 'postgres', 100_000, false)).toBe('2026-11-29-postgres-100k.json');
    expect(resultName('2026-11-29', 'pglite', 10_000, true)).toBe('2026-11-29-pglite-10k-quick.json');
  });
});
