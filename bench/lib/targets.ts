/**
 * Scenario figures → result rows, with the issue's targets (issue 7 "Targets"; ratios, never a timed
 * test). A target the issue states at a size ("CSV import … on PostgreSQL (1M rows)", ".xlsx … (200k
 * rows)", "allocation of 1M cases", "daily run on 1M cases", "API … at 200 concurrent clients on 1M
 * cases") is judged only in a run of at least that size ({@link atScale}); below it the row keeps its
 * figures and ratio (the quick gate's 2× check still compares them) but `pass` is null and `scaleNote`
 * says "target at 1M; this run 10k". Targets stated without a size (CSV import on PGlite, compliance
 * checks/s) are judged at any size.
 */
import { round, type Measurement } from './common.ts';
import type { ImportFloor, ImportRun } from '../scenarios/imports.ts';
import type { AllocationFigures } from '../scenarios/domain.ts';
import type { ReportFigures } from '../scenarios/reports.ts';
import type { ApiFigures } from '../scenarios/api.ts';
import type { DailyRunFigures } from '../scenarios/daily-run.ts';

type Db = 'pglite' | 'postgres';
interface Timed<T> { data: T; rssMiB: number }
const ratio = (v: number, b: number) => round(v / b, 3);

const cpuS = (ms: number | undefined) => (ms === undefined ? '?' : `${round(ms / 1000, 1)} s`);

/** A size as the issue writes it: 1M, 200k, 2,000. */
export const scaleLabel = (n: number) => (n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : n.toLocaleString('en-US'));

/** Sizes the issue states its targets at (issue 7 "Targets"). */
export const TARGET_SCALE = {
  /** "CSV import ≤ 2.0 × baseline on PostgreSQL (1M rows)" — PGlite's ≤ 2.5× has no size: judged at any size */
  csvImportPostgres: { rows: 1_000_000 },
  /** ".xlsx import ≤ 1.5 × raw parse (200k rows)" — rows of the workbook */
  xlsxImport: { rows: 200_000 },
  /** "Allocation of 1M cases to 500 collectors ≤ 5 s, amount spread ≤ 1 %" */
  allocation: { rows: 1_000_000 },
  /** "Daily run on 1M cases ≤ 3 × its baseline" */
  dailyRun: { rows: 1_000_000 },
  /** "API on PostgreSQL: p99 ≤ 50 ms at 200 concurrent clients on 1M cases" */
  api: { rows: 1_000_000, clients: 200 },
} as const;

/**
 * Judge `pass` only when the run is at least the size the target is stated for (and has at least its
 * concurrent clients, when the target names them); below, pass is null and `scaleNote` reads e.g.
 * "target at 1M; this run 10k" or "target at 1M cases, 200 clients; this run 10k, 25 clients".
 */
export function atScale(pass: boolean, stated: { rows: number; clients?: number }, run: { rows: number; clients?: number }): Pick<Measurement, 'pass' | 'scaleNote'> {
  const clientsOk = stated.clients === undefined || (run.clients ?? 0) >= stated.clients;
  if (run.rows >= stated.rows && clientsOk) return { pass };
  const scaleNote = stated.clients === undefined
    ? `target at ${scaleLabel(stated.rows)}; this run ${scaleLabel(run.rows)}`
    : `target at ${scaleLabel(stated.rows)} cases, ${stated.clients} clients; this run ${scaleLabel(run.rows)}, ${run.clients ?? 0} clients`;
  return { pass: null, scaleNote };
}

/**
 * The CSV import row, then its floors against the same baseline (parse + COPY): (a) the product's own
 * read → normalise → stage → seal pipeline over the same file with no database (`floor`,
 * scenarios/imports.ts `importFloor`), (b) the import's merge phase alone. The import cannot be faster
 * than either, so a floor above the target ratio shows the target cannot be reached by database work.
 */
export function csvImportRows(db: Db, imp: Timed<ImportRun>, parse: Timed<{ ms: number; cpuMs?: number }>, copy: Timed<{ ms: number }>, gbkParse?: Timed<{ ms: number }>, floor?: Timed<ImportFloor>): Measurement[] {
  const base = parse.data.ms + copy.data.ms;
  const r = ratio(imp.data.ms, base);
  const limit = db === 'postgres' ? 2.0 : 2.5;
  const rssOk = db === 'postgres' ? imp.rssMiB < 1024 : imp.rssMiB <= 1.5 * copy.rssMiB;
  const ok = imp.data.status === 'committed' && imp.data.rejected === 0;
  const judged = db === 'postgres' ? atScale(ok && r <= limit && rssOk, TARGET_SCALE.csvImportPostgres, { rows: imp.data.rows }) : { pass: ok && r <= limit && rssOk };
  const rows: Measurement[] = [{
    scenario: 'import CSV (UTF-8)', metric: 'seconds', value: round(imp.data.ms / 1000, 2), unit: 's', baseline: round(base / 1000, 2), ratio: r,
    throughput: Math.round(imp.data.rows / (imp.data.ms / 1000)), rssMiB: imp.rssMiB, baselineRssMiB: copy.rssMiB,
    target: `≤ ${limit}× (parse + COPY)${db === 'postgres' ? ' (1M rows)' : ''}; RSS ${db === 'postgres' ? '< 1 GiB' : '≤ 1.5× COPY RSS'}`, ...judged,
    note: `${imp.data.imported} imported, ${imp.data.rejected} rejected (${imp.data.status}); pipeline split: read+normalise+stage ${round((imp.data.readMs ?? NaN) / 1000, 1)} s, merge ${round((imp.data.mergeMs ?? NaN) / 1000, 1)} s; baseline parse ${round(parse.data.ms / 1000, 2)} s + COPY ${round(copy.data.ms / 1000, 2)} s; Node CPU: import ${cpuS(imp.data.cpuMs)}, parse ${cpuS(parse.data.cpuMs)}${gbkParse ? `; GBK file parse ${round(gbkParse.data.ms / 1000, 2)} s` : ''}`,
  }];
  const verdict = (fr: number, why: string) =>
    fr > limit
      ? `this floor alone is ${fr}× the baseline, above the ≤ ${limit}× target: ${why}`
      : `this floor is ${fr}× the baseline, within the ≤ ${limit}× target: it does not rule the target out`;
  if (floor) {
    const f = floor.data;
    const fr = ratio(f.ms, base);
    rows.push({
      scenario: 'import CSV floor: read, normalise, stage, seal (no database)', metric: 'seconds', value: round(f.ms / 1000, 2), unit: 's', baseline: round(base / 1000, 2), ratio: fr,
      throughput: Math.round(f.rows / (f.ms / 1000)), rssMiB: floor.rssMiB, target: '— (a floor: the import cannot be faster)', pass: null,
      note: `the import cannot be faster than its floor: the product's own normalizeRow → stageRow → sealStagedRow (a real PiiCipher key ring) → COPY text over the same file in one process, nothing written; ${verdict(fr, 'the target is out of reach with field-level encryption, whatever the database does')}; its Node CPU alone (${cpuS(f.cpuMs)}, one thread: a lower bound of its wall time at any load) is ${ratio(f.cpuMs, base)}× the baseline's wall time; ${f.rows} rows (${f.sealed} sealed, ${f.rejected} rejected), ${f.encrypted} values encrypted`,
    });
  }
  if (imp.data.mergeMs !== null) {
    const mr = ratio(imp.data.mergeMs, base);
    rows.push({
      scenario: 'import CSV floor: merge alone (in the import)', metric: 'seconds', value: round(imp.data.mergeMs / 1000, 2), unit: 's', baseline: round(base / 1000, 2), ratio: mr,
      target: '— (a floor: the import cannot be faster)', pass: null,
      note: `the import cannot be faster than its floor: the import's own merge phase (analyze, staged rows → cases and child tables in one transaction), from the import row above; ${verdict(mr, 'the import cannot meet the target while its merge alone takes this long')}`,
    });
  }
  return rows;
}

export function xlsxImportRow(imp: Timed<ImportRun>, parse: Timed<{ ms: number; rows: number; cpuMs?: number }>): Measurement {
  const r = ratio(imp.data.ms, parse.data.ms);
  return {
    scenario: 'import .xlsx', metric: 'seconds', value: round(imp.data.ms / 1000, 2), unit: 's', baseline: round(parse.data.ms / 1000, 2), ratio: r,
    throughput: Math.round(imp.data.rows / (imp.data.ms / 1000)), rssMiB: imp.rssMiB, baselineRssMiB: parse.rssMiB,
    target: '≤ 1.5× raw parse (200k rows)', ...atScale(imp.data.status === 'committed' && imp.data.rejected === 0 && r <= 1.5, TARGET_SCALE.xlsxImport, { rows: imp.data.rows }),
    note: `${imp.data.rows} rows (${parse.data.rows - 1} in the raw parse), ${imp.data.rejected} rejected; merge ${round((imp.data.mergeMs ?? NaN) / 1000, 1)} s of it; Node CPU: import ${cpuS(imp.data.cpuMs)}, raw parse ${cpuS(parse.data.cpuMs)}`,
  };
}

export function allocationRows(a: Timed<AllocationFigures & { source: string }>): Measurement[] {
  return a.data.modes.map((m) => {
    const spread = m.mode === 'count' ? m.countSpread : m.amountSpread;
    return {
      scenario: `allocation, mode ${m.mode}`, metric: 'seconds', value: round(m.ms / 1000, 3), unit: 's', rssMiB: a.rssMiB, calibrationMs: a.data.calibrationMs,
      target: `≤ 5 s (1M cases); ${m.mode === 'count' ? 'count' : 'amount'} spread ≤ 1 %`, ...atScale(m.ms <= 5000 && spread <= 0.01 && m.unassigned === 0, TARGET_SCALE.allocation, { rows: a.data.cases }),
      note: `${a.data.cases} cases (from the ${a.data.source}) → 500 collectors, ${Math.round(a.data.cases / 500)} each on average; amount spread ${round(m.amountSpread * 100, 3)} %, count spread ${round(m.countSpread * 100, 3)} %, max deviation ${round(m.maxAmountDeviation * 100, 3)} %; loading the cases ${round(a.data.loadMs / 1000, 2)} s (not counted)`,
    };
  });
}

export function complianceRows(c: Timed<{ raw: { perSecond: number; blocked: number; checks: number }; indexed: { perSecond: number; blocked: number; checks: number }; debtors: number; historyPerDebtor: number; calibrationMs?: number }>): Measurement[] {
  const row = (name: string, x: { perSecond: number; blocked: number; checks: number }, judged: boolean, note: string): Measurement => ({
    scenario: `compliance checks, ${name}`, metric: 'checks/s', value: x.perSecond, unit: '/s', higherIsBetter: true, throughput: x.perSecond, rssMiB: c.rssMiB, calibrationMs: c.data.calibrationMs,
    target: judged ? '≥ 100,000 /s' : 'reported (indexes the whole history each time)', pass: judged ? x.perSecond >= 100_000 : null,
    note: `${note}; ${c.data.debtors} debtors × ${c.data.historyPerDebtor} attempts in 90 days; ${round((x.blocked / x.checks) * 100, 1)} % blocked`,
  });
  // The target is judged on the check: the per-check variant also indexes 1,000 raw attempts every time
  // (what a live gate check does once, right after reading those rows from the database), so its rate
  // is the indexing's, shown for what it costs and still compared by the quick gate.
  return [
    row('history indexed per check', c.data.raw, false, 'each check first indexes the raw history (a live gate check: once per request, after reading it from the database)'),
    row('reused history index', c.data.indexed, true, 'the check on an indexed history (the daily run indexes each debtor once for all its checks)'),
  ];
}

export function reportRows(r: Timed<ReportFigures[]>): Measurement[] {
  return r.data.map((q) => ({
    scenario: `report ${q.name}`, metric: 'ms', value: round(q.ms, 1), unit: 'ms', baseline: round(q.baselineMs, 1), ratio: ratio(q.ms, q.baselineMs), rssMiB: r.rssMiB,
    note: `${q.rows} result rows; baseline = count(*) of each table read`,
  }));
}

/**
 * The API row. A 409 COMPLIANCE_BLOCKED answer to a record insert is a valid answer (the gate refused
 * the call for the debtor's history), so it is reported apart and does not make the run unclean.
 * `cases`: the portfolio size; the PostgreSQL target is judged at 1M cases with 200 clients ({@link atScale}).
 */
export function apiRows(db: Db, a: ApiFigures, cases: number): Measurement[] {
  const rel = a.mix.perSecond / Math.max(1, a.baseline.perSecond);
  const statuses = a.statuses ?? {};
  const blocked = statuses.recordInsert?.['409'] ?? 0;
  const clean = a.mix.non2xx - blocked === 0 && a.mix.errors === 0 && a.mix.timeouts === 0;
  const perRoute = Object.entries(statuses).map(([name, by]) => `${name} ${Object.entries(by).map(([code, n]) => `${code}×${n}`).join('/')}`).join(', ');
  // Little's law for a closed loop: mean latency = connections ÷ throughput. When even the one-lookup
  // route cannot answer C connections within 50 ms, no route of the product can in a closed loop.
  const pkMeanMs = round((a.connections / Math.max(1, a.baseline.perSecond)) * 1000, 1);
  const rows: Measurement[] = [{
    scenario: 'API mix (queue, open, search phone/ID/name, list, record insert)', metric: 'requests/s', value: a.mix.perSecond, unit: '/s', higherIsBetter: true,
    baseline: a.baseline.perSecond, ratio: round(rel, 3), p50Ms: a.mix.p50Ms, p99Ms: a.mix.p99Ms, throughput: a.mix.perSecond, rssMiB: a.serverRssMiB,
    target: db === 'postgres' ? 'p99 ≤ 50 ms, ≥ 50 % of the PK route (1M cases, 200 clients)' : 'reported (one thread)',
    ...(db === 'postgres' ? atScale(clean && a.mix.p99Ms <= 50 && rel >= 0.5, TARGET_SCALE.api, { rows: cases, clients: a.connections }) : { pass: null }),
    note: `closed loop, ${a.connections} connections × ${a.seconds} s; ${a.mix.requests} requests, ${a.mix.non2xx} non-2xx (${blocked} of them 409 COMPLIANCE_BLOCKED record inserts), ${a.mix.errors} errors, ${a.mix.timeouts} timeouts; PK route p50/p99 ${a.baseline.p50Ms}/${a.baseline.p99Ms} ms (Little's law: ${a.connections} connections ÷ ${a.baseline.perSecond}/s = ${pkMeanMs} ms mean even for one lookup)${perRoute ? `; answers: ${perRoute}` : ''}`,
  }];
  if (a.paced) {
    const p = a.paced;
    const ok = p.errors === 0 && p.timeouts === 0 && p.perSecond >= p.rate * 0.9;
    rows.push({
      scenario: 'API mix at a working pace (open loop)', metric: 'p99 ms', value: p.p99Ms, unit: 'ms', p50Ms: p.p50Ms, p99Ms: p.p99Ms, throughput: p.perSecond,
      target: db === 'postgres' ? 'p99 ≤ 50 ms (1M cases, 200 clients)' : 'reported (one thread)',
      ...(db === 'postgres' ? atScale(ok && p.p99Ms <= 50, TARGET_SCALE.api, { rows: cases, clients: a.connections }) : { pass: null }),
      gate: false,
      note: `${a.connections} clients, each one request every ${round(a.connections / p.rate, 1)} s (${p.rate}/s offered, ${p.perSecond}/s answered; latencies corrected for coordinated omission); ${p.non2xx} non-2xx, ${p.errors} errors, ${p.timeouts} timeouts`,
    });
  }
  for (const [name, r] of Object.entries(a.routes ?? {})) {
    rows.push({
      scenario: `API route alone: ${name}`, metric: 'requests/s', value: r.perSecond, unit: '/s', higherIsBetter: true, baseline: a.baseline.perSecond, ratio: round(r.perSecond / Math.max(1, a.baseline.perSecond), 3),
      p50Ms: r.p50Ms, p99Ms: r.p99Ms, throughput: r.perSecond, pass: null, gate: false,
      note: `closed loop, ${a.connections} connections; ${r.requests} requests, ${r.non2xx} non-2xx, ${r.errors} errors`,
    });
  }
  return rows;
}

/**
 * The daily run against one set-based UPDATE of the same rows: (1) aging + snapshot + strategy
 * evaluation + enqueue — the issue's "daily run" (target ≤ 3×); (2) executing the enqueued actions
 * (set-based direct actions, then each message through the gate and the SMS stub) — reported against
 * the same baseline, no target (a message costs a gate check and an HTTP call, not an UPDATE).
 * `cases`: the portfolio size; (1) is judged at 1M cases ({@link atScale}).
 */
export function dailyRunRows(d: Timed<DailyRunFigures>, cases: number): Measurement[] {
  const x = d.data;
  const b = x.baseline.ms;
  const r = ratio(x.enqueueMs, b);
  const ok = x.snapshots === x.cases;
  const acts = Object.entries(x.actions).map(([k, n]) => `${k} ${n}`).join(', ');
  return [
    {
      scenario: 'daily run (aging, snapshot, strategy, enqueue)', metric: 'seconds', value: round(x.enqueueMs / 1000, 3), unit: 's', baseline: round(b / 1000, 3), ratio: r,
      throughput: Math.round(x.cases / (x.enqueueMs / 1000)), rssMiB: d.rssMiB, target: '≤ 3× one set-based UPDATE (1M cases)', ...atScale(ok && r <= 3, TARGET_SCALE.dailyRun, { rows: cases }),
      note: `${x.cases} cases aged, ${x.snapshots} snapshots; baseline UPDATE of ${x.baseline.rows} rows ${round(b, 1)} ms; whole runDaily ${round(x.ms / 1000, 2)} s = ${round(x.enqueueMs / 1000, 2)} s enqueue + ${round(x.directMs / 1000, 2)} s direct actions + ${round(x.messagesMs / 1000, 2)} s messages; actions ${acts}`,
    },
    {
      scenario: 'daily run: execute actions (direct set-based, SMS through the gate)', metric: 'seconds', value: round((x.directMs + x.messagesMs) / 1000, 3), unit: 's', baseline: round(b / 1000, 3),
      ratio: ratio(x.directMs + x.messagesMs, b), rssMiB: d.rssMiB, pass: null,
      note: `direct ${round(x.directMs / 1000, 2)} s; ${x.gateCalls} gate checks, ${x.smsSent} SMS to the local stub, ${x.gateCalls ? round(x.messagesMs / x.gateCalls, 1) : 0} ms a message; done ${x.executed.done}, blocked ${x.executed.blocked}, failed ${x.executed.failed}, pending ${x.executed.pending}`,
    },
  ];
}

/** Rows of the scenarios whose code is not on main yet (see README "Hooks"). */
export function hookRows(): Measurement[] {
  const hook = (scenario: string, what: string): Measurement => ({ scenario, metric: '—', value: NaN, unit: '', note: `HOOK: ${what}` });
  return [
  ];
}
