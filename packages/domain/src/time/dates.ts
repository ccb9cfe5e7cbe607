/**
 * Calendar dates as `YYYY-MM-DD` strings (local calendar dates, no time zone), with pure integer
 * calendar arithmetic (proleptic Gregorian, days-from-civil after H. Hinnant) — no `Date`, no clock.
 *
 * Source of the rules: `shared/design.md` §4 (dates are `YYYY-MM-DD`) and the Excel date systems
 * (ECMA-376 Part 1 §18.17.4: 1900 system with the Lotus 1-2-3 leap-year bug — serial 60 is the
 * non-existent 1900-02-29 —, 1904 system when the workbook's `date1904` flag is set; the largest
 * serial is 2958465 = 9999-12-31). Samples: `shared/samples/import/*` (serials such as 45352).
 */
import { type Cell } from '../imports/cell.ts';

/** Result of reading a date cell: `value` is `YYYY-MM-DD`. */
export type DateResult = { ok: true; value: string } | { ok: false; code: 'DATE_INVALID'; message: string };

/** How numeric serials are read: `date1904` = the workbook uses the 1904 date system (Mac Excel). */
export interface DateOptions {
  date1904: boolean;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (negative before). Month 1–12. */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * ((m + 9) % 12) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of {@link daysFromCivil}: days since 1970-01-01 → `YYYY-MM-DD` (years 0–9999). */
export function civilFromDays(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return formatYmd(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d);
}

/** `YYYY-MM-DD` with zero padding (no validation). */
export function formatYmd(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** True when y-m-d is a real Gregorian calendar date (2024-02-29 yes, 2023-02-29 / 2024-02-30 no). */
export function isValidYmd(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

function toDays(date: string, fn: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m || !isValidYmd(+m[1], +m[2], +m[3])) throw new RangeError(`${fn}: "${date}" is not a YYYY-MM-DD date`);
  return daysFromCivil(+m[1], +m[2], +m[3]);
}

/** Whole calendar days from `a` to `b` (`b − a`; negative when b is earlier). Throws RangeError on malformed dates. */
export function daysBetween(a: string, b: string): number {
  return toDays(b, 'daysBetween') - toDays(a, 'daysBetween');
}

/** `date` plus `days` calendar days (days may be negative; integer). Throws RangeError on malformed input. */
export function addDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`addDays: ${days} is not an integer`);
  return civilFromDays(toDays(date, 'addDays') + days);
}

/** Largest serial Excel accepts (9999-12-31 in the 1900 system). */
export const MAX_EXCEL_SERIAL = 2958465;
const EPOCH_1900 = daysFromCivil(1899, 12, 31); // serial 1 = 1900-01-01
const EPOCH_1900_AFTER_BUG = daysFromCivil(1899, 12, 30); // serial 61 = 1900-03-01
const EPOCH_1904 = daysFromCivil(1904, 1, 1); // serial 0 = 1904-01-01

/**
 * Excel serial (days, fraction = time of day, ignored) → `YYYY-MM-DD`, or null when out of range
 * (1900 system: 1…2958465, and 60 — the fictitious 1900-02-29 — is null; 1904 system: 0…2957003).
 */
export function excelSerialToYmd(serial: number, date1904: boolean): string | null {
  if (!Number.isFinite(serial)) return null;
  const day = Math.floor(Math.round(serial * 86_400_000) / 86_400_000);
  if (date1904) return day >= 0 && day <= MAX_EXCEL_SERIAL - 1462 ? civilFromDays(EPOCH_1904 + day) : null;
  if (day < 1 || day > MAX_EXCEL_SERIAL || day === 60) return null;
  return civilFromDays((day < 60 ? EPOCH_1900 : EPOCH_1900_AFTER_BUG) + day);
}

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?\s*(?:Z|[+-]\d{2}:?\d{2})?`;
const YMD_SEP = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:(?:T|\s+)${TIME})?$`, 'i');
const YMD_CN = new RegExp(String.raw`^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?(?:\s*${TIME})?$`);
const fail = (message: string): DateResult => ({ ok: false, code: 'DATE_INVALID', message });

function fromParts(shown: string, y: number, m: number, d: number, time: (string | undefined)[] = []): DateResult {
  const [hh, mm, ss] = time.map((t) => (t === undefined ? 0 : Number(t)));
  if (hh > 23 || mm > 59 || ss > 59) return fail(`Date "${shown}" has an impossible time of day`);
  if (y < 1900) return fail(`Date "${shown}" is before 1900`);
  if (!isValidYmd(y, m, d)) return fail(`Date "${shown}" is not a real calendar date`);
  return { ok: true, value: formatYmd(y, m, d) };
}

function serialResult(shown: string, serial: number, date1904: boolean): DateResult {
  const v = excelSerialToYmd(serial, date1904);
  if (v) return { ok: true, value: v };
  if (!date1904 && Math.floor(serial) === 60) return fail(`Date serial 60 is 1900-02-29, a day that does not exist (Excel 1900 leap-year bug)`);
  return fail(`Number ${shown} is not a date: Excel date serials run from ${date1904 ? 0 : 1} to ${date1904 ? MAX_EXCEL_SERIAL - 1462 : MAX_EXCEL_SERIAL}`);
}

/**
 * Read a date cell as `YYYY-MM-DD`.
 * - date cell (`t:'d'`, already resolved by the reader): its calendar date;
 * - numeric cell: an 8-digit integer that is a valid YYYYMMDD (20240105, out of serial range anyway),
 *   else an Excel serial in the workbook's date system (`opts.date1904`); the time fraction is dropped;
 * - text: `2024-01-05`, `2024/1/5`, `2024.1.5` (same separator twice), each optionally followed by a
 *   time (` 00:00:00`, `T00:00:00.000Z`, offsets), `20240105`, `2024年1月5日` (日/号 optional, optional
 *   time), and a 5-digit serial written as text (`45352`, `45352.5` — what a CSV export of an
 *   unformatted date cell holds; serials 10000–99999 are 1927–2173, so nothing else is confused with it).
 *   A time zone suffix is ignored: the calendar date is taken as written.
 * Rejected (DATE_INVALID, message quotes the value): impossible dates (2024-02-30), years before 1900,
 * day-first/month-first forms (`05/01/2024` is ambiguous), two-digit years, anything else.
 */
export function parseDate(cell: Cell, opts: DateOptions = { date1904: false }): DateResult {
  if (cell === null) return fail('Date is empty');
  if (cell.t === 'b') return fail(`Date cell holds a boolean (${cell.v ? 'TRUE' : 'FALSE'}), not a date`);
  if (cell.t === 'n') {
    const v = cell.v;
    if (Number.isInteger(v) && v >= 19000101 && v <= 99991231) {
      const y = Math.floor(v / 10000);
      const m = Math.floor(v / 100) % 100;
      return fromParts(String(v), y, m, v % 100);
    }
    return serialResult(String(v), v, opts.date1904);
  }
  const raw = cell.v;
  const shown = raw.length > 60 ? `${raw.slice(0, 60)}…` : raw;
  const s = raw.normalize('NFKC').trim();
  if (s === '') return fail('Date is empty');
  let m: RegExpExecArray | null;
  if (cell.t === 'd') {
    m = /^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$/.exec(s);
    return m ? fromParts(shown, +m[1], +m[2], +m[3]) : fail(`Date cell "${shown}" is not in YYYY-MM-DD form`);
  }
  if ((m = YMD_SEP.exec(s))) return fromParts(shown, +m[1], +m[3], +m[4], [m[5], m[6], m[7]]);
  if ((m = YMD_CN.exec(s))) return fromParts(shown, +m[1], +m[2], +m[3], [m[4], m[5], m[6]]);
  if ((m = /^(\d{4})(\d{2})(\d{2})$/.exec(s))) return fromParts(shown, +m[1], +m[2], +m[3]);
  if (/^\d{5}(\.\d+)?$/.test(s)) return serialResult(shown, Number(s), opts.date1904);
  if (/^\d{1,2}[-/.]\d{1,2}[-/.](\d{2}|\d{4})$/.test(s))
    return fail(`Date "${shown}" does not start with the year, so day and month order is ambiguous; use YYYY-MM-DD`);
  return fail(`Date "${shown}" is not a recognised date; use YYYY-MM-DD`);
}
