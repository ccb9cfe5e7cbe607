/**
 * The compliance gate (issue 4, "Where it is enforced"): every path that makes a contact — a collector's
 * manual record, an SMS/e-mail/letter send, a strategy action, a dialer — goes through `attemptContact`,
 * which checks the contact with the engine BEFORE it happens and writes the attempt to `contact_records`
 * in the same transaction, blocked ones included (status 'blocked', with the reasons and the rule-set
 * version that decided). Callers do not make a blocked contact: HTTP answers 409 COMPLIANCE_BLOCKED with
 * the reasons, automatic senders skip it.
 *
 * Concurrency: attempts for one person are serialised by a transaction-scoped advisory lock on the
 * debtor key, so two collectors (or a collector and the daily run) cannot both take the last allowed
 * call of a cap. Idempotency: an automatic attempt carries `sourceRef`; the same (source, sourceRef)
 * returns the first row (`duplicate: true`) and nothing is sent twice.
 *
 * Inbound contacts (the debtor calls in) are recorded without a check: they are not attempts by the
 * agency (Reg F §1006.14(b)(2) counts calls *placed* by the collector).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { checkContact, type Channel, type Decision, type Party, type Purpose } from '@recova/domain/compliance/index';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../http/context.ts';
import type { PiiCipher } from '../../platform/crypto.ts';
import { AppError } from '../../http/errors.ts';
import { audit } from '../audit/audit.ts';
import { loadContactContext, phoneDigits, typedPhoneLabel, type ContactContext } from './contact-context.ts';
import { maskTarget } from './contact-target.ts';

/** A contact about to be made with the debtor (or a third party) of one case. */
export interface ProposedContact {
  caseId: number;
  channel: Channel;
  /** when it happens; default `now` */
  at?: Date;
  /** `case_phones.id` of the number called or texted (must belong to the case) */
  phoneId?: number;
  /** `case_addresses.id` of a letter or visit */
  addressId?: number;
  /** free target: e-mail address, or a number/address not on file (stored encrypted) */
  target?: string;
  party?: Party;
  purpose?: Purpose;
  disclosesDebt?: boolean;
}

/** A contact attempt to record (see module comment). */
export interface AttemptInput extends ProposedContact {
  direction?: 'outbound' | 'inbound';
  actionCode?: string;
  resultCode?: string;
  relation?: string;
  note?: string;
  durationSeconds?: number;
  nextFollowUpAt?: Date;
  source: 'manual' | 'sms' | 'email' | 'letter' | 'strategy' | 'dialer' | 'visit';
  /** idempotency key of an automatic attempt */
  sourceRef?: string;
  /** 'queued' for a message handed to a provider next (see completeContactAttempt); default 'made' */
  status?: 'made' | 'queued';
  /** make a blocked contact anyway: needs `compliance.override` and a reason; audited */
  override?: { reason: string };
}

export interface GateCheck {
  decision: Decision;
  ruleSet: { id: string; version: number };
  /** the phone on file a typed target turned out to be (recorded as the attempt's phone) */
  phoneId?: number;
}

export interface AttemptOutcome {
  recordId: number;
  status: 'made' | 'queued' | 'blocked';
  decision: Decision;
  overridden: boolean;
  duplicate: boolean;
}

const invalid = (message: string, field: string) => new AppError('VALIDATION_FAILED', message, [{ field, reason: message }]);

const ALLOW: Decision = { decision: 'allow', reasons: [], nextAllowedAt: null };

/** Judge a proposed contact against a loaded context (pure apart from the context). */
export function judge(ctx: ContactContext, p: ProposedContact, now: Date, pii?: PiiCipher): GateCheck {
  if (p.phoneId !== undefined && !ctx.phones.has(p.phoneId)) throw invalid(`phone ${p.phoneId} is not a phone of case ${p.caseId}`, 'phoneId');
  // a number typed as a free target is the phone on file with the same digits (so it counts against that
  // phone's caps and is judged with its owner), else its own phone label
  let phoneId = p.phoneId;
  let typedLabel: string | undefined;
  if (phoneId === undefined && p.target && TYPED_PHONE_CHANNELS.has(p.channel) && phoneDigits(p.target).length >= 7) {
    const digits = phoneDigits(p.target);
    phoneId = [...ctx.phones.entries()].find(([, ph]) => ph.digits === digits)?.[0];
    if (phoneId === undefined && pii) typedLabel = typedPhoneLabel(pii, p.target);
  }
  const phone = phoneId !== undefined ? ctx.phones.get(phoneId) : undefined;
  // a third party's number may be in another zone than the debtor: its zones must allow the time too
  const zones = phone && phone.owner !== 'debtor' ? [...new Set([...ctx.profile.timeZones, ...phone.zones])] : ctx.profile.timeZones;
  const decision = checkContact(
    {
      at: (p.at ?? now).toISOString(),
      channel: p.channel,
      debtIds: [String(ctx.kase.id)],
      party: p.party ?? 'debtor',
      purpose: p.purpose ?? 'collection',
      disclosesDebt: p.disclosesDebt ?? false,
      ...(phone ? { phone: phone.label } : typedLabel ? { phone: typedLabel } : {}),
    },
    ctx.history,
    { ...ctx.profile, timeZones: zones },
    ctx.ruleSet,
    now,
  );
  // messages name a phone by its label (a blind index): show the masked number instead
  for (const r of decision.reasons) {
    for (const ph of ctx.phones.values()) if (r.message.includes(ph.label)) r.message = r.message.split(ph.label).join(ph.masked);
    if (typedLabel && r.message.includes(typedLabel)) r.message = r.message.split(typedLabel).join(maskTarget(p.target!));
  }
  return { decision, ruleSet: { id: ctx.ruleSet.id, version: ctx.ruleSet.version }, ...(phoneId !== undefined ? { phoneId } : {}) };
}
const TYPED_PHONE_CHANNELS = new Set(['call', 'sms', 'voice_robot']);

/** Read-only check of one proposed contact (the workbench's "may I call now?", the dialer's pre-check). */
export async function checkCaseContact(db: Kysely<DB>, pii: PiiCipher, input: ProposedContact, now: Date): Promise<GateCheck> {
  return judge(await loadContactContext(db, pii, input.caseId, now), input, now, pii);
}

/**
 * Check and record one contact attempt in one transaction (see module comment).
 * @throws VALIDATION_FAILED for a phone/address not of the case, an unknown result code, an override without reason;
 *   OVERRIDE_NOT_ALLOWED for an override by an actor without `compliance.override`; NOT_FOUND for an unknown case.
 */
export async function attemptContact(db: Kysely<DB>, pii: PiiCipher, actor: Actor | null, input: AttemptInput, now: Date): Promise<AttemptOutcome> {
  if (input.override) {
    if (!actor || !actor.permissions.includes('compliance.override')) throw new AppError('OVERRIDE_NOT_ALLOWED', 'overriding a compliance block needs the compliance.override permission');
    if (!input.override.reason.trim()) throw new AppError('OVERRIDE_NOT_ALLOWED', 'an override needs a reason', [{ field: 'override.reason', reason: 'required' }]);
  }
  const run = async (tx: Transaction<DB>) => {
    // lock the person (or the case) BEFORE reading the history: on PostgreSQL parallel attempts would
    // otherwise all judge with the count read before the first one was written
    const key = await tx.selectFrom('cases').select('id_number_bidx').where('id', '=', input.caseId).executeTakeFirst();
    await sql`select pg_advisory_xact_lock(727276, hashtext(${key?.id_number_bidx ?? `case:${input.caseId}`}))`.execute(tx);
    const ctx = await loadContactContext(tx, pii, input.caseId, now);
    if (input.sourceRef) {
      const prior = await tx.selectFrom('contact_records').select(['id', 'case_id', 'status', 'decision', 'reasons', 'override_by'])
        .where('tenant_id', '=', 1).where('source', '=', input.source).where('source_ref', '=', input.sourceRef).executeTakeFirst();
      // the same key on another case is not a repeat of this attempt: refuse rather than answer with that case's record
      if (prior && prior.case_id !== input.caseId) throw new AppError('CONFLICT', `source reference already used for another case`, [{ field: 'sourceRef', reason: 'already used' }]);
      if (prior) {
        const decision: Decision = { decision: (prior.decision ?? 'allow') as Decision['decision'], reasons: prior.reasons, nextAllowedAt: null };
        return { recordId: prior.id, status: prior.status as AttemptOutcome['status'], decision, overridden: prior.override_by !== null, duplicate: true };
      }
    }
    if (input.addressId !== undefined) {
      const a = await tx.selectFrom('case_addresses').select('id').where('id', '=', input.addressId).where('case_id', '=', input.caseId).executeTakeFirst();
      if (!a) throw invalid(`address ${input.addressId} is not an address of case ${input.caseId}`, 'addressId');
    }
    const inbound = input.direction === 'inbound';
    const check: GateCheck = inbound ? { decision: ALLOW, ruleSet: { id: ctx.ruleSet.id, version: ctx.ruleSet.version } } : judge(ctx, input, now, pii);
    const blocked = check.decision.decision === 'block';
    const overridden = blocked && !!input.override;
    const status: AttemptOutcome['status'] = blocked && !overridden ? 'blocked' : (input.status ?? 'made');
    const code = input.resultCode ? await resultCode(tx, input.resultCode) : null;
    const at = input.at ?? now;
    const target = input.target ?? null;
    const rec = await tx.insertInto('contact_records').values({
      case_id: input.caseId, debtor_key: ctx.kase.debtorKey, at, channel: input.channel, direction: input.direction ?? 'outbound',
      phone_id: input.phoneId ?? check.phoneId ?? null, address_id: input.addressId ?? null,
      target: target === null ? null : pii.encrypt('contact_records.target', target), target_masked: target === null ? null : maskTarget(target),
      party: input.party ?? 'debtor', relation: input.relation ?? null, purpose: input.purpose ?? 'collection',
      action_code: input.actionCode ?? null, result_code: status === 'blocked' ? null : (input.resultCode ?? null),
      outcome: status === 'blocked' ? null : (code?.outcome ?? (status === 'queued' ? 'sent' : null)),
      note: input.note ?? null, duration_seconds: input.durationSeconds ?? null, next_follow_up_at: input.nextFollowUpAt ?? null,
      status, decision: inbound ? null : check.decision.decision, reasons: JSON.stringify(check.decision.reasons),
      rule_set: check.ruleSet.id, rule_set_version: check.ruleSet.version,
      override_by: overridden ? actor!.id : null, override_reason: overridden ? input.override!.reason.trim() : null,
      source: input.source, source_ref: input.sourceRef ?? null, created_by: actor?.id ?? null,
    }).returning('id').executeTakeFirstOrThrow();
    if (overridden) {
      await audit(tx, actor!.id, 'compliance.override', 'contact_record', String(rec.id), { caseId: input.caseId, ruleIds: check.decision.reasons.map((r) => r.ruleId), ruleSet: check.ruleSet });
    }
    if (status === 'made') await touchCase(tx, input.caseId, at, input.resultCode ?? null, input.nextFollowUpAt ?? null);
    return { recordId: rec.id, status, decision: check.decision, overridden, duplicate: false };
  };
  return db.isTransaction ? run(db as Transaction<DB>) : db.transaction().execute(run);
}

/** A 'queued' attempt was handed to its provider: record what happened (delivery receipts call this again). */
export async function completeContactAttempt(db: Kysely<DB>, recordId: number, r: { status: 'made' | 'failed'; resultCode?: string }): Promise<void> {
  const code = r.resultCode ? await resultCode(db, r.resultCode) : null;
  const row = await db.updateTable('contact_records')
    .set({ status: r.status, ...(r.resultCode ? { result_code: r.resultCode, outcome: code?.outcome ?? null } : {}), ...(r.status === 'failed' && !r.resultCode ? { outcome: 'failed', result_code: 'failed' } : {}) })
    .where('id', '=', recordId).where('status', 'in', ['queued', 'made', 'failed'])
    .returning(['case_id', 'at']).executeTakeFirst();
  if (!row) throw new AppError('INVALID_STATE', `contact record ${recordId} is not a sent message`);
  if (r.status === 'made') await touchCase(db, row.case_id, new Date(row.at), r.resultCode ?? null, null);
}

async function resultCode(db: Kysely<DB>, code: string) {
  const row = await db.selectFrom('contact_codes').select(['code', 'outcome', 'active']).where('tenant_id', '=', 1).where('kind', '=', 'result').where('code', '=', code).executeTakeFirst();
  if (!row || !row.active) throw invalid(`unknown result code "${code}"`, 'resultCode');
  return row;
}

/** Keep the case's work fields current: first/last contact, last result, next follow-up (a done follow-up is cleared). */
async function touchCase(db: Kysely<DB>, caseId: number, at: Date, resultCodeValue: string | null, nextFollowUpAt: Date | null) {
  await sql`update cases set
      first_contact_at = coalesce(first_contact_at, ${at}),
      last_contact_at = greatest(coalesce(last_contact_at, ${at}), ${at}),
      last_result_code = coalesce(${resultCodeValue}, last_result_code),
      next_follow_up_at = case when ${nextFollowUpAt}::timestamptz is not null then ${nextFollowUpAt}::timestamptz
                               when next_follow_up_at <= ${at} then null else next_follow_up_at end
    where id = ${caseId}`.execute(db);
}
