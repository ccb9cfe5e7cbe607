/**
 * Bring stored personal data to the current key (ADR 0007): encrypt plaintext values written before
 * encryption at rest (every start), or re-encrypt values under older keys and recompute their blind
 * indexes (`recova keys rotate`). Chunked by id with one UPDATE per chunk; idempotent and resumable,
 * because a row is picked only while one of its values is not yet in the target state.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { AppContext } from '../../http/context.ts';
import type { PiiCipher } from '../../platform/crypto.ts';
import { DERIVED, PII_COLUMNS, openColumn, sealColumns, type PiiTable } from './pii.ts';

const CHUNK = 1000;

/** `plaintext`: only values not yet encrypted; `rotate`: anything not under the current key. */
export type ResealMode = 'plaintext' | 'rotate';

function pendingCondition(cols: readonly string[], mode: ResealMode, current: string) {
  const pat = mode === 'plaintext' ? 'v1.%' : `v1.${current}.%`;
  return sql.join(cols.map((c) => sql`(${sql.ref(c)} is not null and ${sql.ref(c)} not like ${pat})`), sql` or `);
}

/** Re-seal one table; returns how many rows changed. */
export async function resealTable(db: Kysely<DB>, pii: PiiCipher, table: PiiTable, mode: ResealMode, onChunk?: (n: number) => void): Promise<number> {
  const cols = PII_COLUMNS[table];
  const derived = cols.flatMap((c) => {
    const d = DERIVED[`${table}.${c}`];
    return d ? [d.bidx, d.masked] : [];
  });
  const all = [...cols, ...derived];
  let after = 0;
  let total = 0;
  for (;;) {
    const rows = (
      await sql<Record<string, string | null> & { id: number }>`select id, ${sql.join(cols.map((c) => sql.ref(c)))} from ${sql.table(table)}
        where id > ${after} and (${pendingCondition(cols, mode, pii.current)}) order by id limit ${CHUNK}`.execute(db)
    ).rows;
    if (!rows.length) return total;
    after = Number(rows[rows.length - 1].id);
    const sealed = rows.map((r) => {
      const plain: Record<string, unknown> = {};
      for (const c of cols) plain[c] = openColumn(pii, table, c, r[c]);
      return { id: Number(r.id), ...sealColumns(pii, table, plain) };
    });
    await sql`update ${sql.table(table)} t set ${sql.join(all.map((c) => sql`${sql.ref(c)} = x.${sql.ref(c)}`))}
      from jsonb_to_recordset(${JSON.stringify(sealed)}::jsonb) as x(id bigint, ${sql.join(all.map((c) => sql`${sql.ref(c)} text`))})
      where t.id = x.id`.execute(db);
    total += rows.length;
    onChunk?.(total);
  }
}

/** Re-seal every personal-data table; returns rows changed per table. */
export async function resealAll(db: Kysely<DB>, pii: PiiCipher, mode: ResealMode, onChunk?: (table: string, n: number) => void): Promise<Record<PiiTable, number>> {
  const out = {} as Record<PiiTable, number>;
  for (const t of Object.keys(PII_COLUMNS) as PiiTable[]) out[t] = await resealTable(db, pii, t, mode, (n) => onChunk?.(t, n));
  return out;
}

/** Encrypt personal data stored before migration 0005 (run at every start; a no-op once done). Returns rows changed. */
export async function encryptLegacyPlaintext(ctx: AppContext): Promise<number> {
  const r = await resealAll(ctx.db, ctx.pii, 'plaintext');
  return Object.values(r).reduce((a, b) => a + b, 0);
}

/** How many stored values each key (or `plaintext`) holds, per `table.column`. */
export async function countByKey(db: Kysely<DB>): Promise<{ column: string; key: string; values: number }[]> {
  const out: { column: string; key: string; values: number }[] = [];
  for (const [table, cols] of Object.entries(PII_COLUMNS)) {
    for (const c of cols) {
      const r = await sql<{ key: string; n: number }>`select case when ${sql.ref(c)} like 'v1.%' then split_part(${sql.ref(c)}, '.', 2) else 'plaintext' end as key, count(*)::int as n
        from ${sql.table(table)} where ${sql.ref(c)} is not null group by 1 order by 1`.execute(db);
      for (const x of r.rows) out.push({ column: `${table}.${c}`, key: x.key, values: x.n });
    }
  }
  return out;
}

/** Staged import rows (an import in flight): their values may be under the old key, so rotation must wait for them. */
export async function stagedRows(db: Kysely<DB>): Promise<number> {
  return (await sql<{ n: number }>`select count(*)::int as n from import_rows`.execute(db)).rows[0].n;
}

/**
 * Refuse to start with a key ring that cannot read the stored data (e.g. RECOVA_DATA_KEY set on a
 * folder encrypted with keys.json): the newest value of every encrypted column must be under a key of
 * the ring. Without this check the server ran, searches quietly found nothing and reveals failed with
 * 500 (found by a fresh-user check). Reads one row per column.
 */
export async function assertKeyringReadsData(db: Kysely<DB>, pii: PiiCipher): Promise<void> {
  for (const [table, cols] of Object.entries(PII_COLUMNS)) {
    for (const c of cols) {
      const row = (await sql<{ v: string }>`select ${sql.ref(c)} as v from ${sql.table(table)} where ${sql.ref(c)} like 'v1.%' order by id desc limit 1`.execute(db)).rows[0];
      const keyId = row?.v.split('.')[1];
      if (keyId && !pii.keyIds.includes(keyId)) {
        throw new Error(`the data is encrypted with key ${keyId}, which the key ring (${pii.keyIds.join(', ')}) does not hold: check RECOVA_KEY_FILE / RECOVA_DATA_KEY / <data dir>/keys.json`);
      }
    }
  }
}
