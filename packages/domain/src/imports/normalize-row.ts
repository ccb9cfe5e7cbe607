/**
 * Turn one source row (cells + column mapping) into a {@link NormalizedRow} and its {@link RowError}s.
 * Pure; every field is checked and every problem reported (one bad field does not hide another).
 *
 * Dispatch is by the field's {@link FieldType} in `fields.ts` (design.md §4). Units: money as
 * integer minor units of the row's currency (fen for CNY), dates `YYYY-MM-DD`, ints as numbers,
 * percent as basis points, phones in the canonical forms of `contact-points/phone.ts`, ID numbers
 * as 18 characters (or 15 digits, flagged `id_legacy_15`). Empty cells leave the field out.
 * Defaults (currency = `opts.defaultCurrency`, id_type = resident_id) are used to read the row but
 * not written into `fields`, so an update import never overwrites a stored value with a default.
 */
import { type Cell, cellText, isBlank } from './cell.ts';
import { CONTACT_FIELD_BY_KEY, FIELD_BY_KEY, type FieldDef } from './fields.ts';
import type { ColumnMapping, ImportErrorCode, ImportedContact, NormalizeOptions, NormalizedRow, RowError } from './types.ts';
import { normalizeText, parseCurrencyCode, parseEnumValue, parseInteger, parsePercent } from './normalize-values.ts';
import { formatMoney, parseMoney } from '../money/money.ts';
import { parseCardNumber, parseIdentifier, parseIdNumber } from '../identity/id-number.ts';
import { parsePhone } from '../contact-points/phone.ts';
import { parseDate } from '../time/dates.ts';

type Parsed = { ok: true; value: string | number | null; flag?: string } | { ok: false; code: ImportErrorCode; message: string };

interface RowContext {
  opts: NormalizeOptions;
  currency: string;
  /** canonical id_type of the row (resident_id when the file has none) */
  idType: string;
}

/** Whole-number ranges per int field (counts are never negative; a due day is a day of the month). */
const INT_RANGE: Readonly<Record<string, [number, number]>> = { due_day: [1, 31], installment_no: [1, 1200] };

function parseByType(def: FieldDef, cell: Cell, ctx: RowContext): Parsed {
  switch (def.type) {
    case 'text': {
      const r = normalizeText(cell);
      return r.ok && r.value === '' ? { ok: true, value: null } : r;
    }
    case 'identifier':
      return parseIdentifier(cell);
    case 'digits':
      return parseCardNumber(cell);
    case 'id_number': {
      if (ctx.idType !== 'resident_id') return parseIdentifier(cell);
      const r = parseIdNumber(cell);
      return r.ok ? { ok: true, value: r.value, ...(r.legacy15 ? { flag: 'id_legacy_15' } : {}) } : r;
    }
    case 'money': {
      const r = parseMoney(cell, ctx.currency);
      if (!r.ok) return r;
      if (r.currency && r.currency !== ctx.currency)
        return { ok: false, code: 'MONEY_INVALID', message: `${def.labelEn} "${cellText(cell)}" is in ${r.currency} but the row's currency is ${ctx.currency}` };
      if (r.value < 0)
        return { ok: false, code: 'MONEY_NEGATIVE', message: `${def.labelEn} must not be negative: "${cellText(cell)}" reads as ${formatMoney(r.value, ctx.currency)}` };
      return r;
    }
    case 'int': {
      const r = parseInteger(cell);
      if (!r.ok) return { ...r, message: `${def.labelEn}: ${r.message}` };
      const [min, max] = INT_RANGE[def.key] ?? [0, Number.MAX_SAFE_INTEGER];
      if (r.value < min || r.value > max)
        return { ok: false, code: 'INT_INVALID', message: `${def.labelEn} ${r.value} is out of range (${min}${max === Number.MAX_SAFE_INTEGER ? ' or more' : `–${max}`})` };
      return r;
    }
    case 'date':
      return parseDate(cell, { date1904: ctx.opts.date1904 });
    case 'phone':
      return parsePhone(cell);
    case 'percent':
      return parsePercent(cell);
    case 'currency':
      return parseCurrencyCode(cell);
    case 'enum':
      return parseEnumValue(def.key, cell);
  }
}

const CONTACT_KEYS = ['name', 'relation', 'mobile', 'work_phone', 'home_phone', 'employer', 'address'] as const;

/**
 * Normalise one data row.
 * - `sourceRow`: 1-based row number in the sheet or file (reported in errors as `row`);
 * - `cells`: the row's cells by 0-based column index (missing entries are empty);
 * - `mapping`: where each column goes (fields, contact sub-fields `联系人N…`, custom fields, ignored);
 * - `opts`: `date1904` for serial dates, `defaultCurrency` for rows without 币种, `required` field keys.
 * Returns the row (case fields, contacts with at least one value ordered by index, custom fields as
 * trimmed text, flags such as `id_legacy_15`) and all errors. Each error has `row`, `column` (the
 * header), `field` (canonical key, `contacts[N].key` or the custom name), `value` (cell text, ≤ 100
 * chars), a stable `code` and a specific English message. A required field that is missing or empty
 * gives REQUIRED_MISSING (column = its header when mapped, else its zh-CN label); when present but
 * invalid only the value error is reported. If two columns map to the same field, the first
 * non-empty one wins.
 */
export function normalizeRow(sourceRow: number, cells: Cell[], mapping: ColumnMapping[], opts: NormalizeOptions): { row: NormalizedRow; errors: RowError[] } {
  const row: NormalizedRow = { sourceRow, fields: {}, contacts: [], custom: {}, flags: [] };
  const errors: RowError[] = [];
  const cellAt = (m: ColumnMapping): Cell => cells[m.column] ?? null;
  const err = (m: { header: string }, field: string, cell: Cell, code: ImportErrorCode, message: string) =>
    errors.push({ row: sourceRow, column: m.header, field, value: cellText(cell).slice(0, 100), code, message });
  const fieldMap = (key: string) => mapping.find((m) => m.target.kind === 'field' && m.target.field === key && !isBlank(cellAt(m)));

  // Currency and ID type first: they decide how money and ID numbers are read.
  const ctx: RowContext = { opts, currency: opts.defaultCurrency, idType: 'resident_id' };
  const failed = new Set<string>();
  for (const key of ['currency', 'id_type'] as const) {
    const m = fieldMap(key);
    if (!m) continue;
    const r = parseByType(FIELD_BY_KEY.get(key)!, cellAt(m), ctx);
    if (!r.ok) {
      err(m, key, cellAt(m), r.code, r.message);
      failed.add(key);
    } else if (r.value !== null) {
      row.fields[key] = r.value;
      if (key === 'currency') ctx.currency = String(r.value);
      else ctx.idType = String(r.value);
    }
  }

  const contacts = new Map<number, ImportedContact>();
  for (const m of mapping) {
    const cell = cellAt(m);
    const t = m.target;
    if (t.kind === 'ignore' || isBlank(cell)) continue;
    if (t.kind === 'custom') {
      const r = normalizeText(cell);
      if (!r.ok) err(m, t.name, cell, r.code, r.message);
      // defineProperty: a header such as "__proto__" or "constructor" is still an ordinary custom field
      else if (!Object.hasOwn(row.custom, t.name))
        Object.defineProperty(row.custom, t.name, { value: cellText(cell).trim(), enumerable: true, writable: true, configurable: true });
      continue;
    }
    if (t.kind === 'field') {
      const def = FIELD_BY_KEY.get(t.field);
      if (!def || t.field === 'currency' || t.field === 'id_type' || Object.hasOwn(row.fields, t.field) || failed.has(t.field)) continue;
      const r = parseByType(def, cell, ctx);
      if (!r.ok) {
        err(m, t.field, cell, r.code, r.message);
        failed.add(t.field);
      } else if (r.value !== null) {
        row.fields[t.field] = r.value;
        if (r.flag) row.flags.push(r.flag);
      }
      continue;
    }
    const def = CONTACT_FIELD_BY_KEY.get(t.field);
    const key = t.field as (typeof CONTACT_KEYS)[number];
    if (!def || !CONTACT_KEYS.includes(key)) continue;
    const contact = contacts.get(t.index) ?? { index: t.index };
    if (contact[key] !== undefined) continue;
    const r = parseByType(def, cell, ctx);
    if (!r.ok) err(m, `contacts[${t.index}].${t.field}`, cell, r.code, r.message);
    else if (r.value !== null) {
      contact[key] = String(r.value);
      contacts.set(t.index, contact);
    }
  }
  row.contacts = [...contacts.values()].sort((a, b) => a.index - b.index);

  for (const key of opts.required) {
    if (Object.hasOwn(row.fields, key) || failed.has(key)) continue;
    const def = FIELD_BY_KEY.get(key);
    const mapped = mapping.find((m) => m.target.kind === 'field' && m.target.field === key);
    const column = mapped?.header ?? def?.label ?? key;
    err({ header: column }, key, null, 'REQUIRED_MISSING', `${def?.labelEn ?? key} (${def?.label ?? key}) is required but ${mapped ? `column "${mapped.header}" is empty in this row` : 'the file has no such column'}`);
  }
  return { row, errors };
}
