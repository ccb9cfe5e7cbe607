/**
 * The merge step of a repayment-file import (kind `payments`, issue 5 point 5): staged rows whose case
 * was found become posted payments (the client's own statement needs no approval). Idempotent: a row
 * whose reference the client already has — same case, amount and date — is "unchanged"; the same
 * reference with other details is rejected (DUPLICATE_PAYMENT, with row, column and value). A row
 * without a reference is recognised by a hash of case, date, amount, channel and its occurrence in
 * the file, so re-importing the same file creates nothing. Runs inside the import's merge transaction.
 */
import crypto from 'node:crypto';
import { sql, type Insertable, type Kysely } from 'kysely';
import { PAYMENT_FIELDS } from '@recova/domain/imports/fields';
import type { DB, PaymentsTable } from '../../db/schema.ts';
import type { AppContext } from '../../http/context.ts';
import { afterPaymentChange } from './payments.service.ts';

interface Staged { source_row: number; case_id: number; client_id: number; case_currency: string; data: { amount: number; paid_on: string; channel: string | null; reference: string | null; currency: string | null } }
const label = (key: string) => PAYMENT_FIELDS.find((f) => f.key === key)!.label;

export async function mergePayments(db: Kysely<DB>, p: { importId: number; clientId: number; firstSeq: number; now: Date; userId: number | null }): Promise<{ imported: number; unchanged: number; rejected: number }> {
  const rows = (
    await sql<Staged>`select s.source_row, s.case_id, c.client_id, c.currency as case_currency, s.data from import_rows s join cases c on c.id = s.case_id
      where s.import_id = ${p.importId} order by s.source_row`.execute(db)
  ).rows;
  const refs = [...new Set(rows.map((r) => r.data.reference).filter((x): x is string => !!x))];
  const known = new Map<string, { case_id: number; amount: number; paid_on: string }>();
  for (let i = 0; i < refs.length; i += 1000) {
    const found = await db.selectFrom('payments').select(['reference', 'case_id', 'amount', 'paid_on']).where('client_id', '=', p.clientId).where('status', '<>', 'rejected').where('reference', 'in', refs.slice(i, i + 1000)).execute();
    for (const f of found) known.set(f.reference!, f);
  }
  const occurrences = new Map<string, number>();
  const withKey = rows.map((r) => {
    if (r.data.reference) return { r, rowKey: null as string | null };
    const base = JSON.stringify([r.case_id, r.data.paid_on, r.data.amount, r.data.channel]);
    const n = (occurrences.get(base) ?? 0) + 1;
    occurrences.set(base, n);
    return { r, rowKey: crypto.createHash('sha256').update(`${base}#${n}`).digest('hex') };
  });
  const keys = withKey.flatMap((x) => (x.rowKey ? [x.rowKey] : []));
  const knownKeys = new Set<string>();
  for (let i = 0; i < keys.length; i += 1000) {
    for (const f of await db.selectFrom('payments').select('row_key').where('client_id', '=', p.clientId).where('row_key', 'in', keys.slice(i, i + 1000)).execute()) knownKeys.add(f.row_key!);
  }
  const errors: { row_no: number; column_name: string; field: string; value: string; code: string; message: string }[] = [];
  const inserts: Insertable<PaymentsTable>[] = [];
  let unchanged = 0;
  for (const { r, rowKey } of withKey) {
    const d = r.data;
    const currency = r.case_currency.trim();
    if (d.currency && d.currency !== currency) {
      errors.push({ row_no: r.source_row, column_name: '币种', field: 'currency', value: d.currency, code: 'CURRENCY_INVALID', message: `payment currency ${d.currency} differs from the case's ${currency}` });
      continue;
    }
    if (d.reference) {
      const k = known.get(d.reference);
      if (k) {
        if (k.case_id === r.case_id && k.amount === d.amount && k.paid_on === d.paid_on) unchanged++;
        else errors.push({ row_no: r.source_row, column_name: label('payment_reference'), field: 'payment_reference', value: d.reference, code: 'DUPLICATE_PAYMENT', message: `reference ${d.reference} is already recorded for another payment of this client` });
        continue;
      }
      known.set(d.reference, { case_id: r.case_id, amount: d.amount, paid_on: d.paid_on });
    } else if (knownKeys.has(rowKey!)) {
      unchanged++;
      continue;
    }
    inserts.push({
      client_id: r.client_id, case_id: r.case_id, amount: d.amount, currency, paid_on: d.paid_on, channel: d.channel, reference: d.reference, row_key: rowKey,
      source: 'import', import_id: p.importId, source_row: r.source_row, status: 'posted', created_by: p.userId, created_at: p.now, approved_at: p.now,
    });
  }
  for (let i = 0; i < inserts.length; i += 500) await db.insertInto('payments').values(inserts.slice(i, i + 500)).execute();
  if (errors.length) {
    await db.insertInto('import_errors').values(errors.map((e, k) => ({ import_id: p.importId, seq: p.firstSeq + k + 1, ...e }))).execute();
  }
  return { imported: inserts.length, unchanged, rejected: errors.length };
}

/** After the merge (same transaction): recompute the balances and promises of every case that got a payment. */
export async function postImportedPayments(ctx: AppContext, tx: Kysely<DB>, importId: number): Promise<number> {
  const cases = await tx.selectFrom('payments').select('case_id').distinct().where('import_id', '=', importId).execute();
  await afterPaymentChange(ctx, tx, cases.map((c) => c.case_id));
  return cases.length;
}
