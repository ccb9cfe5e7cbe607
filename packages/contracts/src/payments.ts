/**
 * Payments, promises, "My queue" and the team lead view (issue 5): request schemas and response
 * shapes shared by server and web. Money is integer minor units (fen) with the case's currency.
 */
import { z } from 'zod';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a calendar date');

export const PAYMENT_STATUSES = ['pending_approval', 'posted', 'rejected', 'reversed'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const PAYMENT_CHANNELS = ['bank_transfer', 'card', 'alipay', 'wechat', 'cash', 'client_direct', 'other'] as const;

/** Manual payment entry: waits for approval by someone else with `payments.approve`. */
export const CreatePaymentBody = z
  .object({
    /** minor units (fen), > 0 */
    // ≤ 10^13 fen (100 billion yuan): sums of many payments stay exact in a double (< 2^53)
    amount: z.number().int().positive().max(1e13),
    paidOn: isoDate,
    channel: z.string().trim().min(1).max(40).optional(),
    reference: z.string().trim().min(1).max(100).optional(),
    note: z.string().trim().max(500).optional(),
  })
  .strict();
export const PaymentReasonBody = z.object({ reason: z.string().trim().min(1).max(500) }).strict();
export const CasePaymentParams = z.object({ id: z.coerce.number().int().positive(), paymentId: z.coerce.number().int().positive() });

export interface PaymentItem {
  id: number;
  caseId: number;
  amount: number;
  currency: string;
  paidOn: string;
  channel: string | null;
  reference: string | null;
  note: string | null;
  source: 'import' | 'manual';
  status: PaymentStatus;
  applied: { fees: number; penalty: number; interest: number; principal: number };
  overpayment: number;
  createdBy: { id: number; name: string } | null;
  createdAt: string;
  approvedBy: { id: number; name: string } | null;
  reversedBy: { id: number; name: string } | null;
  reason: string | null;
}

export interface PromiseItem {
  id: number;
  caseId: number;
  promisedOn: string;
  amount: number;
  currency: string;
  status: 'pending' | 'kept' | 'partially_kept' | 'broken' | 'cancelled';
  paid: number;
  nextDueDate: string | null;
  breaksOn: string | null;
  graceDays: number;
  installments: { seq: number; dueDate: string; amount: number; paid: number; status: string }[];
  createdAt: string;
}

export const QUEUE_REASONS = ['promise_due', 'broken_promise', 'follow_up_due', 'first_contact', 'priority'] as const;
export type QueueReason = (typeof QUEUE_REASONS)[number];

const csvList = <T extends [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(z.enum(values)).max(values.length));

/** Filters of My queue (also what a saved view stores). */
export const QueueFilterSchema = z
  .object({
    reasons: csvList([...QUEUE_REASONS] as [QueueReason, ...QueueReason[]]).optional(),
    clientId: z.coerce.number().int().positive().optional(),
    batchId: z.coerce.number().int().positive().optional(),
    /** team leads and managers: one collector's queue (still within their scope) */
    assigneeId: z.coerce.number().int().positive().optional(),
    minOutstanding: z.coerce.number().int().min(0).optional(),
  })
  .strict();
export type QueueFilter = z.infer<typeof QueueFilterSchema>;
export const QueueQuery = QueueFilterSchema.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
}).strict();
export const SaveQueueViewBody = z.object({ name: z.string().trim().min(1).max(60), filter: QueueFilterSchema }).strict();

export interface QueueItem {
  caseId: number;
  caseRef: string | null;
  debtorName: string | null;
  clientCode: string;
  batchNo: string;
  assignee: string | null;
  outstanding: number | null;
  currency: string;
  priority: number;
  /** the first reason decides the position; all reasons are listed */
  reasons: QueueReason[];
  promise: { id: number; dueDate: string | null; amount: number; status: string; breaksOn: string | null } | null;
  nextFollowUpAt: string | null;
  firstContactDue: string | null;
  firstContactOverdue: boolean;
}
export interface QueuePage { items: QueueItem[]; total: number; asOf: string }
export interface QueueView { id: number; name: string; filter: QueueFilter }

export const TeamOverviewQuery = z
  .object({ date: isoDate.optional(), idleDays: z.coerce.number().int().min(1).max(365).default(7) })
  .strict();
export interface TeamCollectorRow {
  userId: number;
  name: string;
  attempts: number;
  rightPartyContacts: number;
  promisesMade: number;
  amountPromised: number;
  amountPaid: number;
  brokenPromises: number;
  idleCases: number;
  openCases: number;
}
export interface TeamOverview {
  date: string;
  idleDays: number;
  collectors: TeamCollectorRow[];
  idleCases: { caseId: number; caseRef: string | null; assignee: string | null; lastContactAt: string | null; outstanding: number | null }[];
  brokenPromises: { promiseId: number; caseId: number; caseRef: string | null; assignee: string | null; amount: number; paid: number; dueDate: string | null; breaksOn: string | null }[];
}

/** Per-client payment settings: allocation order (each component once) and the promise grace floor (days). */
export const PAYMENT_COMPONENTS = ['fees', 'penalty', 'interest', 'principal'] as const;
export const ClientPaymentSettingsBody = z
  .object({
    paymentOrder: z.array(z.enum(PAYMENT_COMPONENTS)).length(4).refine((a) => new Set(a).size === 4, 'each component exactly once').optional(),
    promiseGraceDays: z.number().int().min(0).max(60).optional(),
  })
  .strict();
export interface ClientPaymentSettings { paymentOrder: (typeof PAYMENT_COMPONENTS)[number][]; promiseGraceDays: number }
/** Per-batch queue setting: days from assignment (else placement) within which a new case must be contacted. */
export const BatchQueueSettingsBody = z.object({ firstContactDays: z.number().int().min(0).max(365) }).strict();
