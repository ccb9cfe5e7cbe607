/**
 * Recording a contact (催记, issue 5 point 3) through the compliance gate (issue 4: "every path that
 * creates a contact attempt calls the engine"):
 * 1. the case must be in the actor's scope (else 404); phone/address must belong to it;
 * 2. action and result codes must be active and fit the channel; a result code with `requires_promise`
 *    needs a promise (PROMISE_REQUIRED);
 * 3. `attemptContact` checks and writes the row (source 'manual'); it refuses an override without
 *    `compliance.override` or a reason (OVERRIDE_NOT_ALLOWED, before anything is written) and audits an
 *    override (`compliance.override`, ids and rule ids only); a blocked attempt stays recorded with its
 *    reasons and the caller answers 409 COMPLIANCE_BLOCKED;
 * 4. made → the result code's effects (contact-effects.ts) in the same transaction.
 *
 * `party` in the body is who was aimed at / reached; `nobody` is accepted but the row keeps the party the
 * attempt was aimed at (the history attributes an unanswered call to that party; the result code already
 * says nobody answered).
 */
import type { z } from 'zod';
import type { CreateContactRecordBody, ContactCodeItem } from '@recova/contracts';
import type { Decision } from '@recova/domain/compliance/index';
import type { AppContext, Actor } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { caseInScope, todayFor } from '../cases/cases.service.ts';
import { attemptContact, type AttemptInput } from './contact-gate.ts';
import { usableCode } from './contact-codes.service.ts';
import { applyResultEffects, followUpInRange, promisePlan } from './contact-effects.ts';

type Body = z.infer<typeof CreateContactRecordBody>;

export interface RecordOutcome {
  recordId: number;
  status: 'made' | 'queued' | 'blocked';
  decision: Decision;
  overridden: boolean;
}

/** The case's person key (ID-number blind index) and currency. */
export async function caseKeys(ctx: AppContext, caseId: number) {
  const c = await ctx.db.selectFrom('cases').select(['id', 'id_number_bidx', 'currency', 'outstanding_amount']).where('id', '=', caseId).executeTakeFirstOrThrow();
  return { id: c.id, debtorKey: c.id_number_bidx, currency: c.currency, outstanding: c.outstanding_amount };
}

async function checkTargets(ctx: AppContext, caseId: number, b: Body) {
  let phoneOwner: string | null = null;
  if (b.phoneId !== undefined) {
    const p = await ctx.db.selectFrom('case_phones').select(['id', 'owner']).where('id', '=', b.phoneId).where('case_id', '=', caseId).executeTakeFirst();
    if (!p) throw new AppError('VALIDATION_FAILED', 'phone not on this case', [{ field: 'phoneId', reason: 'not on this case' }]);
    phoneOwner = p.owner;
  }
  if (b.addressId !== undefined) {
    const a = await ctx.db.selectFrom('case_addresses').select('id').where('id', '=', b.addressId).where('case_id', '=', caseId).executeTakeFirst();
    if (!a) throw new AppError('VALIDATION_FAILED', 'address not on this case', [{ field: 'addressId', reason: 'not on this case' }]);
  }
  return phoneOwner;
}

/**
 * Who the contact was aimed at, for the check: a third party when the collector says so or the phone
 * belongs to a contact person; a guarantor when stated; else the debtor.
 */
function checkedParty(b: Body, phoneOwner: string | null): 'debtor' | 'guarantor' | 'third_party' {
  if (b.party === 'third_party' || b.party === 'guarantor') return b.party;
  return phoneOwner === 'contact' ? 'third_party' : 'debtor';
}

/** Validate and record one contact; see the module comment. Never throws COMPLIANCE_BLOCKED itself. */
export async function recordContact(ctx: AppContext, actor: Actor, caseId: number, b: Body): Promise<RecordOutcome> {
  await caseInScope(ctx, actor, caseId);
  const keys = await caseKeys(ctx, caseId);
  const phoneOwner = await checkTargets(ctx, caseId, b);
  const result: ContactCodeItem = await usableCode(ctx.db, 'result', b.resultCode, b.channel, 'resultCode');
  if (b.actionCode) await usableCode(ctx.db, 'action', b.actionCode, b.channel, 'actionCode');
  // an inbound contact is recorded without a compliance check, so it must be one where someone reached us:
  // "no answer", "busy", "sent"… on an inbound record would be a made-up contact outside the rules
  if (b.direction === 'inbound' && (result.party === 'nobody' || ['sent', 'delivered', 'failed'].includes(result.outcome ?? ''))) {
    throw new AppError('VALIDATION_FAILED', `result ${result.code} is not possible on an inbound contact`, [{ field: 'resultCode', reason: 'not possible on an inbound contact' }]);
  }
  if (result.requiresPromise && !b.promise) throw new AppError('PROMISE_REQUIRED', `result ${result.code} needs a promise (amount and date, or installments)`, [{ field: 'promise', reason: 'required by the result code' }]);
  const today = todayFor(ctx);
  if (b.promise) promisePlan(b.promise, today, keys.outstanding);
  const now = ctx.clock.now();
  if (b.nextFollowUpAt) followUpInRange(new Date(b.nextFollowUpAt), now);
  const input: AttemptInput = {
    caseId, channel: b.channel === 'other' ? 'call' : b.channel, phoneId: b.phoneId, addressId: b.addressId, target: b.target,
    party: checkedParty(b, phoneOwner), purpose: b.purpose, direction: b.direction, actionCode: b.actionCode, resultCode: b.resultCode,
    relation: b.relation, note: b.note, durationSeconds: b.durationSeconds, nextFollowUpAt: b.nextFollowUpAt ? new Date(b.nextFollowUpAt) : undefined,
    source: 'manual', override: b.override ? { reason: b.override.reason.trim() } : undefined,
  };
  return ctx.db.transaction().execute(async (tx) => {
    const out = await attemptContact(tx, ctx.pii, actor, input, now);
    if (out.status === 'blocked') return { recordId: out.recordId, status: out.status, decision: out.decision, overridden: false };
    // `other` is checked like a call (the strictest common channel) and kept as `other` (the gate's history skips it)
    if (b.channel === 'other') await tx.updateTable('contact_records').set({ channel: 'other' }).where('id', '=', out.recordId).execute();
    await applyResultEffects(tx, actor, { recordId: out.recordId, caseId, debtorKey: keys.debtorKey, currency: keys.currency, phoneId: b.phoneId ?? null, code: result, promise: b.promise, today }, now);
    return { recordId: out.recordId, status: out.status, decision: out.decision, overridden: out.overridden };
  });
}
