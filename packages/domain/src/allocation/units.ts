/**
 * Allocation units in flat typed arrays (no object per case or unit, so a million cases cost a few
 * arrays rather than millions of small objects for the garbage collector): with `together`, the cases
 * of one debtor form one unit; otherwise each case is its own unit. Units are numbered in order of
 * first appearance; a unit's cases keep their input order.
 */
import type { AllocationCase, AllocationCollector } from './allocate.ts';

export interface Units {
  count: number;
  /** cases of unit u: cases[caseIdx[start[u]] … caseIdx[start[u + 1] − 1]] */
  start: Int32Array;
  caseIdx: Int32Array;
  size: Int32Array;
  amount: Float64Array;
  /** the first `keepWith` of the unit's cases (NaN = none) */
  keepWith: Float64Array;
  /** interned requirement key: units with the same key have the same eligible collectors */
  key: Int32Array;
  /** one representative unit per key id */
  keyUnit: number[];
}

const covers = (list: string[] | null | undefined, v: string | null | undefined) => !list || v == null || v === '' || list.includes(v);

/** Build the units; throws RangeError on an amount that is not a non-negative safe integer. */
export function buildUnits(cases: AllocationCase[], together: boolean): Units {
  const n = cases.length;
  const unitOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = cases[i];
    if (!Number.isSafeInteger(c.amount) || c.amount < 0) throw new RangeError(`case ${c.id}: amount must be a non-negative integer of minor units`);
  }
  const leader = together ? debtorLeaders(cases) : null;
  let count = 0;
  for (let i = 0; i < n; i++) unitOf[i] = leader === null || leader[i] === i ? count++ : unitOf[leader[i]];
  const size = new Int32Array(count);
  const amount = new Float64Array(count);
  const keepWith = new Float64Array(count).fill(NaN);
  for (let i = 0; i < n; i++) {
    const u = unitOf[i];
    const c = cases[i];
    size[u]++;
    amount[u] += c.amount;
    if (Number.isNaN(keepWith[u]) && c.keepWith != null) keepWith[u] = c.keepWith;
  }
  const start = new Int32Array(count + 1);
  for (let u = 0; u < count; u++) start[u + 1] = start[u] + size[u];
  const fill = start.slice(0, count);
  const caseIdx = new Int32Array(n);
  for (let i = 0; i < n; i++) caseIdx[fill[unitOf[i]]++] = i;

  const key = new Int32Array(count);
  const keyUnit: number[] = [];
  const ids = new Map<string, number>();
  const intern = (k: string, u: number) => {
    let id = ids.get(k);
    if (id === undefined) ids.set(k, (id = keyUnit.length)), keyUnit.push(u);
    else if (keyUnit[id] < 0) keyUnit[id] = u;
    return id;
  };
  const plain = intern('\u0000\u0000\u00000', -1); // no requirement at all: the common case, no string built
  const isPlain = (c: AllocationCase) => !c.region && !c.product && !c.language && !((c.skill ?? 0) > 0) && c.avoid == null;
  for (let u = 0; u < count; u++) {
    let plainUnit = true;
    for (let j = start[u]; j < start[u + 1] && plainUnit; j++) plainUnit = isPlain(cases[caseIdx[j]]);
    if (plainUnit) {
      key[u] = plain;
      if (keyUnit[plain] < 0) keyUnit[plain] = u;
      continue;
    }
    if (size[u] === 1) {
      const c = cases[caseIdx[start[u]]];
      key[u] = intern(`${c.region ?? ''}\u0000${c.product ?? ''}\u0000${c.language ?? ''}\u0000${Math.max(0, c.skill ?? 0)}${c.avoid != null ? `\u0000${c.avoid}` : ''}`, u);
      continue;
    }
    // one requirement key per unit: every case's region/product/language must be covered, the highest skill
    const list: AllocationCase[] = [];
    for (let j = start[u]; j < start[u + 1]; j++) list.push(cases[caseIdx[j]]);
    const need = (f: (c: AllocationCase) => string | null | undefined) => [...new Set(list.map(f).filter((v): v is string => !!v))].sort().join('|');
    const avoid = list.map((c) => c.avoid).filter((a): a is number => a != null);
    const parts: (string | number)[] = [need((c) => c.region), need((c) => c.product), need((c) => c.language), Math.max(0, ...list.map((c) => c.skill ?? 0))];
    if (avoid.length) parts.push([...new Set(avoid)].sort((a, b) => a - b).join('|'));
    key[u] = intern(parts.join('\u0000'), u);
  }
  return { count, start, caseIdx, size, amount, keepWith, key, keyUnit };
}

/**
 * For each case, the index of the first case with the same debtor key (itself when it has none or is
 * the first). Grouping by sorting the indexes (key, index) rather than by a Map: on a million distinct
 * keys the sort is several times faster than growing a Map, and gives the same groups.
 */
function debtorLeaders(cases: AllocationCase[]): Int32Array {
  const n = cases.length;
  const leader = new Int32Array(n);
  const keyed: number[] = [];
  const keys: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    leader[i] = i;
    const k = cases[i].debtorKey;
    if (k) (keys[i] = k), keyed.push(i);
  }
  keyed.sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b));
  for (let j = 1; j < keyed.length; j++) {
    const i = keyed[j], prev = keyed[j - 1];
    if (keys[i] === keys[prev]) leader[i] = leader[prev];
  }
  return leader;
}

/**
 * Eligible collectors per key, computed once per key from its representative unit: a collector that
 * covers every case's region, product and language, has the skill, and is not one to avoid.
 */
export function eligibility(units: Units, cases: AllocationCase[], collectors: AllocationCollector[]) {
  const lists: (Int32Array | undefined)[] = [];
  const member: (Uint8Array | undefined)[] = [];
  const list = (k: number): Int32Array => {
    let e = lists[k];
    if (!e) {
      const u = units.keyUnit[k];
      const mine: AllocationCase[] = [];
      for (let j = units.start[u]; j < units.start[u + 1]; j++) mine.push(cases[units.caseIdx[j]]);
      const ok: number[] = [];
      collectors.forEach((c, i) => {
        if (mine.some((k) => k.avoid === c.id)) return;
        if (mine.every((k) => covers(c.regions, k.region) && covers(c.products, k.product) && covers(c.languages, k.language) && (c.skill ?? 0) >= (k.skill ?? 0))) ok.push(i);
      });
      lists[k] = e = Int32Array.from(ok);
    }
    return e;
  };
  return {
    /** eligible collector indexes of unit u (one shared array per key) */
    of: (u: number) => list(units.key[u]),
    /** whether collector index ci may take unit u */
    mayTake: (u: number, ci: number) => {
      const k = units.key[u];
      let m = member[k];
      if (!m) {
        m = member[k] = new Uint8Array(collectors.length);
        for (const i of list(k)) m[i] = 1;
      }
      return m[ci] === 1;
    },
  };
}

/**
 * Units `idx` (ascending) ordered by amount descending, ties by unit index ascending — the order of
 * `sort((a, b) => amount[b] − amount[a] || a − b)` — by a stable LSD radix sort on 16-bit digits
 * (amounts are integers; two passes below 2^32 minor units), without a comparator call per pair.
 */
export function byAmountDesc(idx: Int32Array, amount: Float64Array): Int32Array {
  const n = idx.length;
  let max = 0;
  for (let i = 0; i < n; i++) if (amount[idx[i]] > max) max = amount[idx[i]];
  if (!(max < 2 ** 53)) return Int32Array.from(idx).sort((a, b) => amount[b] - amount[a] || a - b);
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  // sort positions 0..n-1 of `idx` reversed, so that reversing the stable ascending result puts ties in ascending index order
  let src = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = amount[idx[n - 1 - i]];
    src[i] = n - 1 - i;
    lo[n - 1 - i] = a % 4294967296;
    hi[n - 1 - i] = Math.floor(a / 4294967296);
  }
  let dst = new Int32Array(n);
  const passes = max >= 4294967296 ? 4 : 2;
  const counts = new Int32Array(65536);
  for (let p = 0; p < passes; p++) {
    const words = p < 2 ? lo : hi;
    const shift = (p % 2) * 16;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(words[src[i]] >>> shift) & 0xffff]++;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) dst[counts[(words[src[i]] >>> shift) & 0xffff]++] = src[i];
    [src, dst] = [dst, src];
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = idx[src[n - 1 - i]];
  return out;
}
