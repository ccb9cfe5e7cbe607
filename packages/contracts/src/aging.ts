/**
 * Aging API shapes (issue 6): a case's installment schedule with each installment's settlement, and a
 * client's aging grace override. Money is integer minor units (fen) with the case's currency; dates
 * `YYYY-MM-DD`.
 */
import { z } from 'zod';

/** One installment as `GET /api/cases/:id/installments` shows it (settled FIFO by the domain as of `asOf`). */
export interface InstallmentItem {
  /** the client's installment number (期数) */
  seq: number;
  dueDate: string;
  /** minor units due */
  amount: number;
  /** minor units settled: the client's paid-before amount plus our posted payments (FIFO) */
  paid: number;
  remaining: number;
  status: 'paid' | 'partial' | 'unpaid';
  /** remaining > 0 and due before asOf */
  overdue: boolean;
}

/** `GET /api/cases/:id/installments`: the schedule (empty when the case has none) and its aging as of today. */
export interface CaseInstallments {
  asOf: string;
  currency: string;
  items: InstallmentItem[];
  /** DPD and bucket as the daily run would compute them today (schedule or overdue date, pauses, grace, buckets) */
  dpd: number;
  bucket: string | null;
  /** minor units overdue (null when aged from the overdue date alone) */
  overdueAmount: number | null;
  /** minor units of posted payments no installment needed */
  unapplied: number;
  graceDays: number;
  /** paused periods taken off, inclusive dates */
  pauses: { from: string; to: string }[];
}

/** `PUT /api/clients/:id/aging-settings`: the client's own grace days, or null for the agency default. */
export const ClientAgingSettingsBody = z.object({ agingGraceDays: z.number().int().min(0).max(365).nullable() }).strict();
export interface ClientAgingSettings { agingGraceDays: number | null }
