/**
 * Staging writes for imports: valid rows into `import_rows`, rejected cells into `import_errors`,
 * each chunk one statement with a single JSON parameter (fast on PGlite and PostgreSQL alike).
 */
import { sql, type Kysely } from 'kysely';
import type { RowError } from '@recova/domain/imports/types';
import type { DB } from '../../db/schema.ts';
import type { StagedRow } from './import.staging.ts';

export async function insertStaged(db: Kysely<DB>, importId: number, rows: StagedRow[]): Promise<void> {
  if (!rows.length) return;
  await sql`insert into import_rows (import_id, source_row, client_case_ref, card_number, id_number, placement_date, match_key, row_hash, data, children)
    select ${importId}::bigint, x.source_row, x.client_case_ref, x.card_number, x.id_number, x.placement_date, x.match_key, x.row_hash, x.data, x.children
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(source_row int, client_case_ref text, card_number text, id_number text,
      placement_date date, match_key text, row_hash text, data jsonb, children jsonb)`.execute(db);
}

export async function insertErrors(db: Kysely<DB>, importId: number, firstSeq: number, errors: RowError[]): Promise<void> {
  if (!errors.length) return;
  const rows = errors.map((e, i) => ({ seq: firstSeq + i, row_no: e.row, column_name: e.column, field: e.field, value: e.value.slice(0, 200), code: e.code, message: e.message }));
  await sql`insert into import_errors (import_id, seq, row_no, column_name, field, value, code, message)
    select ${importId}::bigint, x.seq, x.row_no, x.column_name, x.field, x.value, x.code, x.message
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(seq int, row_no int, column_name text, field text, value text, code text, message text)`.execute(db);
}

export async function clearStaging(db: Kysely<DB>, importId: number): Promise<void> {
  await db.deleteFrom('import_rows').where('import_id', '=', importId).execute();
}
