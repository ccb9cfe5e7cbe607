/**
 * Case export in canonical form (design.md §5 `recova export cases`): one object per case with the
 * canonical field names, money as integer minor units, dates as YYYY-MM-DD, phones normalised,
 * `contacts` as an array, `custom` as an object, plus `dpd` and `bucket` as of `asOf`.
 * Streams in pages (keyset on id), so memory stays flat for any portfolio size.
 */
import { scrubCustom } from '@recova/domain/identity/masks';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import type { CaseFilter } from '@recova/contracts';
import { CASE_FIELDS, FIELD_BY_KEY } from '@recova/domain/imports/fields';
import { maskIdNumber, maskName, maskPhone } from '@recova/domain/identity/id-number';
import { maskAddress, maskCard } from '@recova/domain/identity/masks';
import { openColumn, type PiiTable } from '../security/pii.ts';
import { bucketOf } from '@recova/domain/aging/aging';
import { formatMoney } from '@recova/domain/money/money';
import type { AppContext } from '../../http/context.ts';
import type { Scope } from '../auth/scope.ts';
import { scopedCases } from './cases.repository.ts';
import type { NameMatch } from '@recova/domain/identity/search-guard';

export type ExportRow = Record<string, unknown>;
const PAGE = 1000;
const PHONE_FIELD = { mobile: 'mobile', home: 'home_phone', work: 'work_phone' } as const;
const ADDRESS_FIELD = { home: 'home_address', work: 'work_address', registered: 'registered_address', mailing: 'mailing_address' } as const;

/** How many cases an export of `filter` in `scope` holds (for the audit row, before streaming); names match as `nameMatch` (ADR 0012). */
export async function countCases(ctx: AppContext, scope: Scope, filter: CaseFilter, asOf: string, nameMatch: NameMatch = 'exact'): Promise<number> {
  return (await scopedCases(ctx.db, scope, filter, asOf, ctx.pii, nameMatch).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
}

/**
 * Canonical case objects, personal values decrypted and then masked unless `reveal` (which the
 * caller has checked against `cases.reveal` and audited): ID, card, repayment account, name, phones,
 * addresses and contacts (issue 3 points 4 and 6). `opts.nameMatch`: how `filter.q` matches names
 * (default `exact`; ADR 0012).
 */
export async function* exportCases(ctx: AppContext, scope: Scope, filter: CaseFilter, opts: { asOf: string; reveal: boolean; nameMatch?: NameMatch }): AsyncGenerator<ExportRow> {
  let after = 0;
  const show = (table: PiiTable, col: string, stored: string | null, mask: (v: string) => string) => {
    const v = openColumn(ctx.pii, table, col, stored);
    return v && !opts.reveal ? mask(v) : v;
  };
  for (;;) {
    const rows = await scopedCases(ctx.db, scope, filter, opts.asOf, ctx.pii, opts.nameMatch)
      .selectAll('c')
      .select(['b.batch_no', 'cl.code as client_code', 'u.username as assigned_username'])
      .where('c.id', '>', after)
      .orderBy('c.id')
      .limit(PAGE)
      .execute();
    if (!rows.length) return;
    after = rows[rows.length - 1].id;
    const ids = rows.map((r) => r.id);
    const [phones, addresses, contacts, comments] = await Promise.all([
      ctx.db.selectFrom('case_phones').select(['case_id', 'kind', 'number']).where('case_id', 'in', ids).where('owner', '=', 'debtor').orderBy('id').execute(),
      ctx.db.selectFrom('case_addresses').select(['case_id', 'kind', 'address']).where('case_id', 'in', ids).where('owner', '=', 'debtor').orderBy('id').execute(),
      ctx.db.selectFrom('case_contacts').selectAll().where('case_id', 'in', ids).orderBy('seq').execute(),
      ctx.db.selectFrom('case_comments').select(['case_id', 'body']).where('case_id', 'in', ids).orderBy('id').execute(),
    ]);
    const by = <T extends { case_id: number }>(list: T[]) => {
      const m = new Map<number, T[]>();
      for (const x of list) (m.get(x.case_id) ?? m.set(x.case_id, []).get(x.case_id)!).push(x);
      return m;
    };
    const ph = by(phones), ad = by(addresses), co = by(contacts), cm = by(comments);
    for (const r of rows) {
      const o: ExportRow = {};
      const rec = r as unknown as Record<string, unknown>;
      for (const f of CASE_FIELDS) if (f.key in rec) o[f.key] = rec[f.key] ?? null;
      o.currency = String(r.currency).trim();
      o.commission_rate = r.commission_rate_bp;
      o.debtor_name = r.debtor_name && !opts.reveal ? maskName(r.debtor_name) : r.debtor_name;
      o.id_number = show('cases', 'id_number', r.id_number, maskIdNumber);
      o.card_number = show('cases', 'card_number', r.card_number, maskCard);
      o.account_number = show('cases', 'account_number', r.account_number, maskCard);
      o.repayment_account = show('cases', 'repayment_account', r.repayment_account, maskCard);
      for (const p of ph.get(r.id) ?? []) {
        const k = PHONE_FIELD[p.kind as keyof typeof PHONE_FIELD];
        if (k && o[k] == null) o[k] = show('case_phones', 'number', p.number, maskPhone);
      }
      for (const a of ad.get(r.id) ?? []) {
        const k = ADDRESS_FIELD[a.kind as keyof typeof ADDRESS_FIELD];
        if (k && o[k] == null) o[k] = show('case_addresses', 'address', a.address, maskAddress);
      }
      for (const k of [...Object.values(PHONE_FIELD), ...Object.values(ADDRESS_FIELD)]) o[k] ??= null;
      o.comment = (cm.get(r.id) ?? []).map((c) => c.body).join('\n') || null;
      o.client_code = r.client_code;
      o.batch = r.batch_no;
      o.status = r.status;
      o.assigned_to = r.assigned_username;
      o.contacts = (co.get(r.id) ?? []).map((c) => ({
        index: c.seq,
        name: show('case_contacts', 'name', c.name, maskName),
        relation: c.relation,
        mobile: show('case_contacts', 'mobile', c.mobile, maskPhone),
        work_phone: show('case_contacts', 'work_phone', c.work_phone, maskPhone),
        home_phone: show('case_contacts', 'home_phone', c.home_phone, maskPhone),
        employer: c.employer,
        address: show('case_contacts', 'address', c.address, maskAddress),
      }));
      o.custom = opts.reveal ? r.custom : scrubCustom(r.custom as Record<string, unknown>);
      const dpd = r.overdue_date ? Math.max(0, Math.round((Date.parse(opts.asOf) - Date.parse(r.overdue_date)) / 86_400_000)) : null;
      o.dpd = dpd;
      o.bucket = dpd === null ? null : bucketOf(dpd);
      yield o;
    }
  }
}

/** Flat spreadsheet columns: canonical fields, then contacts 1..n and custom fields found. */
function flatColumns(): { key: string; header: string }[] {
  return [
    { key: 'client_code', header: '委托方代码' },
    { key: 'batch', header: '批次号' },
    ...CASE_FIELDS.filter((f) => f.key !== 'client_name').map((f) => ({ key: f.key, header: f.label })),
    { key: 'status', header: '状态' },
    { key: 'assigned_to', header: '催收员' },
    { key: 'dpd', header: '系统逾期天数' },
    { key: 'bucket', header: '系统账龄' },
  ];
}

/** A cell value for spreadsheets: money as decimal text-free numbers? No — as exact decimal strings. */
function flatValue(key: string, v: unknown, currency: string): string | number | null {
  if (v === null || v === undefined) return null;
  const def = FIELD_BY_KEY.get(key);
  if (def?.type === 'money') return formatMoney(Number(v), currency);
  if (def?.type === 'percent') return `${(Number(v) / 100).toFixed(2)}%`;
  return v as string | number;
}

/**
 * Neutralise spreadsheet formula injection (OWASP CSV Injection): a text cell starting with
 * = + - @ (or tab / CR) is prefixed with an apostrophe.
 */
export function safeCell(v: string | number | null): string | number | null {
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) && !/^-?\d+(\.\d+)?$/.test(v)) return `'${v}`;
  return v;
}

export function flattenRow(o: ExportRow): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  const cur = String(o.currency ?? 'CNY');
  for (const c of flatColumns()) out[c.header] = safeCell(flatValue(c.key, o[c.key], cur));
  for (const ct of o.contacts as { index: number; [k: string]: unknown }[]) {
    out[`联系人${ct.index}姓名`] = safeCell((ct.name as string) ?? null);
    out[`联系人${ct.index}关系`] = safeCell((ct.relation as string) ?? null);
    out[`联系人${ct.index}手机号码`] = safeCell((ct.mobile as string) ?? null);
  }
  for (const [k, v] of Object.entries((o.custom as Record<string, string>) ?? {})) out[k] = safeCell(v);
  return out;
}

type FlatRow = Record<string, string | number | null>;

/**
 * Flatten rows and emit them as header + value arrays. The columns are the fixed canonical ones plus
 * the contact and custom columns found in the first 1,000 rows (buffered, so memory stays bounded);
 * a column that first appears after that is not exported.
 */
async function emitTable(rows: AsyncIterable<ExportRow>, emit: (cells: (string | number | null)[]) => void): Promise<number> {
  let headers: string[] | null = null;
  const buffered: FlatRow[] = [];
  let n = 0;
  const start = () => {
    headers = [...new Set([...flatColumns().map((c) => c.header), ...buffered.flatMap((r) => Object.keys(r))])];
    emit(headers.map(safeCell));
    for (const r of buffered) emit(headers.map((h) => r[h] ?? null));
    buffered.length = 0;
  };
  for await (const o of rows) {
    const flat = flattenRow(o);
    n++;
    if (headers) emit((headers as string[]).map((h) => flat[h] ?? null));
    else {
      buffered.push(flat);
      if (buffered.length >= 1000) start();
    }
  }
  if (!headers) start();
  return n;
}

/** Write an .xlsx with exceljs' streaming writer, a blank row and a footer line (who exported, when). */
export async function writeXlsx(rows: AsyncIterable<ExportRow>, out: Writable, footer: string): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('cases');
  const n = await emitTable(rows, (cells) => ws.addRow(cells).commit());
  ws.addRow([]).commit();
  ws.addRow([footer]).commit();
  ws.commit();
  await wb.commit();
  return n;
}

/** CSV (UTF-8 with BOM so Excel opens Chinese correctly), same columns as the spreadsheet. */
export async function writeCsv(rows: AsyncIterable<ExportRow>, write: (s: string) => void): Promise<number> {
  const esc = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  write('\ufeff');
  return emitTable(rows, (cells) => write(cells.map(esc).join(',') + '\r\n'));
}


