/**
 * Which columns hold personal data and what is derived from each (ADR 0007): the encrypted column,
 * its blind index (exact-match lookups) and its plaintext masked form (lists, every role).
 * `sealColumns` turns plaintext values of a row into what is stored; `openColumn` reads one back.
 */
import { maskIdNumber, maskPhone } from '@recova/domain/identity/id-number';
import { maskAddress, maskCard } from '@recova/domain/identity/masks';
import { type BidxKind, type PiiCipher } from '../../platform/crypto.ts';

/** Encrypted columns per table (AAD = `table.column`). */
export const PII_COLUMNS = {
  // account_number often repeats the card number (credit-card portfolios), so it is encrypted too
  cases: ['id_number', 'card_number', 'account_number', 'repayment_account'],
  case_phones: ['number', 'contact_name'],
  case_addresses: ['address', 'contact_name'],
  case_contacts: ['name', 'mobile', 'work_phone', 'home_phone', 'address'],
  case_records: ['target'],
  contact_records: ['target'],
  // the TOTP shared secret (RFC 6238): whoever reads it can generate the user's codes
  users: ['totp_secret'],
  // the SMS provider's auth token / SMTP password (messaging-settings.service.ts)
  messaging_providers: ['secret'],
} as const;
export type PiiTable = keyof typeof PII_COLUMNS;

interface Derived {
  bidx: string;
  kind: BidxKind;
  masked: string;
  mask: (v: string) => string;
  norm: (v: string) => string;
}

/** Columns with a blind index and a masked copy: `<table>.<column>` → derived column names. */
export const DERIVED: Record<string, Derived> = {
  'cases.id_number': { bidx: 'id_number_bidx', kind: 'id', masked: 'id_number_masked', mask: maskIdNumber, norm: (v) => v.toUpperCase() },
  'cases.card_number': { bidx: 'card_number_bidx', kind: 'card', masked: 'card_number_masked', mask: maskCard, norm: (v) => v.replace(/\D/g, '') },
  'case_phones.number': { bidx: 'number_bidx', kind: 'phone', masked: 'number_masked', mask: maskPhone, norm: (v) => v },
  'case_addresses.address': { bidx: 'address_bidx', kind: 'address', masked: 'address_masked', mask: maskAddress, norm: (v) => v },
};

/**
 * Encrypt the personal columns present in `plain` (a partial row of `table`) and add their blind
 * index and masked columns. Keys absent from `plain` stay absent (an update touches only what it maps).
 */
export function sealColumns(pii: PiiCipher, table: PiiTable, plain: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...plain };
  for (const col of PII_COLUMNS[table]) {
    if (!(col in plain)) continue;
    const v = plain[col] as string | null | undefined;
    const text = v === null || v === undefined || v === '' ? null : String(v);
    out[col] = pii.encrypt(`${table}.${col}`, text);
    const d = DERIVED[`${table}.${col}`];
    if (d) {
      out[d.bidx] = text === null ? null : pii.bidx(d.kind, d.norm(text));
      out[d.masked] = text === null ? null : d.mask(text);
    }
  }
  return out;
}

/** Decrypt one stored column value (plaintext legacy values pass through). */
export function openColumn(pii: PiiCipher, table: PiiTable, col: string, stored: string | null | undefined): string | null {
  return pii.decrypt(`${table}.${col}`, stored);
}

/** Blind indexes of a lookup value under every key of the ring (null when it normalises to nothing). */
export function lookupBidx(pii: PiiCipher, column: keyof typeof DERIVED, value: string): string[] {
  const d = DERIVED[column];
  const n = d.norm(value);
  return n ? pii.bidxAll(d.kind, n) : [];
}
