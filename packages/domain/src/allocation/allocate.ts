import { StampedHeap } from './heap.ts';
import { buildUnits, byAmountDesc, eligibility, type Units } from './units.ts';
import { evenCounts } from './balance.ts';

/**
 * Allocation (分案): distribute cases over collectors (issue 6). Pure: no IO, deterministic — the
 * same input always gives the same assignment (ties go to the collector listed first).
 *
 * Modes (amounts in minor units, e.g. fen; capacities are relative weights, default 1):
 * - `count`: counts proportional to capacity — each unit goes to the collector with the smallest
 *   (count + size) / capacity (the D'Hondt rule, so weights are honoured exactly over time);
 * - `amount`: amounts proportional to capacity — units in descending amount, each to the collector
 *   whose (amount + unit amount) / capacity is smallest (longest-processing-time-first, Graham 1969,
 *   "Bounds on multiprocessing timing anomalies": on many small items the spread tends to the
 *   smallest item);
 * - `both`: the `amount` rule, then counts evened to each collector's share (floor of the capacity
 *   share; the leftover cases to the lowest amounts) by moving the smallest units from collectors
 *   over their share to those under it, then amounts re-evened by swapping equal-size units between
 *   the highest and the lowest collector.
 *
 * Units: with `keepDebtorTogether`, cases with the same `debtorKey` (e.g. the ID number's blind index)
 * form one unit (共债 — one collector per debtor). Retention (留案): a case with `keepWith` set (a
 * live promise, a recent payment) stays with that collector when the collector is in the pool, and its
 * amount counts in their load before the rest is balanced. Constraints: a collector takes a unit only
 * if it covers the unit's region, product and language (a null list = any) and its skill level is at
 * least the unit's, and is not one the unit must `avoid` (rotation, 换手). Callers exclude paused, closed and
 * returned cases before calling.
 */

/** One case to allocate. `amount` in minor units (≥ 0). */
export interface AllocationCase {
  id: number;
  amount: number;
  debtorKey?: string | null;
  region?: string | null;
  product?: string | null;
  language?: string | null;
  /** minimum collector skill level the case needs (default 0) */
  skill?: number | null;
  /** retention: keep with this collector id when present in the pool */
  keepWith?: number | null;
  /** rotation (换手): never give the case to this collector (its current holder) */
  avoid?: number | null;
}

/** One collector of the pool. Lists are what they may take (null/undefined = anything). */
export interface AllocationCollector {
  id: number;
  /** relative weight (default 1; must be > 0) */
  capacity?: number;
  regions?: string[] | null;
  products?: string[] | null;
  languages?: string[] | null;
  skill?: number;
}

export type AllocationMode = 'count' | 'amount' | 'both';

export interface AllocationOptions {
  mode: AllocationMode;
  keepDebtorTogether?: boolean;
}

export interface CollectorLoad {
  collectorId: number;
  count: number;
  amount: number;
  retained: number;
}

export interface AllocationResult {
  assignments: { caseId: number; collectorId: number; retained: boolean }[];
  /** cases no collector of the pool may take (constraints) */
  unassigned: { caseId: number; reason: 'no_eligible_collector' }[];
  perCollector: CollectorLoad[];
  /**
   * Spread of the capacity-normalised loads: `amount` and `count` = (max − min) / mean;
   * `maxAmountDeviation` = max |load / mean − 1| (0.01 = every collector within 1 % of the mean).
   */
  spread: { amount: number; count: number; maxAmountDeviation: number };
}

/** Allocate `cases` over `collectors`. Throws RangeError on an empty pool, a bad capacity or amount. */
export function allocate(cases: AllocationCase[], collectors: AllocationCollector[], opts: AllocationOptions): AllocationResult {
  if (collectors.length === 0) throw new RangeError('no collectors to allocate to');
  const n = collectors.length;
  const w = Float64Array.from(collectors, (c) => c.capacity ?? 1);
  if (w.some((x) => !(x > 0) || !Number.isFinite(x))) throw new RangeError('every capacity must be a positive number');
  const count = new Float64Array(n);
  const amount = new Float64Array(n);
  const retained = new Float64Array(n);
  const indexOf = new Map(collectors.map((c, i) => [c.id, i]));
  const units = buildUnits(cases, !!opts.keepDebtorTogether);
  const el = eligibility(units, cases, collectors);
  const U = units.count;

  const owner = new Int32Array(U).fill(-1);
  const kept = new Uint8Array(U);
  let free = 0;
  for (let u = 0; u < U; u++) {
    const ci = Number.isNaN(units.keepWith[u]) ? undefined : indexOf.get(units.keepWith[u]);
    if (ci === undefined) {
      free++;
      continue;
    }
    owner[u] = ci;
    kept[u] = 1;
    count[ci] += units.size[u];
    amount[ci] += units.amount[u];
    retained[ci] += units.size[u];
  }
  let order: Int32Array = new Int32Array(free);
  for (let u = 0, j = 0; u < U; u++) if (!kept[u]) order[j++] = u;
  if (opts.mode !== 'count') order = byAmountDesc(order, units.amount);
  placeGreedy(units, order, el.of, owner, count, amount, w, opts.mode === 'count');

  if (opts.mode === 'both') evenCounts(units, order, owner, kept, count, amount, w, el.mayTake);

  const assignments: AllocationResult['assignments'] = [];
  const unassigned: AllocationResult['unassigned'] = [];
  for (let u = 0; u < U; u++) {
    const ci = owner[u];
    for (let j = units.start[u]; j < units.start[u + 1]; j++) {
      const caseId = cases[units.caseIdx[j]].id;
      if (ci < 0) unassigned.push({ caseId, reason: 'no_eligible_collector' });
      else assignments.push({ caseId, collectorId: collectors[ci].id, retained: kept[u] === 1 });
    }
  }
  return { assignments, unassigned, perCollector: collectors.map((c, i) => ({ collectorId: c.id, count: count[i], amount: amount[i], retained: retained[i] })), spread: spreadOf(count, amount, w) };
}

/**
 * Each unit of `order` to the eligible collector with the smallest key — (count + 1) / capacity in
 * `count` mode, amount / capacity otherwise — ties to the lower index. One min-heap per distinct
 * eligible set; a collector's entries are re-pushed with a new stamp when its load changes.
 */
function placeGreedy(units: Units, order: Int32Array, eligibleOf: (u: number) => Int32Array, owner: Int32Array, count: Float64Array, amount: Float64Array, w: Float64Array, byCount: boolean): void {
  const n = w.length;
  const stamp = new Float64Array(n);
  const heaps = new Map<Int32Array, StampedHeap>();
  const heapsOf: StampedHeap[][] = Array.from({ length: n }, () => []);
  let lastEl: Int32Array | null = null;
  let lastHeap: StampedHeap | null = null;
  for (let j = 0; j < order.length; j++) {
    const u = order[j];
    const el = eligibleOf(u);
    if (el.length === 0) continue;
    let h: StampedHeap;
    if (el === lastEl) h = lastHeap!;
    else {
      let found = heaps.get(el);
      if (!found) {
        found = new StampedHeap(el.length);
        for (const ci of el) found.push(byCount ? (count[ci] + 1) / w[ci] : amount[ci] / w[ci], ci, stamp[ci]), heapsOf[ci].push(found);
        heaps.set(el, found);
      }
      h = found;
      lastEl = el;
      lastHeap = h;
    }
    const best = h.peekLive(stamp);
    owner[u] = best;
    count[best] += units.size[u];
    amount[best] += units.amount[u];
    const s = ++stamp[best];
    const k = byCount ? (count[best] + 1) / w[best] : amount[best] / w[best];
    const hs = heapsOf[best];
    for (let i = 0; i < hs.length; i++) hs[i].push(k, best, s);
  }
}

function spreadOf(count: Float64Array, amount: Float64Array, w: Float64Array): AllocationResult['spread'] {
  const norm = (xs: Float64Array) => Array.from(xs, (x, i) => x / w[i]);
  const stats = (xs: number[]) => {
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    if (mean === 0) return { spread: 0, dev: 0 };
    return { spread: (Math.max(...xs) - Math.min(...xs)) / mean, dev: Math.max(...xs.map((x) => Math.abs(x / mean - 1))) };
  };
  const a = stats(norm(amount));
  return { amount: a.spread, count: stats(norm(count)).spread, maxAmountDeviation: a.dev };
}
