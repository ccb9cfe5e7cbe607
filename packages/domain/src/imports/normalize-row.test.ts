import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CASE_FIELDS } from './fields.ts';
import { normalizeRow } from './normalize-row.ts';
import { matchHeader } from './fields.ts';
import type { Cell } from './cell.ts';
import type { ColumnMapping, NormalizeOptions } from './types.ts';

const s = (v: string): Cell => ({ t: 's', v });
const n = (v: number, fmt?: string): Cell => ({ t: 'n', v, ...(fmt ? { fmt } : {}) });
const OPTS: NormalizeOptions = { date1904: false, defaultCurrency: 'CNY', required: [] };
const mappingOf = (headers: string[]): ColumnMapping[] => headers.map((header, column) => ({ column, header, target: matchHeader(header) }));
const norm = (headers: string[], cells: Cell[], opts: Partial<NormalizeOptions> = {}) =>
  normalizeRow(7, cells, mappingOf(headers), { ...OPTS, ...opts });

describe('normalizeRow — values by field type', () => {
  it('normalises every type into its unit', () => {
    const { row, errors } = norm(
      ['案件编号', '姓名', '证件类型', '身份证号', '卡号', '账号', '委案金额', '总期数', '每期还款日', '逾期日期', '手机', '单位电话', '佣金比例', '币种', '性别', '婚姻状况', '家庭地址'],
      [s('C-001'), s(' 张  三 '), s('身份证'), s('110101199003074514'), s('6222 0212 3456 7890 128'), s('0031'), s('¥1,234.50'), s('12期'), n(15), n(45352, 'yyyy-mm-dd'),
        s('+86 138-0013-8000'), s('(021)63331234'), s('5%'), s('人民币'), s('男'), s('已婚'), s('上海市\u3000徐汇区')],
    );
    expect(errors).toEqual([]);
    expect(row).toEqual({
      sourceRow: 7,
      fields: {
        client_case_ref: 'C-001', debtor_name: '张 三', id_type: 'resident_id', id_number: '110101199003074514', card_number: '6222021234567890128',
        account_number: '0031', placed_amount: 123450, installments_total: 12, due_day: 15, overdue_date: '2024-03-01', mobile: '13800138000',
        work_phone: '021-63331234', commission_rate: 500, currency: 'CNY', gender: 'male', marital_status: 'married', home_address: '上海市 徐汇区',
      },
      contacts: [],
      custom: {},
      flags: [],
    });
  });

  it('omits empty cells and missing columns; writes no defaults', () => {
    const { row, errors } = norm(['姓名', '委案金额', '手机'], [s('张三'), s('   ')]);
    expect(errors).toEqual([]);
    expect(row.fields).toEqual({ debtor_name: '张三' });
  });

  it('collects every error of a row, with row, header, field, value, code and message', () => {
    const { row, errors } = norm(
      ['姓名', '身份证号', '委案金额', '逾期本金', '手机', '委案日期', '逾期天数', '币种'],
      [s('张三'), n(310104198507120000), s('12,34'), s('-5'), s('12345'), s('2024-02-30'), s('4.5'), s('XYZ')],
    );
    expect(row.fields).toEqual({ debtor_name: '张三' });
    expect(errors.map((e) => [e.row, e.column, e.field, e.value, e.code])).toEqual([
      [7, '币种', 'currency', 'XYZ', 'CURRENCY_INVALID'],
      [7, '身份证号', 'id_number', '310104198507120000', 'ID_PRECISION_LOST'],
      [7, '委案金额', 'placed_amount', '12,34', 'MONEY_INVALID'],
      [7, '逾期本金', 'principal', '-5', 'MONEY_NEGATIVE'],
      [7, '手机', 'mobile', '12345', 'PHONE_INVALID'],
      [7, '委案日期', 'placement_date', '2024-02-30', 'DATE_INVALID'],
      [7, '逾期天数', 'client_dpd', '4.5', 'INT_INVALID'],
    ]);
    expect(errors.find((e) => e.code === 'MONEY_NEGATIVE')!.message).toBe('Principal must not be negative: "-5" reads as -5.00');
    expect(errors.find((e) => e.code === 'DATE_INVALID')!.message).toMatch(/"2024-02-30" is not a real calendar date/);
  });

  it('checks int ranges: counts ≥ 0, due day 1–31', () => {
    const { errors } = norm(['逾期期数', '每期还款日'], [s('-1'), n(32)]);
    expect(errors.map((e) => [e.field, e.code, e.message])).toEqual([
      ['overdue_installments', 'INT_INVALID', 'Overdue Installments -1 is out of range (0 or more)'],
      ['due_day', 'INT_INVALID', 'Due Day 32 is out of range (1–31)'],
    ]);
  });

  it('reads money in the row currency and refuses a conflicting unit', () => {
    expect(norm(['币种', '委案金额'], [s('JPY'), n(1234.5)]).row.fields).toEqual({ currency: 'JPY', placed_amount: 1235 });
    expect(norm(['委案金额'], [n(12.5)], { defaultCurrency: 'USD' }).row.fields).toEqual({ placed_amount: 1250 });
    const { errors } = norm(['币种', '委案金额'], [s('USD'), s('100元')]);
    expect(errors).toMatchObject([{ code: 'MONEY_INVALID', message: 'Placed Amount "100元" is in CNY but the row\'s currency is USD' }]);
  });

  it('flags a 15-digit ID and keeps non-resident IDs as text', () => {
    expect(norm(['身份证号'], [s('110101900307451')]).row.flags).toEqual(['id_legacy_15']);
    const { row, errors } = norm(['证件类型', '证件号码'], [s('护照'), s(' E12345678 ')]);
    expect(errors).toEqual([]);
    expect(row.fields).toEqual({ id_type: 'passport', id_number: 'E12345678' });
  });

  it('leaves "unknown" enum values out and rejects others', () => {
    expect(norm(['性别'], [s('未知')]).row.fields).toEqual({});
    expect(norm(['性别'], [s('?')]).errors).toMatchObject([{ field: 'gender', code: 'ENUM_INVALID' }]);
  });

  it('uses the workbook date system', () => {
    expect(norm(['委案日期'], [n(43890)], { date1904: true }).row.fields).toEqual({ placement_date: '2024-03-01' });
  });

  it('truncates the reported value to 100 characters and rejects garbled text', () => {
    const long = `\ufffd${'x'.repeat(200)}`;
    const { errors } = norm(['家庭地址'], [s(long)]);
    expect(errors).toMatchObject([{ field: 'home_address', code: 'TEXT_GARBLED' }]);
    expect(errors[0].value).toHaveLength(100);
  });

  it('first non-empty column wins when two map to one field', () => {
    expect(norm(['手机', '本人手机'], [null, s('13800138000')]).row.fields).toEqual({ mobile: '13800138000' });
    expect(norm(['手机', '本人手机'], [s('13900139000'), s('13800138000')]).row.fields).toEqual({ mobile: '13900139000' });
  });
});

describe('normalizeRow — contacts and custom fields', () => {
  it('groups contacts by index, skips empty ones and reports sub-field errors', () => {
    const headers = ['联系人2姓名', '联系人2手机号码', '联系人1姓名', '联系人1关系', '联系人1单位电话', '联系人3姓名', '联系人3手机', '联系人4手机'];
    const { row, errors } = norm(headers, [s('李四'), n(13900139000), s('张大山'), s('父亲'), s('010 8555 1234 转 8'), null, s('  '), s('123')]);
    expect(row.contacts).toEqual([
      { index: 1, name: '张大山', relation: '父亲', work_phone: '010-85551234-8' },
      { index: 2, name: '李四', mobile: '13900139000' },
    ]);
    expect(errors).toMatchObject([{ column: '联系人4手机', field: 'contacts[4].mobile', value: '123', code: 'PHONE_INVALID' }]);
  });

  it('keeps custom fields as trimmed text and ignores ignored columns', () => {
    const mapping: ColumnMapping[] = [
      { column: 0, header: '风险等级', target: { kind: 'custom', name: '风险等级' } },
      { column: 1, header: '序号', target: { kind: 'ignore' } },
      { column: 2, header: '批次备注', target: { kind: 'custom', name: '批次备注' } },
    ];
    mapping.push({ column: 3, header: '__proto__', target: { kind: 'custom', name: '__proto__' } }, { column: 4, header: 'constructor', target: { kind: 'custom', name: 'constructor' } });
    const { row, errors } = normalizeRow(3, [s('  A  类 '), n(1), n(0.5), s('p'), s('c')], mapping, OPTS);
    expect(errors).toEqual([]);
    expect(Object.entries(row.custom)).toEqual([['风险等级', 'A  类'], ['批次备注', '0.5'], ['__proto__', 'p'], ['constructor', 'c']]);
    expect(JSON.stringify(row.custom)).toBe('{"风险等级":"A  类","批次备注":"0.5","__proto__":"p","constructor":"c"}');
    expect(row.fields).toEqual({});
  });
});

describe('normalizeRow — required fields', () => {
  it('reports a missing column by its label and an empty cell by its header', () => {
    const { errors } = norm(['客户姓名', '委案金额'], [s(' '), s('100')], { required: ['debtor_name', 'id_number', 'placed_amount'] });
    expect(errors).toEqual([
      { row: 7, column: '客户姓名', field: 'debtor_name', value: '', code: 'REQUIRED_MISSING', message: 'Name (姓名) is required but column "客户姓名" is empty in this row' },
      { row: 7, column: '身份证号', field: 'id_number', value: '', code: 'REQUIRED_MISSING', message: 'ID Number (身份证号) is required but the file has no such column' },
    ]);
  });

  it('does not add REQUIRED_MISSING on top of a value error', () => {
    const { errors } = norm(['身份证号'], [s('123')], { required: ['id_number'] });
    expect(errors.map((e) => e.code)).toEqual(['ID_INVALID_FORMAT']);
  });
});

describe('normalizeRow — any input', () => {
  const cell: fc.Arbitrary<Cell> = fc.oneof(
    fc.constant(null),
    fc.string({ unit: fc.constantFrom(...'0123456789０１,.-+()¥￥$元万%‰xX转 /\ufffd年月日:TZeE'.split('')), maxLength: 24 }).map(s),
    fc.string({ maxLength: 12 }).map(s),
    fc.oneof(fc.double(), fc.integer(), fc.maxSafeInteger()).map((v) => n(v)),
    fc.constantFrom<Cell>({ t: 'b', v: true }, { t: 'd', v: '2024-02-30' }, { t: 'd', v: '2024-03-01T08:00:00' }),
  );
  const headers = [...CASE_FIELDS.map((f) => f.label), '联系人1手机号码', '联系人1姓名', '自定义'];

  it('never throws and returns values in their units', () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: headers.length, maxLength: headers.length }), fc.boolean(), (cells, date1904) => {
        const { row, errors } = norm(headers, cells, { date1904, required: ['debtor_name'] });
        for (const [k, v] of Object.entries(row.fields)) {
          const type = CASE_FIELDS.find((f) => f.key === k)!.type;
          if (type === 'money' || type === 'int' || type === 'percent') expect(Number.isSafeInteger(v), k).toBe(true);
          else expect(typeof v, k).toBe('string');
          if (type === 'money') expect(v as number).toBeGreaterThanOrEqual(0);
          if (type === 'date') expect(v).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        }
        for (const e of errors) {
          expect(e.row).toBe(7);
          expect(e.message.length).toBeGreaterThan(0);
          expect(e.value.length).toBeLessThanOrEqual(100);
        }
      }),
      { numRuns: 200 },
    );
  });
});
