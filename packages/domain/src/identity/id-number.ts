/**
 * Identity numbers and other identifiers read from client files: the Chinese resident identity
 * number (居民身份证号码), bank card numbers and account / customer numbers. Pure.
 *
 * Sources: GB 11643-1999 (citizen identification number: 6-digit region code per GB/T 2260,
 * YYYYMMDD birth date, 3-digit sequence — odd = male —, ISO 7064 MOD 11-2 check character); the
 * first-generation 15-digit number (region, YYMMDD of 19YY, sequence, no check digit); ISO/IEC 7812
 * (card numbers of 8–19 digits, Luhn check digit); Excel's 15-significant-digit limit
 * (`shared/samples/import/id18-precision-xlsx`: an 18/19-digit number in a numeric cell has lost digits).
 */
import { type Cell } from '../imports/cell.ts';
import { formatYmd, isValidYmd } from '../time/dates.ts';

/** Error codes of {@link parseIdNumber}. */
export type IdNumberErrorCode = 'ID_INVALID_FORMAT' | 'ID_INVALID_CHECKSUM' | 'ID_INVALID_BIRTHDATE' | 'ID_PRECISION_LOST';

/**
 * A read resident ID: `value` is 18 characters (uppercase X) or 15 digits (`legacy15`, imported
 * flagged `id_legacy_15`); `birthDate` is `YYYY-MM-DD`; `gender` from the sequence digit's parity.
 */
export type IdNumberResult =
  | { ok: true; value: string; legacy15: boolean; birthDate: string; gender: 'male' | 'female' }
  | { ok: false; code: IdNumberErrorCode; message: string };

/** Result of {@link parseCardNumber}: `value` is the card number's digits. */
export type CardNumberResult =
  | { ok: true; value: string }
  | { ok: false; code: 'CARD_INVALID' | 'CARD_CHECKSUM' | 'IDENTIFIER_PRECISION_LOST'; message: string };

/** Result of {@link parseIdentifier}: `value` is the identifier text as the client wrote it (trimmed). */
export type IdentifierResult =
  | { ok: true; value: string }
  | { ok: false; code: 'IDENTIFIER_PRECISION_LOST' | 'IDENTIFIER_INVALID'; message: string };

/** Largest integer a spreadsheet numeric cell can hold exactly as an identifier: 15 digits (Excel keeps 15 significant digits). */
export const MAX_EXACT_NUMERIC_ID = 999_999_999_999_999;

/**
 * Remove spreadsheet text artefacts around an identifier: surrounding white space (incl. U+3000,
 * NBSP, BOM), the CSV formula trick `="0123"` and one leading apostrophe (Excel's "store as text" prefix).
 */
export function unwrapExcelText(raw: string): string {
  let s = raw.trim();
  const m = /^="(.*)"$/.exec(s);
  if (m) s = m[1].trim();
  if (s.startsWith("'")) s = s.slice(1).trim();
  return s;
}

/** True for exponent notation that Excel or a library printed for a long number: "3.10104E+17", "4.10E+17", "1E+15". */
export function looksLikeExponent(s: string): boolean {
  return /^\d+(\.\d+)?E\+\d+$/i.test(s) || /^\d+\.\d+E\d+$/i.test(s);
}

/**
 * Digits of a numeric cell used as an identifier: exact for non-negative integers up to 15 digits
 * (13800138000 → "13800138000", 110101900307451 → "110101900307451"); `precision` for 16+ digits
 * (those cannot be trusted: Excel rounds input to 15 significant digits); `invalid` otherwise.
 */
export function numericCellDigits(v: number): { ok: true; digits: string } | { ok: false; reason: 'precision' | 'invalid' } {
  if (!Number.isFinite(v) || v < 0) return { ok: false, reason: 'invalid' };
  if (v > MAX_EXACT_NUMERIC_ID) return { ok: false, reason: 'precision' };
  if (!Number.isInteger(v)) return { ok: false, reason: 'invalid' };
  return { ok: true, digits: BigInt(v).toString() };
}

const LOST = (what: string, shown: string) =>
  `${what} ${shown} came from a numeric cell and lost digits (Excel keeps 15 significant digits); format the column as text and re-export`;
const EXPONENT = (what: string, shown: string) =>
  `${what} "${shown}" is in exponent notation, so its last digits are lost (Excel keeps 15 significant digits); format the column as text and re-export`;

/** Province-level prefixes of GB/T 2260 plus 81/82/83 (HK/Macau/Taiwan residence permits) and 9 (2023 foreigner permanent-residence card). */
const REGION = /^(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[1-3]|9\d)\d{4}/;
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** ISO 7064 MOD 11-2 check character ('0'–'9' or 'X') of the first 17 digits of an 18-digit ID. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return '10X98765432'[sum % 11];
}

/** The 18-digit form of a valid 15-digit first-generation ID (insert "19" before the birth year, append the check character). */
export function upgradeLegacyId(id15: string): string {
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  return first17 + idCheckChar(first17);
}

/**
 * Read a resident identity number. Text: NFKC (full-width digits, Ｘ), spaces removed, `="…"`/`'`
 * unwrapped, lowercase x → X. Numeric cell: a 15-digit integer is exact (first-generation ID); 16+
 * digits → ID_PRECISION_LOST (never guessed); exponent text ("3.10104E+17") → ID_PRECISION_LOST.
 * Checks: 18 = 17 digits + check char (ID_INVALID_CHECKSUM), 15 = digits; region prefix shape
 * (ID_INVALID_FORMAT); birth date real, ≥ 1900 and, when `opts.asOf` (`YYYY-MM-DD`) is given, not after it
 * (ID_INVALID_BIRTHDATE). Messages quote the value.
 */
export function parseIdNumber(cell: Cell, opts: { asOf?: string } = {}): IdNumberResult {
  const fail = (code: IdNumberErrorCode, message: string): IdNumberResult => ({ ok: false, code, message });
  if (cell === null) return fail('ID_INVALID_FORMAT', 'ID number is empty');
  let s: string;
  if (cell.t === 'n') {
    const d = numericCellDigits(cell.v);
    if (!d.ok) return d.reason === 'precision' ? fail('ID_PRECISION_LOST', LOST('ID number', BigInt(Math.trunc(cell.v)).toString())) : fail('ID_INVALID_FORMAT', `ID number ${cell.v} is not a whole number`);
    s = d.digits;
  } else if (cell.t === 's') {
    s = unwrapExcelText(cell.v.normalize('NFKC')).replace(/\s+/g, '').toUpperCase();
    if (looksLikeExponent(s)) return fail('ID_PRECISION_LOST', EXPONENT('ID number', s));
  } else return fail('ID_INVALID_FORMAT', `ID number cell holds a ${cell.t === 'd' ? 'date' : 'boolean'}, not an ID number`);
  const numeric = cell.t === 'n' ? ' (from a numeric cell)' : '';
  if (!/^(\d{17}[\dX]|\d{15})$/.test(s)) {
    const len = s.length;
    return fail('ID_INVALID_FORMAT', `ID number "${s}"${numeric} must be 18 characters (17 digits and a digit or X) or 15 digits; it has ${len} character${len === 1 ? '' : 's'}`);
  }
  if (!REGION.test(s)) return fail('ID_INVALID_FORMAT', `ID number "${s}" does not start with a valid region code`);
  const legacy15 = s.length === 15;
  const [y, m, d] = legacy15
    ? [1900 + Number(s.slice(6, 8)), Number(s.slice(8, 10)), Number(s.slice(10, 12))]
    : [Number(s.slice(6, 10)), Number(s.slice(10, 12)), Number(s.slice(12, 14))];
  const birthDate = formatYmd(y, m, d);
  if (y < 1900 || !isValidYmd(y, m, d)) return fail('ID_INVALID_BIRTHDATE', `ID number "${s}" holds birth date ${birthDate}, which is not a real date`);
  if (opts.asOf && birthDate > opts.asOf) return fail('ID_INVALID_BIRTHDATE', `ID number "${s}" holds birth date ${birthDate}, which is in the future`);
  if (!legacy15 && idCheckChar(s) !== s[17])
    return fail('ID_INVALID_CHECKSUM', `ID number "${s}" fails the check digit (ISO 7064 MOD 11-2)${/000[\dX]?$/.test(s) ? '; trailing zeros suggest it was a number in Excel' : ''}`);
  const gender = Number(s[legacy15 ? 14 : 16]) % 2 === 1 ? 'male' : 'female';
  return { ok: true, value: s, legacy15, birthDate, gender };
}

/** Luhn (ISO/IEC 7812-1 Annex B, mod 10) check over a string of digits; false for empty or non-digit input. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = digits.length - 1, dbl = false; i >= 0; i--, dbl = !dbl) {
    let v = digits.charCodeAt(i) - 48;
    if (dbl && (v *= 2) > 9) v -= 9;
    sum += v;
  }
  return sum % 10 === 0;
}

/**
 * Read a bank card number: digits only after removing spaces and dashes (NFKC, `="…"`/`'` unwrapped);
 * 8–19 digits (ISO/IEC 7812), leading zeros kept; 13–19 digits must pass Luhn (CARD_CHECKSUM).
 * Numeric cell with 16+ digits or exponent text → IDENTIFIER_PRECISION_LOST; anything else → CARD_INVALID.
 */
export function parseCardNumber(cell: Cell): CardNumberResult {
  if (cell === null) return { ok: false, code: 'CARD_INVALID', message: 'Card number is empty' };
  let s: string;
  if (cell.t === 'n') {
    const d = numericCellDigits(cell.v);
    if (!d.ok)
      return d.reason === 'precision'
        ? { ok: false, code: 'IDENTIFIER_PRECISION_LOST', message: LOST('Card number', BigInt(Math.trunc(cell.v)).toString()) }
        : { ok: false, code: 'CARD_INVALID', message: `Card number ${cell.v} is not a whole number` };
    s = d.digits;
  } else if (cell.t === 's') {
    s = unwrapExcelText(cell.v.normalize('NFKC')).replace(/[\s-]+/g, '');
    if (looksLikeExponent(s)) return { ok: false, code: 'IDENTIFIER_PRECISION_LOST', message: EXPONENT('Card number', s) };
  } else return { ok: false, code: 'CARD_INVALID', message: `Card number cell holds a ${cell.t === 'd' ? 'date' : 'boolean'}, not a card number` };
  if (!/^\d{8,19}$/.test(s))
    return { ok: false, code: 'CARD_INVALID', message: `Card number "${s}" must be 8 to 19 digits (spaces and dashes allowed)` };
  if (s.length >= 13 && !luhnValid(s))
    return { ok: false, code: 'CARD_CHECKSUM', message: `Card number "${s}" fails the Luhn check digit; check for a typing error or lost digits` };
  return { ok: true, value: s };
}

/**
 * Read an account / customer / case number: text kept exactly as written (leading zeros, letters,
 * case, inner spaces), only trimmed and `="…"`/`'` unwrapped; exponent text → IDENTIFIER_PRECISION_LOST.
 * Numeric cell: an integer up to 15 digits → its digits; 16+ digits → IDENTIFIER_PRECISION_LOST;
 * fractions, negatives, dates, booleans → IDENTIFIER_INVALID.
 */
export function parseIdentifier(cell: Cell): IdentifierResult {
  if (cell === null) return { ok: false, code: 'IDENTIFIER_INVALID', message: 'Identifier is empty' };
  if (cell.t === 'n') {
    const d = numericCellDigits(cell.v);
    if (d.ok) return { ok: true, value: d.digits };
    return d.reason === 'precision'
      ? { ok: false, code: 'IDENTIFIER_PRECISION_LOST', message: LOST('Number', BigInt(Math.trunc(cell.v)).toString()) }
      : { ok: false, code: 'IDENTIFIER_INVALID', message: `Number ${cell.v} is not a whole non-negative number, so it cannot be an identifier` };
  }
  if (cell.t !== 's') return { ok: false, code: 'IDENTIFIER_INVALID', message: `Identifier cell holds a ${cell.t === 'd' ? 'date' : 'boolean'}` };
  const s = unwrapExcelText(cell.v);
  if (s === '') return { ok: false, code: 'IDENTIFIER_INVALID', message: 'Identifier is empty' };
  if (looksLikeExponent(s)) return { ok: false, code: 'IDENTIFIER_PRECISION_LOST', message: EXPONENT('Number', s) };
  return { ok: true, value: s };
}

/**
 * Mask an ID number for display to roles without PII access (design.md §6.5): keep the 6-digit
 * region and the last 4 characters — 110101199003074514 → 110101********4514, 15 digits →
 * 110101*****7451. Shorter values keep only their last 4 (or nothing when ≤ 4 characters).
 */
export function maskIdNumber(id: string): string {
  const s = id.trim();
  if (s.length <= 4) return '*'.repeat(s.length);
  const head = s.length >= 11 ? 6 : 0;
  return s.slice(0, head) + '*'.repeat(s.length - head - 4) + s.slice(-4);
}

/**
 * Mask a normalised phone: keep the first 3 and last 4 digits of the number, mask the digits between;
 * an area code and an extension of a landline stay visible. 13800005678 → 138****5678,
 * 010-85551234 → 010-****1234, 0755-88887777-123 → 0755-****7777-123, +12025550123 → +120****0123.
 */
export function maskPhone(phone: string): string {
  const land = /^(0\d{2,3})-(\d+)(-\d+)?$/.exec(phone);
  if (land) return `${land[1]}-${'*'.repeat(Math.max(0, land[2].length - 4))}${land[2].slice(-4)}${land[3] ?? ''}`;
  const total = phone.replace(/\D/g, '').length;
  if (total < 8) return phone.replace(/\d/g, '*');
  let i = 0;
  return phone.replace(/\d/g, (c) => (i++ < 3 || i > total - 4 ? c : '*'));
}

/** Mask a person's name: keep the first character (the surname in Chinese), mask the rest but spaces: 张三 → 张*, 欧阳娜娜 → 欧***, John Smith → J*** *****. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return chars.length ? '*' : '';
  return chars[0] + chars.slice(1).map((c) => (/\s/.test(c) ? c : '*')).join('');
}
