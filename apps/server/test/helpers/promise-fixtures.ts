/**
 * Promises for payment/queue tests, inserted as rows (promises + promise_installments, 0008): the
 * contacts workstream owns creating them through the API; these tests only need them to exist.
 */
import type { AppContext } from '../../src/http/context.ts';
import type { Clock } from '../../src/platform/clock.ts';
import { DateTime } from 'luxon';

export async function insertPromise(
  ctx: AppContext,
  caseId: number,
  p: { promisedOn: string; installments: { dueDate: string; amount: number }[]; graceDays?: number; createdBy?: number | null; createdAt?: Date },
): Promise<number> {
  const total = p.installments.reduce((a, i) => a + i.amount, 0);
  const row = await ctx.db
    .insertInto('promises')
    .values({ case_id: caseId, promised_on: p.promisedOn, amount: total, grace_days: p.graceDays ?? 0, next_due_date: p.installments[0].dueDate, created_by: p.createdBy ?? null, ...(p.createdAt && { created_at: p.createdAt }) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.db.insertInto('promise_installments').values(p.installments.map((i, k) => ({ promise_id: row.id, seq: k + 1, due_date: i.dueDate, amount: i.amount }))).execute();
  return row.id;
}

/** A clock the test moves (`set`), for boundary dates. */
export function movableClock(iso: string): Clock & { set(iso: string): void } {
  let at = new Date(iso);
  return {
    now: () => new Date(at),
    today: (zone) => DateTime.fromJSDate(at).setZone(zone).toISODate()!,
    set(next: string) {
      at = new Date(next);
    },
  };
}
