/**
 * TEMPORARY stand-in for contacts/contact-gate.ts attemptContact until the lead's gate lands on main:
 * blocks SMS to a case with an open opt_out_sms flag, otherwise writes a 'queued' record; idempotent by
 * (source, sourceRef). Replaced by the real gate after `git merge main`.
 */
import type { AttemptContact } from '../../src/modules/daily-run/ports.ts';

export const testGate: AttemptContact = async (db, _pii, _actor, input, now) => {
  const prior = await db.selectFrom('contact_records').select(['id', 'status']).where('source', '=', input.source).where('source_ref', '=', input.sourceRef).executeTakeFirst();
  const blocked = !!(await db.selectFrom('case_flags').select('id').where('case_id', '=', input.caseId).where('flag', '=', `opt_out_${input.channel}`).where('cleared_at', 'is', null).executeTakeFirst());
  const decision = blocked ? { decision: 'block' as const, reasons: [{ ruleId: 'flag.opt_out_sms', message: 'opted out', source: 'test' }], nextAllowedAt: null } : { decision: 'allow' as const, reasons: [], nextAllowedAt: null };
  if (prior) return { recordId: prior.id, status: prior.status as 'queued', decision, overridden: false, duplicate: true };
  const r = await db.insertInto('contact_records').values({ case_id: input.caseId, at: input.at ?? now, channel: input.channel, status: blocked ? 'blocked' : input.status, decision: decision.decision,
    reasons: JSON.stringify(decision.reasons) as never, source: input.source, source_ref: input.sourceRef }).returning('id').executeTakeFirstOrThrow();
  return { recordId: r.id, status: blocked ? 'blocked' : 'queued', decision, overridden: false, duplicate: false };
};
