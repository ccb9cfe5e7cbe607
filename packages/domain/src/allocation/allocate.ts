import { StampedHeap } from './heap.ts';

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

interface Unit {
  cases: AllocationCase[];
  amount: number;
  keepWith: number | null;
  avoid: number[] | null;
  key: string;
}

const covers = (list: string[] | null | undefined, v: string | null | undefined) => !list || v == null || v === '' || list.includes(v);

function buildUnits(cases: AllocationCase[], together: boolean): Unit[] {
  const units: Unit[] = [];
  const byDebtor = new Map<string, Unit>();
  for (const c of cases) {
    if (!Number.isSafeInteger(c.amount) || c.amount < 0) throw new RangeError(`case ${c.id}: amount must be a non-negative integer of minor units`);
    const dk = together && c.debtorKey ? c.debtorKey : null;
    let u = dk ? byDebtor.get(dk) : undefined;
    if (!u) {
      u = { cases: [], amount: 0, keepWith: null, avoid: null, key: '' };
      units.push(u);
      if (dk) byDebtor.set(dk, u);
    }
    u.cases.push(c);
    u.amount += c.amount;
    u.keepWith ??= c.keepWith ?? null;
    if (c.avoid != null) (u.avoid ??= []).push(c.avoid);
  }
  for (const u of units) {
    if (u.cases.length === 1) {
      const c = u.cases[0];
      u.key = `${c.region ?? ''}\u0000${c.product ?? ''}\u0000${c.language ?? ''}\u0000${Math.max(0, c.skill ?? 0)}${c.avoid != null ? `\u0000${c.avoid}` : ''}`;
      continue;
    }
    // one requirement key per unit: every case's region/product/language must be covered, the highest skill
    const need = (f: (c: AllocationCase) => string | null | undefined) => [...new Set(u.cases.map(f).filter((v): v is string => !!v))].sort().join('|');
    u.key = [need((c) => c.region), need((c) => c.product), need((c) => c.language), Math.max(0, ...u.cases.map((c) => c.skill ?? 0)), ...(u.avoid ? [[...new Set(u.avoid)].sort((a, b) => a - b).join('|')] : [])].join('\u0000');
  }
  return units;
}

/** Allocate `cases` over `collectors`. Throws RangeError on an empty pool, a bad capacity or amount. */
export function allocate(cases: AllocationCase[], collectors: AllocationCollector[], opts: AllocationOptions): AllocationResult {
  if (collectors.length === 0) throw new RangeError('no collectors to allocate to');
  const n = collectors.length;
  const w = Float64Array.from(collectors, (c) => c.capacity ?? 1);
  if (w.some((x) => !(x > 0) || !Number.isFinite(x))) throw new RangeError('every capacity must be a positive number');
  const W = w.reduce((a, b) => a + b, 0);
  const count = new Float64Array(n);
  const amount = new Float64Array(n);
  const retained = new Float64Array(n);
  const indexOf = new Map(collectors.map((c, i) => [c.id, i]));
  const units = buildUnits(cases, !!opts.keepDebtorTogether);
  const eligibleByKey = new Map<string, Int32Array>();
  const eligible = (u: Unit) => {
    let e = eligibleByKey.get(u.key);
    if (!e) {
      const ok: number[] = [];
      collectors.forEach((c, i) => {
        if (u.avoid?.includes(c.id)) return;
        if (u.cases.every((k) => covers(c.regions, k.region) && covers(c.products, k.product) && covers(c.languages, k.language) && (c.skill ?? 0) >= (k.skill ?? 0))) ok.push(i);
      });
      e = Int32Array.from(ok);
      eligibleByKey.set(u.key, e);
    }
    return e;
  };

  const owner = new Int32Array(units.length).fill(-1);
  const give = (ui: number, ci: number, keep: boolean) => {
    owner[ui] = ci;
    count[ci] += units[ui].cases.length;
    amount[ci] += units[ui].amount;
    if (keep) retained[ci] += units[ui].cases.length;
  };
  const kept = new Uint8Array(units.length);
  units.forEach((u, ui) => {
    const ci = u.keepWith == null ? undefined : indexOf.get(u.keepWith);
    if (ci !== undefined) {
      give(ui, ci, true);
      kept[ui] = 1;
    }
  });

  // a min-heap of collectors per distinct eligible set, keyed by count or amount per capacity
  const keyOf = (ci: number) => (opts.mode === 'count' ? (count[ci] + 1) / w[ci] : amount[ci] / w[ci]);
  const stamp = new Float64Array(n);
  const heaps = new Map<Int32Array, StampedHeap>();
  const heapsOf: StampedHeap[][] = Array.from({ length: n }, () => []);
  const heapFor = (el: Int32Array) => {
    let h = heaps.get(el);
    if (!h) {
      h = new StampedHeap();
      for (const ci of el) h.push(keyOf(ci), ci, stamp[ci]), heapsOf[ci].push(h);
      heaps.set(el, h);
    }
    return h;
  };
  const order = units.map((_, i) => i).filter((i) => !kept[i]);
  if (opts.mode !== 'count') order.sort((a, b) => units[b].amount - units[a].amount || a - b);
  for (const ui of order) {
    const el = eligible(units[ui]);
    if (el.length === 0) continue;
    const best = heapFor(el).peekLive(stamp);
    give(ui, best, false);
    stamp[best]++;
    const k = keyOf(best);
    for (const h of heapsOf[best]) h.push(k, best, stamp[best]);
  }

  if (opts.mode === 'both') evenCounts(units, owner, kept, count, amount, w, eligible);

  const assignments: AllocationResult['assignments'] = [];
  const unassigned: AllocationResult['unassigned'] = [];
  units.forEach((u, ui) => {
    for (const c of u.cases) {
      if (owner[ui] < 0) unassigned.push({ caseId: c.id, reason: 'no_eligible_collector' });
      else assignments.push({ caseId: c.id, collectorId: collectors[owner[ui]].id, retained: kept[ui] === 1 });
    }
  });
  return { assignments, unassigned, perCollector: collectors.map((c, i) => ({ collectorId: c.id, count: count[i], amount: amount[i], retained: retained[i] })), spread: spreadOf(count, amount, w) };
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

/**
 * `both` mode, second step: quotas = floor(total × w / W), the leftover cases going to the collectors
 * with the lowest amount per capacity (ties: the one holding more cases, fewer moves); then move the
 * smallest non-retained unit of the collector most over quota to the one most under quota that may
 * take it, until no move is possible. Units were placed largest first, so each collector's last unit
 * is its smallest.
 */
function evenCounts(units: Unit[], owner: Int32Array, kept: Uint8Array, count: Float64Array, amount: Float64Array, w: Float64Array, eligible: (u: Unit) => Int32Array): void {
  const n = w.length;
  const W = w.reduce((a, b) => a + b, 0);
  const total = count.reduce((a, b) => a + b, 0);
  const quota = Array.from(w, (x) => Math.floor((total * x) / W));
  let left = total - quota.reduce((a, b) => a + b, 0);
  const byNeed = [...Array(n).keys()].sort((a, b) => amount[a] / w[a] - amount[b] / w[b] || count[b] - count[a] || a - b);
  for (const ci of byNeed) if (left-- > 0) quota[ci]++;
  const held: number[][] = Array.from({ length: n }, () => []);
  owner.forEach((ci, ui) => { if (ci >= 0 && !kept[ui]) held[ci].push(ui); });
  const eligibleSets = new Map<Int32Array, Set<number>>();
  const mayTake = (ui: number, ci: number) => {
    const el = eligible(units[ui]);
    let set = eligibleSets.get(el);
    if (!set) eligibleSets.set(el, (set = new Set(el)));
    return set.has(ci);
  };
  for (let guard = 0; guard < total; guard++) {
    let over = -1, under = -1;
    for (let ci = 0; ci < n; ci++) {
      const d = count[ci] - quota[ci];
      if (d > 0 && (over < 0 || d > count[over] - quota[over])) over = ci;
      if (d < 0 && (under < 0 || d < count[under] - quota[under])) under = ci;
    }
    if (over < 0 || under < 0) break;
    const list = held[over];
    let pick = -1;
    for (let j = list.length - 1; j >= 0; j--) {
      const size = units[list[j]].cases.length;
      if (size <= count[over] - quota[over] && size <= quota[under] - count[under] && mayTake(list[j], under)) { pick = j; break; }
    }
    if (pick < 0) break;
    const ui = list.splice(pick, 1)[0];
    const u = units[ui];
    owner[ui] = under;
    count[over] -= u.cases.length, amount[over] -= u.amount;
    count[under] += u.cases.length, amount[under] += u.amount;
    held[under].push(ui); // now its smallest or near it; order only matters for choosing what to move next
  }
  swapToBalance(units, owner, held, amount, w, mayTake);
}

/**
 * Pairwise exchange (the classic refinement of a greedy partition): repeatedly take the collectors
 * with the highest and the lowest amount per capacity and swap one unit of each — same number of
 * cases, so counts stay — choosing the pair whose difference comes closest to evening the two.
 * Stops when no swap improves the pair, or after 20 rounds per collector.
 */
function swapToBalance(units: Unit[], owner: Int32Array, held: number[][], amount: Float64Array, w: Float64Array, mayTake: (ui: number, ci: number) => boolean): void {
  const n = w.length;
  const byAmount = (list: number[]) => list.sort((a, b) => units[a].amount - units[b].amount || a - b);
  held.forEach(byAmount);
  const mean = amount.reduce((a, b) => a + b, 0) / w.reduce((a, b) => a + b, 0);
  if (!(mean > 0)) return;
  for (let round = 0; round < 20 * n; round++) {
    let hi = 0, lo = 0;
    for (let ci = 1; ci < n; ci++) {
      if (amount[ci] / w[ci] > amount[hi] / w[hi]) hi = ci;
      if (amount[ci] / w[ci] < amount[lo] / w[lo]) lo = ci;
    }
    if (hi === lo || (amount[hi] / w[hi] - amount[lo] / w[lo]) / mean < SWAP_TOLERANCE) return;
    // transfer t evens the pair: (A_hi − t) / w_hi = (A_lo + t) / w_lo
    const t = (amount[hi] * w[lo] - amount[lo] * w[hi]) / (w[hi] + w[lo]);
    const H = held[hi], L = held[lo];
    let best: [number, number] | null = null;
    let bestErr = t; // a swap must beat doing nothing: |d − t| < t
    for (let i = 0; i < H.length; i++) {
      const a = units[H[i]];
      const want = a.amount - t;
      let l = 0, r = L.length; // first b with amount ≥ want
      while (l < r) {
        const m = (l + r) >> 1;
        if (units[L[m]].amount < want) l = m + 1;
        else r = m;
      }
      for (const j of [l - 1, l]) {
        if (j < 0 || j >= L.length) continue;
        const b = units[L[j]];
        const d = a.amount - b.amount;
        if (d <= 0 || b.cases.length !== a.cases.length) continue;
        const err = Math.abs(d - t);
        if (err < bestErr && mayTake(H[i], lo) && mayTake(L[j], hi)) (bestErr = err), (best = [i, j]);
      }
    }
    if (!best) return;
    const [i, j] = best;
    const ua = H[i], ub = L[j];
    const d = units[ua].amount - units[ub].amount;
    H[i] = ub, L[j] = ua;
    owner[ua] = lo, owner[ub] = hi;
    amount[hi] -= d, amount[lo] += d;
    resettle(H, i), resettle(L, j);
  }

  /** Move the element at `i` (just replaced) to its sorted place: O(k), not a full sort. */
  function resettle(list: number[], i: number): void {
    const x = list[i];
    const before = (a: number, b: number) => units[a].amount < units[b].amount || (units[a].amount === units[b].amount && a < b);
    while (i > 0 && before(x, list[i - 1])) (list[i] = list[i - 1]), i--;
    while (i < list.length - 1 && before(list[i + 1], x)) (list[i] = list[i + 1]), i++;
    list[i] = x;
  }
}

/** `both` stops exchanging once the highest and lowest amount per capacity are within 0.1 % of the mean. */
const SWAP_TOLERANCE = 0.001;
