/**
 * Every case of `shared/samples/import/*` (read from ../shared as CI has it): the cells below mirror
 * what each file holds (cell kinds and values as dumped from the files, merged cells already carried
 * down by the reader); the expected values and errors come from each `expected.json`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Cell } from './cell.ts';
import { FIELD_BY_KEY, matchHeader } from './fields.ts';
import { normalizeRow } from './normalize-row.ts';
import type { ColumnMapping, NormalizedRow } from './types.ts';
import { formatMoney } from '../money/money.ts';

const SAMPLES = new URL('../../../../../shared/samples/import/', import.meta.url);
const expectedOf = (name: string) => JSON.parse(readFileSync(new URL(`${name}/expected.json`, SAMPLES), 'utf8'));
const opts = { date1904: false, defaultCurrency: 'CNY', required: ['debtor_name'] };

const s = (v: string): Cell => ({ t: 's', v });
const n = (v: number, fmt?: string): Cell => ({ t: 'n', v, ...(fmt ? { fmt } : {}) });
const d = (v: string): Cell => ({ t: 'd', v });
const serial = (v: number): Cell => ({ t: 'n', v, fmt: 'yyyy\\-mm\\-dd' });
const YEN = '"¥"#,##0.00;"¥"\\-#,##0.00';

const mappingOf = (headers: string[]): ColumnMapping[] => headers.map((header, column) => ({ column, header, target: matchHeader(header) }));

/** Value of a header's column in a normalised row, in the units of expected.json (money as "0.00" strings). */
function valueFor(row: NormalizedRow, m: ColumnMapping): unknown {
  const t = m.target;
  if (t.kind === 'field') {
    const v = row.fields[t.field];
    if (v === undefined) return null;
    return FIELD_BY_KEY.get(t.field)?.type === 'money' ? formatMoney(v as number) : v;
  }
  if (t.kind === 'contact') return row.contacts.find((c) => c.index === t.index)?.[t.field as 'name'] ?? null;
  if (t.kind === 'custom') return row.custom[t.name] ?? null;
  return null;
}

interface Case {
  name: string;
  headers: string[];
  rows: Record<number, Cell[]>;
}

const CASES: Case[] = [
  {
    name: 'currency-thousands',
    headers: ['姓名', '身份证号', '委案金额', '逾期金额', '最后还款金额'],
    rows: {
      2: [s('张三'), s('110101199003074514'), n(12345.67, YEN), s('¥12,345.67'), n(5230.499999999999, '#,##0.00')],
      3: [s('李四'), s('310104198507120029'), s('￥1,000.00'), s('1,234.50元'), s('-')],
      4: [s('王五'), s('440305199211301286'), s('12,345'), s(' 3,000.5 '), n(880.0799999999999, YEN)],
      5: [s('赵六'), s('32010219881008009X'), s('RMB 2,000.00'), s('1.5万'), s('(1,234.00)')],
    },
  },
  {
    name: 'gbk-csv',
    headers: ['姓名', '身份证号', '手机', '委案金额', '家庭地址', '单位名称', '联系人1姓名', '联系人1关系'],
    rows: {
      2: ['张三', '110101199003074514', '13800138000', '5230.50', '北京市东城区某某胡同1号', '北京某某科技有限公司', '张喆', '兄弟'].map(s),
      3: ['李四', '310104198507120029', '13800138001', '12000.00', '上海市徐汇区某某路88弄3号', '上海某某贸易有限公司', '李堃', '配偶'].map(s),
      4: ['王五', '440305199211301286', '13800138002', '880.08', '广东省深圳市南山区某某大厦A座', '深圳某某电子厂', '王昇', '同事'].map(s),
      5: ['赵六', '32010219881008009X', '13800138003', '300.00', '江苏省南京市玄武区“某某小区”5栋', '南京某某餐饮店', '赵镕', '朋友'].map(s),
    },
  },
  {
    name: 'id18-precision-xlsx',
    headers: ['姓名', '身份证号', '卡号', '手机', '委案金额'],
    rows: {
      2: [s('张三'), s('110101199003074514'), s('6222021234567890128'), n(13800138000), n(5230.5)],
      3: [s('李四'), n(310104198507120000), s('6222021234567890128'), n(13800138001), n(12000)],
      4: [s('王五'), s('440305199211301286'), n(6228480012345670), s('13800138002'), n(880.08)],
      5: [s('孙八'), n(110101900307451), s('6217000000123456786'), n(13800138003), n(300)],
    },
  },
  {
    name: 'merged-header-two-row',
    headers: ['委托方', '姓名', '身份证号', '手机', '联系人1姓名', '联系人1关系', '联系人1电话', '委案金额', '委案日期'],
    rows: {
      3: [s('某某银行信用卡中心'), s('张三'), s('110101199003074514'), s('13800138000'), s('张大山'), s('父亲'), s('13900139000'), n(5230.5), n(45352, 'yyyy/m/d')],
      4: [s('某某银行信用卡中心'), s('李四'), s('310104198507120029'), s('13800138001'), s('李小花'), s('配偶'), s('13900139001'), n(12000), n(45352, 'yyyy/m/d')],
      5: [s('某某银行信用卡中心'), s('王五'), s('440305199211301286'), s('13800138002'), s('王二'), s('同事'), s('13900139002'), n(880.08), n(45352, 'yyyy/m/d')],
      6: [s('某某消费金融公司'), s('赵六'), s('32010219881008009X'), s('13800138003'), s('赵四'), s('朋友'), s('13900139003'), n(300), n(45356, 'yyyy/m/d')],
    },
  },
  {
    name: 'multi-sheet-hidden',
    headers: ['姓名', '身份证号', '卡号', '委案金额', '逾期天数', '账龄', '委案日期'],
    rows: {
      2: [s('张三'), s('110101199003074514'), s('6222021234567890128'), n(5230.5), n(45), s('M2'), d('2024-03-01')],
      3: [s('李四'), s('310104198507120029'), s('6228480012345671'), n(12000), n(95), s('M4'), d('2024-03-01')],
      4: [s('赵六'), s('32010219881008009X'), s('6217000000123456786'), n(880.08), n(200), s('M7+'), d('2024-03-01')],
    },
  },
  {
    name: 'utf8-bom-csv',
    headers: ['姓名', '身份证号', '手机', '委案金额', '逾期天数', '账龄'],
    rows: {
      2: ['张三', '110101199003074514', '13800138000', '5230.50', '45', 'M2'].map(s),
      3: ['李四', '310104198507120029', '13800138001', '12000.00', '95', 'M4'].map(s),
      4: ['王五', '440305199211301286', '13800138002', '880.08', '15', 'M1'].map(s),
    },
  },
  {
    name: 'xls-biff8-standard-template',
    headers: ['个案序列号', '委托方', '委案日期', '委案金额', '姓名', '证件号', '卡号', '账号', '本人手机', '家庭号码', '单位名称', '单位号码', '家庭地址', '单位地址', '逾期天数', '逾期账龄', '最后还款日', '最后还款金额', '联系人1姓名', '联系人1关系', '联系人1手机', '预计退案日'],
    rows: {
      2: [s('WA2024030001'), s('某某银行信用卡中心'), serial(45352), n(5230.5), s('张三'), s('110101199003074514'), s('6222021234567890128'), s('6222021234567890128'), s('13800138000'), s('010-85551234'), s('北京某某科技有限公司'), s('010-85550000'), s('北京市东城区某某胡同1号'), s('北京市朝阳区某某大厦8层'), n(45), s('M2'), serial(45306), n(200), s('张大山'), s('父亲'), s('13900139000'), serial(45473)],
      3: [s('WA2024030002'), s('某某银行信用卡中心'), serial(45352), n(12000), s('李四'), s('310104198507120029'), s('6228480012345671'), s('03100012345678'), s('13800138001'), s('021-63331234'), s('上海某某贸易有限公司'), s('021-63330000'), s('上海市徐汇区某某路88弄3号'), s('上海市黄浦区某某路100号'), n(95), s('M4'), serial(45257), n(1500.75), s('李小花'), s('配偶'), s('13900139001'), serial(45473)],
      4: [s('WA2024030003'), s('某某消费金融公司'), serial(45356), n(880.08), s('赵六'), s('32010219881008009X'), s('6217000000123456786'), null, s('13800138003'), null, s('南京某某餐饮店'), null, s('江苏省南京市玄武区某某小区5栋'), null, n(200), s('M7+'), serial(45156), n(0), s('赵四'), s('朋友'), s('13900139003'), serial(45478)],
    },
  },
];

it('covers every sample folder', () => {
  const folders = readdirSync(SAMPLES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  expect(CASES.map((c) => c.name).sort()).toEqual(folders.sort());
});

describe.each(CASES)('sample $name', ({ name, headers, rows }) => {
  const expected = expectedOf(name);
  const mapping = mappingOf(headers);
  const run = (sourceRow: number) => {
    const cells = rows[sourceRow];
    expect(cells, `cells for row ${sourceRow}`).toBeDefined();
    return normalizeRow(sourceRow, cells, mapping, opts);
  };

  it('maps every header to a canonical field or contact', () => {
    for (const m of mapping) expect(m.target.kind, m.header).not.toBe('custom');
  });

  it.each((expected.expected_rows ?? []) as Record<string, unknown>[])('row $source_row has the expected values', (exp) => {
    const { row, errors } = run(exp.source_row as number);
    expect(errors).toEqual([]);
    for (const [header, value] of Object.entries(exp)) {
      if (header === 'source_row') continue;
      const m = mapping.find((x) => x.header === header);
      expect(m, `header ${header}`).toBeDefined();
      expect(valueFor(row, m!), header).toEqual(value);
    }
  });

  const expErrors = (expected.expected_errors ?? []) as { source_row: number; field: string }[];
  if (expErrors.length) {
    it.each(expErrors)('row $source_row is rejected on $field', (exp) => {
      const { row, errors } = run(exp.source_row);
      expect(errors.map((e) => e.column)).toEqual([exp.field]);
      const m = mapping.find((x) => x.header === exp.field)!;
      expect(valueFor(row, m)).toBeNull();
    });
  }
});

describe('sample details', () => {
  const run = (name: string, sourceRow: number) => {
    const c = CASES.find((x) => x.name === name)!;
    return normalizeRow(sourceRow, c.rows[sourceRow], mappingOf(c.headers), opts);
  };

  it('id18: the 18-digit ID from a numeric cell is ID_PRECISION_LOST, never 310104198507120000', () => {
    const { row, errors } = run('id18-precision-xlsx', 3);
    expect(errors).toEqual([
      {
        row: 3,
        column: '身份证号',
        field: 'id_number',
        value: '310104198507120000',
        code: 'ID_PRECISION_LOST',
        message: 'ID number 310104198507120000 came from a numeric cell and lost digits (Excel keeps 15 significant digits); format the column as text and re-export',
      },
    ]);
    expect(row.fields).toMatchObject({ debtor_name: '李四', card_number: '6222021234567890128', mobile: '13800138001', placed_amount: 1200000 });
  });

  it('id18: the 19-digit card from a numeric cell is rejected (IDENTIFIER_PRECISION_LOST)', () => {
    const { errors } = run('id18-precision-xlsx', 4);
    expect(errors).toMatchObject([{ row: 4, column: '卡号', field: 'card_number', value: '6228480012345670', code: 'IDENTIFIER_PRECISION_LOST' }]);
  });

  it('id18: the 15-digit first-generation ID from a numeric cell is exact and flagged', () => {
    const { row } = run('id18-precision-xlsx', 5);
    expect(row.fields.id_number).toBe('110101900307451');
    expect(row.flags).toEqual(['id_legacy_15']);
  });

  it('currency-thousands row 5: RMB prefix and 万 understood, accounting negative rejected', () => {
    const expected = expectedOf('currency-thousands').row5_acceptable_outcomes[0];
    const { row, errors } = run('currency-thousands', 5);
    expect(formatMoney(row.fields.placed_amount as number)).toBe(expected['委案金额']);
    expect(formatMoney(row.fields.overdue_amount as number)).toBe(expected['逾期金额']);
    expect(row.fields.last_payment_amount).toBeUndefined();
    expect(errors).toMatchObject([{ row: 5, column: '最后还款金额', field: 'last_payment_amount', value: '(1,234.00)', code: 'MONEY_NEGATIVE' }]);
    expect(errors[0].message).toMatch(/-1234\.00/);
  });

  it('currency-thousands: money is stored as integer fen', () => {
    expect(run('currency-thousands', 2).row.fields).toMatchObject({ placed_amount: 1234567, overdue_amount: 1234567, last_payment_amount: 523050 });
    expect(run('currency-thousands', 3).row.fields).toMatchObject({ last_payment_amount: 0 });
    expect(run('currency-thousands', 4).row.fields).toMatchObject({ placed_amount: 1234500, overdue_amount: 300050, last_payment_amount: 88008 });
  });

  it('xls: empty cells are left out, contacts grouped, account keeps its leading zero', () => {
    const r3 = run('xls-biff8-standard-template', 3).row;
    expect(r3.fields.account_number).toBe('03100012345678');
    expect(r3.contacts).toEqual([{ index: 1, name: '李小花', relation: '配偶', mobile: '13900139001' }]);
    const r4 = run('xls-biff8-standard-template', 4).row;
    for (const k of ['account_number', 'home_phone', 'work_phone', 'work_address']) expect(r4.fields).not.toHaveProperty(k);
  });
});
