/**
 * Targets judged at the size the issue states them for (issue 7: "CSV import … (1M rows)", ".xlsx …
 * (200k rows)", "allocation of 1M cases", "daily run on 1M cases", "API … at 200 concurrent clients on
 * 1M cases"), and the CSV import's floor rows against the same baseline.
 */
import { describe, expect, it } from 'vitest';
import type { ImportRun } from '../scenarios/imports.ts';
import type { DailyRunFigures } from '../scenarios/daily-run.ts';
import type { ApiFigures } from '../scenarios/api.ts';
import { table, type RunFile } from './report.ts';
import { allocationRows, apiRows, atScale, complianceRows, csvImportRows, dailyRunRows, scaleLabel, xlsxImportRow } from './targets.ts';

const imp = (rows: number, ms: number, mergeMs: number | null = null): ImportRun => ({
  ms, rows, imported: rows, updated: 0, unchanged: 0, rejected: 0, status: 'committed', failure: null, firstErrors: [], readMs: ms - (mergeMs ?? 0), mergeMs, cpuMs: ms / 2,
});
const t = <T>(data: T, rssMiB = 300) => ({ data, rssMiB });
// baseline: parse 1 s + COPY 1 s = 2 s
const parse = t({ ms: 1000, cpuMs: 900 }, 200);
const copy = t({ ms: 1000 }, 250);

describe('targets at their stated size', () => {
  it('atScale judges at or above the size (and clients), else pass null with the sizes named', () => {
    expect(scaleLabel(1_000_000)).toBe('1M');
    expect(scaleLabel(200_000)).toBe('200k');
    expect(scaleLabel(2_500)).toBe('2,500');
    expect(atScale(false, { rows: 1_000_000 }, { rows: 10_000 })).toEqual({ pass: null, scaleNote: 'target at 1M; this run 10k' });
    expect(atScale(false, { rows: 1_000_000 }, { rows: 1_000_000 })).toEqual({ pass: false });
    expect(atScale(true, { rows: 1_000_000 }, { rows: 2_000_000 })).toEqual({ pass: true });
    expect(atScale(true, { rows: 1_000_000, clients: 200 }, { rows: 1_000_000, clients: 25 })).toEqual({ pass: null, scaleNote: 'target at 1M cases, 200 clients; this run 1M, 25 clients' });
    expect(atScale(true, { rows: 1_000_000, clients: 200 }, { rows: 1_000_000, clients: 200 })).toEqual({ pass: true });
  });

  it('CSV import on PostgreSQL: a 10k run shows the ratio but does not judge the 1M target; a 1M run does; PGlite (no size stated) is judged', () => {
    const [small] = csvImportRows('postgres', t(imp(10_000, 53_000)), parse, copy);
    expect(small).toMatchObject({ ratio: 26.5, pass: null, scaleNote: 'target at 1M; this run 10k' });
    const [big] = csvImportRows('postgres', t(imp(1_000_000, 53_000)), parse, copy);
    expect(big.pass).toBe(false);
    expect(big.scaleNote).toBeUndefined();
    const [fast] = csvImportRows('postgres', t(imp(1_000_000, 3_900)), parse, copy);
    expect(fast.pass).toBe(true);
    const [pglite] = csvImportRows('pglite', t(imp(10_000, 4_900), 300), parse, copy);
    expect(pglite).toMatchObject({ ratio: 2.45, pass: true });
    expect(pglite.scaleNote).toBeUndefined();
  });

  it('.xlsx (200k rows), allocation, daily run (1M cases) and API (1M cases, 200 clients) below their size: pass null; at it: judged', () => {
    expect(xlsxImportRow(t(imp(2_000, 16_000)), t({ ms: 2000, rows: 2001 }))).toMatchObject({ ratio: 8, pass: null, scaleNote: 'target at 200k; this run 2k' });
    expect(xlsxImportRow(t(imp(200_000, 16_000)), t({ ms: 2000, rows: 200_001 })).pass).toBe(false);

    const alloc = (cases: number, ms: number) => allocationRows(t({ cases, loadMs: 1, calibrationMs: 40, source: 'database', modes: [{ mode: 'amount' as const, ms, amountSpread: 0.005, countSpread: 0.02, maxAmountDeviation: 0.003, unassigned: 0 }] }))[0];
    expect(alloc(10_000, 80)).toMatchObject({ pass: null, scaleNote: 'target at 1M; this run 10k' });
    expect(alloc(1_000_000, 4_000).pass).toBe(true);
    expect(alloc(1_000_000, 6_000).pass).toBe(false);

    const daily: DailyRunFigures = { cases: 9_500, ms: 20_000, enqueueMs: 13_000, directMs: 5_000, messagesMs: 2_000, executed: { done: 1, blocked: 0, failed: 0, pending: 0 }, actions: {}, snapshots: 9_500, smsSent: 1, gateCalls: 1, baseline: { ms: 5_000, rows: 9_500 } } as DailyRunFigures;
    const [d10k, exec] = dailyRunRows(t(daily), 10_000);
    expect(d10k).toMatchObject({ ratio: 2.6, pass: null, scaleNote: 'target at 1M; this run 10k' });
    expect(exec.pass).toBeNull();
    expect(dailyRunRows(t(daily), 1_000_000)[0].pass).toBe(true);

    const load = { requests: 100, perSecond: 20, p50Ms: 10, p99Ms: 40, non2xx: 0, errors: 0, timeouts: 0 };
    const api: ApiFigures = { mix: load, baseline: { ...load, perSecond: 30 }, serverRssMiB: 300, connections: 25, seconds: 5, statuses: {} };
    expect(apiRows('postgres', api, 10_000)[0]).toMatchObject({ pass: null, scaleNote: 'target at 1M cases, 200 clients; this run 10k, 25 clients' });
    expect(apiRows('postgres', { ...api, connections: 200 }, 1_000_000)[0].pass).toBe(true);
    expect(apiRows('pglite', { ...api, connections: 200 }, 1_000_000)[0].pass).toBeNull();
  });

  it('compliance (no size stated) is judged at any size, on the check itself (the per-check indexing is reported)', () => {
    const x = (perSecond: number) => ({ perSecond, blocked: 1, checks: 100 });
    const rows = complianceRows(t({ raw: x(300), indexed: x(250_000), debtors: 50, historyPerDebtor: 1000 }));
    expect(rows.map((r) => r.pass)).toEqual([null, true]);
    expect(complianceRows(t({ raw: x(300), indexed: x(99_000), debtors: 50, historyPerDebtor: 1000 }))[1].pass).toBe(false);
    expect(rows.every((r) => r.scaleNote === undefined)).toBe(true);
  });

  it('the table says "n/a" with the sizes instead of FAIL below the stated size', () => {
    const rows = csvImportRows('postgres', t(imp(10_000, 53_000)), parse, copy);
    const run: RunFile = { date: '2026-11-30', db: 'postgres', dbDescribe: 'pg', cases: 10_000, quick: true, machine: { cpus: 2, cpuModel: '', memGiB: 8, node: '', platform: '', loadAvg: [] }, wallSeconds: 1, rows, details: {} };
    const line = table(run).split('\n').find((l) => l.startsWith('| import CSV (UTF-8)'))!;
    expect(line).toContain('| 26.5× |');
    expect(line.endsWith('| n/a: target at 1M; this run 10k |')).toBe(true);
    expect(line).not.toContain('FAIL');
  });
});

describe('CSV import floors', () => {
  const floor = (ms: number) => t({ ms, cpuMs: ms * 0.9, rows: 10_000, sealed: 10_000, rejected: 0, encrypted: 220_000 }, 180);

  it('the no-database floor and the merge are rows against the same baseline (parse + COPY), never judged', () => {
    const rows = csvImportRows('postgres', t(imp(10_000, 53_000, 20_000)), parse, copy, undefined, floor(7_000));
    expect(rows.map((r) => r.scenario)).toEqual(['import CSV (UTF-8)', 'import CSV floor: read, normalise, stage, seal (no database)', 'import CSV floor: merge alone (in the import)']);
    const [, f, m] = rows;
    expect(f).toMatchObject({ value: 7, baseline: 2, ratio: 3.5, pass: null, throughput: 1429, rssMiB: 180 });
    expect(m).toMatchObject({ value: 20, baseline: 2, ratio: 10, pass: null });
    for (const r of [f, m]) expect(r.note).toMatch(/^the import cannot be faster than its floor/);
    // above the target ratio: the note says the target is out of reach whatever the database does
    expect(f.note).toContain('this floor alone is 3.5× the baseline, above the ≤ 2× target: the target is out of reach with field-level encryption');
    expect(f.note).toContain('220000 values encrypted');
    expect(f.note).toContain('its Node CPU alone (6.3 s, one thread: a lower bound of its wall time at any load) is 3.15× the baseline');
    expect(m.note).toContain('this floor alone is 10× the baseline, above the ≤ 2× target: the import cannot meet the target while its merge alone takes this long');
  });

  it('a floor within the target says it does not rule the target out; PGlite uses its own 2.5× target; no merge row without the split', () => {
    const [, f] = csvImportRows('postgres', t(imp(10_000, 53_000, 20_000)), parse, copy, undefined, floor(3_000));
    expect(f.ratio).toBe(1.5);
    expect(f.note).toContain('this floor is 1.5× the baseline, within the ≤ 2× target: it does not rule the target out');
    const pg = csvImportRows('pglite', t(imp(10_000, 53_000, null)), parse, copy, undefined, floor(4_800));
    expect(pg).toHaveLength(2);
    expect(pg[1].note).toContain('within the ≤ 2.5× target');
  });
});
