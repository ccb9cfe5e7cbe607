import { describe, expect, it } from 'vitest';
import { normalizeText, parseCurrencyCode, parseEnumValue, parseInteger, parsePercent } from './normalize-values.ts';
import type { Cell } from './cell.ts';

const s = (v: string): Cell => ({ t: 's', v });
const n = (v: number, fmt?: string): Cell => ({ t: 'n', v, ...(fmt ? { fmt } : {}) });

describe('normalizeText', () => {
  it.each<[Cell, string]>([
    [s('  张三  '), '张三'],
    [s('北京市\u3000东城区\n\n某某胡同 1号'), '北京市 东城区 某某胡同 1号'],
    [s('\ufeff张\u200b三'), '张三'],
    [s('（全角括号）'), '（全角括号）'],
    [n(12345), '12345'],
    [{ t: 'b', v: true }, 'TRUE'],
  ])('%j → %s', (cell, value) => expect(normalizeText(cell)).toEqual({ ok: true, value }));
  it('rejects U+FFFD as TEXT_GARBLED', () => {
    expect(normalizeText(s('\ufffd\ufffd'))).toMatchObject({ ok: false, code: 'TEXT_GARBLED', message: /wrong encoding/ });
  });
});

describe('parseInteger', () => {
  it.each<[Cell, number]>([
    [n(45), 45],
    [n(44.99999999999999), 45],
    [n(-0), 0],
    [s('45'), 45],
    [s('45天'), 45],
    [s(' 45 天 '), 45],
    [s('12期'), 12],
    [s('45.0'), 45],
    [s('1,200'), 1200],
    [s('+3'), 3],
    [s('-3'), -3],
    [s('４５'), 45],
  ])('%j → %i', (cell, value) => expect(parseInteger(cell)).toEqual({ ok: true, value }));
  it.each<Cell>([n(45.5), n(NaN), s('45.5'), s('abc'), s('1,20'), s(''), null, { t: 'd', v: '2024-01-01' }, n(2 ** 60)])('rejects %j', (cell) => {
    expect(parseInteger(cell)).toMatchObject({ ok: false, code: 'INT_INVALID' });
  });
});

describe('parsePercent (basis points)', () => {
  it.each<[Cell, number]>([
    [s('5%'), 500],
    [s('5.25%'), 525],
    [s('0.125%'), 13],
    [s('100%'), 10000],
    [s('0%'), 0],
    [s('5‰'), 50],
    [s('５％'), 500],
    [s('0.05'), 500],
    [s('0.5'), 5000],
    [s('5'), 500],
    [s('1'), 100],
    [s('100'), 10000],
    [n(0.05, '0%'), 500],
    [n(0.0525, '0.00%'), 525],
    [n(0.05), 500],
    [n(0.07 * 3), 2100],
    [n(5), 500],
    [n(12.5), 1250],
  ])('%j → %i bp', (cell, value) => expect(parsePercent(cell)).toEqual({ ok: true, value }));
  it.each<[Cell, RegExp]>([
    [s('101'), /more than 100%/],
    [s('150%'), /more than 100%/],
    [n(2, '0%'), /more than 100%/],
    [s('-5%'), /negative/],
    [s('five'), /not a percentage/],
    [s('5 %%'), /not a percentage/],
    [{ t: 'b', v: true }, /not a percentage/],
  ])('rejects %j', (cell, msg) => expect(parsePercent(cell)).toMatchObject({ ok: false, code: 'PERCENT_INVALID', message: msg }));
});

describe('parseCurrencyCode', () => {
  it.each<[string, string]>([
    ['CNY', 'CNY'], ['cny', 'CNY'], [' usd ', 'USD'], ['人民币', 'CNY'], ['RMB', 'CNY'], ['元', 'CNY'], ['￥', 'CNY'],
    ['美元', 'USD'], ['美金', 'USD'], ['$', 'USD'], ['港币', 'HKD'], ['EUR', 'EUR'], ['ＪＰＹ', 'JPY'],
  ])('%s → %s', (text, code) => expect(parseCurrencyCode(s(text))).toEqual({ ok: true, value: code }));
  it.each(['XYZ', 'dollars', 'CN', '', '__proto__', 'constructor'])('rejects %j', (text) => {
    expect(parseCurrencyCode(s(text))).toMatchObject({ ok: false, code: 'CURRENCY_INVALID' });
  });
});

describe('parseEnumValue', () => {
  it.each<[string, string, string | null]>([
    ['gender', '男', 'male'], ['gender', '女', 'female'], ['gender', 'M', 'male'], ['gender', 'f', 'female'],
    ['gender', 'Male', 'male'], ['gender', 'FEMALE', 'female'], ['gender', '女性', 'female'], ['gender', '未知', null],
    ['marital_status', '已婚', 'married'], ['marital_status', '未婚', 'single'], ['marital_status', '离异', 'divorced'],
    ['marital_status', '离婚', 'divorced'], ['marital_status', '丧偶', 'widowed'], ['marital_status', '不详', null],
    ['id_type', '身份证', 'resident_id'], ['id_type', '居民身份证', 'resident_id'], ['id_type', '护照', 'passport'],
    ['id_type', '台胞证', 'taiwan_permit'], ['id_type', '港澳居民来往内地通行证', 'hk_macau_permit'],
  ])('%s %s → %s', (field, text, value) => expect(parseEnumValue(field, s(text))).toEqual({ ok: true, value }));
  it('rejects unknown values naming the accepted ones', () => {
    expect(parseEnumValue('gender', s('X'))).toMatchObject({ ok: false, code: 'ENUM_INVALID', message: '"X" is not a known value for gender (expected one of: male, female)' });
    expect(parseEnumValue('marital_status', s('同居'))).toMatchObject({ ok: false, code: 'ENUM_INVALID' });
    expect(parseEnumValue('gender', s('__proto__'))).toMatchObject({ ok: false, code: 'ENUM_INVALID' });
    expect(parseEnumValue('toString', s('constructor'))).toMatchObject({ ok: false, code: 'ENUM_INVALID' });
  });
});
