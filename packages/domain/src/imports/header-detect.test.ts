/**
 * Header detection and sheet choice. The rows mirror what the readers produce for the samples in
 * shared/samples/import (merged ranges already filled with the master value); expected headers come
 * from each sample's expected.json.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Cell } from './cell.ts';
import { chooseSheet, detectHeader, flattenHeaderRows, type HeaderScanRow } from './header-detect.ts';

const SAMPLES = new URL('../../../../../shared/samples/import/', import.meta.url);
const expectedOf = (name: string) => JSON.parse(readFileSync(new URL(`${name}/expected.json`, SAMPLES), 'utf8'));

const s = (v: string): Cell => ({ t: 's', v });
const n = (v: number): Cell => ({ t: 'n', v });
const d = (v: string): Cell => ({ t: 'd', v });
const row = (sourceRow: number, ...cells: (Cell | string)[]): HeaderScanRow => ({
  sourceRow,
  cells: cells.map((c) => (typeof c === 'string' ? (c === '' ? null : s(c)) : c)),
});

// merged-header-two-row/input.xlsx as read: A1:A2, B1:D1, E1:G1, H1:I1 and A3:A5 filled
const MERGED = [
  row(1, '委托方', '基本信息', '基本信息', '基本信息', '联系人1', '联系人1', '联系人1', '案件信息', '案件信息'),
  row(2, '委托方', '姓名', '身份证号', '手机', '姓名', '关系', '电话', '委案金额', '委案日期'),
  row(3, '某某银行信用卡中心', '张三', '110101199003074514', '13800138000', '张大山', '父亲', '13900139000', n(5230.5), d('2024-03-01')),
  row(4, '某某银行信用卡中心', '李四', '310104198507120029', '13800138001', '李小花', '配偶', '13900139001', n(12000), d('2024-03-01')),
  row(5, '某某银行信用卡中心', '王五', '440305199211301286', '13800138002', '王二', '同事', '13900139002', n(880.08), d('2024-03-01')),
  row(6, '某某消费金融公司', '赵六', '32010219881008009X', '13800138003', '赵四', '朋友', '13900139003', n(300), d('2024-03-05')),
];

// multi-sheet-hidden/input.xlsx
const INSTRUCTIONS = [
  row(1, '填写说明'),
  row(2, '1. 本表第二个工作表“案件明细”为委案数据，请勿修改表头'),
  row(3, '2. 身份证号、卡号请设置为文本格式'),
  row(4, '3. 账龄取值见隐藏工作表“码表”'),
];
const CASES = [
  row(1, '姓名', '身份证号', '卡号', '委案金额', '逾期天数', '账龄', '委案日期'),
  row(2, '张三', '110101199003074514', '6222021234567890128', n(5230.5), n(45), 'M2', d('2024-03-01')),
  row(3, '李四', '310104198507120029', '6228480012345671', n(12000), n(95), 'M4', d('2024-03-01')),
  row(4, '赵六', '32010219881008009X', '6217000000123456786', n(880.08), n(200), 'M7+', d('2024-03-01')),
];
const CODE_TABLE = [row(1, '账龄', '逾期天数下限', '逾期天数上限'), row(2, 'M1', n(1), n(30)), row(3, 'M2', n(31), n(60))];

describe('detectHeader', () => {
  it('flattens the two-row merged header of merged-header-two-row exactly', () => {
    const expected = expectedOf('merged-header-two-row');
    const h = detectHeader(MERGED);
    expect(h).toEqual({ headerRows: expected.header_rows, headers: expected.flattened_header, dataStartRow: 3, score: 9 });
  });

  it('flattens a two-row header whose group labels were not repeated (unmerged file or CSV)', () => {
    const rows = [
      row(1, '委托方', '基本信息', '', '', '联系人1', '', '', '委案金额'),
      row(2, '', '姓名', '身份证号', '手机', '姓名', '关系', '电话', ''),
      row(3, '某某银行', '张三', '110101199003074514', '13800138000', '张大山', '父亲', '13900139000', '5230.50'),
    ];
    expect(detectHeader(rows)).toEqual({
      headerRows: [1, 2],
      headers: ['委托方', '姓名', '身份证号', '手机', '联系人1姓名', '联系人1关系', '联系人1电话', '委案金额'],
      dataStartRow: 3,
      score: 8,
    });
  });

  it('names a repeated sub-label group + sub when group + sub is no known header', () => {
    const headers = flattenHeaderRows(row(1, '债务人', '债务人', '担保人', '担保人'), row(2, '姓名', '电话', '姓名', '电话'));
    expect(headers).toEqual(['债务人姓名', '电话', '担保人姓名', '担保人电话']);
    // distinct custom sub-labels under one group stay as they are
    expect(flattenHeaderRows(row(1, '其他', '其他'), row(2, '职业', '学历'))).toEqual(['职业', '学历']);
  });

  it('skips a title row above the header (merged across the columns, so repeated)', () => {
    const title = 'XX银行2024年3月委案清单';
    const rows = [
      row(1, title, title, title, title),
      row(3, '姓名', '身份证号', '手机', '委案金额'),
      row(4, '张三', '110101199003074514', '13800138000', '5230.50'),
    ];
    expect(detectHeader(rows)).toEqual({ headerRows: [3], headers: ['姓名', '身份证号', '手机', '委案金额'], dataStartRow: 4, score: 4 });
  });

  it('skips a title directly above the header without treating it as a group row', () => {
    const rows = [row(1, '2024年3月委案清单'), row(2, '姓名', '身份证号', '委案金额'), row(3, '张三', '110101199003074514', n(100))];
    expect(detectHeader(rows)?.headerRows).toEqual([2]);
  });

  it('ignores trailing empty rows and whitespace-only rows', () => {
    const rows = [row(1, '姓名', '身份证号'), row(2, '张三', '110101199003074514'), row(3, '', ''), row(4, s('  '), null)];
    expect(detectHeader(rows)).toEqual({ headerRows: [1], headers: ['姓名', '身份证号'], dataStartRow: 2, score: 2 });
  });

  it('returns dataStartRow after the header when no data rows follow', () => {
    expect(detectHeader([row(1, '姓名', '身份证号'), row(2, '', '')])?.dataStartRow).toBe(2);
  });

  it('keeps the English label row of the standard template out of the data', () => {
    const rows = [row(1, '姓名', '身份证号', '委案金额'), row(2, 'Name', 'ID Number', 'Placed Amount'), row(3, '张三', '110101199003074514', '100.00')];
    expect(detectHeader(rows)).toMatchObject({ headerRows: [1, 2], headers: ['姓名', '身份证号', '委案金额'], dataStartRow: 3 });
  });

  it('accepts a single known header when the row is all text and data follows', () => {
    expect(detectHeader([row(1, '姓名', '自定义字段'), row(2, '张三', n(5))])?.headers).toEqual(['姓名', '自定义字段']);
    expect(detectHeader([row(1, '姓名', '自定义字段'), row(2, '张三', '李四')])).toBeNull();
  });

  it('finds no header on the instructions sheet of multi-sheet-hidden', () => {
    expect(detectHeader(INSTRUCTIONS)).toBeNull();
    expect(detectHeader([])).toBeNull();
  });

  it('finds the header of the data sheet of multi-sheet-hidden', () => {
    const expected = expectedOf('multi-sheet-hidden');
    const h = detectHeader(CASES);
    expect(h?.headerRows).toEqual([expected.header_row]);
    expect(h?.headers).toEqual(Object.keys(expected.expected_rows[0]).filter((k) => k !== 'source_row'));
    expect(h?.dataStartRow).toBe(2);
  });
});

describe('chooseSheet', () => {
  const sheets = [
    { name: '填写说明', hidden: false, firstRows: INSTRUCTIONS },
    { name: '案件明细', hidden: false, firstRows: CASES },
    { name: '码表', hidden: true, firstRows: CODE_TABLE },
  ];

  it('chooses the visible data sheet of multi-sheet-hidden, not the first or the hidden sheet', () => {
    expect(chooseSheet(sheets)).toBe(expectedOf('multi-sheet-hidden').sheet);
  });

  it('never chooses a hidden sheet on its own, even when it is the only one with a header', () => {
    expect(chooseSheet([sheets[0], { ...sheets[1], hidden: true }])).toBeNull();
  });

  it("returns the user's sheet, hidden or not", () => {
    expect(chooseSheet(sheets, { preferred: '码表' })).toBe('码表');
    expect(chooseSheet(sheets, { preferred: '没有' })).toBe('案件明细');
  });

  it('prefers the better header, then the first sheet on ties', () => {
    const small = [row(1, '姓名', '身份证号'), row(2, '张三', '110101199003074514')];
    expect(chooseSheet([{ name: 'a', hidden: false, firstRows: small }, sheets[1]])).toBe('案件明细');
    expect(chooseSheet([{ name: 'a', hidden: false, firstRows: small }, { name: 'b', hidden: false, firstRows: small }])).toBe('a');
  });
});
