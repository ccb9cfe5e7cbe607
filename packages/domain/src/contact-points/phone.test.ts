import { describe, expect, it } from 'vitest';
import { parsePhone, phoneKind } from './phone.ts';
import type { Cell } from '../imports/cell.ts';

const s = (v: string): Cell => ({ t: 's', v });
const n = (v: number): Cell => ({ t: 'n', v });

describe('parsePhone (CN)', () => {
  it.each<[Cell, string, string]>([
    [s('13800138000'), '13800138000', 'mobile'],
    [n(13800138000), '13800138000', 'mobile'],
    [s('+86 138 0013 8000'), '13800138000', 'mobile'],
    [s('+86-13800138000'), '13800138000', 'mobile'],
    [s('008613800138000'), '13800138000', 'mobile'],
    [s('8613800138000'), '13800138000', 'mobile'],
    [n(8613800138000), '13800138000', 'mobile'],
    [s('138-0013-8000'), '13800138000', 'mobile'],
    [s('(138) 0013 8000'), '13800138000', 'mobile'],
    [s('１３８００１３８０００'), '13800138000', 'mobile'],
    [s('013800138000'), '13800138000', 'mobile'],
    [s('="13800138000"'), '13800138000', 'mobile'],
    [s('19912345678'), '19912345678', 'mobile'],
    [s('010-85551234'), '010-85551234', 'landline'],
    [s('01085551234'), '010-85551234', 'landline'],
    [s('(021)63331234'), '021-63331234', 'landline'],
    [s('（021）6333 1234'), '021-63331234', 'landline'],
    [s('0755 8888 7777 转 123'), '0755-88887777-123', 'landline'],
    [s('0755-88887777-123'), '0755-88887777-123', 'landline'],
    [s('0755-88887777 ext 12'), '0755-88887777-12', 'landline'],
    [s('0755-88887777ext.12'), '0755-88887777-12', 'landline'],
    [s('0755-88887777 分机 8'), '0755-88887777-8', 'landline'],
    [s('0755-88887777#8'), '0755-88887777-8', 'landline'],
    [s('0571-8888777'), '0571-8888777', 'landline'],
    [s('+86 10 8555 1234'), '010-85551234', 'landline'],
    [s('+86 755 8888 7777'), '0755-88887777', 'landline'],
    [n(1085551234), '010-85551234', 'landline'],
    [n(75588887777), '0755-88887777', 'landline'],
    [s('400-820-8820'), '4008208820', 'service'],
    [s('+1 (202) 555-0123'), '+12025550123', 'us'],
    [s('001-202-555-0123'), '+12025550123', 'us'],
    [s('+1 202 555 0123 x12'), '+12025550123;ext=12', 'us'],
  ])('%j → %s', (cell, value, kind) => {
    expect(parsePhone(cell)).toEqual({ ok: true, value, kind });
    expect(phoneKind(value)).toBe(kind);
  });

  it.each<[Cell, RegExp]>([
    [s('85551234'), /"85551234" has no area code/],
    [s('12345'), /neither a mainland mobile/],
    [s('12800138000'), /neither a mainland mobile/],
    [s('1380013800'), /neither a mainland mobile/],
    [s('138001380001'), /neither a mainland mobile/],
    [s('13800138000/13900139000'), /more than one number/],
    [s('13800138000，13900139000'), /more than one number/],
    [s('13800138000 转 12'), /mobile number with an extension/],
    [s('010-1234'), /local number 1234/],
    [s('0123-8888777'), /unknown area code 0123/],
    [s('010-05551234'), /not 7–8 digits/],
    [s('tel 13800138000'), /characters other than digits/],
    [s('+44 20 7946 0958'), /only \+86 and \+1/],
    [s('+1 123 555 0123'), /not a US number/],
    [s(''), /empty/],
    [null, /empty/],
    [n(138.5), /not a whole number/],
    [n(1e16), /not a whole number of at most 15 digits/],
    [{ t: 'b', v: true }, /boolean/],
  ])('rejects %j', (cell, msg) => {
    const r = parsePhone(cell);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('PHONE_INVALID');
      expect(r.message).toMatch(msg);
    }
  });
});

describe('parsePhone (US region)', () => {
  it.each<[string, string]>([
    ['2025550123', '+12025550123'],
    ['(202) 555-0123', '+12025550123'],
    ['1-202-555-0123', '+12025550123'],
    ['202.555.0123 ext 7', '+12025550123;ext=7'],
    ['+86 138 0013 8000', '13800138000'],
  ])('%s → %s', (text, value) => {
    expect(parsePhone(s(text), 'US')).toMatchObject({ ok: true, value });
  });
  it.each(['555-0123', '0202555012', '13800138000'])('rejects %s', (text) => {
    expect(parsePhone(s(text), 'US')).toMatchObject({ ok: false, code: 'PHONE_INVALID' });
  });
});

describe('phoneKind', () => {
  it.each<[string, string | null]>([
    ['13800138000', 'mobile'],
    ['010-85551234', 'landline'],
    ['0755-88887777-123', 'landline'],
    ['4008208820', 'service'],
    ['+12025550123', 'us'],
    ['138 0013 8000', null],
    ['85551234', null],
  ])('%s → %s', (v, k) => expect(phoneKind(v)).toBe(k));
});
