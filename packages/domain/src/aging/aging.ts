/**
 * Days past due (DPD) and aging buckets (账龄 / 逾期阶段).
 *
 * Source: `shared/glossary.md` — DPD = days since the oldest unpaid due date, as of a given date;
 * buckets M0 (current), M1 = DPD 1–30, M2 = 31–60, … M6 = 151–180, M7+ = over 180 — and
 * `shared/design.md` §5 (`recova aging`, buckets given as `{ name, min, max }`). Convention: the
 * due date itself is DPD 0, the day after it is DPD 1. Dates are `YYYY-MM-DD` calendar dates; the
 * caller passes `asOf` (no clock here).
 */
import { daysBetween } from '../time/dates.ts';

/**
 * One bucket: integer DPD from `min` to `max`, both inclusive; a missing or null bound is unbounded
 * (M0 has no lower bound, M7+ no upper bound).
 */
export interface Bucket {
  name: string;
  min?: number | null;
  max?: number | null;
}

/** M0 (DPD ≤ 0), M1 1–30, M2 31–60, M3 61–90, M4 91–120, M5 121–150, M6 151–180, M7+ > 180 (glossary). */
export const DEFAULT_BUCKETS: readonly Bucket[] = Object.freeze([
  { name: 'M0', min: null, max: 0 },
  { name: 'M1', min: 1, max: 30 },
  { name: 'M2', min: 31, max: 60 },
  { name: 'M3', min: 61, max: 90 },
  { name: 'M4', min: 91, max: 120 },
  { name: 'M5', min: 121, max: 150 },
  { name: 'M6', min: 151, max: 180 },
  { name: 'M7+', min: 181, max: null },
]);

/**
 * DPD as of `asOf` for an account whose first missed due date is `overdueDate` (both `YYYY-MM-DD`):
 * calendar days from the due date to `asOf`, never negative (2024-01-15 → 2024-01-16 = 1,
 * 2024-01-15 → 2024-01-15 = 0, asOf before the due date = 0). Throws RangeError on malformed dates.
 */
export function dpdFromOverdueDate(overdueDate: string, asOf: string): number {
  return Math.max(0, daysBetween(overdueDate, asOf));
}

const lo = (b: Bucket) => b.min ?? -Infinity;
const hi = (b: Bucket) => b.max ?? Infinity;
const show = (b: Bucket) => `${b.name} (${b.min ?? '…'}–${b.max ?? '…'})`;

/**
 * Name of the bucket holding `dpd` (integer days), or null when no bucket covers it (only possible
 * with custom buckets that do not run from −∞ to +∞). Throws RangeError when dpd is not an integer.
 */
export function bucketOf(dpd: number, buckets: readonly Bucket[] = DEFAULT_BUCKETS): string | null {
  if (!Number.isInteger(dpd)) throw new RangeError(`bucketOf: DPD ${dpd} is not an integer`);
  return buckets.find((b) => dpd >= lo(b) && dpd <= hi(b))?.name ?? null;
}

/**
 * Inclusive DPD range of a bucket by name, for SQL filters (`dpd >= min AND dpd <= max`, a null
 * bound is left out): M1 → { min: 1, max: 30 }, M0 → { min: null, max: 0 }, M7+ → { min: 181, max: null }.
 * Null when no bucket has that name.
 */
export function dpdRangeOfBucket(name: string, buckets: readonly Bucket[] = DEFAULT_BUCKETS): { min: number | null; max: number | null } | null {
  const b = buckets.find((x) => x.name === name);
  return b ? { min: b.min ?? null, max: b.max ?? null } : null;
}

/**
 * Check a bucket set (e.g. a client's or the CLI's): at least one bucket, unique non-empty names,
 * integer bounds with min ≤ max, only the lowest may lack `min` and only the highest may lack `max`,
 * and — ordered by `min` — each bucket starts the day after the previous one ends (no gaps, no
 * overlaps). Returns every problem found, in English, naming the buckets and the DPD concerned.
 */
export function validateBuckets(buckets: readonly Bucket[]): { ok: true } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  if (buckets.length === 0) errors.push('At least one bucket is needed');
  const names = new Set<string>();
  for (const b of buckets) {
    if (!b.name || !b.name.trim()) errors.push('Every bucket needs a name');
    else if (names.has(b.name)) errors.push(`Bucket name ${b.name} is used twice`);
    names.add(b.name);
    for (const [k, v] of [['min', b.min], ['max', b.max]] as const)
      if (v !== null && v !== undefined && !Number.isInteger(v)) errors.push(`Bucket ${b.name}: ${k} ${v} is not a whole number of days`);
    if (lo(b) > hi(b)) errors.push(`Bucket ${show(b)}: min is greater than max`);
  }
  const sorted = [...buckets].sort((a, b) => (lo(a) === lo(b) ? 0 : lo(a) < lo(b) ? -1 : 1));
  sorted.forEach((b, i) => {
    if (i > 0 && b.min == null) errors.push(`Bucket ${show(b)} has no lower bound but is not the lowest bucket`);
    if (i < sorted.length - 1 && b.max == null) errors.push(`Bucket ${show(b)} has no upper bound but is not the highest bucket`);
    if (i === 0 || b.min == null) return;
    const prev = sorted[i - 1];
    if (prev.max == null) return;
    if (b.min > prev.max + 1) errors.push(`Gap between ${show(prev)} and ${show(b)}: DPD ${prev.max + 1}–${b.min - 1} has no bucket`);
    else if (b.min <= prev.max) errors.push(`Buckets ${show(prev)} and ${show(b)} overlap at DPD ${b.min}–${Math.min(prev.max, hi(b))}`);
  });
  return errors.length ? { ok: false, errors } : { ok: true };
}
