/**
 * How amounts and dates appear in messages and letters (issue 5 item 6), per template locale.
 * Pure: amounts are integer minor units (fen), dates ISO `YYYY-MM-DD` calendar dates.
 */
import { formatMoney } from '../money/money.ts';

/** Template locales. */
export type MessageLocale = 'zh-CN' | 'en-US';

/** Minor units as a grouped decimal: 123456 → "1,234.56", -5 → "-0.05", 100000000 → "1,000,000.00". */
export function formatAmount(minor: number, currency = 'CNY'): string {
  const plain = formatMoney(minor, currency);
  const neg = plain.startsWith('-');
  const [int, frac] = (neg ? plain.slice(1) : plain).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * A calendar date for a reader: zh-CN "2026年3月2日", en-US "March 2, 2026". Empty input → "".
 * Throws RangeError on text that is not `YYYY-MM-DD`.
 */
export function formatLocalDate(ymd: string | null | undefined, locale: MessageLocale): string {
  if (!ymd) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) throw new RangeError(`formatLocalDate: "${ymd}" is not YYYY-MM-DD`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return locale === 'zh-CN' ? `${y}年${mo}月${d}日` : `${MONTHS_EN[mo - 1]} ${d}, ${y}`;
}
