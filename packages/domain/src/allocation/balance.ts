/**
 * `both` mode, after the greedy amount placement: even the counts to each collector's share, then
 * re-even the amounts by swapping units of equal size. Works on the typed arrays of units.ts.
 */
import type { Units } from './units.ts';

/** `both` stops exchanging once the highest and lowest amount per capacity are within 0.1 % of the mean. */
const SWAP_TOLERANCE = 0.001;

/**
 * Quotas = floor(total × w / W), the leftover cases going to the collectors with the lowest amount per
 * capacity (ties: the one holding more cases, fewer moves); then move the last-listed non-retained
 * unit that fits of the collector most over quota to the one most under quota that may take it, until
 * no move is possible. `desc` = the non-retained units by amount descending (from the greedy step).
 */
export function evenCounts(units: Units, desc: Int32Array, owner: Int32Array, kept: Uint8Array, count: Float64Array, amount: Float64Array, w: Float64Array, mayTake: (u: number, ci: number) => boolean): void {
  const n = w.length;
  const W = w.reduce((a, b) => a + b, 0);
  const total = count.reduce((a, b) => a + b, 0);
  const quota = Array.from(w, (x) => Math.floor((total * x) / W));
  let left = total - quota.reduce((a, b) => a + b, 0);
  const byNeed = [...Array(n).keys()].sort((a, b) => amount[a] / w[a] - amount[b] / w[b] || count[b] - count[a] || a - b);
  for (const ci of byNeed) if (left-- > 0) quota[ci]++;
  const held: number[][] = Array.from({ length: n }, () => []);
  for (let u = 0; u < units.count; u++) if (owner[u] >= 0 && !kept[u]) held[owner[u]].push(u);
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
      const size = units.size[list[j]];
      if (size <= count[over] - quota[over] && size <= quota[under] - count[under] && mayTake(list[j], under)) { pick = j; break; }
    }
    if (pick < 0) break;
    const u = list.splice(pick, 1)[0];
    owner[u] = under;
    count[over] -= units.size[u], amount[over] -= units.amount[u];
    count[under] += units.size[u], amount[under] += units.amount[u];
    held[under].push(u);
  }
  // each collector's units by amount ascending, ties by unit index: the descending order with each run of equal amounts reversed
  const sorted: number[][] = Array.from({ length: n }, () => []);
  for (let end = desc.length; end > 0; ) {
    let begin = end - 1;
    while (begin > 0 && units.amount[desc[begin - 1]] === units.amount[desc[end - 1]]) begin--;
    for (let j = begin; j < end; j++) {
      const u = desc[j];
      if (owner[u] >= 0) sorted[owner[u]].push(u);
    }
    end = begin;
  }
  swapToBalance(units, owner, sorted, amount, w, mayTake);
}

/**
 * Pairwise exchange (the classic refinement of a greedy partition): repeatedly take the collectors
 * with the highest and the lowest amount per capacity and swap one unit of each — same number of
 * cases, so counts stay — choosing the pair whose difference comes closest to evening the two.
 * Stops when no swap improves the pair, or after 20 rounds per collector. `held` lists are sorted by
 * (amount, unit index) ascending.
 */
function swapToBalance(units: Units, owner: Int32Array, held: number[][], amount: Float64Array, w: Float64Array, mayTake: (u: number, ci: number) => boolean): void {
  const n = w.length;
  const ua = units.amount;
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
    let bi = -1, bj = -1;
    let bestErr = t; // a swap must beat doing nothing: |d − t| < t
    for (let i = 0; i < H.length; i++) {
      const a = ua[H[i]];
      const want = a - t;
      let l = 0, r = L.length; // first b with amount ≥ want
      while (l < r) {
        const m = (l + r) >> 1;
        if (ua[L[m]] < want) l = m + 1;
        else r = m;
      }
      for (let j = l - 1; j <= l; j++) {
        if (j < 0 || j >= L.length) continue;
        const d = a - ua[L[j]];
        if (d <= 0 || units.size[L[j]] !== units.size[H[i]]) continue;
        const err = Math.abs(d - t);
        if (err < bestErr && mayTake(H[i], lo) && mayTake(L[j], hi)) (bestErr = err), (bi = i), (bj = j);
      }
    }
    if (bi < 0) return;
    const x = H[bi], y = L[bj];
    const d = ua[x] - ua[y];
    H[bi] = y, L[bj] = x;
    owner[x] = lo, owner[y] = hi;
    amount[hi] -= d, amount[lo] += d;
    resettle(H, bi), resettle(L, bj);
  }

  /** Move the element at `i` (just replaced) to its sorted place: O(k), not a full sort. */
  function resettle(list: number[], i: number): void {
    const x = list[i];
    const before = (a: number, b: number) => ua[a] < ua[b] || (ua[a] === ua[b] && a < b);
    while (i > 0 && before(x, list[i - 1])) (list[i] = list[i - 1]), i--;
    while (i < list.length - 1 && before(list[i + 1], x)) (list[i] = list[i + 1]), i++;
    list[i] = x;
  }
}
