/**
 * Promise-to-pay (PTP, 承诺还款) status from payments (issue 5). Pure; dates `YYYY-MM-DD`, amounts in
 * minor units.
 *
 * Rules, stated once:
 * - Payments dated from the promise's date (`promisedOn`) up to its due date plus `graceDays` count
 *   towards it (a payment before the promise was made is not keeping it).
 * - An installment plan is kept installment by installment: counted payments settle the earliest
 *   installment first.
 * - A promise (or installment) is `kept` once its counted payments reach its amount — even before its
 *   due date; `pending` while unpaid and not yet past due date + grace; after that, `partially_kept`
 *   if something was paid and `broken` (爽约) if nothing was.
 * - A plan is `broken` if any installment is broken, else `partially_kept` if any is partially kept,
 *   else `kept` when all are kept, else `pending`.
 */
import { addDays } from '../time/dates.ts';

export type PromiseStatus = 'pending' | 'kept' | 'partially_kept' | 'broken';

export interface PromiseInstallment {
  dueDate: string;
  amount: number;
}

export interface PromiseToPay {
  promisedOn: string;
  /** one or more installments (a single promise is one installment) */
  installments: PromiseInstallment[];
}

export interface PromiseEvaluation {
  status: PromiseStatus;
  paid: number;
  promised: number;
  installments: { dueDate: string; amount: number; paid: number; status: PromiseStatus }[];
  /** when a pending promise becomes broken if still unpaid: last due date + grace + 1 day */
  breaksOn: string | null;
}

export function evaluatePromise(p: PromiseToPay, payments: readonly { date: string; amount: number }[], asOf: string, graceDays = 0): PromiseEvaluation {
  if (p.installments.length === 0) throw new RangeError('a promise needs at least one installment');
  if (!Number.isInteger(graceDays) || graceDays < 0) throw new RangeError('graceDays must be a whole number ≥ 0');
  const plan = [...p.installments].sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));
  for (const i of plan) if (!Number.isSafeInteger(i.amount) || i.amount <= 0) throw new RangeError(`installment due ${i.dueDate}: amount must be > 0 minor units`);
  const lastDay = addDays(plan[plan.length - 1].dueDate, graceDays);
  let pool = payments.filter((x) => x.date >= p.promisedOn && x.date <= lastDay && x.date <= asOf).reduce((a, x) => a + x.amount, 0);
  const paidTotal = pool;
  const rows = plan.map((i) => {
    const paid = Math.min(pool, i.amount);
    pool -= paid;
    const past = asOf > addDays(i.dueDate, graceDays);
    const status: PromiseStatus = paid >= i.amount ? 'kept' : !past ? 'pending' : paid > 0 ? 'partially_kept' : 'broken';
    return { dueDate: i.dueDate, amount: i.amount, paid, status };
  });
  const has = (s: PromiseStatus) => rows.some((r) => r.status === s);
  const status: PromiseStatus = has('broken') ? 'broken' : has('partially_kept') ? 'partially_kept' : rows.every((r) => r.status === 'kept') ? 'kept' : 'pending';
  return {
    status,
    paid: Math.min(paidTotal, rows.reduce((a, r) => a + r.amount, 0)),
    promised: rows.reduce((a, r) => a + r.amount, 0),
    installments: rows,
    breaksOn: status === 'pending' ? addDays(rows.find((r) => r.status === 'pending')!.dueDate, graceDays + 1) : null,
  };
}
