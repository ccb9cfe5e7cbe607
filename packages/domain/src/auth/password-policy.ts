/**
 * Password policy (pure): which rules a candidate password breaks.
 *
 * Source: NIST SP 800-63B §5.1.1.2 (memorized secret verifiers) — a minimum length (≥ 8), a check
 * against a list of commonly used / compromised values, and context-specific words such as the
 * username. The character-class rule is the agency's setting (`passwordMinClasses`); NIST advises
 * against composition rules, so an admin may set it to 1. Length counts Unicode code points
 * (§5.1.1.2: "each Unicode code point SHALL be counted as a single character").
 */

/** The policy parameters (from the settings: `passwordMinLength`, `passwordMinClasses`). */
export interface PasswordPolicy {
  /** minimum length in Unicode code points */
  minLength: number;
  /** how many of the four classes (lower, upper, digit, symbol) must appear, 1–4 */
  minClasses: number;
}

/** Stable rule codes, reported in `details[].reason` of a PASSWORD_POLICY error. */
export type PasswordRule = 'min_length' | 'min_classes' | 'contains_username' | 'common_password';

/**
 * A short list of the most used passwords (compiled from public breach-frequency lists such as
 * NCSC's "100k most common" and SplashData's yearly top lists), compared case-insensitively.
 * Deliberately small: the length and class rules already refuse most of the longer list.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '123456', '123456789', '12345678', '1234567890', '12345', '1234567', '111111', '123123', '000000', '666666',
  '888888', '654321', '1q2w3e4r', '1qaz2wsx', 'qwerty', 'qwerty123', 'qwertyuiop', 'qwerty12345', 'password', 'password1',
  'password12', 'password123', 'password1234', 'p@ssw0rd', 'p@ssword', 'passw0rd', 'p@ssw0rd123', 'p@ssw0rd1', 'password!', 'password@123',
  'abc123', 'abcd1234', 'abc12345', 'abc@123', 'admin', 'admin123', 'admin@123', 'admin1234', 'administrator', 'root',
  'welcome', 'welcome1', 'welcome123', 'welcome@123', 'iloveyou', 'monkey', 'dragon', 'football', 'baseball', 'letmein',
  'sunshine', 'princess', 'trustno1', 'superman', 'starwars', 'whatever', 'shadow', 'master', 'michael', 'jennifer',
  'changeme', 'changeme123', 'secret', 'secret123', 'test123', 'test1234', 'testtest', 'zaq12wsx', 'asdfghjkl', 'asdf1234',
  'a1b2c3d4', 'aa123456', 'aa112233', 'woaini', 'woaini1314', 'woaini520', '5201314', '1314520', 'q1w2e3r4', 'q1w2e3r4t5',
  'q1w2e3r4t5y6', 'qazwsxedc', 'qwe123', 'qwe123456', 'qwer1234', 'zxcvbnm', 'zxcvbnm123', '1qaz@wsx', '1qaz!qaz', 'Aa123456',
  'Aa123456!', 'Abcd1234', 'Abc@1234', 'Admin@123', 'Passw0rd!', 'Password1!', 'Password@1', 'Welcome1!', 'Qwerty123!', 'P@ssw0rd!',
].map((p) => p.toLowerCase()));

/** Character classes present in a password: lower-case, upper-case, digit, anything else (symbols, CJK, spaces). */
export function characterClasses(password: string): number {
  let lower = 0, upper = 0, digit = 0, other = 0;
  for (const ch of password) {
    if (/\p{Ll}/u.test(ch)) lower = 1;
    else if (/\p{Lu}/u.test(ch)) upper = 1;
    else if (/\p{Nd}/u.test(ch)) digit = 1;
    else other = 1;
  }
  return lower + upper + digit + other;
}

/**
 * The rules `password` breaks for `username` under `policy`, in a fixed order; empty when it passes.
 * The username rule applies to usernames of 3+ characters, compared case-insensitively.
 */
export function passwordPolicyViolations(password: string, username: string, policy: PasswordPolicy): PasswordRule[] {
  const out: PasswordRule[] = [];
  if ([...password].length < policy.minLength) out.push('min_length');
  if (characterClasses(password) < policy.minClasses) out.push('min_classes');
  const u = username.trim().toLowerCase();
  if (u.length >= 3 && password.toLowerCase().includes(u)) out.push('contains_username');
  if (COMMON_PASSWORDS.has(password.toLowerCase())) out.push('common_password');
  return out;
}
