/**
 * The one place the strategy engine reads payments (0010_payments.sql): posted payments per case with a
 * payment date in [from, to] (calendar days). Pending, rejected and reversed payments recover nothing.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/** Sum (minor units) of posted payments per case paid in [from, to]; cases without payments are absent. */
export async function paymentsByCase(db: Kysely<DB>, caseIds: readonly number[], from: string, to: string): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (caseIds.length === 0) return out;
  const rows = await sql<{ case_id: number; total: number }>`select p.case_id, sum(p.amount)::bigint as total from payments p
    where p.case_id = any(${[...caseIds]}::bigint[]) and p.paid_on between ${from}::date and ${to}::date and p.status = 'posted'
    group by p.case_id`.execute(db);
  for (const r of rows.rows) out.set(Number(r.case_id), Number(r.total));
  return out;
}

/**
 * Sum (minor units) of posted payments per case paid on or before `day` — what settles a schedule as of
 * that day (the domain settles it FIFO; only the total matters). Cases without payments are absent.
 */
export async function paidToDateByCase(db: Kysely<DB>, caseIds: readonly number[], day: string): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (caseIds.length === 0) return out;
  const rows = await sql<{ case_id: number; total: number }>`select p.case_id, sum(p.amount)::bigint as total from payments p
    where p.case_id = any(${[...caseIds]}::bigint[]) and p.paid_on <= ${day}::date and p.status = 'posted'
    group by p.case_id`.execute(db);
  for (const r of rows.rows) out.set(Number(r.case_id), Number(r.total));
  return out;
}
