import { describe, expect, it } from 'vitest';
import { bpToPercent, decimalStringToMinor, formatMoney, minorToDecimalString } from './money';

describe('minorToDecimalString', () => {
  it.each([
    [0, 2, '0.00'],
    [5, 2, '0.05'],
    [-5, 2, '-0.05'],
    [12345, 2, '123.45'],
    [100, 0, '100'],
    [9007199254740991, 2, '90071992547409.91'],
  ])('%d with %d digits → %s', (minor, digits, out) => expect(minorToDecimalString(minor, digits)).toBe(out));
});

describe('decimalStringToMinor', () => {
  it.each([
    ['100', 10000],
    ['100.5', 10050],
    ['0.01', 1],
    ['1,234.56', 123456],
    [' 7 ', 700],
    ['', null],
    ['1.234', null],
    ['-1', null],
    ['abc', null],
  ])('%s → %s', (s, out) => expect(decimalStringToMinor(s)).toBe(out));
});

describe('formatMoney', () => {
  it('formats CNY from fen without float error', () => {
    expect(formatMoney(7245678, 'CNY', 'zh-CN')).toBe('¥72,456.78');
    expect(formatMoney(10, 'CNY', 'zh-CN')).toBe('¥0.10');
  });
  it('uses the currency minor-unit count (JPY has none)', () => {
    expect(formatMoney(1234, 'JPY', 'en-US')).toBe('¥1,234');
  });
  it('shows a dash for missing values', () => {
    expect(formatMoney(null, 'CNY', 'zh-CN')).toBe('—');
  });
});

describe('bpToPercent', () => {
  it.each([
    [1250, '12.5'],
    [800, '8'],
    [5, '0.05'],
    [null, ''],
  ])('%s → %s', (bp, out) => expect(bpToPercent(bp)).toBe(out));
});
