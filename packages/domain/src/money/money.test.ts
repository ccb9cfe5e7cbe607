import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatMoney, minorUnitDigits, parseDecimalToMinor, parseMoney } from './money.ts';
import type { Cell } from '../imports/cell.ts';

const s = (v: string): Cell => ({ t: 's', v });
const n = (v: number, fmt?: string): Cell => ({ t: 'n', v, ...(fmt ? { fmt } : {}) });

describe('parseMoney — numeric cells', () => {
  it.each<[number, number]>([
    [12345.67, 1234567],
    [5230.499999999999, 523050],
    [880.0799999999999, 88008],
    [0.1 + 0.2, 30],
    [1.005, 101], // 1.005 is 1.00499999999999989… in binary; 15 digits read it as 1.005 → half-up
    [2.675, 268],
    [0.004, 0],
    [0.005, 1],
    [-0.005, -1],
    [-1234.5, -123450],
    [0, 0],
    [-0, 0],
    [1e13, 1e15],
    [300, 30000],
  ])('%s → %i', (v, minor) => {
    expect(parseMoney(n(v))).toEqual({ ok: true, value: minor });
  });

  it('keeps the ¥ number format irrelevant', () => {
    expect(parseMoney(n(12345.67, '"¥"#,##0.00'))).toEqual({ ok: true, value: 1234567 });
  });

  it.each([NaN, Infinity, 1e20])('rejects %s', (v) => {
    expect(parseMoney(n(v))).toMatchObject({ ok: false, code: 'MONEY_INVALID' });
  });

  it('uses the currency minor unit', () => {
    expect(parseMoney(n(1234.5), 'JPY')).toEqual({ ok: true, value: 1235 });
    expect(parseMoney(n(1.2345), 'KWD')).toEqual({ ok: true, value: 1235 });
    expect(minorUnitDigits('usd')).toBe(2);
  });
});

describe('parseMoney — text cells', () => {
  it.each<[string, number, string?]>([
    ['5230.50', 523050],
    ['12000.00', 1200000],
    ['¥12,345.67', 1234567],
    ['￥1,000.00', 100000],
    ['1,234.50元', 123450, 'CNY'],
    [' 3,000.5 ', 300050],
    ['12,345', 1234500],
    ['1,234,567.89', 123456789],
    ['RMB 2,000.00', 200000, 'CNY'],
    ['rmb2000', 200000, 'CNY'],
    ['CNY 10', 1000, 'CNY'],
    ['人民币100元', 10000, 'CNY'],
    ['USD 25', 2500, 'USD'],
    ['US$25.5', 2550, 'USD'],
    ['$25', 2500],
    ['25 USD', 2500, 'USD'],
    ['1.5万', 1500000],
    ['1.5万元', 1500000, 'CNY'],
    ['2万', 2000000],
    ['0.12345万', 123450],
    ['1.234万', 1234000],
    ['(1,234.00)', -123400],
    ['(¥1,234.00)', -123400],
    ['¥(1,234.00)', -123400],
    ['-1,234.00', -123400],
    ['−12.5', -1250],
    ['-¥12.5', -1250],
    ['¥-12.5', -1250],
    ['+12', 1200],
    ['-', 0],
    ['¥ -', 0],
    ['—', 0],
    ['１２，３４５．６７', 1234567],
    ['￥１２３', 12300],
    ['\u00a0\u3000123.4\u3000', 12340],
    ['0.125', 13],
    ['1234.567', 123457],
    ['1,234.565', 123457],
    ['5230.499999999999', 523050],
    ['.5', 50],
    ['5.', 500],
    ['0', 0],
  ])('%j → %i', (text, minor, currency) => {
    expect(parseMoney(s(text))).toEqual({ ok: true, value: minor, ...(currency ? { currency } : {}) });
  });

  it.each<[string, RegExp]>([
    ['', /empty/],
    ['   ', /empty/],
    ['1,23', /groups of 3/],
    ['12,3456', /groups of 3/],
    ['12.345,67', /European/],
    ['12,5', /groups of 3/],
    ['1.234.567', /European/],
    ['1.234', /ambiguous/],
    ['12.345', /ambiguous/],
    ['1.5E+3', /not a recognised amount/],
    ['abc', /"abc" is not a recognised amount/],
    ['15 Bucks', /not a recognised amount/],
    ['1.5亿', /not a recognised amount/],
    ['-(12)', /both a sign/],
    ['--12', /not a recognised amount/],
    ['1 234', /not a recognised amount/],
    ['1.2.3', /not a recognised amount/],
    ['万', /not a recognised amount/],
    ['-万', /not a recognised amount/],
    ['99999999999999999', /too large/],
  ])('rejects %j', (text, msg) => {
    const r = parseMoney(s(text));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('MONEY_INVALID');
      expect(r.message).toMatch(msg);
    }
  });

  it('rejects empty, date and boolean cells', () => {
    expect(parseMoney(null)).toMatchObject({ ok: false, code: 'MONEY_INVALID' });
    expect(parseMoney({ t: 'd', v: '2024-01-05' })).toMatchObject({ ok: false, message: /date/ });
    expect(parseMoney({ t: 'b', v: true })).toMatchObject({ ok: false, message: /boolean/ });
  });

  it('never reads 12,345 as 12 or 12.345, nor 1.5万 as 1.5', () => {
    expect(parseMoney(s('12,345'))).toMatchObject({ value: 1234500 });
    expect(parseMoney(s('1.5万'))).toMatchObject({ value: 1500000 });
  });
});

describe('parseDecimalToMinor', () => {
  it.each<[string, number]>([
    ['123.45', 12345],
    ['123.4', 12340],
    ['123', 12300],
    ['-0.01', -1],
    ['+7', 700],
    [' 0 ', 0],
    ['90071992547409.91', Number.MAX_SAFE_INTEGER],
  ])('%j → %i', (text, minor) => {
    expect(parseDecimalToMinor(text)).toEqual({ ok: true, value: minor });
  });
  it.each(['1.234', '1,234', '¥1', '1e3', '', '.5', '5.', 'abc', '90071992547409.92'])('rejects %j', (text) => {
    expect(parseDecimalToMinor(text)).toMatchObject({ ok: false, code: 'MONEY_INVALID' });
  });
  it('JPY has no decimals', () => {
    expect(parseDecimalToMinor('1234', 'JPY')).toEqual({ ok: true, value: 1234 });
    expect(parseDecimalToMinor('12.5', 'JPY')).toMatchObject({ ok: false });
  });
});

describe('formatMoney', () => {
  it.each<[number, string, string]>([
    [1234567, 'CNY', '12345.67'],
    [523050, 'CNY', '5230.50'],
    [0, 'CNY', '0.00'],
    [5, 'CNY', '0.05'],
    [-5, 'CNY', '-0.05'],
    [-123400, 'USD', '-1234.00'],
    [1234, 'JPY', '1234'],
    [1, 'KWD', '0.001'],
    [Number.MAX_SAFE_INTEGER, 'CNY', '90071992547409.91'],
  ])('%i %s → %s', (minor, cur, text) => {
    expect(formatMoney(minor, cur)).toBe(text);
  });
  it('throws on non-integers', () => {
    expect(() => formatMoney(1.5)).toThrow(RangeError);
    expect(() => formatMoney(NaN)).toThrow(RangeError);
  });

  it('round-trips through parseMoney for every safe integer (plain, grouped, ¥ and accounting forms)', () => {
    const group = (t: string) => {
      const [int, frac] = t.replace('-', '').split('.');
      return `${int.replace(/\B(?=(\d{3})+$)/g, ',')}.${frac}`;
    };
    fc.assert(
      fc.property(fc.maxSafeInteger(), (x) => {
        const text = formatMoney(x);
        expect(parseMoney(s(text))).toEqual({ ok: true, value: x });
        expect(parseDecimalToMinor(text)).toEqual({ ok: true, value: x });
        const fancy = x < 0 ? `(¥${group(text)})` : `￥${group(text)}元`;
        const r = parseMoney(s(fancy));
        expect(r.ok && r.value).toBe(x);
        expect(formatMoney((r as { value: number }).value)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});
