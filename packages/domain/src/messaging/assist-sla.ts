/**
 * Assisted collection (协催) SLA (issue 5 item 7): a request is due `slaHours` after it was made;
 * an open or in-progress request past its due time is overdue, and a request completed after its
 * due time was completed late. Time is passed in (instants as Date).
 */

/** Request types and what each asks for. */
export const ASSIST_TYPES = ['locate', 'verify', 'letter', 'visit', 'legal'] as const;
export type AssistType = (typeof ASSIST_TYPES)[number];

/** When a request made at `requestedAt` with an SLA of `slaHours` (> 0) is due. */
export function assistDueAt(requestedAt: Date, slaHours: number): Date {
  if (!Number.isInteger(slaHours) || slaHours <= 0) throw new RangeError(`slaHours must be a positive integer, got ${slaHours}`);
  return new Date(requestedAt.getTime() + slaHours * 3_600_000);
}

/**
 * Whether a request is overdue at `now`: still open/in progress strictly after `dueAt`, or completed
 * strictly after `dueAt` (late). Cancelled requests are never overdue.
 */
export function isAssistOverdue(a: { status: string; dueAt: Date; completedAt?: Date | null }, now: Date): boolean {
  if (a.status === 'cancelled') return false;
  if (a.status === 'done') return !!a.completedAt && a.completedAt.getTime() > a.dueAt.getTime();
  return now.getTime() > a.dueAt.getTime();
}
