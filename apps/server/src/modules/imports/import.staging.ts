/**
 * From a normalised row to a staged row: the case columns (`data`), the child records (phones,
 * addresses, contacts, comments, past collection records) and the match keys. Pure apart from hashing.
 *
 * Case match rule (bid document; issue 2): by client case reference, else by card number together
 * with the placement date, else by ID number together with the placement date — within the batch.
 */
import crypto from 'node:crypto';
import type { NormalizedRow, RowError } from '@recova/domain/imports/types';
import { FIELD_BY_KEY } from '@recova/domain/imports/fields';
import { addDays } from '@recova/domain/time/dates';
import { maskLoose } from '@recova/domain/identity/masks';
import { formatMoney } from '@recova/domain/money/money';
import type { ImportKind, MappingOptions } from '@recova/contracts';

/** Canonical fields stored as columns of `cases` (same names). */
export const CASE_COLUMNS = [
  'client_case_ref', 'debtor_name', 'id_type', 'id_number', 'card_number', 'account_number', 'customer_number', 'product', 'currency',
  'placed_amount', 'principal', 'interest', 'penalty', 'late_fee', 'other_fees', 'overdue_amount', 'remaining_principal', 'remaining_interest',
  'contract_amount', 'paid_amount', 'installment_amount', 'installments_total', 'installments_paid', 'overdue_installments', 'loan_date',
  'due_day', 'overdue_date', 'client_dpd', 'client_bucket', 'last_payment_date', 'last_payment_amount', 'placement_date', 'return_date',
  'province', 'city', 'region', 'employer', 'marital_status', 'gender', 'repayment_bank', 'repayment_account', 'client_name',
] as const;

/** Columns a "balances" update may change. */
export const BALANCE_COLUMNS = [
  'placed_amount', 'principal', 'interest', 'penalty', 'late_fee', 'other_fees', 'overdue_amount', 'remaining_principal', 'remaining_interest',
  'paid_amount', 'installment_amount', 'installments_paid', 'overdue_installments', 'overdue_date', 'client_dpd', 'client_bucket',
  'last_payment_date', 'last_payment_amount',
] as const;

const PHONE_KIND: Record<string, string> = { mobile: 'mobile', home_phone: 'home', work_phone: 'work' };
const ADDRESS_KIND: Record<string, string> = { home_address: 'home', work_address: 'work', registered_address: 'registered', mailing_address: 'mailing' };

/** A staged row in plaintext, as built from the file; `sealStagedRow` (import.seal.ts) encrypts it before it is stored. */
export interface StagedRow {
  source_row: number;
  client_case_ref: string | null;
  card_number: string | null;
  id_number: string | null;
  placement_date: string | null;
  match_key: string | null;
  row_hash: string;
  data: Record<string, unknown>;
  children: Record<string, unknown[]>;
}

export interface StageContext {
  kind: ImportKind;
  clientCode: string;
  batchPlacementDate: string;
  options: MappingOptions;
  defaultCurrency: string;
}

const sha1 = (s: string) => crypto.createHash('sha1').update(s).digest('hex');

/** Parse a record time like "2024-03-05 14:30", "2024/3/5 14:30:00" or a date → ISO local timestamp text (no zone). */
export function parseRecordTime(s: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?/.exec(s.normalize('NFKC').trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', se = '0'] = m;
  const p = (x: string, n = 2) => x.padStart(n, '0');
  const iso = `${y}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}:${p(se)}`;
  return Number.isNaN(Date.parse(iso + 'Z')) || Number(mo) > 12 || Number(d) > 31 || Number(h) > 23 ? null : iso;
}

/**
 * Build the staged row, or return errors when the row cannot be matched or lacks what its kind needs.
 */
export function stageRow(row: NormalizedRow, sc: StageContext): { staged: StagedRow | null; errors: RowError[] } {
  const f = row.fields;
  const errors: RowError[] = [];
  const err = (field: string, code: RowError['code'], message: string) =>
    errors.push({ row: row.sourceRow, column: FIELD_BY_KEY.get(field)?.label ?? field, field, value: '', code, message });

  let ref = (f.client_case_ref as string | undefined) ?? null;
  if (!ref && sc.kind === 'cases' && sc.options.generateCaseRef) ref = `${sc.clientCode}-${row.sourceRow}`;
  const card = (f.card_number as string | undefined) ?? null;
  const idNo = (f.id_number as string | undefined) ?? null;
  const placement = (f.placement_date as string | undefined) ?? sc.batchPlacementDate;
  const matchKey = ref ? `ref:${ref}` : card ? `card:${card}@${placement}` : idNo ? `id:${idNo}@${placement}` : null;
  if (!matchKey) err('client_case_ref', 'REQUIRED_MISSING', 'row has no case reference, card number or ID number to identify the case');

  const data: Record<string, unknown> = {};
  const children: Record<string, unknown[]> = {};
  if (sc.kind === 'cases') {
    if (!f.debtor_name && !sc.options.debtorNameOptional) err('debtor_name', 'REQUIRED_MISSING', 'debtor name is required');
    if (f.placed_amount === undefined && f.overdue_amount === undefined && f.principal === undefined) err('placed_amount', 'REQUIRED_MISSING', 'placed amount (委案金额) is required');
    for (const k of CASE_COLUMNS) if (f[k] !== undefined) data[k] = f[k];
    data.client_case_ref = ref;
    data.placement_date = placement;
    data.currency = (f.currency as string | undefined) ?? sc.options.currency ?? sc.defaultCurrency;
    if (f.commission_rate !== undefined) data.commission_rate_bp = f.commission_rate;
    const comps = ['principal', 'interest', 'penalty', 'late_fee', 'other_fees'].map((k) => f[k] as number | undefined).filter((v) => v !== undefined) as number[];
    data.outstanding_amount = (f.placed_amount as number | undefined) ?? (f.overdue_amount as number | undefined) ?? (comps.length ? comps.reduce((a, b) => a + b, 0) : null);
    // No overdue date but the client's DPD as of placement: derive the first missed due date from it.
    if (f.overdue_date === undefined && typeof f.client_dpd === 'number') {
      data.overdue_date = addDays(placement, -f.client_dpd);
      data.overdue_date_derived = true;
    }
    data.custom = row.custom;
    data.flags = row.flags;
    children.contacts = row.contacts.map((c) => ({ seq: c.index, name: c.name ?? null, relation: c.relation ?? null, mobile: c.mobile ?? null, work_phone: c.work_phone ?? null, home_phone: c.home_phone ?? null, employer: c.employer ?? null, address: c.address ?? null }));
  }
  if (sc.kind === 'cases' || sc.kind === 'phones') {
    const phones: unknown[] = [];
    for (const [k, kind] of Object.entries(PHONE_KIND)) if (f[k]) phones.push({ owner: 'debtor', contact_seq: null, contact_name: null, relation: null, kind, number: f[k] });
    for (const c of row.contacts)
      for (const [k, kind] of [['mobile', 'mobile'], ['work_phone', 'work'], ['home_phone', 'home']] as const)
        if (c[k]) phones.push({ owner: 'contact', contact_seq: c.index, contact_name: c.name ?? null, relation: c.relation ?? null, kind, number: c[k] });
    children.phones = phones;
    if (sc.kind === 'phones' && !phones.length) err('mobile', 'REQUIRED_MISSING', 'row has no phone number');
  }
  if (sc.kind === 'cases' || sc.kind === 'addresses') {
    const addresses: unknown[] = [];
    for (const [k, kind] of Object.entries(ADDRESS_KIND)) if (f[k]) addresses.push({ owner: 'debtor', contact_seq: null, contact_name: null, kind, address: f[k] });
    for (const c of row.contacts) if (c.address) addresses.push({ owner: 'contact', contact_seq: c.index, contact_name: c.name ?? null, kind: 'other', address: c.address });
    children.addresses = addresses;
    if (sc.kind === 'addresses' && !addresses.length) err('home_address', 'REQUIRED_MISSING', 'row has no address');
  }
  if (sc.kind === 'cases' || sc.kind === 'comments') {
    const body = f.comment as string | undefined;
    children.comments = body ? [{ body, body_hash: sha1(body) }] : [];
    if (sc.kind === 'comments' && !body) err('comment', 'REQUIRED_MISSING', 'row has no comment');
  }
  if (sc.kind === 'balances') {
    for (const k of BALANCE_COLUMNS) if (f[k] !== undefined) data[k] = f[k];
    if (!Object.keys(data).length) err('placed_amount', 'REQUIRED_MISSING', 'row has no balance or interest value to update');
  }
  if (sc.kind === 'records') {
    const at = f.record_at ? parseRecordTime(String(f.record_at)) : null;
    if (f.record_at && !at) errors.push({ row: row.sourceRow, column: FIELD_BY_KEY.get('record_at')!.label, field: 'record_at', value: String(f.record_at), code: 'DATE_INVALID', message: `record time "${f.record_at}" is not a date-time like 2024-03-05 14:30` });
    if (!f.record_note && !f.record_result) err('record_note', 'REQUIRED_MISSING', 'row has no record note or result');
    const rec = { at, channel: f.record_channel ?? null, target: f.record_target ?? null, result: f.record_result ?? null, note: f.record_note ?? null, collector: f.record_collector ?? null };
    // the dedupe hash sees only the masked target: a hash of a phone number next to the record's plaintext
    // time and note would let anyone with the database guess the number (ADR 0007)
    children.records = [{ ...rec, record_hash: sha1(JSON.stringify({ ...rec, target: rec.target === null ? null : maskLoose(String(rec.target)) })) }];
  }
  if (sc.kind === 'payments') {
    // a repayment row (issue 5): amount and date required; merged by payments.import.ts
    if (f.payment_amount === undefined) err('payment_amount', 'REQUIRED_MISSING', 'row has no payment amount');
    else if ((f.payment_amount as number) <= 0) errors.push({ row: row.sourceRow, column: FIELD_BY_KEY.get('payment_amount')!.label, field: 'payment_amount', value: String(f.payment_amount), code: 'MONEY_INVALID', message: 'a payment amount must be greater than zero' });
    else if ((f.payment_amount as number) > 1e13) errors.push({ row: row.sourceRow, column: FIELD_BY_KEY.get('payment_amount')!.label, field: 'payment_amount', value: String(f.payment_amount), code: 'MONEY_INVALID', message: 'a payment amount above 100,000,000,000.00 is not plausible' });
    if (f.payment_date === undefined) err('payment_date', 'REQUIRED_MISSING', 'row has no payment date');
    Object.assign(data, { amount: f.payment_amount, paid_on: f.payment_date, channel: f.payment_channel ?? null, reference: f.payment_reference ?? null, currency: f.currency ?? sc.options.currency ?? null });
  }
  if (sc.kind === 'installments') {
    // one installment of a case's schedule (issue 6); merged by import.installments.ts
    if (f.installment_no === undefined) err('installment_no', 'REQUIRED_MISSING', 'row has no installment number (期数)');
    if (f.installment_due_date === undefined) err('installment_due_date', 'REQUIRED_MISSING', 'row has no due date (应还日期)');
    if (f.installment_amount_due === undefined) err('installment_amount_due', 'REQUIRED_MISSING', 'row has no amount due (应还金额)');
    const paid = (f.installment_paid_before as number | undefined) ?? 0;
    if (typeof f.installment_amount_due === 'number' && paid > f.installment_amount_due)
      errors.push({ row: row.sourceRow, column: FIELD_BY_KEY.get('installment_paid_before')!.label, field: 'installment_paid_before', value: formatMoney(paid), code: 'MONEY_INVALID', message: 'the amount already paid is more than the amount due' });
    Object.assign(data, { seq: f.installment_no, due_date: f.installment_due_date, amount: f.installment_amount_due, paid_before: paid, currency: f.currency ?? null });
  }
  if (errors.length) return { staged: null, errors };
  return {
    staged: {
      source_row: row.sourceRow,
      client_case_ref: ref,
      card_number: card,
      id_number: idNo,
      placement_date: placement,
      match_key: matchKey,
      row_hash: sha1(JSON.stringify([data, children])),
      data,
      children,
    },
    errors,
  };
}
