/**
 * Password policy enforcement from the settings (NIST SP 800-63B §5.1.1.2): on user creation, admin
 * reset and own change. Throws PASSWORD_POLICY naming each unmet rule in `details[].reason`
 * (`min_length`, `min_classes`, `contains_username`, `common_password`) with the limit in `value`.
 */
import type { Kysely } from 'kysely';
import { passwordPolicyViolations } from '@recova/domain/auth/password-policy';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { getSettings } from '../settings/settings.service.ts';

const TEXT = {
  min_length: (n: number) => `at least ${n} characters`,
  min_classes: (n: number) => `at least ${n} of: lower-case, upper-case, digits, symbols`,
  contains_username: () => 'must not contain the username',
  common_password: () => 'too common',
} as const;

/** Throw PASSWORD_POLICY when `password` breaks the current policy for `username`. `field` names the input. */
export async function enforcePasswordPolicy(db: Kysely<DB>, password: string, username: string, field = 'password'): Promise<void> {
  const s = await getSettings(db);
  const broken = passwordPolicyViolations(password, username, { minLength: s.passwordMinLength, minClasses: s.passwordMinClasses });
  if (!broken.length) return;
  const limit = (r: string) => (r === 'min_length' ? s.passwordMinLength : r === 'min_classes' ? s.passwordMinClasses : undefined);
  throw new AppError(
    'PASSWORD_POLICY',
    `password does not meet the policy: ${broken.map((r) => TEXT[r](limit(r) ?? 0)).join('; ')}`,
    broken.map((r) => ({ field, reason: r, ...(limit(r) !== undefined && { value: String(limit(r)) }) })),
  );
}
