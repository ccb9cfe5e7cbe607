/**
 * Staging writes for imports: valid rows into `import_rows`, rejected cells into `import_errors`,
 * each chunk one statement with a single JSON parameter (fast on PGlite and PostgreSQL alike).
 */
import { sql, type Kysely } from 'kysely';
import type { RowError } from '@recova/domain/imports/types';
import { maskFieldValue, piiKindOfField, scrubMessage } from '@recova/domain/identity/masks';
import type { DB } from '../../db/schema.ts';
import type { SealedRow } from './import.seal.ts';

/** Stage sealed rows (encrypted values, blind-index match keys: no plaintext identifiers, ADR 0007). */
export async function insertStaged(db: Kysely<DB>, importId: number, rows: SealedRow[]): Promise<void> {
  if (!rows.length) return;
  await sql`insert into import_rows (import_id, source_row, client_case_ref, card_bidxs, id_bidxs, placement_date, match_key, match_shown, row_hash, data, children)
    select ${importId}::bigint, x.source_row, x.client_case_ref, x.card_bidxs, x.id_bidxs, x.placement_date, x.match_key, x.match_shown, x.row_hash, x.data, x.children
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(source_row int, client_case_ref text, card_bidxs text[], id_bidxs text[],
      placement_date date, match_key text, match_shown text, row_hash text, data jsonb, children jsonb)`.execute(db);
}

/**
 * Store rejected cells. Values of personal fields are kept masked, and their messages lose the full
 * value (issue 3 point 4: full values never in error messages).
 */
export async function insertErrors(db: Kysely<DB>, importId: number, firstSeq: number, errors: RowError[]): Promise<void> {
  if (!errors.length) return;
  const rows = errors.map((e, i) => {
    const personal = piiKindOfField(e.field) !== null;
    // a non-personal column can still hold a full number (shifted columns): digit runs are masked there too
    const masked = personal ? maskFieldValue(e.field, e.value) : scrubMessage(e.value, '', '');
    return { seq: firstSeq + i, row_no: e.row, column_name: e.column, field: e.field, value: masked.slice(0, 200), code: e.code, message: scrubMessage(e.message, e.value, masked) };
  });
  await sql`insert into import_errors (import_id, seq, row_no, column_name, field, value, code, message)
    select ${importId}::bigint, x.seq, x.row_no, x.column_name, x.field, x.value, x.code, x.message
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(seq int, row_no int, column_name text, field text, value text, code text, message text)`.execute(db);
}

export async function clearStaging(db: Kysely<DB>, importId: number): Promise<void> {
  await db.deleteFrom('import_rows').where('import_id', '=', importId).execute();
}
