/**
 * The masked form of a free contact target (what lists show to every role; the value itself is stored
 * encrypted in `contact_records.target`): an e-mail keeps its first character and its domain
 * (`z***@example.com`), a number keeps its first 3 and last 4 digits, anything else masks as an address.
 */
import { maskAddress, maskLoose } from '@recova/domain/identity/masks';

export function maskTarget(target: string): string {
  const t = target.trim();
  const at = t.lastIndexOf('@');
  if (at > 0) return `${t[0]}***${t.slice(at)}`;
  if (t.replace(/\D/g, '').length >= 7 && /^[\d\s+()-]+$/.test(t)) return maskLoose(t);
  return maskAddress(t);
}
