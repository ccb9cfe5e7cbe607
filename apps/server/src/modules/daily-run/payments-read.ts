/**
 * The one place the strategy engine reads payments. The `payments` table belongs to the payments
 * workstream (another migration); until it exists — or when its shape is not the one expected — this
 * answers null ("no payment data") instead of failing, and reports show recovery as unknown.
 * Expected: `payments(case_id bigint, amount bigint minor units, <date column>, status?)`, the date column
 * being the first of paid_on / paid_at / payment_date / received_at found; with a `status` column only
 * approved/confirmed/posted (or null) rows count.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

const DATE_COLUMNS = ['paid_on', 'paid_at', 'payment_date', 'received_at'];

/** Sum of payments per case with a payment date in [from, to] (calendar days), or null without payment data. */
export async function paymentsByCase(db: Kysely<DB>, caseIds: readonly number[], from: string, to: string): Promise<Map<number, number> | null> {
  const cols = (await sql<{ column_name: string }>`select column_name from information_schema.columns where table_name = 'payments' and table_schema = current_schema()`.execute(db)).rows.map((r) => r.column_name);
  const dateCol = DATE_COLUMNS.find((c) => cols.includes(c));
  if (!cols.includes('case_id') || !cols.includes('amount') || !dateCol) return null;
  const out = new Map<number, number>();
  if (caseIds.length === 0) return out;
  const statusOk = cols.includes('status') ? sql`and (p.status is null or p.status in ('approved', 'confirmed', 'posted', 'done'))` : sql``;
  const rows = await sql<{ case_id: number; total: number }>`select p.case_id, sum(p.amount)::bigint as total from payments p
    where p.case_id = any(${[...caseIds]}::bigint[]) and (p.${sql.ref(dateCol)})::date between ${from}::date and ${to}::date ${statusOk}
    group by p.case_id`.execute(db);
  for (const r of rows.rows) out.set(Number(r.case_id), Number(r.total));
  return out;
}
