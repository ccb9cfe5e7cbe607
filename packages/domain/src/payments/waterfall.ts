/**
 * Payment allocation (issue 5): a payment reduces the outstanding balance component by component in a
 * defined order — by default fees, then penalty interest, then interest, then principal (the usual
 * order in Chinese credit-card and consumer-loan contracts; configurable per client) — and never
 * beyond what is owed: the excess is reported as an overpayment, not applied. Reversal = recompute
 * from the opening balance without the reversed payment, so the result never depends on the order in
 * which reversals happen. All amounts are integer minor units (fen); pure, no IO.
 */

export const COMPONENTS = ['fees', 'penalty', 'interest', 'principal'] as const;
export type Component = (typeof COMPONENTS)[number];
export type Balances = Record<Component, number>;

/** Default order: fees → penalty → interest → principal. */
export const DEFAULT_ORDER: readonly Component[] = COMPONENTS;

export interface PaymentInput {
  id: string | number;
  /** `YYYY-MM-DD` */
  date: string;
  /** minor units, > 0 */
  amount: number;
  reversed?: boolean;
}

export interface AppliedPayment {
  id: string | number;
  applied: Balances;
  overpayment: number;
}

export interface AllocationOutcome {
  outstanding: Balances;
  /** total still owed (sum of `outstanding`) */
  totalOutstanding: number;
  /** total applied (excluding overpayments and reversed payments) */
  totalPaid: number;
  totalOverpayment: number;
  payments: AppliedPayment[];
}

const zero = (): Balances => ({ fees: 0, penalty: 0, interest: 0, principal: 0 });
const sum = (b: Balances) => b.fees + b.penalty + b.interest + b.principal;

/** Check an order: every component exactly once. Throws RangeError naming the problem. */
export function validateOrder(order: readonly string[]): asserts order is readonly Component[] {
  const seen = new Set(order);
  if (order.length !== COMPONENTS.length || seen.size !== COMPONENTS.length || COMPONENTS.some((c) => !seen.has(c))) {
    throw new RangeError(`a payment order must list each of ${COMPONENTS.join(', ')} exactly once, got ${order.join(', ')}`);
  }
}

/** Apply one payment to `owed` (not mutated) in `order`. */
export function applyPayment(owed: Balances, amount: number, order: readonly Component[] = DEFAULT_ORDER): { applied: Balances; remaining: Balances; overpayment: number } {
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new RangeError(`a payment must be a positive whole number of minor units, got ${amount}`);
  validateOrder(order);
  const remaining = { ...owed };
  const applied = zero();
  let left = amount;
  for (const c of order) {
    const take = Math.min(left, Math.max(0, remaining[c]));
    applied[c] = take;
    remaining[c] -= take;
    left -= take;
  }
  return { applied, remaining, overpayment: left };
}

/**
 * Apply every non-reversed payment in date order (ties by id as given) to the opening balance.
 * Reversed payments appear in `payments` with nothing applied.
 */
export function allocatePayments(opening: Balances, payments: readonly PaymentInput[], order: readonly Component[] = DEFAULT_ORDER): AllocationOutcome {
  for (const c of COMPONENTS) if (!Number.isSafeInteger(opening[c]) || opening[c] < 0) throw new RangeError(`opening ${c} must be ≥ 0 minor units`);
  const sorted = payments.map((p, i) => ({ p, i })).sort((a, b) => (a.p.date < b.p.date ? -1 : a.p.date > b.p.date ? 1 : a.i - b.i));
  let owed = { ...opening };
  let totalPaid = 0;
  let totalOverpayment = 0;
  const byId = new Map<string | number, AppliedPayment>();
  for (const { p } of sorted) {
    if (p.reversed) {
      byId.set(p.id, { id: p.id, applied: zero(), overpayment: 0 });
      continue;
    }
    const r = applyPayment(owed, p.amount, order);
    owed = r.remaining;
    totalPaid += p.amount - r.overpayment;
    totalOverpayment += r.overpayment;
    byId.set(p.id, { id: p.id, applied: r.applied, overpayment: r.overpayment });
  }
  return { outstanding: owed, totalOutstanding: sum(owed), totalPaid, totalOverpayment, payments: payments.map((p) => byId.get(p.id)!) };
}
