/**
 * What a result code does, in the transaction that records the contact (issue 5 point 3: "result codes
 * update phone status … and case state"):
 * - `phone_status` (e.g. wrong number, suspended, not in service → `invalid`; a conversation → `valid`)
 *   on the phone the record names;
 * - `sets_flag` → a case_flags row with who and when; cease, dispute, deceased and bankruptcy belong to
 *   the person (every case with the same ID number) when the case has one;
 * - a promise to pay → `promises` + `promise_installments`, status from domain `evaluatePromise`
 *   (no payments yet: `pending`, with the day it breaks if unpaid).
 */
import type { Kysely } from 'kysely';
import { CONTACT_SETTING_DEFAULTS, PERSON_LEVEL_FLAGS, type ContactCodeItem, type ContactFlag, type PromiseInputT } from '@recova/contracts';
import { evaluatePromise } from '@recova/domain/ptp/promise-status';
import { addDays } from '@recova/domain/time/dates';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { insertFlag } from './flags.service.ts';

/** A whole-number contact setting from `settings` (key in CONTACT_SETTING_DEFAULTS), else its default. */
export async function contactSetting(db: Kysely<DB>, key: keyof typeof CONTACT_SETTING_DEFAULTS): Promise<number> {
  const row = await db.selectFrom('settings').select('value').where('tenant_id', '=', 1).where('key', '=', key).executeTakeFirst();
  const v = row?.value;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : CONTACT_SETTING_DEFAULTS[key];
}

export interface EffectInput {
  recordId: number;
  caseId: number;
  debtorKey: string | null;
  currency: string;
  phoneId: number | null;
  code: ContactCodeItem;
  promise?: PromiseInputT;
  /** the local date the promise was made (`YYYY-MM-DD`, system zone) */
  today: string;
}

export interface EffectResult {
  phoneStatus: string | null;
  flagId: number | null;
  promiseId: number | null;
}

/** Apply the result code's effects; `db` is the recording transaction. */
export async function applyResultEffects(db: Kysely<DB>, actor: Actor | null, e: EffectInput, now: Date): Promise<EffectResult> {
  const out: EffectResult = { phoneStatus: null, flagId: null, promiseId: null };
  if (e.code.phoneStatus && e.phoneId) {
    await db.updateTable('case_phones').set({ status: e.code.phoneStatus }).where('id', '=', e.phoneId).where('case_id', '=', e.caseId).execute();
    out.phoneStatus = e.code.phoneStatus;
  }
  if (e.code.setsFlag) {
    const flag = e.code.setsFlag as ContactFlag;
    const person = PERSON_LEVEL_FLAGS.includes(flag) && !!e.debtorKey;
    out.flagId = await insertFlag(db, actor, { caseId: e.caseId, debtorKey: person ? e.debtorKey : null, flag, note: `#${e.recordId} ${e.code.code}`, via: 'contact_record', recordId: e.recordId }, now);
  }
  if (e.promise) out.promiseId = await insertPromise(db, actor, e, e.promise);
  return out;
}

/** How far ahead a promised date may be: 5 years (a 60-month installment plan). */
export const MAX_PROMISE_DAYS = 1830;

/**
 * Installments of a promise input, sorted by due date. VALIDATION_FAILED when a date is before today or more than MAX_PROMISE_DAYS ahead, when
 * two installments share a due date (the kept/broken judgement is per date), or when the promised total
 * exceeds `outstanding` (fen; the case's current balance, kept by the payments ledger) — a promise above
 * what is owed is almost always a typed extra digit, and it would make the PTP and kept-rate reports lie.
 * `outstanding` null (unknown balance) skips that bound.
 */
export function promisePlan(p: PromiseInputT, today: string, outstanding: number | null = null): { dueDate: string; amount: number }[] {
  const plan = ('installments' in p ? p.installments : [{ dueDate: p.dueDate, amount: p.amount }]).slice().sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));
  const field = (i: number, k: string) => ('installments' in p ? `promise.installments.${i}.${k}` : `promise.${k}`);
  for (const [i, x] of plan.entries()) {
    if (x.dueDate < today) throw new AppError('VALIDATION_FAILED', 'a promised date cannot be in the past', [{ field: field(i, 'dueDate'), reason: 'before today' }]);
    // a date years ahead never breaks, which keeps the case out of the broken-promise queue for good
    if (x.dueDate > addDays(today, MAX_PROMISE_DAYS)) throw new AppError('VALIDATION_FAILED', `a promised date can be at most ${MAX_PROMISE_DAYS} days ahead`, [{ field: field(i, 'dueDate'), reason: 'too far ahead' }]);
    if (i > 0 && plan[i - 1]!.dueDate === x.dueDate) throw new AppError('VALIDATION_FAILED', 'two installments share a due date', [{ field: field(i, 'dueDate'), reason: `duplicate due date ${x.dueDate}` }]);
  }
  const total = plan.reduce((sum, x) => sum + x.amount, 0);
  if (outstanding !== null && total > outstanding) {
    throw new AppError('VALIDATION_FAILED', 'the promised amount exceeds the outstanding balance', [{ field: 'installments' in p ? 'promise.installments' : 'promise.amount', reason: `promised ${total} > outstanding ${outstanding} (minor units)` }]);
  }
  return plan;
}

/**
 * A follow-up time must be a real plan: not more than a day in the past (a late entry for a call made
 * earlier) and not more than 366 days ahead. `1900-01-01` would put the case at the head of every queue
 * for ever ("follow-ups due"), `2999` would hide it. VALIDATION_FAILED on `nextFollowUpAt` otherwise.
 */
export function followUpInRange(at: Date, now: Date): void {
  const day = 86_400_000;
  if (at.getTime() < now.getTime() - day || at.getTime() > now.getTime() + 366 * day) {
    throw new AppError('VALIDATION_FAILED', 'the follow-up time must be between yesterday and a year from now', [{ field: 'nextFollowUpAt', reason: 'out of range' }]);
  }
}

async function insertPromise(db: Kysely<DB>, actor: Actor | null, e: EffectInput, p: PromiseInputT): Promise<number> {
  const plan = promisePlan(p, e.today);
  const grace = p.graceDays ?? (await contactSetting(db, 'promiseGraceDays'));
  const ev = evaluatePromise({ promisedOn: e.today, installments: plan }, [], e.today, grace);
  const row = await db
    .insertInto('promises')
    .values({
      case_id: e.caseId, contact_record_id: e.recordId, promised_on: e.today, amount: ev.promised, currency: e.currency, grace_days: grace,
      status: ev.status, paid_amount: ev.paid, next_due_date: ev.installments.find((i) => i.status === 'pending')?.dueDate ?? null, breaks_on: ev.breaksOn,
      created_by: actor?.id ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('promise_installments').values(ev.installments.map((i, n) => ({ promise_id: row.id, seq: n + 1, due_date: i.dueDate, amount: i.amount, paid: i.paid, status: i.status }))).execute();
  return row.id;
}
