/**
 * Display masks for personal data beyond ID numbers and phones (those are in id-number.ts). What
 * every role sees in lists, details, exports and rejected-row reports (PIPL art. 51: technical
 * measures such as de-identification; issue 3 point 4). Pure functions of the value.
 */
import { maskIdNumber, maskName, maskPhone } from './id-number.ts';

/**
 * A card or account number: the first 4 and last 4 digits, the rest in groups of stars:
 * 6222021234567890123 → 6222 **** **** 0123. 8 or fewer characters keep only the last 4.
 */
export function maskCard(card: string): string {
  const s = card.replace(/[\s-]/g, '');
  if (s.length <= 4) return '*'.repeat(s.length);
  if (s.length <= 8) return '*'.repeat(s.length - 4) + s.slice(-4);
  return `${s.slice(0, 4)} **** **** ${s.slice(-4)}`;
}

/** An address: its first 6 characters (province, city) and `****`: 北京市东城区某某街道1号 → 北京市东城区****. */
export function maskAddress(address: string): string {
  const chars = Array.from(address.trim());
  if (chars.length <= 6) return chars.slice(0, Math.max(1, chars.length - 2)).join('') + '****';
  return chars.slice(0, 6).join('') + '****';
}

/**
 * A free-text value that may be a phone number or a person (a past record's target, a contact
 * value of unknown kind): 7+ digits mask as a phone, else as a name.
 */
export function maskLoose(v: string): string {
  const digits = v.replace(/\D/g, '');
  if (digits.length >= 7) return maskPhone(v.replace(/[^\d+-]/g, ''));
  return maskName(v);
}

/** Which personal-data kind an import field holds (contacts as `contacts[N].sub`), or null when not personal. */
export function piiKindOfField(field: string): 'id' | 'card' | 'phone' | 'name' | 'address' | 'loose' | null {
  const f = field.replace(/^contacts\[\d+\]\./, 'contact.');
  if (f === 'id_number') return 'id';
  if (f === 'card_number' || f === 'account_number' || f === 'repayment_account') return 'card';
  if (['mobile', 'home_phone', 'work_phone', 'contact.mobile', 'contact.work_phone', 'contact.home_phone'].includes(f)) return 'phone';
  if (f === 'debtor_name' || f === 'contact.name') return 'name';
  if (f.endsWith('address')) return 'address';
  if (f === 'record_target') return 'loose';
  return null;
}

/** Mask a raw value of an import field for a rejected-row report; non-personal fields pass unchanged. */
export function maskFieldValue(field: string, value: string): string {
  if (!value) return value;
  switch (piiKindOfField(field)) {
    case 'id':
      return maskIdNumber(value);
    case 'card':
      return maskCard(value);
    case 'phone':
      return maskPhone(value);
    case 'name':
      return maskName(value);
    case 'address':
      return maskAddress(value);
    case 'loose':
      return maskLoose(value);
    default:
      return value;
  }
}

/**
 * Remove a raw personal value from a message: its literal text becomes `masked`, and any run of 7 or
 * more digits keeps only its last 4 (`****1234`), so no full number survives in an error text.
 */
export function scrubMessage(message: string, raw: string, masked: string): string {
  let m = raw && raw.length >= 2 ? message.split(raw).join(masked) : message;
  m = m.replace(/\d[\d\s-]{2,}(\d{3}[\dXx])/g, '****$1');
  return m;
}

/**
 * Custom (unmapped) fields are free text from the client's file and may hold an ID or a phone under
 * any header: every string keeps digit runs of 7 or more masked to their last 4 (adversarial testing
 * found full numbers there). Non-string values are kept.
 */
export function scrubCustom(custom: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(custom ?? {})) out[k] = typeof v === 'string' ? scrubMessage(v, '', '') : v;
  return out;
}
