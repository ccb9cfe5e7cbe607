/**
 * Spreadsheet number formats and date serials, shared by the .xlsx and .xls readers.
 *
 * A spreadsheet date is a number (days since an epoch) shown through a date format, so whether a
 * numeric cell is a date depends only on its format code; which day a serial means depends on the
 * workbook's date system (1900, with Lotus' phantom 1900-02-29, or Mac Excel's 1904).
 * Sources: ECMA-376 Part 1 §18.8.30 (built-in formats 0–49), Excel zh-CN built-ins 27–36 and 50–58,
 * §18.17.4.1 (date systems).
 */

/** Built-in format codes by `numFmtId`; ids 5–8, 27–36, 41–44 and 50–58 are the zh-CN variants. */
export const BUILTIN_NUM_FMTS: Readonly<Record<number, string>> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  5: '"¥"#,##0;"¥"\\-#,##0',
  6: '"¥"#,##0;[Red]"¥"\\-#,##0',
  7: '"¥"#,##0.00;"¥"\\-#,##0.00',
  8: '"¥"#,##0.00;[Red]"¥"\\-#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'yyyy/m/d',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'yyyy/m/d h:mm',
  27: 'yyyy"年"m"月"',
  28: 'm"月"d"日"',
  29: 'm"月"d"日"',
  30: 'm-d-yy',
  31: 'yyyy"年"m"月"d"日"',
  32: 'h"时"mm"分"',
  33: 'h"时"mm"分"ss"秒"',
  34: '上午/下午h"时"mm"分"',
  35: '上午/下午h"时"mm"分"ss"秒"',
  36: 'yyyy"年"m"月"',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00;(#,##0.00)',
  40: '#,##0.00;[Red](#,##0.00)',
  41: '_ * #,##0_ ;_ * \\-#,##0_ ;_ * "-"_ ;_ @_ ',
  42: '_ "¥"* #,##0_ ;_ "¥"* \\-#,##0_ ;_ "¥"* "-"_ ;_ @_ ',
  43: '_ * #,##0.00_ ;_ * \\-#,##0.00_ ;_ * "-"??_ ;_ @_ ',
  44: '_ "¥"* #,##0.00_ ;_ "¥"* \\-#,##0.00_ ;_ "¥"* "-"??_ ;_ @_ ',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mm:ss.0',
  48: '##0.0E+0',
  49: '@',
  50: 'yyyy"年"m"月"',
  51: 'm"月"d"日"',
  52: 'yyyy"年"m"月"',
  53: 'm"月"d"日"',
  54: 'm"月"d"日"',
  55: '上午/下午h"时"mm"分"',
  56: '上午/下午h"时"mm"分"ss"秒"',
  57: 'yyyy"年"m"月"',
  58: 'm"月"d"日"',
};

/** What a numeric cell shown through a format is: a calendar date, a date with time, a time of day / duration, or a plain number. */
export type FormatKind = 'date' | 'datetime' | 'time' | 'number';

/**
 * Classify a number-format code. Quoted literals, escaped characters, padding (`_x`, `*x`) and
 * bracket sections (`[Red]`, `[$-804]`, `[DBNum1]`, conditions) are ignored; elapsed-time brackets
 * (`[h]`, `[mm]`, `[ss]`) count as time. `m` is a month unless the format also has hours or seconds.
 */
export function classifyFormat(code: string | undefined): FormatKind {
  if (!code || /^\s*general\s*$/i.test(code)) return 'number';
  const ampm = /AM\/PM|A\/P|上午\/下午/i.test(code);
  const s = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '')
    .replace(/\[(h+|m+|s+)\]/gi, (_m, g: string) => (g[0].toLowerCase() === 'm' ? 'h' : g[0].toLowerCase()))
    .replace(/\[[^\]]*\]/g, '')
    .replace(/general/gi, '');
  const hasTime = ampm || /[hs]/i.test(s);
  const hasDate = /[yd]/i.test(s) || (/m/i.test(s) && !hasTime);
  if (hasDate && hasTime) return 'datetime';
  if (hasDate) return 'date';
  if (hasTime) return 'time';
  return 'number';
}

const DAY_MS = 86_400_000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * Convert a date serial to `YYYY-MM-DD` (or `YYYY-MM-DDTHH:mm:ss` when `withTime`), in the
 * workbook's date system. Date-only values take the day the spreadsheet displays (the serial is
 * first rounded to the millisecond, which removes float residue such as 45351.99999999999).
 * Returns null for serials that are no calendar date (negative; below 1 in the 1900 system, where
 * 0 displays as 1900-01-00). Serial 60 in the 1900 system is Excel's phantom `1900-02-29`, returned
 * as such (an impossible date the value normalisers reject).
 */
export function serialToIso(serial: number, date1904: boolean, withTime: boolean): string | null {
  if (!Number.isFinite(serial) || serial < 0 || (!date1904 && serial < 1)) return null;
  let days: number;
  let secs = 0;
  if (withTime) {
    const total = Math.round(serial * 86_400);
    days = Math.floor(total / 86_400);
    secs = total - days * 86_400;
  } else {
    days = Math.floor(Math.round(serial * DAY_MS) / DAY_MS);
  }
  let ymd: string;
  if (!date1904 && days === 60) ymd = '1900-02-29';
  else {
    const base = date1904 ? Date.UTC(1904, 0, 1) : days < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
    const d = new Date(base + days * DAY_MS);
    if (d.getUTCFullYear() > 9999) return null;
    ymd = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  }
  if (!withTime) return ymd;
  return `${ymd}T${pad(Math.floor(secs / 3600))}:${pad(Math.floor(secs / 60) % 60)}:${pad(secs % 60)}`;
}

/** Columns in a worksheet (A … XFD): any reference beyond is a corrupt or hostile file. */
export const MAX_COLUMNS = 16_384;

/** 0-based column index of a column reference's letters (`A` → 0, `AB` → 27); ignores digits. */
export function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i) & ~0x20; // upper-case
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}
