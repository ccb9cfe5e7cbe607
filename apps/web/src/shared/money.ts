/**
 * Money from the API is integer minor units plus an ISO 4217 currency. Formatting works on the
 * decimal string built with integer arithmetic, so no binary floating point touches the amount.
 */

const digitsCache = new Map<string, number>();

/** Number of minor-unit digits for a currency (CNY/USD 2, JPY 0, …), from Intl. */
export function currencyDigits(currency: string): number {
  const hit = digitsCache.get(currency);
  if (hit !== undefined) return hit;
  let d = 2;
  try {
    d = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    d = 2;
  }
  digitsCache.set(currency, d);
  return d;
}

/** 12345 (minor) → "123.45"; -5 → "-0.05"; exact for any safe integer. */
export function minorToDecimalString(minor: number, digits = 2): string {
  const neg = minor < 0;
  const abs = BigInt(Math.abs(Math.trunc(minor))).toString();
  if (digits === 0) return (neg ? '-' : '') + abs;
  const padded = abs.padStart(digits + 1, '0');
  const s = `${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
  return (neg ? '-' : '') + s;
}

/**
 * "123.45" (major units typed by a user) → 12345 minor units; null when not a valid non-negative
 * amount with at most `digits` decimals.
 */
export function decimalStringToMinor(input: string, digits = 2): number | null {
  const s = input.trim().replace(/,/g, '');
  if (s === '') return null;
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) return null;
  const frac = m[2] ?? '';
  if (frac.length > digits) return null;
  const n = Number(m[1] + frac.padEnd(digits, '0'));
  return Number.isSafeInteger(n) ? n : null;
}

const fmtCache = new Map<string, Intl.NumberFormat>();

/** Formats minor units for display, e.g. (12345, 'CNY', 'zh-CN') → "¥123.45". */
export function formatMoney(minor: number | null | undefined, currency: string, locale: string): string {
  if (minor === null || minor === undefined || Number.isNaN(minor)) return '—';
  const key = `${locale}|${currency}`;
  let fmt = fmtCache.get(key);
  if (!fmt) {
    try {
      fmt = new Intl.NumberFormat(locale, { style: 'currency', currency });
    } catch {
      fmt = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    fmtCache.set(key, fmt);
  }
  const dec = minorToDecimalString(minor, currencyDigits(currency));
  // Intl.NumberFormat accepts decimal strings exactly (ES2023 Intl.NumberFormat v3).
  return fmt.format(dec as unknown as number);
}

/** Basis points → percent string: 1250 → "12.5". */
export function bpToPercent(bp: number | null | undefined): string {
  if (bp === null || bp === undefined) return '';
  const s = minorToDecimalString(bp, 2);
  return s.replace(/\.?0+$/, '');
}
