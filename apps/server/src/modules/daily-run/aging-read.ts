/**
 * What ages a chunk of cases besides the case row (issue 6), read set-based — one query per source for
 * the whole chunk, never one per case: the installment schedules (0014 case_installments), the posted
 * payments up to the day (payments-read.ts) and the paused periods (case_events, 0001).
 *
 * Paused periods are derived, not stored: each 'pause' event starts one on its local calendar day (agency
 * zone) and the case's next status event ('resume', 'close', 'return') ends it the day before
 * (`pausesFromStatusChanges` in the domain). Events carry the status moved to in `data.to`.
 */
import { sql, type Kysely } from 'kysely';
import { pausesFromStatusChanges, type Installment, type Pause, type StatusChange } from '@recova/domain/aging/schedule';
import type { DB } from '../../db/schema.ts';
import { paidToDateByCase } from './payments-read.ts';

/** Status events that start or end a pause. */
export const STATUS_EVENT_TYPES = ['pause', 'resume', 'close', 'return'] as const;

/** Per case of the chunk: its schedule (due-date order), posted payments to date (minor units), its pauses up to the day. */
export interface AgingInputs {
  schedules: Map<number, Installment[]>;
  paidToDate: Map<number, number>;
  pauses: Map<number, Pause[]>;
}

/** Load the aging inputs of `caseIds` as of `day` (`YYYY-MM-DD`; `zone` the agency's IANA zone for event days). */
export async function loadAgingInputs(db: Kysely<DB>, caseIds: readonly number[], day: string, zone: string): Promise<AgingInputs> {
  const schedules = new Map<number, Installment[]>();
  const pauses = new Map<number, Pause[]>();
  if (caseIds.length === 0) return { schedules, paidToDate: new Map(), pauses };
  const ids = [...caseIds];
  const inst = await sql<{ case_id: number; due_date: string; amount: number; paid_before: number }>`select case_id, due_date, amount, paid_before
    from case_installments where case_id = any(${ids}::bigint[]) order by case_id, due_date, seq`.execute(db);
  for (const r of inst.rows) {
    const list = schedules.get(Number(r.case_id)) ?? [];
    list.push({ dueDate: r.due_date, amount: Number(r.amount), paidBefore: Number(r.paid_before) });
    schedules.set(Number(r.case_id), list);
  }
  const paidToDate = await paidToDateByCase(db, [...schedules.keys()], day);
  // only cases that were ever paused; events after the day do not exist yet as of the day
  const ev = await sql<{ case_id: number; day: string; to: string }>`select e.case_id, to_char((e.at at time zone ${zone})::date, 'YYYY-MM-DD') as day, coalesce(e.data->>'to', e.type) as to
    from case_events e where e.case_id = any(${ids}::bigint[]) and e.type in ('pause', 'resume', 'close', 'return')
      and (e.at at time zone ${zone})::date <= ${day}::date
      and exists (select 1 from case_events p where p.case_id = e.case_id and p.type = 'pause')
    order by e.case_id, e.at, e.id`.execute(db);
  const changes = new Map<number, StatusChange[]>();
  for (const r of ev.rows) {
    const list = changes.get(Number(r.case_id)) ?? [];
    list.push({ day: r.day, to: r.to });
    changes.set(Number(r.case_id), list);
  }
  for (const [id, list] of changes) pauses.set(id, pausesFromStatusChanges(list, day));
  return { schedules, paidToDate, pauses };
}
