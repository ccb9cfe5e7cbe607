/**
 * Allocation (分案), rotation (换手) and return (退案) — issue 6. Amounts are integer minor units of
 * the one currency of the selected cases; capacities are relative weights (100 = a standard collector).
 */
import { z } from 'zod';
import { StrictCaseFilterSchema } from './api.ts';

const id = z.coerce.number().int().positive();

export const ALLOCATION_MODES = ['count', 'amount', 'both'] as const;
export type AllocationModeName = (typeof ALLOCATION_MODES)[number];

/**
 * `POST /api/allocations/preview` (and the body of commit): the cases of `filter` (in the actor's scope,
 * active only) over the collectors named and the active collectors of the teams named.
 * `kind: 'rotate'` takes only cases with no progress (no contact record, promise or payment) since they
 * were assigned `noProgressDays` or more days ago, and never gives a case back to its current holder.
 */
export const AllocationRequest = z
  .object({
    kind: z.enum(['allocate', 'rotate']).default('allocate'),
    filter: StrictCaseFilterSchema.default({}),
    collectorIds: z.array(id).max(2000).default([]),
    teamIds: z.array(id).max(200).default([]),
    mode: z.enum(ALLOCATION_MODES).default('both'),
    /** 共债: one collector per debtor (same ID number) */
    keepDebtorTogether: z.boolean().default(true),
    /** 留案: a case with a pending promise stays with its collector */
    retainPromises: z.boolean().default(true),
    /** 留案: a case with a payment in the last N days stays (default: the `allocation.paymentRetentionDays` setting; 0 = off) */
    retainPaymentDays: z.number().int().min(0).max(365).optional(),
    /** weight by each collector's capacity (false = all equal) */
    useCapacity: z.boolean().default(true),
    /** rotation only: days since assignment without progress */
    noProgressDays: z.number().int().min(1).max(365).optional(),
  })
  .strict()
  .refine((b) => b.collectorIds.length + b.teamIds.length > 0, { message: 'choose collectors or teams', path: ['collectorIds'] })
  .refine((b) => b.kind !== 'rotate' || b.noProgressDays !== undefined, { message: 'required for rotation', path: ['noProgressDays'] });
export type AllocationRequestInput = z.input<typeof AllocationRequest>;

/** `POST /api/allocations/commit`: the previewed request, its token and why (recorded on every move). */
export const AllocationCommitBody = z.object({
  request: z.unknown(),
  token: z.string().regex(/^[0-9a-f]{64}$/),
  reason: z.string().trim().min(1).max(500),
});

export interface AllocationPreviewRow {
  collectorId: number;
  name: string;
  teamId: number | null;
  capacity: number;
  count: number;
  /** minor units */
  amount: number;
  /** share of the allocated amount, 0–1 */
  share: number;
  /** of `count`, cases kept by retention */
  retained: number;
  /** of `count`, cases that change hands */
  incoming: number;
}

export interface AllocationPreview {
  /** sha-256 of the request, the cases (id, holder, status, version), retention and the pool: commit refuses when it changed */
  token: string;
  currency: string | null;
  total: { count: number; amount: number };
  perCollector: AllocationPreviewRow[];
  /** (max − min) / mean of capacity-normalised count and amount; maxAmountDeviation = max |x/mean − 1| */
  spread: { count: number; amount: number; maxAmountDeviation: number };
  /** cases that change collector */
  moves: number;
  /** retained with a collector outside the pool: left where they are */
  keptOutside: number;
  /** no collector of the pool may take them (region, product, language, skill) */
  unassigned: number;
}

export interface AllocationCommitResult {
  allocationId: number;
  moved: number;
}

/** `POST /api/allocations/return`: 退案 of selected cases or of a filter (e.g. a batch at its expected return date). */
export const ReturnCasesBody = z
  .object({
    selection: z.union([z.object({ caseIds: z.array(id).min(1).max(10000) }), z.object({ filter: StrictCaseFilterSchema })]),
    /** batch_expiry: only cases of batches whose expected return date has come */
    reason: z.enum(['batch_expiry', 'client_request']),
    note: z.string().trim().max(500).optional(),
  })
  .strict();

/** An allocation profile of a collector: `PUT /api/allocations/collectors/:id` (users.write). */
export const CollectorProfileBody = z
  .object({
    capacity: z.number().int().min(1).max(10000),
    regions: z.array(z.string().trim().min(1).max(64)).max(100).nullable(),
    products: z.array(z.string().trim().min(1).max(64)).max(100).nullable(),
    languages: z.array(z.string().trim().min(1).max(16)).max(20).nullable(),
    skill: z.number().int().min(0).max(9),
  })
  .strict();

export interface CollectorProfile {
  id: number;
  username: string;
  displayName: string;
  role: string;
  teamId: number | null;
  active: boolean;
  capacity: number;
  regions: string[] | null;
  products: string[] | null;
  languages: string[] | null;
  skill: number;
  /** active cases now assigned */
  caseCount: number;
}

export interface AllocationRunItem {
  id: number;
  kind: 'allocate' | 'rotate' | 'return';
  moved: number;
  createdBy: number | null;
  createdAt: string;
  summary: Record<string, unknown>;
}
