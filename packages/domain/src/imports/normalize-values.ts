/**
 * Small value parsers used by {@link normalizeRow} for field types without a module of their own:
 * text, int, percent, currency and enum. Pure; every result is `{ ok: true, value }` or
 * `{ ok: false, code, message }` with an English message that quotes the value.
 *
 * Sources: `shared/design.md` §4 (field types; percent as basis points per `fields.ts`; currency is
 * ISO 4217, default CNY; id_type defaults to resident ID), ISO 4217 (active codes as of 2025),
 * `shared/samples/import/gbk-csv` (U+FFFD means a wrong decoding and must never be stored).
 */
import { type Cell, cellText } from './cell.ts';
import { scaleDecimalString } from '../money/money.ts';

/** Result of one value parser. */
export type ValueResult<T, C extends string> = { ok: true; value: T } | { ok: false; code: C; message: string };

const quote = (s: string) => `"${s.length > 60 ? `${s.slice(0, 60)}…` : s}"`;

/**
 * Text as stored: zero-width characters and BOMs removed, runs of white space (incl. U+3000, NBSP,
 * line breaks) collapsed to one space, trimmed; CJK and full-width punctuation kept as written.
 * Text containing U+FFFD (a file decoded with the wrong encoding) → TEXT_GARBLED.
 */
export function normalizeText(cell: Cell): ValueResult<string, 'TEXT_GARBLED'> {
  const raw = cell && cell.t === 's' ? cell.v : cellText(cell);
  if (raw.includes('\ufffd'))
    return { ok: false, code: 'TEXT_GARBLED', message: `Text ${quote(raw)} contains U+FFFD replacement characters: the file was decoded with the wrong encoding (GBK read as UTF-8?); re-import choosing the right encoding` };
  return { ok: true, value: raw.replace(/[\u200b-\u200d\u2060\ufeff]/g, '').replace(/\s+/g, ' ').trim() };
}

/**
 * A whole number: numeric cells (float residue such as 44.99999999999999 read with 15 significant
 * digits → 45), text "45", "1,200", "45.0", "45天", "12期", "+3", "-3". Fractions and anything else →
 * INT_INVALID. Range checks are the caller's.
 */
export function parseInteger(cell: Cell): ValueResult<number, 'INT_INVALID'> {
  const fail = (shown: string) => ({ ok: false as const, code: 'INT_INVALID' as const, message: `${shown} is not a whole number` });
  if (cell === null) return fail('Empty value');
  if (cell.t === 'n') {
    const v = Number.isFinite(cell.v) ? Number(cell.v.toPrecision(15)) : NaN;
    return Number.isSafeInteger(v) ? { ok: true, value: v === 0 ? 0 : v } : fail(String(cell.v));
  }
  if (cell.t !== 's') return fail(quote(cellText(cell)));
  const s = cell.v.normalize('NFKC').trim().replace(/\s*(天|日|期|个月)$/, '');
  const m = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.0*)?$/.exec(s);
  if (!m) return fail(quote(cell.v));
  const v = Number(m[2].replace(/,/g, ''));
  return Number.isSafeInteger(v) ? { ok: true, value: m[1] === '-' && v !== 0 ? -v : v } : fail(quote(cell.v));
}

/**
 * A rate as integer basis points (1% = 100 bp), 0–10000:
 * - text with "%" or "‰": "5%" → 500, "5.25%" → 525, "5‰" → 50;
 * - numeric cell with a "%" number format (Excel stores 5% as 0.05): 0.05 → 500;
 * - a bare number (numeric cell or text) below 1 is a fraction (0.05 → 500, 0.5 → 5000), from 1 to
 *   100 it is percent points (5 → 500, 1 → 100); above 100 → PERCENT_INVALID.
 * Fractions of a basis point are rounded half-up. Negative or unreadable → PERCENT_INVALID.
 */
export function parsePercent(cell: Cell): ValueResult<number, 'PERCENT_INVALID'> {
  const fail = (why: string) => ({ ok: false as const, code: 'PERCENT_INVALID' as const, message: `Rate ${quote(cellText(cell))} ${why}` });
  let dec: string;
  let places: number;
  if (cell?.t === 'n') {
    if (!Number.isFinite(cell.v)) return fail('is not a number');
    dec = cell.v.toPrecision(15);
    places = cell.fmt?.includes('%') || Math.abs(cell.v) < 1 ? 4 : 2;
  } else if (cell?.t === 's') {
    const s = cell.v.normalize('NFKC').trim();
    const m = /^([+-]?\d*\.?\d+)\s*([%‰])?$/.exec(s);
    if (!m) return fail('is not a percentage like 5%, 0.05 or 5');
    dec = m[1];
    places = m[2] === '%' ? 2 : m[2] === '‰' ? 1 : Math.abs(Number(m[1])) < 1 ? 4 : 2;
  } else return fail('is not a percentage');
  const bp = scaleDecimalString(dec, places);
  if (bp === null) return fail('is not a number');
  if (bp < 0) return fail('is negative');
  if (bp > 10000) return fail('is more than 100%');
  return { ok: true, value: bp };
}

const ISO_4217 = new Set(
  ('AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP ' +
    'CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ' +
    'ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT ' +
    'MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD ' +
    'SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND ' +
    'VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL').split(' '),
);
const CURRENCY_NAMES: Readonly<Record<string, string>> = {
  人民币: 'CNY', 元: 'CNY', rmb: 'CNY', '¥': 'CNY', 美元: 'USD', 美金: 'USD', $: 'USD', us$: 'USD',
  港币: 'HKD', 港元: 'HKD', 欧元: 'EUR', 日元: 'JPY', 英镑: 'GBP', 澳元: 'AUD', 新台币: 'TWD', 澳门元: 'MOP',
};

/** ISO 4217 code from a currency cell: "CNY"/"cny", 人民币/RMB/元/¥ → CNY, 美元/美金/$ → USD, 港币 → HKD, …; else CURRENCY_INVALID. */
export function parseCurrencyCode(cell: Cell): ValueResult<string, 'CURRENCY_INVALID'> {
  const s = cellText(cell).normalize('NFKC').trim();
  const name = s.toLowerCase();
  const code = Object.hasOwn(CURRENCY_NAMES, name) ? CURRENCY_NAMES[name] : ISO_4217.has(s.toUpperCase()) ? s.toUpperCase() : null;
  return code ? { ok: true, value: code } : { ok: false, code: 'CURRENCY_INVALID', message: `Currency ${quote(s)} is not an ISO 4217 code (CNY, USD, …) or a known name (人民币, 美元, …)` };
}

/** Values meaning "not known": the field is left empty rather than rejected. */
const UNKNOWN = new Set(['未知', '不详', '未说明', '-', '—', 'unknown', 'n/a', 'na']);

/** Accepted spellings (lower-cased, NFKC, spaces removed) per enum field → canonical value. */
export const ENUM_VALUES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  gender: { 男: 'male', 男性: 'male', m: 'male', male: 'male', 女: 'female', 女性: 'female', f: 'female', female: 'female' },
  marital_status: {
    已婚: 'married', 再婚: 'married', 复婚: 'married', 初婚: 'married', married: 'married',
    未婚: 'single', 单身: 'single', single: 'single',
    离异: 'divorced', 离婚: 'divorced', divorced: 'divorced',
    丧偶: 'widowed', widowed: 'widowed',
  },
  id_type: {
    身份证: 'resident_id', 居民身份证: 'resident_id', 二代身份证: 'resident_id', 身份证号: 'resident_id', residentid: 'resident_id', resident_id: 'resident_id', idcard: 'resident_id',
    护照: 'passport', passport: 'passport',
    港澳居民来往内地通行证: 'hk_macau_permit', 回乡证: 'hk_macau_permit', 港澳通行证: 'hk_macau_permit',
    台湾居民来往大陆通行证: 'taiwan_permit', 台胞证: 'taiwan_permit',
    港澳台居民居住证: 'residence_permit', 居住证: 'residence_permit',
    外国人永久居留身份证: 'foreign_permanent_resident', 外国人永久居留证: 'foreign_permanent_resident',
    军官证: 'military_officer',
  },
};

/**
 * Canonical value of an enum field (`gender`: male|female; `marital_status`:
 * married|single|divorced|widowed; `id_type`: resident_id|passport|hk_macau_permit|taiwan_permit|
 * residence_permit|foreign_permanent_resident|military_officer). `null` value = "unknown"
 * (未知, 不详, -): the caller omits the field. Anything else → ENUM_INVALID listing the accepted values.
 */
export function parseEnumValue(field: string, cell: Cell): ValueResult<string | null, 'ENUM_INVALID'> {
  const raw = cellText(cell).trim();
  const key = raw.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  if (UNKNOWN.has(key)) return { ok: true, value: null };
  const table = Object.hasOwn(ENUM_VALUES, field) ? ENUM_VALUES[field] : {};
  const value = Object.hasOwn(table, key) ? table[key] : undefined;
  if (value) return { ok: true, value };
  const accepted = [...new Set(Object.values(table))].join(', ');
  return { ok: false, code: 'ENUM_INVALID', message: `${quote(raw)} is not a known value for ${field}${accepted ? ` (expected one of: ${accepted})` : ''}` };
}
