/**
 * Staging writes for imports: valid rows into `import_rows`, rejected cells into `import_errors`,
 * each chunk one statement (a COPY for the rows, a single JSON parameter for the errors).
 */
import { sql, type Kysely } from 'kysely';
import type { RowError } from '@recova/domain/imports/types';
import { maskFieldValue, piiKindOfField, scrubMessage } from '@recova/domain/identity/masks';
import type { DB } from '../../db/schema.ts';
import type { Database } from '../../db/database.ts';
import type { SealedRow } from './import.seal.ts';

/** One value in PostgreSQL's COPY text format: backslash, tab, line feed and carriage return escaped; null as \N. */
function copyValue(v: string | number | null): string {
  if (v === null) return '\\N';
  return typeof v === 'number' ? String(v) : v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** A text[] literal of blind indexes (hex digits only, so nothing to quote). */
const copyArray = (a: string[] | null) => (a ? `{${a.join(',')}}` : '\\N');

/** The COPY text (one line per row) of sealed rows; exported for its test. */
export function stagedCopyText(importId: number, rows: SealedRow[]): string {
  let out = '';
  for (const r of rows) {
    out +=
      [importId, r.source_row, copyValue(r.client_case_ref), copyArray(r.card_bidxs), copyArray(r.id_bidxs), copyValue(r.placement_date), copyValue(r.match_key), copyValue(r.match_shown), copyValue(r.row_hash), copyValue(JSON.stringify(r.data)), copyValue(JSON.stringify(r.children))].join('\t') + '\n';
  }
  return out;
}

/**
 * Stage sealed rows (encrypted values, blind-index match keys: no plaintext identifiers, ADR 0007)
 * with one COPY per chunk — PostgreSQL parses each value once, where a JSON parameter spread by
 * `jsonb_to_recordset` was parsed as one document and then again per column.
 */
export async function insertStaged(database: Database, importId: number, rows: SealedRow[]): Promise<void> {
  if (!rows.length) return;
  await database.copyFrom(
    'copy import_rows (import_id, source_row, client_case_ref, card_bidxs, id_bidxs, placement_date, match_key, match_shown, row_hash, data, children) from stdin',
    stagedCopyText(importId, rows),
  );
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
