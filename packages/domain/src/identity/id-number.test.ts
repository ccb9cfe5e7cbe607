import { describe, expect, it } from 'vitest';
import {
  idCheckChar, looksLikeExponent, luhnValid, maskIdNumber, maskName, maskPhone, numericCellDigits,
  parseCardNumber, parseIdentifier, parseIdNumber, unwrapExcelText, upgradeLegacyId,
} from './id-number.ts';
import type { Cell } from '../imports/cell.ts';

const s = (v: string): Cell => ({ t: 's', v });
const n = (v: number): Cell => ({ t: 'n', v });

describe('parseIdNumber', () => {
  it.each<[Cell, string, boolean, string, 'male' | 'female']>([
    [s('110101199003074514'), '110101199003074514', false, '1990-03-07', 'male'],
    [s('310104198507120029'), '310104198507120029', false, '1985-07-12', 'female'],
    [s('440305199211301286'), '440305199211301286', false, '1992-11-30', 'female'],
    [s('32010219881008009X'), '32010219881008009X', false, '1988-10-08', 'male'],
    [s('32010219881008009x'), '32010219881008009X', false, '1988-10-08', 'male'],
    [s('３２０１０２１９８８１００８００９Ｘ'), '32010219881008009X', false, '1988-10-08', 'male'],
    [s(' 110101 19900307 4514 '), '110101199003074514', false, '1990-03-07', 'male'],
    [s("'110101199003074514"), '110101199003074514', false, '1990-03-07', 'male'],
    [s('="110101199003074514"'), '110101199003074514', false, '1990-03-07', 'male'],
    [s('110101900307451'), '110101900307451', true, '1990-03-07', 'male'],
    [n(110101900307451), '110101900307451', true, '1990-03-07', 'male'],
  ])('%j → %s', (cell, value, legacy15, birthDate, gender) => {
    expect(parseIdNumber(cell)).toEqual({ ok: true, value, legacy15, birthDate, gender });
  });

  it.each<[Cell, string, RegExp]>([
    [n(310104198507120000), 'ID_PRECISION_LOST', /^ID number 310104198507120000 came from a numeric cell and lost digits \(Excel keeps 15 significant digits\); format the column as text and re-export$/],
    [n(1e15), 'ID_PRECISION_LOST', /numeric cell/],
    [s('3.10104E+17'), 'ID_PRECISION_LOST', /exponent/],
    [s('4.10E+17'), 'ID_PRECISION_LOST', /exponent/],
    [s('3.1010419850712E+017'), 'ID_PRECISION_LOST', /exponent/],
    [s('310104198507120000'), 'ID_INVALID_CHECKSUM', /trailing zeros/],
    [s('110101199003074515'), 'ID_INVALID_CHECKSUM', /check digit/],
    [s('11010119900307451X'), 'ID_INVALID_CHECKSUM', /check digit/],
    [s('1101011990030745'), 'ID_INVALID_FORMAT', /16 characters/],
    [s('11010119900307451Y'), 'ID_INVALID_FORMAT', /18 characters/],
    [s('X10101199003074514'), 'ID_INVALID_FORMAT', /18 characters/],
    [n(12345), 'ID_INVALID_FORMAT', /numeric cell/],
    [n(1101019003.5), 'ID_INVALID_FORMAT', /whole number/],
    [s(''), 'ID_INVALID_FORMAT', /0 characters/],
    [null, 'ID_INVALID_FORMAT', /empty/],
    [{ t: 'd', v: '2024-01-01' }, 'ID_INVALID_FORMAT', /date/],
    [s('000101199003074514'), 'ID_INVALID_FORMAT', /region/],
    [s('110101199002304514'), 'ID_INVALID_BIRTHDATE', /1990-02-30/],
    [s('110101189912314514'), 'ID_INVALID_BIRTHDATE', /1899-12-31/],
    [s('110101901307451'), 'ID_INVALID_BIRTHDATE', /1990-13-07/],
  ])('rejects %j as %s', (cell, code, msg) => {
    const r = parseIdNumber(cell);
    expect(r).toMatchObject({ ok: false, code });
    if (!r.ok) expect(r.message).toMatch(msg);
  });

  it('rejects a birth date after asOf only when asOf is given', () => {
    const id = '110101203001010010';
    const first17 = id.slice(0, 17);
    const valid = first17 + idCheckChar(first17);
    expect(parseIdNumber(s(valid)).ok).toBe(true);
    expect(parseIdNumber(s(valid), { asOf: '2026-01-01' })).toMatchObject({ ok: false, code: 'ID_INVALID_BIRTHDATE' });
  });

  it('check characters and legacy upgrade', () => {
    expect(idCheckChar('11010519491231002')).toBe('X'); // GB 11643-1999 example
    expect(upgradeLegacyId('110101900307451')).toBe(`11010119900307451${idCheckChar('11010119900307451')}`);
    expect(parseIdNumber(s(upgradeLegacyId('110101900307451'))).ok).toBe(true);
  });
});

describe('luhnValid', () => {
  it.each<[string, boolean]>([
    ['6222021234567890128', true],
    ['6228480012345671', true],
    ['6217000000123456786', true],
    ['4111111111111111', true],
    ['79927398713', true],
    ['6228480012345670', false],
    ['4111111111111112', false],
    ['', false],
    ['4111 1111', false],
  ])('%s → %s', (d, ok) => expect(luhnValid(d)).toBe(ok));
});

describe('parseCardNumber', () => {
  it.each<[Cell, string]>([
    [s('6222021234567890128'), '6222021234567890128'],
    [s('6222 0212 3456 7890 128'), '6222021234567890128'],
    [s('6228-4800-1234-5671'), '6228480012345671'],
    [s('６２２８４８００１２３４５６７１'), '6228480012345671'],
    [s('="6217000000123456786"'), '6217000000123456786'],
    [s('012345678'), '012345678'], // 8–12 digits: no Luhn check, leading zero kept
    [n(79927398713), '79927398713'],
    [n(378282246310005), '378282246310005'], // 15-digit numeric is exact
  ])('%j → %s', (cell, value) => expect(parseCardNumber(cell)).toEqual({ ok: true, value }));

  it.each<[Cell, string]>([
    [n(6228480012345670), 'IDENTIFIER_PRECISION_LOST'],
    [n(6222021234567890000), 'IDENTIFIER_PRECISION_LOST'],
    [s('6.22848E+15'), 'IDENTIFIER_PRECISION_LOST'],
    [s('6228480012345670'), 'CARD_CHECKSUM'],
    [s('6222021234567890129'), 'CARD_CHECKSUM'],
    [s('1234567'), 'CARD_INVALID'],
    [s('62220212345678901280'), 'CARD_INVALID'],
    [s('6222O21234567890128'), 'CARD_INVALID'],
    [n(-5), 'CARD_INVALID'],
    [null, 'CARD_INVALID'],
    [{ t: 'b', v: false }, 'CARD_INVALID'],
  ])('rejects %j as %s', (cell, code) => expect(parseCardNumber(cell)).toMatchObject({ ok: false, code }));
});

describe('parseIdentifier', () => {
  it.each<[Cell, string]>([
    [s('03100012345678'), '03100012345678'],
    [s('  WA2024030001 '), 'WA2024030001'],
    [s('ab 12-CD'), 'ab 12-CD'],
    [s('12E34'), '12E34'],
    [s('="00123"'), '00123'],
    [s("'00123"), '00123'],
    [n(13800138000), '13800138000'],
    [n(999999999999999), '999999999999999'],
    [n(0), '0'],
  ])('%j → %s', (cell, value) => expect(parseIdentifier(cell)).toEqual({ ok: true, value }));

  it.each<[Cell, string]>([
    [n(1e15), 'IDENTIFIER_PRECISION_LOST'],
    [n(6222021234567890000), 'IDENTIFIER_PRECISION_LOST'],
    [s('6.22202E+18'), 'IDENTIFIER_PRECISION_LOST'],
    [s('1E+15'), 'IDENTIFIER_PRECISION_LOST'],
    [n(12.5), 'IDENTIFIER_INVALID'],
    [n(-3), 'IDENTIFIER_INVALID'],
    [s('   '), 'IDENTIFIER_INVALID'],
    [{ t: 'd', v: '2024-01-01' }, 'IDENTIFIER_INVALID'],
  ])('rejects %j as %s', (cell, code) => expect(parseIdentifier(cell)).toMatchObject({ ok: false, code }));
});

describe('helpers', () => {
  it('numericCellDigits', () => {
    expect(numericCellDigits(999999999999999)).toEqual({ ok: true, digits: '999999999999999' });
    expect(numericCellDigits(1000000000000000)).toEqual({ ok: false, reason: 'precision' });
    expect(numericCellDigits(1.5)).toEqual({ ok: false, reason: 'invalid' });
  });
  it('looksLikeExponent / unwrapExcelText', () => {
    expect(['3.10104E+17', '4.10E+17', '1E+15', '3.1010419850712E+017', '6.22848e15'].every(looksLikeExponent)).toBe(true);
    expect(['12E34', 'E+17', '3.1E-5', '310104198507120029'].some(looksLikeExponent)).toBe(false);
    expect(unwrapExcelText(' ="0123" ')).toBe('0123');
    expect(unwrapExcelText("'0123")).toBe('0123');
  });
});

describe('masks', () => {
  it.each<[string, string]>([
    ['110101199003074514', '110101********4514'],
    ['110101900307451', '110101*****7451'],
    ['12345678', '****5678'],
    ['123', '***'],
  ])('maskIdNumber %s', (id, masked) => expect(maskIdNumber(id)).toBe(masked));
  it.each<[string, string]>([
    ['13812345678', '138****5678'],
    ['010-85551234', '010-****1234'],
    ['0755-88887777-123', '0755-****7777-123'],
    ['0571-8888777', '0571-***8777'],
    ['+12025550123', '+120****0123'],
    ['1234567', '*******'],
  ])('maskPhone %s', (p, masked) => expect(maskPhone(p)).toBe(masked));
  it.each<[string, string]>([
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['John Smith', 'J*** *****'],
    ['王', '*'],
    ['', ''],
  ])('maskName %s', (name, masked) => expect(maskName(name)).toBe(masked));
});
