/**
 * The merge step of an installment-schedule import (kind `installments`, issue 6): the staged rows whose
 * case was found become that case's schedule in `case_installments` (0014). Runs set-based inside the
 * import's merge transaction.
 *
 * Rules:
 * - A file carries the whole schedule of every case it names: a re-import replaces it — installments of
 *   those cases whose number is not in the file are removed, the others inserted or updated in place
 *   (unique per case and number, so nothing is ever doubled). Cases the file does not name keep theirs.
 * - Row outcome: `imported` = an installment number the case did not have, `updated` = one whose due
 *   date, amount or paid amount changed, `unchanged` = identical (re-importing the same file is all
 *   unchanged).
 * - Rejected rows (with row, column, value, code, message): the same installment number of the same
 *   case twice in the file (DUPLICATE_IN_FILE, the later row); a currency other than the case's
 *   (CURRENCY_INVALID). A rejected row leaves the case's stored installment of that number as it was, and a file
 *   with any rejected row removes no installment (it adds and updates only).
 */
import { sql, type Kysely } from 'kysely';
import { INSTALLMENT_FIELDS } from '@recova/domain/imports/fields';
import type { DB } from '../../db/schema.ts';

const label = (key: string) => INSTALLMENT_FIELDS.find((f) => f.key === key)!.label;

/** Merge the staged installment rows of an import (after cases are resolved). Errors are numbered from `firstSeq` + 1. */
export async function mergeInstallments(db: Kysely<DB>, p: { importId: number; firstSeq: number }): Promise<{ imported: number; updated: number; unchanged: number; rejected: number }> {
  const { importId } = p;
  // rejections: a repeated (case, number) after its first row; a currency other than the case's
  const rej = await sql<{ n: number }>`with d as (
      select s.source_row, s.data->>'seq' as seq, s.data->>'currency' as cur, c.currency as case_cur,
        first_value(s.source_row) over (partition by s.case_id, (s.data->>'seq')::int order by s.source_row) as first_row
      from import_rows s join cases c on c.id = s.case_id where s.import_id = ${importId}
    ), bad as (
      select source_row, ${label('installment_no')}::text as column_name, 'installment_no' as field, seq as value, 'DUPLICATE_IN_FILE' as code,
        'installment ' || seq || ' of this case is already on row ' || first_row || ' of this file' as message
      from d where source_row <> first_row
      union all
      select source_row, '币种', 'currency', cur, 'CURRENCY_INVALID', 'installment currency ' || cur || ' differs from the case''s ' || trim(case_cur)
      from d where source_row = first_row and cur is not null and cur <> trim(case_cur)
    ), errs as (
      insert into import_errors (import_id, seq, row_no, column_name, field, value, code, message)
      select ${importId}, ${p.firstSeq} + row_number() over (order by source_row), source_row, column_name, field, value, code, message from bad returning 1
    ), del as (delete from import_rows s using bad where s.import_id = ${importId} and s.source_row = bad.source_row returning 1)
    select (select count(*) from errs)::int as n`.execute(db);
  const x = sql`select s.source_row, s.case_id, (s.data->>'seq')::int as seq, (s.data->>'due_date')::date as due_date, (s.data->>'amount')::bigint as amount,
      coalesce((s.data->>'paid_before')::bigint, 0) as paid_before from import_rows s where s.import_id = ${importId}`;
  const counts = await sql<{ imported: number; updated: number; unchanged: number }>`with x as (${x})
    select count(*) filter (where i.id is null)::int as imported,
      count(*) filter (where i.id is not null and (i.due_date, i.amount, i.paid_before) is distinct from (x.due_date, x.amount, x.paid_before))::int as updated,
      count(*) filter (where i.id is not null and (i.due_date, i.amount, i.paid_before) is not distinct from (x.due_date, x.amount, x.paid_before))::int as unchanged
    from x left join case_installments i on i.case_id = x.case_id and i.seq = x.seq`.execute(db);
  // replace: drop the numbers the file no longer lists for the cases it names — only when no row of the file was
  // rejected (here or earlier: `firstSeq` > 0): a rejected row must leave the stored installment as it was, and a
  // half-valid schedule file must not cut a schedule short (the wrong DPD and overdue amount would follow)
  if (p.firstSeq === 0 && rej.rows[0].n === 0) await sql`delete from case_installments i where i.case_id in (select distinct case_id from import_rows where import_id = ${importId})
    and not exists (select 1 from import_rows s where s.import_id = ${importId} and s.case_id = i.case_id and (s.data->>'seq')::int = i.seq)`.execute(db);
  await sql`insert into case_installments (case_id, seq, due_date, amount, paid_before, currency, import_id, source_row)
    select x.case_id, x.seq, x.due_date, x.amount, x.paid_before, c.currency, ${importId}, x.source_row from (${x}) x join cases c on c.id = x.case_id
    on conflict (case_id, seq) do update set due_date = excluded.due_date, amount = excluded.amount, paid_before = excluded.paid_before,
      currency = excluded.currency, import_id = excluded.import_id, source_row = excluded.source_row
    where (case_installments.due_date, case_installments.amount, case_installments.paid_before) is distinct from (excluded.due_date, excluded.amount, excluded.paid_before)`.execute(db);
  return { ...counts.rows[0], rejected: rej.rows[0].n };
}
