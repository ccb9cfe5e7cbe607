import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, civilFromDays, daysBetween, daysFromCivil, excelSerialToYmd, isValidYmd, parseDate } from './dates.ts';
import type { Cell } from '../imports/cell.ts';

const s = (v: string): Cell => ({ t: 's', v });
const n = (v: number): Cell => ({ t: 'n', v, fmt: 'yyyy-mm-dd' });
const D1904 = { date1904: true };

describe('excelSerialToYmd', () => {
  it.each<[number, boolean, string | null]>([
    [1, false, '1900-01-01'],
    [59, false, '1900-02-28'],
    [60, false, null],
    [61, false, '1900-03-01'],
    [45352, false, '2024-03-01'],
    [45356, false, '2024-03-05'],
    [45306, false, '2024-01-15'],
    [45473, false, '2024-06-30'],
    [45352.75, false, '2024-03-01'],
    [45352.99999999999, false, '2024-03-02'], // rounds to the millisecond first: residue of midnight
    [2958465, false, '9999-12-31'],
    [2958466, false, null],
    [0, false, null],
    [-1, false, null],
    [0, true, '1904-01-01'],
    [43890, true, '2024-03-01'],
    [2957003, true, '9999-12-31'],
    [2957004, true, null],
    [NaN, false, null],
  ])('%s (1904=%s) → %s', (serial, d1904, ymd) => {
    expect(excelSerialToYmd(serial, d1904)).toBe(ymd);
  });
});

describe('parseDate', () => {
  it.each<[Cell, string]>([
    [{ t: 'd', v: '2024-03-01' }, '2024-03-01'],
    [{ t: 'd', v: '2024-03-01T00:00:00' }, '2024-03-01'],
    [n(45352), '2024-03-01'],
    [n(20240105), '2024-01-05'],
    [s('2024/1/5'), '2024-01-05'],
    [s('2024-01-05'), '2024-01-05'],
    [s('2024.1.5'), '2024-01-05'],
    [s('20240105'), '2024-01-05'],
    [s('2024年1月5日'), '2024-01-05'],
    [s('2024年01月05号'), '2024-01-05'],
    [s('2024年1月5'), '2024-01-05'],
    [s('2024-01-05 00:00:00'), '2024-01-05'],
    [s('2024/1/5 9:30'), '2024-01-05'],
    [s('2024-01-05T00:00:00.000Z'), '2024-01-05'],
    [s('2024-01-05T23:00:00+08:00'), '2024-01-05'],
    [s('２０２４－０１－０５'), '2024-01-05'],
    [s(' 2024-2-29 '), '2024-02-29'],
    [s('45352'), '2024-03-01'],
    [s('45352.5'), '2024-03-01'],
    [s('1900-01-01'), '1900-01-01'],
    [s('9999-12-31'), '9999-12-31'],
  ])('%j → %s', (cell, ymd) => {
    expect(parseDate(cell)).toEqual({ ok: true, value: ymd });
  });

  it('uses the 1904 system for numeric serials only', () => {
    expect(parseDate(n(43890), D1904)).toEqual({ ok: true, value: '2024-03-01' });
    expect(parseDate(s('43890'), D1904)).toEqual({ ok: true, value: '2024-03-01' });
    expect(parseDate(s('2024-03-01'), D1904)).toEqual({ ok: true, value: '2024-03-01' });
  });

  it.each<[Cell, RegExp]>([
    [s('2024-02-30'), /"2024-02-30" is not a real calendar date/],
    [s('2023-02-29'), /not a real calendar date/],
    [s('2024-13-01'), /not a real calendar date/],
    [s('20240230'), /not a real calendar date/],
    [s('2024年2月30日'), /not a real calendar date/],
    [s('2024-01-05 25:00'), /impossible time/],
    [s('1899-12-31'), /before 1900/],
    [s('05/01/2024'), /ambiguous/],
    [s('1/5/24'), /ambiguous/],
    [s('2024-01/05'), /not a recognised date/],
    [s('next Monday'), /not a recognised date/],
    [s('4535'), /not a recognised date/],
    [s(''), /empty/],
    [null, /empty/],
    [n(60), /1900-02-29/],
    [n(0), /not a date/],
    [n(2958466), /not a date/],
    [n(20240230), /not a real calendar date/],
    [{ t: 'b', v: true }, /boolean/],
    [{ t: 'd', v: '01/05/2024' }, /YYYY-MM-DD/],
  ])('rejects %j', (cell, msg) => {
    const r = parseDate(cell);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('DATE_INVALID');
      expect(r.message).toMatch(msg);
    }
  });
});

describe('calendar arithmetic', () => {
  it.each<[string, string, number]>([
    ['2024-01-01', '2024-01-01', 0],
    ['2024-01-01', '2024-01-02', 1],
    ['2024-01-02', '2024-01-01', -1],
    ['2024-02-28', '2024-03-01', 2],
    ['2023-02-28', '2023-03-01', 1],
    ['1900-02-28', '1900-03-01', 1],
    ['2000-02-28', '2000-03-01', 2],
    ['2023-12-31', '2024-12-31', 366],
    ['1970-01-01', '2024-03-01', 19783],
  ])('daysBetween(%s, %s) = %i', (a, b, d) => {
    expect(daysBetween(a, b)).toBe(d);
    expect(addDays(a, d)).toBe(b);
  });

  it('throws on malformed dates', () => {
    expect(() => daysBetween('2024-02-30', '2024-03-01')).toThrow(RangeError);
    expect(() => addDays('2024/01/01', 1)).toThrow(RangeError);
    expect(() => addDays('2024-01-01', 1.5)).toThrow(RangeError);
  });

  it('isValidYmd', () => {
    expect(isValidYmd(2024, 2, 29)).toBe(true);
    expect(isValidYmd(1900, 2, 29)).toBe(false);
    expect(isValidYmd(2000, 2, 29)).toBe(true);
    expect(isValidYmd(2024, 4, 31)).toBe(false);
    expect(isValidYmd(2024, 0, 1)).toBe(false);
  });

  it('agrees with Date.UTC over 1900–9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: daysFromCivil(1900, 1, 1), max: daysFromCivil(9999, 12, 31) }), (days) => {
        expect(civilFromDays(days)).toBe(new Date(days * 86_400_000).toISOString().slice(0, 10));
        const [y, m, d] = civilFromDays(days).split('-').map(Number);
        expect(daysFromCivil(y, m, d)).toBe(days);
      }),
      { numRuns: 300 },
    );
  });
});
