/**
 * Allocation benchmark (issue 6: 1,000,000 cases over 500 collectors "in seconds"; target ≤ 5 s).
 * Not a test. Run: `node packages/domain/src/allocation/perf.ts [cases] [collectors] [modes]`, e.g.
 * `node packages/domain/src/allocation/perf.ts 1000000 500 amount,both` (Node ≥ 22.6 strips types;
 * on Node 20 use `npx tsx`). Prints one JSON line per mode: milliseconds, spread and a checksum of the
 * assignment (so a faster version can be checked to give the same result).
 */
import { allocate, type AllocationCase, type AllocationMode } from './allocate.ts';

/** mulberry32: seeded, so every run allocates the same portfolio. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Log-normal balances (median ¥5,000) with one debtor in ten holding two cases. */
export function portfolio(n: number, seed = 42): AllocationCase[] {
  const next = rng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return Array.from({ length: n }, (_, i) => ({ id: i + 1, amount: Math.round(500_000 * Math.exp(1.1 * gauss())), debtorKey: i % 10 === 0 ? `D${i + 1}` : `D${i}` }));
}

/** FNV-1a over (caseId, collectorId) pairs. */
export function checksum(r: ReturnType<typeof allocate>): string {
  let h = 0x811c9dc5;
  for (const a of r.assignments) {
    h = Math.imul(h ^ a.caseId, 16777619);
    h = Math.imul(h ^ a.collectorId, 16777619);
  }
  return (h >>> 0).toString(16);
}

export function bench(cases: number, collectors: number, modes: AllocationMode[]) {
  const input = portfolio(cases);
  const pool = Array.from({ length: collectors }, (_, i) => ({ id: i + 1, capacity: i % 5 === 0 ? 2 : 1 }));
  return modes.map((mode) => {
    const t0 = performance.now();
    const r = allocate(input, pool, { mode, keepDebtorTogether: true });
    const ms = Math.round(performance.now() - t0);
    return { mode, cases, collectors, ms, spread: r.spread, checksum: checksum(r) };
  });
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const [n = '1000000', c = '500', m = 'count,amount,both'] = process.argv.slice(2);
  for (const line of bench(Number(n), Number(c), m.split(',') as AllocationMode[])) console.log(JSON.stringify(line));
}
