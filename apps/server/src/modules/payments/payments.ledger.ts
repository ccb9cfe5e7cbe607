/**
 * Posting ledger: a case's balances are always the waterfall (domain/payments/waterfall.ts) of its
 * opening balance and its posted payments, in the client's allocation order. Every post and reversal
 * recomputes the whole case, so the result never depends on the order of reversals, and the collected
 * total never exceeds what was owed (the excess is stored per payment and on the case as overpayment).
 */
import { sql, type Kysely } from 'kysely';
import { allocatePayments, DEFAULT_ORDER, validateOrder, type Balances, type Component } from '@recova/domain/payments/waterfall';
import type { DB } from '../../db/schema.ts';

const nz = (v: number | null | undefined) => Math.max(0, v ?? 0);

/** The client's allocation order; an invalid stored order falls back to the default (fees, penalty, interest, principal). */
export function orderOf(stored: readonly string[] | null | undefined): readonly Component[] {
  if (!stored) return DEFAULT_ORDER;
  try {
    validateOrder(stored);
    return stored;
  } catch {
    return DEFAULT_ORDER;
  }
}

/**
 * The opening balance of a case (captured once, when its first payment is posted): remaining
 * components where the client gave them, else the placed ones; fees = late fee + other fees. When the
 * components add up to less than the outstanding amount (a file with only 委案金额), the rest is
 * principal — so a case with just an outstanding amount is paid down as principal.
 */
async function openingOf(db: Kysely<DB>, caseId: number, now: Date): Promise<{ opening: Balances; paidBefore: number }> {
  const o = await db.selectFrom('case_balance_openings').selectAll().where('case_id', '=', caseId).executeTakeFirst();
  if (o) return { opening: { fees: o.fees, penalty: o.penalty, interest: o.interest, principal: o.principal }, paidBefore: o.paid_before };
  const c = await db
    .selectFrom('cases')
    .select(['late_fee', 'other_fees', 'penalty', 'interest', 'principal', 'remaining_principal', 'remaining_interest', 'remaining_fees', 'remaining_penalty', 'outstanding_amount', 'paid_amount'])
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  const opening: Balances = {
    fees: c.remaining_fees !== null ? nz(c.remaining_fees) : nz(c.late_fee) + nz(c.other_fees),
    penalty: c.remaining_penalty !== null ? nz(c.remaining_penalty) : nz(c.penalty),
    interest: c.remaining_interest !== null ? nz(c.remaining_interest) : nz(c.interest),
    principal: c.remaining_principal !== null ? nz(c.remaining_principal) : nz(c.principal),
  };
  const sum = opening.fees + opening.penalty + opening.interest + opening.principal;
  if (nz(c.outstanding_amount) > sum) opening.principal += nz(c.outstanding_amount) - sum;
  const paidBefore = nz(c.paid_amount);
  await db.insertInto('case_balance_openings').values({ case_id: caseId, ...opening, paid_before: paidBefore, captured_at: now }).execute();
  return { opening, paidBefore };
}

export interface CaseBalances {
  caseId: number;
  remaining: Balances;
  outstanding: number;
  paid: number;
  overpaid: number;
}

/**
 * Recompute one case from its opening balance and posted payments (call inside a transaction; the
 * case row is locked). Writes each posted payment's split and the case's remaining_*, outstanding_amount,
 * paid_amount (= paid before placement + applied), overpaid_amount and last payment.
 */
export async function recomputeCase(db: Kysely<DB>, caseId: number, now: Date): Promise<CaseBalances> {
  const c = await db
    .selectFrom('cases')
    .innerJoin('clients', 'clients.id', 'cases.client_id')
    .select(['cases.id', 'clients.payment_order'])
    .where('cases.id', '=', caseId)
    .forUpdate('cases')
    .executeTakeFirstOrThrow();
  const { opening, paidBefore } = await openingOf(db, caseId, now);
  const posted = await db.selectFrom('payments').select(['id', 'paid_on', 'amount']).where('case_id', '=', caseId).where('status', '=', 'posted').orderBy('paid_on').orderBy('id').execute();
  const out = allocatePayments(opening, posted.map((p) => ({ id: p.id, date: p.paid_on, amount: p.amount })), orderOf(c.payment_order));
  for (const a of out.payments) {
    await db
      .updateTable('payments')
      .set({ applied_fees: a.applied.fees, applied_penalty: a.applied.penalty, applied_interest: a.applied.interest, applied_principal: a.applied.principal, overpayment: a.overpayment })
      .where('id', '=', Number(a.id))
      .execute();
  }
  // a reversed payment no longer carries a split
  await db.updateTable('payments').set({ applied_fees: 0, applied_penalty: 0, applied_interest: 0, applied_principal: 0, overpayment: 0 }).where('case_id', '=', caseId).where('status', '<>', 'posted').execute();
  const last = posted.length ? posted[posted.length - 1] : null;
  await db
    .updateTable('cases')
    .set({
      remaining_fees: out.outstanding.fees,
      remaining_penalty: out.outstanding.penalty,
      remaining_interest: out.outstanding.interest,
      remaining_principal: out.outstanding.principal,
      outstanding_amount: out.totalOutstanding,
      paid_amount: paidBefore + out.totalPaid,
      overpaid_amount: out.totalOverpayment,
      ...(last && { last_payment_date: last.paid_on, last_payment_amount: last.amount }),
      updated_at: sql`now()`,
    })
    .where('id', '=', caseId)
    .execute();
  return { caseId, remaining: out.outstanding, outstanding: out.totalOutstanding, paid: paidBefore + out.totalPaid, overpaid: out.totalOverpayment };
}
