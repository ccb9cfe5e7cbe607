/**
 * Promise status from payments (issue 5 point 4): re-evaluates stored promises with the domain rule
 * (ptp/promise-status.ts evaluatePromise) and stores status, paid amount, next due date and the day a
 * pending promise breaks. Runs after every payment post or reversal (for the cases concerned) and in
 * the daily refresh (`refreshPromises`, for every pending promise: time alone turns them broken).
 *
 * Grace: the larger of the promise's own `grace_days` and the client's `promise_grace_days` (the
 * client's setting is a floor). "Today" is the client's calendar date in its time zone.
 */
import type { Kysely } from 'kysely';
import { evaluatePromise, type PromiseStatus } from '@recova/domain/ptp/promise-status';
import type { PromiseItem } from '@recova/contracts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { fixedClock } from '../../platform/clock.ts';

interface PromiseRow {
  id: number; case_id: number; promised_on: string; status: string; grace_days: number; client_grace: number; timezone: string;
}

async function evaluateRows(db: Kysely<DB>, rows: PromiseRow[], clock: Clock): Promise<number> {
  if (!rows.length) return 0;
  const promiseIds = rows.map((r) => r.id);
  const caseIds = [...new Set(rows.map((r) => r.case_id))];
  const inst = await db.selectFrom('promise_installments').selectAll().where('promise_id', 'in', promiseIds).orderBy('promise_id').orderBy('seq').execute();
  const pays = await db.selectFrom('payments').select(['case_id', 'paid_on', 'amount']).where('case_id', 'in', caseIds).where('status', '=', 'posted').execute();
  let changed = 0;
  for (const p of rows) {
    const installments = inst.filter((i) => i.promise_id === p.id);
    if (!installments.length) continue;
    const grace = Math.max(p.grace_days, p.client_grace);
    const asOf = clock.today(p.timezone);
    const e = evaluatePromise(
      { promisedOn: p.promised_on, installments: installments.map((i) => ({ dueDate: i.due_date, amount: i.amount })) },
      pays.filter((x) => x.case_id === p.case_id).map((x) => ({ date: x.paid_on, amount: x.amount })),
      asOf,
      grace,
    );
    // evaluatePromise sorts installments by due date; match them back by due date and order
    const sorted = [...installments].sort((a, b) => (a.due_date < b.due_date ? -1 : a.due_date > b.due_date ? 1 : a.seq - b.seq));
    const open = e.installments.find((i) => i.status !== 'kept');
    await db
      .updateTable('promises')
      .set({
        status: e.status,
        paid_amount: e.paid,
        next_due_date: open?.dueDate ?? null,
        breaks_on: e.breaksOn,
        ...(e.status !== p.status && { status_changed_at: clock.now() }),
      })
      .where('id', '=', p.id)
      .execute();
    for (const [k, i] of sorted.entries()) {
      await db.updateTable('promise_installments').set({ paid: e.installments[k].paid, status: e.installments[k].status }).where('promise_id', '=', p.id).where('seq', '=', i.seq).execute();
    }
    if (e.status !== p.status) changed++;
  }
  return changed;
}

function promiseRows(db: Kysely<DB>) {
  return db
    .selectFrom('promises as p')
    .innerJoin('cases as c', 'c.id', 'p.case_id')
    .innerJoin('clients as cl', 'cl.id', 'c.client_id')
    .select(['p.id', 'p.case_id', 'p.promised_on', 'p.status', 'p.grace_days', 'cl.promise_grace_days as client_grace', 'cl.timezone'])
    .where('p.status', '<>', 'cancelled');
}

/** Re-evaluate every non-cancelled promise of the given cases (after a payment post or reversal). Returns how many changed status. */
export async function refreshPromisesForCases(db: Kysely<DB>, caseIds: readonly number[], clock: Clock): Promise<number> {
  if (!caseIds.length) return 0;
  return evaluateRows(db, await promiseRows(db).where('p.case_id', 'in', [...caseIds]).orderBy('p.id').execute(), clock);
}

/**
 * The daily refresh: every pending promise, as of the instant `asOf` (each client's own calendar date).
 * Call from the daily run (strategy/scheduler) with the context clock's now.
 */
export async function refreshPromises(db: Kysely<DB>, asOf: Date): Promise<{ evaluated: number; changed: number }> {
  const rows = await promiseRows(db).where('p.status', '=', 'pending').orderBy('p.id').execute();
  const changed = await db.transaction().execute((tx) => evaluateRows(tx, rows, fixedClock(asOf.toISOString())));
  return { evaluated: rows.length, changed };
}

/** Promises of one case (caller checks the case is in scope), newest first, with installments. */
export async function listPromises(db: Kysely<DB>, caseId: number): Promise<PromiseItem[]> {
  const rows = await db.selectFrom('promises').selectAll().where('case_id', '=', caseId).orderBy('id', 'desc').execute();
  const inst = rows.length ? await db.selectFrom('promise_installments').selectAll().where('promise_id', 'in', rows.map((r) => r.id)).orderBy('seq').execute() : [];
  return rows.map((p) => ({
    id: p.id,
    caseId: p.case_id,
    promisedOn: p.promised_on,
    amount: p.amount,
    currency: p.currency.trim(),
    status: p.status as PromiseStatus | 'cancelled',
    paid: p.paid_amount,
    nextDueDate: p.next_due_date,
    breaksOn: p.breaks_on,
    graceDays: p.grace_days,
    installments: inst.filter((i) => i.promise_id === p.id).map((i) => ({ seq: i.seq, dueDate: i.due_date, amount: i.amount, paid: i.paid, status: i.status })),
    createdAt: new Date(p.created_at).toISOString(),
  }));
}

