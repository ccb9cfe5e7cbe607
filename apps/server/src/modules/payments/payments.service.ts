/**
 * Payments (issue 5 point 5): manual entry (waits for approval), approval / rejection by someone else
 * with `payments.approve` (four eyes: SELF_APPROVAL otherwise), reversal with a reason, listing. Every
 * mutation runs in one transaction with its audit row, recomputes the case (payments.ledger.ts) and
 * re-evaluates the case's promises (promises.service.ts). Reads are scoped: a case outside the actor's
 * scope answers 404.
 */
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { CreatePaymentBody, PaymentItem, PaymentStatus } from '@recova/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor, AppContext } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { caseScopeSql } from '../access/scope.sql.ts';
import { audit } from '../audit/audit.ts';
import { recomputeCase } from './payments.ledger.ts';
import { refreshPromisesForCases } from './promises.service.ts';

/** The case (id, client, currency, time zone) if it is in the actor's scope; else NOT_FOUND. */
export async function caseForActor(db: Kysely<DB>, actor: Actor, caseId: number) {
  const c = await db
    .selectFrom('cases as c')
    .innerJoin('clients as cl', 'cl.id', 'c.client_id')
    .select(['c.id', 'c.client_id', 'c.currency', 'cl.timezone'])
    .where('c.id', '=', caseId)
    .where(caseScopeSql(actor.scope, 'c'))
    .executeTakeFirst();
  if (!c) throw notFound('case');
  return c;
}

/** Post-change work shared by approve, reverse and imports: balances, then promises. */
export async function afterPaymentChange(ctx: AppContext, tx: Kysely<DB>, caseIds: readonly number[]): Promise<void> {
  for (const id of [...new Set(caseIds)].sort((a, b) => a - b)) await recomputeCase(tx, id, ctx.clock.now());
  await refreshPromisesForCases(tx, caseIds, ctx.clock);
}

async function assertReferenceFree(db: Kysely<DB>, clientId: number, reference: string | undefined) {
  if (!reference) return;
  const dup = await db.selectFrom('payments').select('id').where('client_id', '=', clientId).where('reference', '=', reference).where('status', '<>', 'rejected').executeTakeFirst();
  if (dup) throw new AppError('DUPLICATE_PAYMENT', `a payment with reference ${reference} is already recorded for this client (payment #${dup.id})`, [{ field: 'reference', reason: 'duplicate' }]);
}

/** Manual entry: a `pending_approval` payment on a case in scope. DUPLICATE_PAYMENT when the client already has the reference. */
export async function createPayment(ctx: AppContext, actor: Actor, caseId: number, body: z.infer<typeof CreatePaymentBody>): Promise<PaymentItem> {
  const c = await caseForActor(ctx.db, actor, caseId);
  if (body.paidOn > ctx.clock.today(c.timezone)) throw new AppError('VALIDATION_FAILED', 'a payment cannot be dated in the future', [{ field: 'paidOn', reason: 'future date' }]);
  const id = await insertManual(ctx, actor, c, caseId, body);
  return getPayment(ctx.db, id);
}

async function insertManual(ctx: AppContext, actor: Actor, c: { client_id: number; currency: string }, caseId: number, body: z.infer<typeof CreatePaymentBody>): Promise<number> {
  try {
    return await insertManualTx(ctx, actor, c, caseId, body);
  } catch (e) {
    // two entries of one reference at the same time: the unique index decides, the loser gets the same answer
    if ((e as { code?: string }).code === '23505') throw new AppError('DUPLICATE_PAYMENT', `a payment with reference ${body.reference} is already recorded for this client`, [{ field: 'reference', reason: 'duplicate' }]);
    throw e;
  }
}

async function insertManualTx(ctx: AppContext, actor: Actor, c: { client_id: number; currency: string }, caseId: number, body: z.infer<typeof CreatePaymentBody>): Promise<number> {
  return ctx.db.transaction().execute(async (tx) => {
    await assertReferenceFree(tx, c.client_id, body.reference);
    const row = await tx
      .insertInto('payments')
      .values({
        client_id: c.client_id, case_id: caseId, amount: body.amount, currency: c.currency, paid_on: body.paidOn, channel: body.channel ?? null,
        reference: body.reference ?? null, note: body.note ?? null, source: 'manual', status: 'pending_approval', created_by: actor.id, created_at: ctx.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, actor.id, 'payment.create', 'payment', row.id, { caseId, amount: body.amount, paidOn: body.paidOn, hasReference: !!body.reference });
    return row.id;
  });
}

type Decision = 'approve' | 'reject' | 'reverse';
const FROM: Record<Decision, PaymentStatus> = { approve: 'pending_approval', reject: 'pending_approval', reverse: 'posted' };

/**
 * Approve or reject a pending manual payment, or reverse a posted one. Refused with SELF_APPROVAL when
 * the actor entered (or imported) the payment, INVALID_STATE when it is not in the state the action needs.
 */
export async function decidePayment(ctx: AppContext, actor: Actor, caseId: number, paymentId: number, action: Decision, reason?: string): Promise<PaymentItem> {
  await caseForActor(ctx.db, actor, caseId);
  await ctx.db.transaction().execute(async (tx) => {
    const p = await tx.selectFrom('payments').selectAll().where('id', '=', paymentId).where('case_id', '=', caseId).forUpdate().executeTakeFirst();
    if (!p) throw notFound('payment');
    if (p.status !== FROM[action]) throw new AppError('INVALID_STATE', `payment #${p.id} is ${p.status}; ${action} needs ${FROM[action]}`);
    if (p.created_by === actor.id) throw new AppError('SELF_APPROVAL', `a payment cannot be ${action === 'reverse' ? 'reversed' : action + 'd'} by the person who entered it`);
    const now = ctx.clock.now();
    const set =
      action === 'approve' ? { status: 'posted', approved_by: actor.id, approved_at: now }
      : action === 'reject' ? { status: 'rejected', rejected_by: actor.id, rejected_at: now, reject_reason: reason ?? null }
      : { status: 'reversed', reversed_by: actor.id, reversed_at: now, reversal_reason: reason ?? null };
    await tx.updateTable('payments').set(set).where('id', '=', p.id).execute();
    if (action !== 'reject') await afterPaymentChange(ctx, tx, [caseId]);
    await audit(tx, actor.id, `payment.${action}`, 'payment', p.id, { caseId, amount: p.amount, ...(reason && { hasReason: true }) }); // the reason text stays on the payment row (free text may name people)
  });
  return getPayment(ctx.db, paymentId);
}

function paymentQuery(db: Kysely<DB>) {
  return db
    .selectFrom('payments as p')
    .leftJoin('users as cu', 'cu.id', 'p.created_by')
    .leftJoin('users as au', 'au.id', 'p.approved_by')
    .leftJoin('users as ru', 'ru.id', 'p.reversed_by')
    .selectAll('p')
    .select(['cu.display_name as created_name', 'au.display_name as approved_name', 'ru.display_name as reversed_name']);
}
type Row = Awaited<ReturnType<ReturnType<typeof paymentQuery>['executeTakeFirstOrThrow']>>;
const who = (id: number | null, name: string | null) => (id === null ? null : { id, name: name ?? '' });

function present(p: Row): PaymentItem {
  return {
    id: p.id, caseId: p.case_id, amount: p.amount, currency: p.currency.trim(), paidOn: p.paid_on, channel: p.channel, reference: p.reference,
    note: p.note, source: p.source as PaymentItem['source'], status: p.status as PaymentStatus,
    applied: { fees: p.applied_fees, penalty: p.applied_penalty, interest: p.applied_interest, principal: p.applied_principal },
    overpayment: p.overpayment, createdBy: who(p.created_by, p.created_name), createdAt: new Date(p.created_at).toISOString(),
    approvedBy: who(p.approved_by, p.approved_name), reversedBy: who(p.reversed_by, p.reversed_name), reason: p.reversal_reason ?? p.reject_reason,
  };
}

export async function getPayment(db: Kysely<DB>, id: number): Promise<PaymentItem> {
  return present(await paymentQuery(db).where('p.id', '=', id).executeTakeFirstOrThrow());
}

/** Payments of a case in scope, newest payment date first. */
export async function listPayments(ctx: AppContext, actor: Actor, caseId: number): Promise<PaymentItem[]> {
  await caseForActor(ctx.db, actor, caseId);
  return (await paymentQuery(ctx.db).where('p.case_id', '=', caseId).orderBy('p.paid_on', 'desc').orderBy('p.id', 'desc').execute()).map(present);
}
