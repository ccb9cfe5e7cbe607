/**
 * Money parsing and formatting. Amounts are stored as integer minor units (fen for CNY, cents for
 * USD) in a safe integer — never as binary floats.
 *
 * Source of the rules: `shared/design.md` §4 (money fields are fen) and
 * `shared/samples/import/currency-thousands` (¥/￥, 元, 万, thousands separators, accounting "-" and
 * parentheses, float residue rounded half-up). Pure: no IO, clock or environment.
 */
import { type Cell } from '../imports/cell.ts';

/** Result of reading an amount. `value` is integer minor units (fen/cents); negative amounts are returned as negative numbers. */
export type MoneyResult =
  | {
      ok: true;
      /** integer minor units (fen/cents), a safe integer; may be negative */
      value: number;
      /** ISO 4217 code the text named explicitly (RMB/CNY/人民币/元 → CNY, USD/US$ → USD); absent for ¥ or $ alone or numeric cells */
      currency?: string;
    }
  | { ok: false; code: 'MONEY_INVALID'; message: string };

/**
 * ISO 4217 minor-unit digits for the few currencies that differ from 2 (source: ISO 4217 table,
 * "minor unit" column). Everything not listed uses 2.
 */
const MINOR_DIGITS: Readonly<Record<string, number>> = {
  JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, PYG: 0, UGX: 0, XAF: 0, XOF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

/** Number of decimal places of a currency's minor unit per ISO 4217 (CNY, USD → 2; JPY → 0; KWD → 3). */
export function minorUnitDigits(currency = 'CNY'): number {
  const code = currency.toUpperCase();
  return Object.hasOwn(MINOR_DIGITS, code) ? MINOR_DIGITS[code] : 2;
}

const fail = (message: string): MoneyResult => ({ ok: false, code: 'MONEY_INVALID', message });

/**
 * `mantissa × 10^exp` scaled to `digits` decimal places, rounded half away from zero ("half-up" as
 * accountants and Java's ROUND_HALF_UP use it), as a safe integer — or null when out of range.
 */
function scaleToMinor(negative: boolean, mantissa: bigint, exp: number, digits: number): number | null {
  const k = exp + digits;
  let q: bigint;
  if (k >= 0) q = mantissa * 10n ** BigInt(k);
  else {
    const div = 10n ** BigInt(-k);
    q = mantissa / div;
    if ((mantissa % div) * 2n >= div) q += 1n;
  }
  if (q > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  const n = Number(q);
  return negative && n !== 0 ? -n : n;
}

/** `[-]digits[.digits][e±n]` → sign, mantissa, exponent (value = mantissa × 10^exp). */
function splitDecimal(s: string): { negative: boolean; mantissa: bigint; exp: number } | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const frac = m[3] ?? '';
  return { negative: m[1] === '-', mantissa: BigInt((m[2] || '0') + frac), exp: Number(m[4] ?? 0) - frac.length };
}

/**
 * A plain decimal string ("12.345", "-0.5", "1.5e3") times 10^`places`, rounded half away from zero
 * to an integer: ("0.05", 4) → 500, ("12.345", 2) → 1235. Null when `s` is not a plain decimal or
 * the result is not a safe integer. Used for basis points and other fixed-point units.
 */
export function scaleDecimalString(s: string, places: number): number | null {
  const parts = splitDecimal(s.trim());
  return parts && scaleToMinor(parts.negative, parts.mantissa, parts.exp, places);
}

/**
 * Convert a JS number (a spreadsheet numeric cell) to minor units. The float is first written with
 * 15 significant digits (`toPrecision(15)`, what Excel keeps) so residue such as 5230.499999999999
 * reads as 5230.50000000000, then rounded half-up: 5230.499999999999 → 523050, 880.0799999999999 → 88008.
 */
function numberToMinor(v: number, digits: number): MoneyResult {
  if (!Number.isFinite(v)) return fail(`Amount ${String(v)} is not a finite number`);
  const parts = splitDecimal(v.toPrecision(15));
  const value = parts && scaleToMinor(parts.negative, parts.mantissa, parts.exp, digits);
  if (value === null) return fail(`Amount ${String(v)} is too large`);
  return { ok: true, value };
}

const PREFIX = /^(US\$|¥|\$|RMB|CNY|USD|人民币)\s*/i;
const SUFFIX_CODE = /\s*(RMB|CNY|USD)$/i;
const CODE_CURRENCY: Readonly<Record<string, string>> = { RMB: 'CNY', CNY: 'CNY', 人民币: 'CNY', USD: 'USD', US$: 'USD' };
const LONE_DASH = /^[-\u2013\u2014\u2012]$/;

/**
 * Read an amount written as text. Accepted: surrounding spaces; full-width characters (NFKC);
 * prefixes ¥ (U+00A5), ￥ (U+FFE5), $, US$, RMB, CNY, USD, 人民币; suffixes 元, 万, 万元, RMB, CNY, USD;
 * thousands separators "," in groups of exactly 3 ("12,345" = 12345.00); 万 = ×10,000
 * ("1.5万" = 15000.00); a leading "-"/"+" or U+2212; accounting parentheses "(1,234.00)" = −1234.00;
 * a lone "-" (accounting zero, also "¥ -") = 0.
 *
 * Rejected with MONEY_INVALID: "1,23" / "12,5" (comma not in groups of 3: maybe a decimal comma),
 * "12.345,67" / "1.234.567" (European "." grouping), "1.234" (exactly 3 decimals after a 1–3 digit
 * integer not starting with 0, no grouping: may be a European thousands separator), exponents, two
 * signs, other units (亿, 千) and anything else; the message quotes the value.
 * More decimals than the currency has (e.g. "5230.499999999999" in a CSV) are rounded half-up.
 */
function textToMinor(raw: string, digits: number): MoneyResult {
  const shown = raw.length > 60 ? `${raw.slice(0, 60)}…` : raw;
  let s = raw.normalize('NFKC').replace(/\u2212/g, '-').trim();
  if (s === '') return fail('Amount is empty');
  let paren = false;
  let sign = '';
  let currency: string | undefined;
  let symbol = false;
  let wan = false;
  let yuan = false;
  for (let changed = true; changed; ) {
    changed = false;
    let m: RegExpExecArray | null;
    if (!paren && s.length > 2 && s.startsWith('(') && s.endsWith(')')) {
      paren = changed = true;
      s = s.slice(1, -1).trim();
    } else if (!symbol && (m = PREFIX.exec(s))) {
      symbol = changed = true;
      currency = CODE_CURRENCY[m[1].toUpperCase()];
      s = s.slice(m[0].length);
    } else if (!sign && /^[-+]\s*\S/.test(s)) {
      sign = s[0];
      changed = true;
      s = s.slice(1).trim();
    } else if (!symbol && (m = SUFFIX_CODE.exec(s)) && m.index > 0) {
      symbol = changed = true;
      currency = CODE_CURRENCY[m[1].toUpperCase()];
      s = s.slice(0, m.index);
    } else if (!yuan && !wan && (m = /\s*(万元|万|元)$/.exec(s)) && m.index > 0) {
      changed = true;
      wan = m[1] !== '元';
      yuan = true;
      if (m[1] !== '万') currency ??= 'CNY';
      s = s.slice(0, m.index);
    }
  }
  if (LONE_DASH.test(s) && !sign && !wan) return { ok: true, value: 0, ...(currency ? { currency } : {}) };
  if (paren && sign) return fail(`Amount "${shown}" has both a sign and accounting parentheses`);
  let digitsOnly: string;
  if (/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(s)) digitsOnly = s.replace(/,/g, '');
  else if (/^(\d+(\.\d*)?|\.\d+)$/.test(s)) {
    if (!wan && /^[1-9]\d{0,2}\.\d{3}$/.test(s))
      return fail(`Amount "${shown}" is ambiguous: "." may be a thousands separator; write it as ${s.replace('.', '')} or with 2 decimals`);
    digitsOnly = s;
  } else if (/^\d{1,3}(\.\d{3})+(,\d*)?$/.test(s))
    return fail(`Amount "${shown}" uses "." as a thousands separator (European style), which is not accepted; use "," for thousands and "." for decimals`);
  else if (/^\d+(,\d+)+(\.\d*)?$/.test(s))
    return fail(`Amount "${shown}" has "," that is not a thousands separator in groups of 3 digits (a decimal comma is not accepted)`);
  else return fail(`Amount "${shown}" is not a recognised amount`);
  const parts = splitDecimal(digitsOnly);
  if (!parts) return fail(`Amount "${shown}" is not a recognised amount`);
  const value = scaleToMinor(sign === '-' || paren, parts.mantissa, parts.exp + (wan ? 4 : 0), digits);
  if (value === null) return fail(`Amount "${shown}" is too large`);
  return { ok: true, value, ...(currency ? { currency } : {}) };
}

/**
 * Read a money cell as integer minor units of `currency` (default CNY: fen).
 * - numeric cell: 15 significant digits, rounded half-up to the minor unit (float residue removed);
 * - text cell: see the accepted forms above (¥, ￥, 元, 万, "12,345", "(1,234.00)", lone "-" = 0);
 * - empty, boolean or date cells → MONEY_INVALID.
 * Negative amounts are returned as negative values; callers decide (import rejects them with MONEY_NEGATIVE).
 * Source: shared/samples/import/currency-thousands.
 */
export function parseMoney(cell: Cell, currency = 'CNY'): MoneyResult {
  const digits = minorUnitDigits(currency);
  if (cell === null) return fail('Amount is empty');
  switch (cell.t) {
    case 'n':
      return numberToMinor(cell.v, digits);
    case 's':
      return textToMinor(cell.v, digits);
    case 'd':
      return fail(`Amount cell holds a date (${cell.v}), not an amount`);
    case 'b':
      return fail(`Amount cell holds a boolean (${cell.v ? 'TRUE' : 'FALSE'}), not an amount`);
  }
}

/**
 * Strict parse of a plain decimal string ("123.45", "-7", "0.5") as used in CLI and API input
 * (e.g. `recova aging` amounts, design.md §5) into integer minor units of `currency`. No symbols, no
 * separators, no exponent, at most the currency's decimal places (2 for CNY) — anything else is
 * MONEY_INVALID rather than rounded.
 */
export function parseDecimalToMinor(s: string, currency = 'CNY'): MoneyResult {
  const digits = minorUnitDigits(currency);
  const t = String(s).trim();
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(t);
  if (!m) return fail(`"${t}" is not a plain decimal amount like 123.45`);
  if ((m[3] ?? '').length > digits) return fail(`"${t}" has more than ${digits} decimal places`);
  const parts = splitDecimal(t);
  const value = parts && scaleToMinor(parts.negative, parts.mantissa, parts.exp, digits);
  if (value === null) return fail(`"${t}" is too large`);
  return { ok: true, value };
}

/**
 * Format integer minor units as a plain decimal string with the currency's decimal places, no
 * symbol or grouping: 1234567 → "12345.67", -5 → "-0.05", 0 → "0.00" (JPY 1234 → "1234").
 * Throws RangeError when `minor` is not a safe integer (a programming error, not user input).
 */
export function formatMoney(minor: number, currency = 'CNY'): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`formatMoney: ${minor} is not a safe integer of minor units`);
  const digits = minorUnitDigits(currency);
  const abs = String(Math.abs(minor)).padStart(digits + 1, '0');
  const body = digits === 0 ? abs : `${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
  return minor < 0 ? `-${body}` : body;
}
