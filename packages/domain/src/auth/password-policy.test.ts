import { describe, expect, it } from 'vitest';
import { characterClasses, passwordPolicyViolations } from './password-policy.ts';

const policy = { minLength: 10, minClasses: 3 };

describe('password policy (NIST SP 800-63B §5.1.1.2)', () => {
  it('length boundary in code points', () => {
    expect(passwordPolicyViolations('Abcdefgh1', 'zed', policy)).toEqual(['min_length']); // 9
    expect(passwordPolicyViolations('Abcdefgh12', 'zed', policy)).toEqual([]); // 10
    expect(passwordPolicyViolations('密码密码密码密码密A1', 'zed', policy)).toEqual([]); // 11 code points, CJK counts as "other"
    expect(passwordPolicyViolations('😀😀😀😀aB1', 'zed', { minLength: 8, minClasses: 1 })).toEqual(['min_length']); // 7 code points, 11 UTF-16 units
  });
  it('character classes', () => {
    expect(characterClasses('abc')).toBe(1);
    expect(characterClasses('aB1-')).toBe(4);
    expect(passwordPolicyViolations('abcdefghij1', 'zed', policy)).toEqual(['min_classes']);
    expect(passwordPolicyViolations('abcdefghij1', 'zed', { minLength: 10, minClasses: 2 })).toEqual([]);
  });
  it('refuses the username inside the password, case-insensitively', () => {
    expect(passwordPolicyViolations('xxAlice-2024', 'alice', policy)).toEqual(['contains_username']);
    expect(passwordPolicyViolations('ab-12345678', 'ab', policy)).toEqual([]); // usernames under 3 characters are not checked
  });
  it('refuses common passwords and names every broken rule', () => {
    expect(passwordPolicyViolations('P@ssw0rd123', 'zed', policy)).toEqual(['common_password']);
    expect(passwordPolicyViolations('password', 'pass', policy)).toEqual(['min_length', 'min_classes', 'contains_username', 'common_password']);
  });
});
