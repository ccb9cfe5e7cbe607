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
  /**
   * minor units already paid on this installment outside our payments (the client's 已还金额 at
   * placement), 0 … amount; settles this installment before any payment is applied. Default 0.
   */
  paidBefore?: number;
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

/** One installment after settlement (see {@link settleInstallments}); amounts in minor units. */
export interface SettledInstallment {
  /** position of the installment in the input array */
  index: number;
  dueDate: string;
  amount: number;
  /** paidBefore plus what payments settled, 0 … amount */
  paid: number;
  remaining: number;
  /** paid: nothing remains; partial: some paid, some remains; unpaid: nothing paid */
  status: 'paid' | 'partial' | 'unpaid';
  /** remaining > 0 and the due date is before asOf */
  overdue: boolean;
}

/**
 * Settle a schedule as of `asOf`: each installment's own `paidBefore` first, then payments dated on or
 * before `asOf` oldest installment first (FIFO by due date; equal due dates keep input order). Returns
 * the installments in due-date order and the money no installment needed (`unapplied`, minor units).
 * Throws RangeError on a negative amount, a paidBefore outside 0 … amount, or a malformed date.
 */
export function settleInstallments(asOf: string, installments: readonly Installment[], payments: readonly Payment[] = []): { installments: SettledInstallment[]; unapplied: number } {
  let pool = 0;
  for (const p of payments) {
    if (!Number.isSafeInteger(p.amount) || p.amount < 0) throw new RangeError(`payment of ${p.date}: amount must be ≥ 0 minor units`);
    daysBetween(p.date, asOf); // validates the date
    if (p.date <= asOf) pool += p.amount;
  }
  const order = installments.map((inst, index) => ({ inst, index })).sort((a, b) => (a.inst.dueDate < b.inst.dueDate ? -1 : a.inst.dueDate > b.inst.dueDate ? 1 : a.index - b.index));
  const out = order.map(({ inst, index }) => {
    const before = inst.paidBefore ?? 0;
    if (!Number.isSafeInteger(inst.amount) || inst.amount < 0) throw new RangeError(`installment due ${inst.dueDate}: amount must be ≥ 0 minor units`);
    if (!Number.isSafeInteger(before) || before < 0 || before > inst.amount) throw new RangeError(`installment due ${inst.dueDate}: paidBefore must be 0 … amount`);
    const settled = Math.min(pool, inst.amount - before);
    pool -= settled;
    const paid = before + settled;
    const remaining = inst.amount - paid;
    const status: SettledInstallment['status'] = remaining === 0 ? 'paid' : paid > 0 ? 'partial' : 'unpaid';
    return { index, dueDate: inst.dueDate, amount: inst.amount, paid, remaining, status, overdue: remaining > 0 && daysBetween(inst.dueDate, asOf) > 0 };
  });
  return { installments: out, unapplied: pool };
}

/** Age one account as of `asOf`. Throws RangeError on a negative amount or grace, or malformed dates. */
export function ageAccount(input: AgingInput): AgingResult {
  const grace = input.graceDays ?? 0;
  if (!Number.isInteger(grace) || grace < 0) throw new RangeError(`graceDays must be a whole number ≥ 0, got ${grace}`);
  const buckets = input.buckets ?? DEFAULT_BUCKETS;
  let oldest: string | null = null;
  let overdueAmount: number | null = null;
  if (input.installments && input.installments.length > 0) {
    overdueAmount = 0;
    for (const inst of settleInstallments(input.asOf, input.installments, input.payments).installments) {
      if (!inst.overdue) continue;
      oldest ??= inst.dueDate;
      overdueAmount += inst.remaining;
    }
  } else if (input.overdueDate) {
    if (daysBetween(input.overdueDate, input.asOf) > 0) oldest = input.overdueDate;
  }
  let dpd = 0;
  if (oldest) dpd = Math.max(0, daysBetween(oldest, input.asOf) - pausedDaysBetween(oldest, input.asOf, input.pauses ?? []) - grace);
  return { dpd, bucket: bucketOf(dpd, buckets), overdueAmount, oldestUnpaidDueDate: oldest };
}

/** A status change of a case on a calendar day (`YYYY-MM-DD` in the agency's zone), e.g. from case_events. */
export interface StatusChange {
  day: string;
  /** the status the case moved to ('paused', 'active', 'closed', 'returned', …) */
  to: string;
}

/**
 * Paused periods from a case's status changes (in time order): a pause starts on the day the case was
 * paused and lasts until the day before its next status change (resume, close, return) — the day it
 * resumes counts as a collecting day; a pause not ended by `asOf` runs to `asOf`. A pause undone on its
 * own day is no pause. Source: issue 6 ("less … paused periods"); cases.status 'paused' (0001).
 */
export function pausesFromStatusChanges(changes: readonly StatusChange[], asOf: string): Pause[] {
  const out: Pause[] = [];
  let from: string | null = null;
  for (const c of changes) {
    if (from !== null) {
      const to = addDays(c.day, -1);
      if (to >= from) out.push({ from, to });
      from = null;
    }
    if (c.to === 'paused') from = c.day;
  }
  if (from !== null && from <= asOf) out.push({ from, to: asOf });
  return out;
}
