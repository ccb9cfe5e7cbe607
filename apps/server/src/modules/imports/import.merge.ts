/**
 * The commit step of an import: one transaction that merges the staged rows into cases and their
 * children, set-based. Either everything lands or nothing does (a killed process rolls back), and
 * re-importing the same file finds every case already there with the same row hash → "unchanged".
 */
import { sql, type Kysely } from 'kysely';
import type { ImportKind, ImportResult } from '@recova/contracts';
import type { DB } from '../../db/schema.ts';
import { BALANCE_COLUMNS, CASE_COLUMNS } from './import.staging.ts';
import { mergePayments } from '../payments/payments.import.ts';
import { mergeInstallments } from './import.installments.ts';

/** Blind-index and masked columns of `cases` that the sealed row's data carries next to the encrypted values. */
const PII_DERIVED_COLUMNS = ['id_number_bidx', 'id_number_masked', 'card_number_bidx', 'card_number_masked'];

const CHILD_SPECS = {
  contacts: {
    table: 'case_contacts',
    cols: 'seq int, name text, relation text, mobile text, work_phone text, home_phone text, employer text, address text',
    insert: 'seq, name, relation, mobile, work_phone, home_phone, employer, address',
    conflict: `(case_id, seq) do update set name = excluded.name, relation = excluded.relation, mobile = excluded.mobile,
      work_phone = excluded.work_phone, home_phone = excluded.home_phone, employer = excluded.employer, address = excluded.address`,
    key: 'seq',
  },
  phones: {
    table: 'case_phones',
    cols: 'owner text, contact_seq int, contact_name text, relation text, kind text, number text, number_bidx text, number_masked text',
    insert: 'owner, contact_seq, contact_name, relation, kind, number, number_bidx, number_masked, source_import_id',
    // one phone per case and number: the blind index stands for the (encrypted) number, ADR 0007
    conflict: '(case_id, number_bidx) do nothing',
    key: 'number_bidx',
  },
  addresses: {
    table: 'case_addresses',
    cols: 'owner text, contact_seq int, contact_name text, kind text, address text, address_bidx text, address_masked text',
    insert: 'owner, contact_seq, contact_name, kind, address, address_bidx, address_masked, source_import_id',
    conflict: '(case_id, kind, address_bidx) do nothing',
    key: 'address_bidx',
  },
  comments: {
    table: 'case_comments',
    cols: 'body text, body_hash text',
    insert: 'body, body_hash, import_id',
    conflict: '(case_id, body_hash) do nothing',
    key: 'body_hash',
  },
  records: {
    table: 'case_records',
    cols: 'at timestamp, channel text, target text, result text, note text, collector text, record_hash text',
    insert: 'at, channel, target, result, note, collector, record_hash, import_id',
    conflict: '(case_id, record_hash) do nothing',
    key: 'record_hash',
  },
} as const;

type Child = keyof typeof CHILD_SPECS;

/**
 * Reject rows that repeat an earlier row's case key within the same file (set-based, no memory
 * per row). Returns the number of rows rejected; their errors are written to import_errors.
 */
export async function rejectInFileDuplicates(db: Kysely<DB>, importId: number, firstSeq: number): Promise<number> {
  const r = await sql<{ n: number }>`with d as (
      select source_row, match_key, match_shown, first_value(source_row) over (partition by match_key order by source_row) as first_row
      from import_rows where import_id = ${importId} and match_key is not null
    ), dup as (select * from d where source_row <> first_row),
    errs as (
      insert into import_errors (import_id, seq, row_no, column_name, field, value, code, message)
      select ${importId}, ${firstSeq} + row_number() over (order by source_row), source_row, 'case key', 'client_case_ref',
        coalesce(match_shown, ''), 'DUPLICATE_IN_FILE',
        'same case as row ' || first_row || ' of this file (matched by ' || split_part(match_key, ':', 1) || ')'
      from dup returning 1
    ), del as (delete from import_rows s using dup where s.import_id = ${importId} and s.source_row = dup.source_row returning 1)
    select (select count(*) from del)::int as n`.execute(db);
  return r.rows[0].n;
}

/**
 * Find the existing case of each staged row: by reference, else card + placement date, else ID +
 * placement date — cards and IDs by blind index: first under the current key (an equality the planner
 * can hash-join), then under older keys of the ring while a rotation is half done.
 */
async function resolveCases(db: Kysely<DB>, importId: number, batchId: number): Promise<void> {
  await sql`update import_rows s set case_id = c.id from cases c
    where s.import_id = ${importId} and c.batch_id = ${batchId} and s.client_case_ref is not null and c.client_case_ref = s.client_case_ref`.execute(db);
  await sql`update import_rows s set case_id = c.id from cases c
    where s.import_id = ${importId} and s.case_id is null and c.batch_id = ${batchId} and s.card_bidxs is not null
      and c.card_number_bidx = s.card_bidxs[1] and c.placement_date = s.placement_date`.execute(db);
  await sql`update import_rows s set case_id = c.id from cases c
    where s.import_id = ${importId} and s.case_id is null and c.batch_id = ${batchId} and cardinality(s.card_bidxs) > 1
      and c.card_number_bidx = any(s.card_bidxs[2:]) and c.placement_date = s.placement_date`.execute(db);
  await sql`update import_rows s set case_id = c.id from cases c
    where s.import_id = ${importId} and s.case_id is null and c.batch_id = ${batchId} and s.id_bidxs is not null
      and c.id_number_bidx = s.id_bidxs[1] and c.placement_date = s.placement_date`.execute(db);
  await sql`update import_rows s set case_id = c.id from cases c
    where s.import_id = ${importId} and s.case_id is null and c.batch_id = ${batchId} and cardinality(s.id_bidxs) > 1
      and c.id_number_bidx = any(s.id_bidxs[2:]) and c.placement_date = s.placement_date`.execute(db);
}

/**
 * Insert a child list for the staged rows (only new and updated cases when `onlyChanged`). With
 * `count`, returns how many staged rows added at least one item (the result of a phones/addresses/…
 * file); without, 0 — a case file does not report its children, and skipping the `returning` join
 * saves a second pass over every child row.
 */
async function mergeChild(db: Kysely<DB>, importId: number, child: Child, onlyChanged: boolean, count: boolean): Promise<number> {
  const s = CHILD_SPECS[child];
  const values = s.insert
    .split(', ')
    .map((c) => (c === 'source_import_id' || c === 'import_id' ? `${importId}` : `x.${c}`))
    .join(', ');
  const source = sql`select s.source_row, s.case_id, x.* from import_rows s, jsonb_to_recordset(coalesce(s.children -> ${child}, '[]'::jsonb)) as x(${sql.raw(s.cols)})
      where s.import_id = ${importId} and s.case_id is not null ${sql.raw(onlyChanged ? "and s.outcome in ('new', 'updated')" : '')}`;
  if (!count) {
    await sql`insert into ${sql.raw(s.table)} (case_id, ${sql.raw(s.insert)}) select x.case_id, ${sql.raw(values)} from (${source}) x
      on conflict ${sql.raw(s.conflict)}`.execute(db);
    return 0;
  }
  const r = await sql<{ n: number }>`with x as (${source}), ins as (
      insert into ${sql.raw(s.table)} (case_id, ${sql.raw(s.insert)}) select x.case_id, ${sql.raw(values)} from x
      on conflict ${sql.raw(s.conflict)} returning case_id, ${sql.raw(s.key)}
    )
    select count(distinct x.source_row)::int as n from x join ins on ins.case_id = x.case_id and ins.${sql.raw(s.key)} is not distinct from x.${sql.raw(s.key)}`.execute(db);
  return r.rows[0].n;
}

const colList = (cols: readonly string[]) => sql.raw(cols.join(', '));

/**
 * Merge the staged rows of an import into the batch (call inside a transaction). Rows with no
 * matching case in an update import are rejected (CASE_NOT_FOUND) with errors numbered from `firstSeq`.
 */
export async function mergeImport(db: Kysely<DB>, p: { importId: number; batchId: number; clientId: number; kind: ImportKind; mappedColumns: string[]; firstSeq: number; now?: Date; userId?: number | null }): Promise<Omit<ImportResult, 'rows' | 'rejected'> & { notFound: number }> {
  const { importId, batchId, clientId, kind } = p;
  await resolveCases(db, importId, batchId);
  let imported = 0, updated = 0, unchanged = 0, notFound = 0;
  if (kind === 'cases') {
    await sql`update import_rows s set outcome = case when c.row_hash = s.row_hash then 'unchanged' else 'updated' end
      from cases c where s.import_id = ${importId} and c.id = s.case_id`.execute(db);
    // new case ids follow the file's row order (nextval over an already sorted subquery)
    await sql`with n as materialized (
        select q.source_row, nextval(pg_get_serial_sequence('cases', 'id')) as id
        from (select source_row from import_rows where import_id = ${importId} and case_id is null order by source_row) q
      )
      update import_rows s set case_id = n.id, outcome = 'new' from n
      where s.import_id = ${importId} and s.source_row = n.source_row`.execute(db);
    const insertCols = [...CASE_COLUMNS, 'commission_rate_bp', 'outstanding_amount', 'overdue_date_derived', 'custom', 'flags', ...PII_DERIVED_COLUMNS];
    await sql`insert into cases (id, client_id, batch_id, row_hash, created_import_id, last_import_id, ${colList(insertCols)})
      select s.case_id, ${clientId}, ${batchId}, s.row_hash, ${importId}, ${importId}, ${sql.raw(insertCols.map((c) => (c === 'custom' ? `coalesce(r.custom, '{}')` : c === 'flags' ? `coalesce(r.flags, '{}')` : c === 'overdue_date_derived' ? 'coalesce(r.overdue_date_derived, false)' : `r.${c}`)).join(', '))}
      from import_rows s, jsonb_populate_record(null::cases, s.data) r where s.import_id = ${importId} and s.outcome = 'new'`.execute(db);
    // Updates touch only what this file maps (plus what is derived from it), never other columns.
    const upd = [...new Set([...CASE_COLUMNS.filter((c) => p.mappedColumns.includes(c)), 'outstanding_amount', 'custom', 'flags', ...(p.mappedColumns.includes('client_dpd') ? ['overdue_date', 'overdue_date_derived'] : []), ...(p.mappedColumns.includes('commission_rate') ? ['commission_rate_bp'] : []), ...(p.mappedColumns.includes('id_number') ? ['id_number_bidx', 'id_number_masked'] : []), ...(p.mappedColumns.includes('card_number') ? ['card_number_bidx', 'card_number_masked'] : [])])];
    await sql`update cases c set ${sql.raw(upd.map((k) => `${k} = r.${k}`).join(', '))}, row_hash = s.row_hash, last_import_id = ${importId}, updated_at = now()
      from import_rows s, jsonb_populate_record(null::cases, s.data) r where s.import_id = ${importId} and s.outcome = 'updated' and c.id = s.case_id`.execute(db);
    for (const child of ['contacts', 'phones', 'addresses', 'comments'] as const) await mergeChild(db, importId, child, true, false);
    const counts = await sql<{ outcome: string; n: number }>`select outcome, count(*)::int as n from import_rows where import_id = ${importId} group by outcome`.execute(db);
    for (const c of counts.rows) {
      if (c.outcome === 'new') imported = c.n;
      else if (c.outcome === 'updated') updated = c.n;
      else unchanged = c.n;
    }
    await sql`insert into case_events (case_id, type, import_id) select case_id, 'import.' || outcome, ${importId} from import_rows where import_id = ${importId}`.execute(db);
    await sql`update batches set status = 'imported' where id = ${batchId} and status = 'not_imported'`.execute(db);
  } else {
    // the value shown is the row's case key as the duplicate check shows it (reference, or masked card / ID)
    const nf = await sql<{ n: number }>`with nf as (select source_row, match_shown from import_rows where import_id = ${importId} and case_id is null),
      errs as (insert into import_errors (import_id, seq, row_no, column_name, field, value, code, message)
        select ${importId}, ${p.firstSeq} + row_number() over (order by source_row), source_row, 'case key', 'client_case_ref', coalesce(match_shown, ''), 'CASE_NOT_FOUND',
          'no case in this batch matches the row''s case reference, card number or ID number with placement date' from nf returning 1)
      select (select count(*) from errs)::int as n`.execute(db);
    notFound = nf.rows[0].n;
    await sql`delete from import_rows where import_id = ${importId} and case_id is null`.execute(db);
    const total = (await sql<{ n: number }>`select count(*)::int as n from import_rows where import_id = ${importId}`.execute(db)).rows[0].n;
    if (kind === 'balances') {
      const cols = BALANCE_COLUMNS.filter((c) => p.mappedColumns.includes(c));
      if (cols.length) {
        const r = await sql<{ n: number }>`with u as (update cases c set ${sql.raw(cols.map((k) => `${k} = r.${k}`).join(', '))}, last_import_id = ${importId}, updated_at = now(),
            outstanding_amount = coalesce(r.placed_amount, r.overdue_amount, c.outstanding_amount)
          from import_rows s, jsonb_populate_record(null::cases, s.data) r
          where s.import_id = ${importId} and c.id = s.case_id and (${sql.raw(cols.map((k) => `c.${k}`).join(', '))}) is distinct from (${sql.raw(cols.map((k) => `r.${k}`).join(', '))})
          returning c.id) select count(*)::int as n from u`.execute(db);
        updated = r.rows[0].n;
      }
    } else if (kind === 'payments') {
      // repayment files (issue 5): new posted payments; already-known ones unchanged; conflicting references rejected
      const m = await mergePayments(db, { importId, clientId, firstSeq: p.firstSeq + notFound, now: p.now ?? new Date(), userId: p.userId ?? null });
      notFound += m.rejected;
      imported = m.imported;
      unchanged = m.unchanged;
    } else if (kind === 'installments') {
      // schedule files (issue 6): each named case's schedule is replaced; see import.installments.ts
      const m = await mergeInstallments(db, { importId, firstSeq: p.firstSeq + notFound });
      notFound += m.rejected;
      ({ imported, updated, unchanged } = m);
    } else {
      updated = await mergeChild(db, importId, kind as Child, false, true);
    }
    if (kind !== 'payments' && kind !== 'installments') unchanged = total - updated;
    await sql`insert into case_events (case_id, type, import_id, data) select distinct case_id, 'import.' || ${kind}::text, ${importId}::bigint, null::jsonb from import_rows where import_id = ${importId}`.execute(db);
  }
  return { imported, updated, unchanged, notFound };
}
