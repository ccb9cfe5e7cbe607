/**
 * A last line of defence for the audit log: audit `data` holds ids, counts and field names, never
 * personal data (PIPL art. 51 "necessary minimum"; OWASP ASVS 4.0 §7.1.1 "no sensitive data in logs").
 * Values that look like a mainland resident ID number (15 or 18 characters, GB 11643), a mainland
 * mobile number (1[3-9] + 9 digits) or a card number (13–19 digits, ISO/IEC 7812) are replaced by
 * `[redacted]`. Pure: the caller logs the returned paths (never the values).
 *
 * Known trade-off: any 13–19 digit run counts, so an epoch-milliseconds number (13 digits) in `data`
 * would be redacted too; audit data should carry ISO times instead.
 */

export const REDACTED = '[redacted]';

/**
 * A digit run that is an ID, mobile or card number, standing alone or delimited by anything but Latin
 * letters and digits (so `手机13812345678` matches, while digit runs inside hex hashes do not).
 */
const PII_RE = /(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15}|1[3-9]\d{9}|\d{13,19})(?![0-9A-Za-z])/;

/** True when the string or number looks like an ID, mobile or card number (separators ` ` and `-` ignored). */
export function looksLikePii(value: string | number): boolean {
  if (typeof value === 'number') return Number.isInteger(value) && PII_RE.test(String(Math.abs(value)));
  return PII_RE.test(value) || PII_RE.test(value.replace(/(?<=\d)[ -](?=\d)/g, ''));
}

/**
 * Copy of `data` with every string/number that {@link looksLikePii} replaced by `[redacted]`.
 * `paths` lists where (e.g. `contacts[0].phone`), for a warning that names the place, not the value.
 */
export function redactPii(data: unknown): { data: unknown; paths: string[] } {
  const paths: string[] = [];
  const walk = (v: unknown, path: string): unknown => {
    if ((typeof v === 'string' || typeof v === 'number') && looksLikePii(v)) {
      paths.push(path || '(value)');
      return REDACTED;
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}]`));
    if (v && typeof v === 'object' && !(v instanceof Date)) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, path ? `${path}.${k}` : k);
      return out;
    }
    return v;
  };
  return { data: walk(data, ''), paths };
}
