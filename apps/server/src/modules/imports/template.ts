/**
 * The standard case import template (.xlsx): Chinese headers (required ones marked *), optionally a
 * second row of English headers, identifier columns formatted as text so Excel keeps every digit.
 */
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { CASE_FIELDS, CONTACT_FIELDS } from '@recova/domain/imports/fields';

const REQUIRED = new Set(['client_case_ref', 'debtor_name', 'placed_amount']);
const TEXT_TYPES = new Set(['id_number', 'digits', 'identifier', 'phone']);

/** lang: 'zh' Chinese header row only; 'en' English only; 'both' Chinese then English. */
export async function writeTemplate(out: Writable, lang: 'zh' | 'en' | 'both'): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('案件');
  const cols = [
    ...CASE_FIELDS.filter((f) => f.key !== 'client_name').map((f) => ({ zh: f.label, en: f.labelEn, type: f.type, key: f.key })),
    ...[1, 2, 3].flatMap((n) => CONTACT_FIELDS.slice(0, 3).map((f) => ({ zh: `联系人${n}${f.label}`, en: `Contact${n} ${f.labelEn}`, type: f.type, key: `contact${n}.${f.key}` }))),
  ];
  const zh = cols.map((c) => (REQUIRED.has(c.key) ? `${c.zh}*` : c.zh));
  const en = cols.map((c) => (REQUIRED.has(c.key) ? `${c.en}*` : c.en));
  if (lang !== 'en') ws.addRow(zh);
  if (lang !== 'zh') ws.addRow(en);
  cols.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = Math.max(12, c.zh.length * 2 + 4);
    if (TEXT_TYPES.has(c.type)) col.numFmt = '@';
  });
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: lang === 'both' ? 2 : 1 }];
  const help = wb.addWorksheet('填写说明');
  for (const line of [
    ['填写说明 / Instructions'],
    ['带 * 的列为必填 / Columns marked * are required (案件编号 may be replaced by 卡号 or 身份证号 + 委案日期)'],
    ['金额单位：元，最多两位小数 / Amounts in yuan, up to 2 decimals'],
    ['日期格式：2024-03-01 / Dates as 2024-03-01'],
    ['身份证号、卡号、账号、电话请保持文本格式 / Keep ID, card, account and phone columns as text'],
  ])
    help.addRow(line);
  await wb.xlsx.write(out);
}
