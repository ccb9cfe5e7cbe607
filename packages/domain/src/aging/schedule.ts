/**
 * Aging from an installment schedule with payments (issue 6; `recova aging`, design.md §5).
 *
 * Rules, stated once:
 * - Payments dated on or before `asOf` settle installments oldest first (FIFO by due date); later
 *   payments are ignored (they had not happened yet as of that day).
 * - An installment is overdue when its due date is before `asOf` and it is not fully paid; the due date
 *   itself is DPD 0 (glossary: "days since the oldest unpaid due date").
 * - DPD = calendar days from the oldest overdue installment's due date to `asOf`, minus the days in
 *   that span covered by pauses (inclusive `from`–`to` dates; overlapping pauses count once), minus
 *   `graceDays`; never below 0.
 * - `overdueAmount` = the unpaid remainder of the overdue installments (minor units); null when the
 *   account is aged from a bare `overdueDate`, which carries no amounts.
 * - Without a schedule, `overdueDate` (the first missed due date) stands for the oldest unpaid one.
 * All dates are `YYYY-MM-DD`; amounts are integer minor units (fen).
 */
import { addDays, daysBetween } from '../time/dates.ts';
import { bucketOf, DEFAULT_BUCKETS, type Bucket } from './aging.ts';

export interface Installment {
  dueDate: string;
  /** minor units, ≥ 0 */
  amount: number;
}
export interface Payment {
  date: string;
  /** minor units, > 0 */
  amount: number;
}
export interface Pause {
  from: string;
  to: string;
}

export interface AgingInput {
  asOf: string;
  graceDays?: number;
  installments?: Installment[];
  payments?: Payment[];
  pauses?: Pause[];
  buckets?: readonly Bucket[];
  overdueDate?: string | null;
}

export interface AgingResult {
  dpd: number;
  bucket: string | null;
  /** minor units; null when aged from a bare overdue date */
  overdueAmount: number | null;
  /** the due date DPD counts from, or null when nothing is overdue */
  oldestUnpaidDueDate: string | null;
}

/** Days of `pauses` falling in the span (start, end] (start exclusive — it is DPD 0), each counted once. */
export function pausedDaysBetween(start: string, end: string, pauses: readonly Pause[]): number {
  const spans = pauses
    .map((p) => ({ from: p.from > addDays(start, 1) ? p.from : addDays(start, 1), to: p.to < end ? p.to : end }))
    .filter((p) => p.from <= p.to)
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  let days = 0;
  let covered: string | null = null; // last day already counted
  for (const s of spans) {
    const from = covered && s.from <= covered ? addDays(covered, 1) : s.from;
    if (from > s.to) continue;
    days += daysBetween(from, s.to) + 1;
    covered = s.to;
  }
  return days;
}

/** Age one account as of `asOf`. Throws RangeError on a negative amount or grace, or malformed dates. */
export function ageAccount(input: AgingInput): AgingResult {
  const grace = input.graceDays ?? 0;
  if (!Number.isInteger(grace) || grace < 0) throw new RangeError(`graceDays must be a whole number ≥ 0, got ${grace}`);
  const buckets = input.buckets ?? DEFAULT_BUCKETS;
  let oldest: string | null = null;
  let overdueAmount: number | null = null;
  if (input.installments && input.installments.length > 0) {
    const schedule = [...input.installments].sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));
    let paid = 0;
    for (const p of input.payments ?? []) {
      if (!Number.isSafeInteger(p.amount) || p.amount < 0) throw new RangeError(`payment of ${p.date}: amount must be ≥ 0 minor units`);
      daysBetween(p.date, input.asOf); // validates the date
      if (p.date <= input.asOf) paid += p.amount;
    }
    overdueAmount = 0;
    for (const inst of schedule) {
      if (!Number.isSafeInteger(inst.amount) || inst.amount < 0) throw new RangeError(`installment due ${inst.dueDate}: amount must be ≥ 0 minor units`);
      const settled = Math.min(paid, inst.amount);
      paid -= settled;
      const remaining = inst.amount - settled;
      if (remaining > 0 && daysBetween(inst.dueDate, input.asOf) > 0) {
        oldest ??= inst.dueDate;
        overdueAmount += remaining;
      }
    }
  } else if (input.overdueDate) {
    if (daysBetween(input.overdueDate, input.asOf) > 0) oldest = input.overdueDate;
  }
  let dpd = 0;
  if (oldest) dpd = Math.max(0, daysBetween(oldest, input.asOf) - pausedDaysBetween(oldest, input.asOf, input.pauses ?? []) - grace);
  return { dpd, bucket: bucketOf(dpd, buckets), overdueAmount, oldestUnpaidDueDate: oldest };
}
