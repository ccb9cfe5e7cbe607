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
import { int8FromText } from '../../db/database.ts';
import { paidToDateByCase } from './payments-read.ts';

/** Status events that start or end a pause. */
export const STATUS_EVENT_TYPES = ['pause', 'resume', 'close', 'return'] as const;

/**
 * Per case of the chunk: its schedule — only the installments due before the day, in due-date order
 * (FIFO settles the oldest first, so later ones can neither be overdue nor change what the earlier ones
 * receive; a case whose every installment is still to come maps to an empty list) — its posted payments
 * to date (minor units) and its pauses up to the day. A case absent from `schedules` has no schedule.
 */
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
  // one row per case (a JSON list): on PGlite returning one row per installment costs ~4× as much
  const inst = await sql<{ case_id: number; s: unknown }>`select case_id,
      coalesce(json_agg(json_build_array(to_char(due_date, 'YYYY-MM-DD'), amount::text, paid_before::text) order by due_date, seq) filter (where due_date < ${day}::date), '[]'::json) as s
    from case_installments where case_id = any(${ids}::bigint[]) group by case_id`.execute(db);
  for (const r of inst.rows) {
    // amounts travel as int8 text inside the JSON, converted by the driver's one int8 conversion
    const list = (typeof r.s === 'string' ? JSON.parse(r.s) : r.s) as [string, string, string][];
    schedules.set(r.case_id, list.map(([dueDate, amount, paidBefore]) => ({ dueDate, amount: int8FromText(amount), paidBefore: int8FromText(paidBefore) })));
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
