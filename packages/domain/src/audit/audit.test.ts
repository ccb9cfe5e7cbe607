import { describe, expect, it } from 'vitest';
import { canonicalJson, GENESIS_HASH, serializeEntry } from './canonical.ts';
import { looksLikePii, redactPii, REDACTED } from './pii-guard.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined members, no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x', null], c: true }, u: undefined })).toBe('{"a":{"c":true,"d":[1,"x",null]},"b":1}');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson({ 中: 1, a: 2 })).toBe('{"a":2,"中":1}');
  });
  it('serialises an entry in the fixed field order with ISO milliseconds', () => {
    const s = serializeEntry({ seq: 3, at: new Date('2024-06-01T02:00:00.5Z'), userId: 7, action: 'case.pause', entity: 'case', entityId: '12', data: { z: 1, a: 2 }, prevHash: GENESIS_HASH });
    expect(s).toBe(`[3,"2024-06-01T02:00:00.500Z",7,"case.pause","case","12",{"a":2,"z":1},"${'0'.repeat(64)}"]`);
  });
});

describe('PII guard', () => {
  it.each([
    ['110101199003071234', true], ['11010119900307123X', true], ['110101900307123', true],
    ['13812345678', true], ['+86 138-1234-5678', true], ['6222021234567890123', true], ['4111 1111 1111 1111', true],
    ['12812345678', false], ['手机13812345678', true], ['ab1234567890123cd', false], ['e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', false], ['1234567', false], ['case 42', false], ['B2024-001', false], [13812345678, true], [42, false],
  ])('%s → %s', (v, pii) => expect(looksLikePii(v as string | number)).toBe(pii));
  it('replaces such values and names their paths', () => {
    const r = redactPii({ count: 3, ids: [1, 2], note: 'call 13812345678', nested: { card: '6222021234567890' }, field: 'phone' });
    expect(r.data).toEqual({ count: 3, ids: [1, 2], note: REDACTED, nested: { card: REDACTED }, field: 'phone' });
    expect(r.paths).toEqual(['note', 'nested.card']);
  });
});
