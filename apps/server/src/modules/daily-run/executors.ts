/**
 * Executors of strategy actions (the outbox rows of `strategy_actions`). Direct actions change the
 * case and mark the action done in one transaction (a crash leaves them pending, never half done):
 * - set_priority → cases.priority; move_to_team → cases.queue_team_id;
 * - set_flag → an open case_flags row (set_by null = the system) unless the case has it open already;
 * - schedule_followup → cases.next_follow_up_at = run day + N days at 09:00 agency time;
 * - request_visit / refer_legal → a case_events row ('strategy.visit_requested' / 'strategy.legal_referral')
 *   for the visit and legal queues to pick up.
 * Message actions (send_sms, send_email, generate_letter) go through the compliance gate
 * (`attemptContact`, source 'strategy', sourceRef = the action's idempotency key, status 'queued'):
 * blocked → the action is 'blocked' with the gate's reasons and nothing is sent; otherwise the
 * dispatcher sends it, unless the gate's row is no longer 'queued' (sent before a crash).
 */
import { sql, type Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { Action } from '@recova/domain/strategy/strategy';
import { MESSAGE_CHANNEL, type ActionType } from '@recova/domain/strategy/actions';
import type { DB } from '../../db/schema.ts';
import type { AppContext } from '../../http/context.ts';
import type { AttemptContact, MessageDispatcher } from './ports.ts';

export interface PendingAction { id: number; case_id: number; action: Action; idempotency_key: string; run_day: string }
export interface ExecDeps { attemptContact: AttemptContact | null; dispatcher: MessageDispatcher | null }
type Result = { status: 'done' | 'blocked' | 'failed' | 'pending'; reasons?: unknown[]; recordId?: number | null };

/** Hour (agency time) at which follow-ups are scheduled and message sends are planned. */
export const WORK_START_HOUR = 9;

/** The instant `day` + `plusDays` at WORK_START_HOUR in `zone`. */
export function workStart(day: string, zone: string, plusDays = 0): Date {
  return DateTime.fromISO(day, { zone }).plus({ days: plusDays }).set({ hour: WORK_START_HOUR }).toJSDate();
}

async function markDone(db: Kysely<DB>, id: number, r: Result, now: Date) {
  await db.updateTable('strategy_actions').set({ status: r.status, reasons: JSON.stringify(r.reasons ?? []) as never, contact_record_id: r.recordId ?? null, done_at: r.status === 'pending' ? null : now })
    .where('id', '=', id).where('status', '=', 'pending').execute();
}

async function direct(tx: Kysely<DB>, ctx: AppContext, a: PendingAction, now: Date): Promise<void> {
  const act = a.action;
  const at = tx.updateTable('cases').where('id', '=', a.case_id);
  switch (act.type) {
    case 'set_priority': await at.set({ priority: act.priority, updated_at: now }).execute(); return;
    case 'move_to_team': await at.set({ queue_team_id: act.teamId, updated_at: now }).execute(); return;
    case 'schedule_followup': await at.set({ next_follow_up_at: workStart(a.run_day, ctx.config.timezone, act.inDays), updated_at: now }).execute(); return;
    case 'set_flag':
      await sql`insert into case_flags (case_id, flag, note, set_by, set_at)
        select ${a.case_id}, ${act.flag}, ${`strategy ${a.idempotency_key}`}, null, ${now}
        where not exists (select 1 from case_flags f where f.case_id = ${a.case_id} and f.flag = ${act.flag} and f.cleared_at is null)`.execute(tx);
      return;
    case 'request_visit': case 'refer_legal':
      await tx.insertInto('case_events').values({ case_id: a.case_id, type: act.type === 'request_visit' ? 'strategy.visit_requested' : 'strategy.legal_referral', reason: a.idempotency_key, data: JSON.stringify({ key: a.idempotency_key }), at: now }).execute();
      return;
  }
  throw new Error(`not a direct action: ${act.type}`);
}

/**
 * Execute one pending action. Returns its new status ('pending' when no dispatcher is configured:
 * message actions wait for one and nothing is written). Never throws for a failed send: the action
 * is marked 'failed' with the error message.
 */
export async function executeAction(ctx: AppContext, a: PendingAction, deps: ExecDeps): Promise<Result['status']> {
  const now = ctx.clock.now();
  const channel = MESSAGE_CHANNEL[a.action.type as ActionType];
  if (!channel) {
    await ctx.db.transaction().execute(async (tx) => {
      await direct(tx, ctx, a, now);
      await markDone(tx, a.id, { status: 'done' }, now);
    });
    return 'done';
  }
  if (!deps.attemptContact || !deps.dispatcher) return 'pending';
  const template = (a.action as { template: string }).template;
  const plannedAt = new Date(Math.max(now.getTime(), workStart(a.run_day, ctx.config.timezone).getTime()));
  const outcome = await deps.attemptContact(ctx.db, ctx.pii, null, {
    caseId: a.case_id, channel, at: plannedAt, purpose: 'collection', disclosesDebt: true, actionCode: channel, source: 'strategy', sourceRef: a.idempotency_key, status: 'queued',
  }, now);
  let r: Result;
  if (outcome.status === 'blocked') r = { status: 'blocked', reasons: outcome.decision.reasons, recordId: outcome.recordId };
  else {
    const still = await ctx.db.selectFrom('contact_records').select('status').where('id', '=', outcome.recordId).executeTakeFirst();
    if (outcome.duplicate && still?.status !== 'queued') r = { status: still?.status === 'failed' ? 'failed' : 'done', recordId: outcome.recordId, reasons: [] };
    else {
      try {
        await deps.dispatcher.send(outcome.recordId, channel, template, a.case_id);
        r = { status: 'done', recordId: outcome.recordId, reasons: outcome.decision.reasons };
      } catch (e) {
        r = { status: 'failed', recordId: outcome.recordId, reasons: [{ ruleId: 'dispatch', message: (e as Error).message, source: 'dispatcher' }] };
      }
    }
  }
  await markDone(ctx.db, a.id, r, now);
  return r.status;
}

/**
 * Execute every pending direct action of the day set-based (one statement per action type, all in one
 * transaction: done together or not at all) — what lets a run over a million cases finish in minutes.
 * Same effects as {@link executeAction}; returns how many actions were done.
 */
const DIRECT_TYPES = ['set_priority', 'move_to_team', 'schedule_followup', 'set_flag', 'request_visit', 'refer_legal'];
export async function executeDirectActions(ctx: AppContext, day: string): Promise<number> {
  const now = ctx.clock.now();
  const zone = ctx.config.timezone;
  const take = (type: string) => sql`update strategy_actions set status = 'done', done_at = ${now}, reasons = '[]'
    where run_day = ${day} and status = 'pending' and action_type = ${type} returning id, case_id, action, idempotency_key`;
  return ctx.db.transaction().execute(async (tx) => {
    const pending = await tx.selectFrom('strategy_actions').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('run_day', '=', day).where('status', '=', 'pending').where('action_type', 'in', DIRECT_TYPES).executeTakeFirstOrThrow();
    if (Number(pending.n) === 0) return 0;
    await Promise.all([
      sql`with a as (${take('set_priority')}) update cases k set priority = (a.action->>'priority')::int, updated_at = ${now} from a where k.id = a.case_id returning k.id`.execute(tx),
      sql`with a as (${take('move_to_team')}) update cases k set queue_team_id = (a.action->>'teamId')::bigint, updated_at = ${now} from a where k.id = a.case_id returning k.id`.execute(tx),
      sql`with a as (${take('schedule_followup')}) update cases k set next_follow_up_at = ((${day}::date + (a.action->>'inDays')::int) + make_time(${WORK_START_HOUR}, 0, 0)) at time zone ${zone}, updated_at = ${now}
        from a where k.id = a.case_id returning k.id`.execute(tx),
      sql`with a as (${take('set_flag')}) insert into case_flags (case_id, flag, note, set_by, set_at)
        select distinct on (a.case_id, a.action->>'flag') a.case_id, a.action->>'flag', 'strategy ' || a.idempotency_key, null::bigint, ${now}::timestamptz from a
        where not exists (select 1 from case_flags f where f.case_id = a.case_id and f.flag = a.action->>'flag' and f.cleared_at is null) returning id`.execute(tx),
      sql`with a as (${take('request_visit')}) insert into case_events (case_id, type, reason, data, at)
        select a.case_id, 'strategy.visit_requested', a.idempotency_key, jsonb_build_object('key', a.idempotency_key), ${now}::timestamptz from a returning id`.execute(tx),
      sql`with a as (${take('refer_legal')}) insert into case_events (case_id, type, reason, data, at)
        select a.case_id, 'strategy.legal_referral', a.idempotency_key, jsonb_build_object('key', a.idempotency_key), ${now}::timestamptz from a returning id`.execute(tx),
    ]);
    return Number(pending.n);
  });
}
