/**
 * Every file of shared/samples/import (../shared from the repo root, as CI has it) through
 * openImportFile → chooseSheet → detectHeader: format, encoding, sheets, header, and the exact raw
 * cells of the rows that carry each sample's failure class.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Cell } from '@recova/domain/imports/cell';
import { chooseSheet, detectHeader } from '@recova/domain/imports/header-detect';
import { openImportFile, readSheetCandidates, type OpenedFile, type SourceRow } from './open-file.ts';

const REPO = fileURLToPath(new URL('../../../../../../', import.meta.url));
const SAMPLES = `${REPO}../shared/samples/import`;
const inputOf = (name: string) => `${SAMPLES}/${name}/${readdirSync(`${SAMPLES}/${name}`).find((f) => f.startsWith('input.'))}`;
const expectedOf = (name: string) => JSON.parse(readFileSync(`${SAMPLES}/${name}/expected.json`, 'utf8'));

const s = (v: string): Cell => ({ t: 's', v });
const n = (v: number, fmt?: string): Cell => (fmt ? { t: 'n', v, fmt } : { t: 'n', v });
const d = (v: string): Cell => ({ t: 'd', v });

async function readAll(file: OpenedFile, sheet?: string): Promise<SourceRow[]> {
  const out: SourceRow[] = [];
  for await (const r of file.rows(sheet)) out.push(r);
  return out;
}

interface SampleCase {
  format: 'xlsx' | 'xls' | 'csv';
  encoding?: string;
  sheets: [string, boolean][];
  headerRows: number[];
  /** header labels; default: the keys of expected_rows[0] (or expected_header / flattened_header) */
  headers?: string[];
  check(rows: Map<number, Cell[]>, e: any): void;
}

const CASES: Record<string, SampleCase> = {
  'currency-thousands': {
    format: 'xlsx',
    sheets: [['Sheet1', false]],
    headerRows: [1],
    check(rows) {
      const yen = rows.get(2)![2] as { t: 'n'; v: number; fmt: string };
      expect(yen).toEqual({ t: 'n', v: 12345.67, fmt: '"¥"#,##0.00;"¥"\\-#,##0.00' });
      expect(yen.fmt).toContain('¥');
      expect(rows.get(2)![3]).toEqual(s('¥12,345.67'));
      expect(rows.get(2)![4]).toEqual(n(5230.499999999999, '#,##0.00'));
      expect(rows.get(3)!.slice(2)).toEqual([s('￥1,000.00'), s('1,234.50元'), s('-')]);
      expect(rows.get(4)![3]).toEqual(s(' 3,000.5 ')); // values are never trimmed
      expect(rows.get(4)![4]).toEqual(n(880.0799999999999, '"¥"#,##0.00;"¥"\\-#,##0.00'));
      expect(rows.get(5)!.slice(2)).toEqual([s('RMB 2,000.00'), s('1.5万'), s('(1,234.00)')]);
    },
  },
  'gbk-csv': {
    format: 'csv',
    encoding: 'gb18030',
    sheets: [['input', false]],
    headerRows: [1],
    check(rows, e) {
      expect([2, 3, 4, 5].map((r) => rows.get(r)![6])).toEqual(['张喆', '李堃', '王昇', '赵镕'].map(s));
      expect(rows.get(5)![4]).toEqual(s('江苏省南京市玄武区“某某小区”5栋'));
      for (const x of e.expected_rows) expect(rows.get(x.source_row)!.map((c) => (c as { v: string }).v)).toEqual(Object.values(x).slice(1));
    },
  },
  'id18-precision-xlsx': {
    format: 'xlsx',
    sheets: [['案件', false]],
    headerRows: [1],
    check(rows) {
      expect(rows.get(2)!.slice(1)).toEqual([s('110101199003074514'), s('6222021234567890128'), n(13800138000), n(5230.5)]);
      expect(rows.get(3)![1]).toEqual(n(310104198507120000)); // stored as 3.1010419850712E+017: digits already lost
      expect(rows.get(4)![2]).toEqual(n(6228480012345670));
      expect(rows.get(4)![3]).toEqual(s('13800138002'));
      expect(rows.get(5)![1]).toEqual(n(110101900307451));
    },
  },
  'merged-header-two-row': {
    format: 'xlsx',
    sheets: [['委案清单', false]],
    headerRows: [1, 2],
    check(rows, e) {
      expect(rows.get(1)![4]).toEqual(s('联系人1')); // rich text runs 联系人 + 1, flattened
      expect(rows.get(1)!.slice(4, 7)).toEqual([s('联系人1'), s('联系人1'), s('联系人1')]); // E1:G1
      expect(rows.get(2)![0]).toEqual(s('委托方')); // A1:A2
      for (const r of [3, 4, 5]) expect(rows.get(r)![0]).toEqual(s('某某银行信用卡中心')); // A3:A5, only A3 holds it
      expect(rows.get(6)![0]).toEqual(s('某某消费金融公司'));
      expect(rows.get(3)!.slice(7)).toEqual([n(5230.5), d('2024-03-01')]);
      expect(rows.get(6)![8]).toEqual(d('2024-03-05'));
      for (const x of e.expected_rows) expect(rows.get(x.source_row)![1]).toEqual(s(x['姓名']));
    },
  },
  'multi-sheet-hidden': {
    format: 'xlsx',
    sheets: [
      ['填写说明', false],
      ['案件明细', false],
      ['码表', true],
    ],
    headerRows: [1],
    check(rows) {
      expect(rows.get(2)).toEqual([s('张三'), s('110101199003074514'), s('6222021234567890128'), n(5230.5), n(45), s('M2'), d('2024-03-01')]);
      expect(rows.get(4)![1]).toEqual(s('32010219881008009X'));
    },
  },
  'utf8-bom-csv': {
    format: 'csv',
    encoding: 'utf-8',
    sheets: [['input', false]],
    headerRows: [1],
    check(rows, e) {
      expect(rows.get(1)![0]).toEqual(s('姓名')); // no U+FEFF
      expect(rows.get(2)).toEqual(['张三', '110101199003074514', '13800138000', '5230.50', '45', 'M2'].map(s));
      expect([...rows.keys()]).toEqual([1, ...e.expected_rows.map((x: { source_row: number }) => x.source_row)]);
    },
  },
  'xls-biff8-standard-template': {
    format: 'xls',
    sheets: [['委案明细', false]],
    headerRows: [1],
    check(rows, e) {
      expect(rows.get(3)![7]).toEqual(s('03100012345678')); // 账号 text, leading zero kept
      expect(rows.get(2)!.slice(0, 4)).toEqual([s('WA2024030001'), s('某某银行信用卡中心'), d('2024-03-01'), n(5230.5)]);
      expect(rows.get(2)![16]).toEqual(d('2024-01-15'));
      expect(rows.get(4)![7]).toBeNull(); // empty cells are null
      expect(rows.get(4)![9]).toBeNull();
      expect(rows.get(4)![17]).toEqual(n(0));
      expect(rows.get(4)![21]).toEqual(d('2024-07-05'));
      for (const x of e.expected_rows) expect(rows.get(x.source_row)![5]).toEqual(s(x['证件号']));
    },
  },
};

describe('reading every sample in shared/samples/import', () => {
  it('has a case for every sample folder', () => {
    expect(readdirSync(SAMPLES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()).toEqual(Object.keys(CASES).sort());
  });

  for (const [name, c] of Object.entries(CASES)) {
    it(name, async () => {
      const e = expectedOf(name);
      const file = await openImportFile(inputOf(name));
      try {
        expect(file.format).toBe(c.format);
        expect(file.encoding).toBe(c.encoding);
        expect(file.date1904).toBe(false);
        expect(file.sheets.map((x) => [x.name, x.hidden])).toEqual(c.sheets);

        const chosen = chooseSheet(await readSheetCandidates(file));
        expect(chosen).toBe(e.sheet ?? c.sheets[0][0]);
        const rows = await readAll(file, chosen!);
        const header = detectHeader(rows.slice(0, 30));
        const labels = c.headers ?? e.flattened_header ?? e.expected_header ?? Object.keys(e.expected_rows[0]).filter((k) => k !== 'source_row');
        expect(header).toMatchObject({ headerRows: c.headerRows, headers: labels, dataStartRow: c.headerRows.at(-1)! + 1 });

        const bySourceRow = new Map(rows.map((r) => [r.sourceRow, r.cells]));
        for (const x of [...(e.expected_rows ?? []), ...(e.expected_errors ?? [])]) expect(bySourceRow.has(x.source_row)).toBe(true);
        c.check(bySourceRow, e);
        // rows() reads the file again from the start
        expect(await readAll(file, chosen!)).toEqual(rows);
      } finally {
        await file.close();
      }
    });
  }

  it('finds no header on the instructions sheet and never picks the hidden code table', async () => {
    const file = await openImportFile(inputOf('multi-sheet-hidden'));
    const rows = await readAll(file, '填写说明');
    expect(rows.map((r) => r.sourceRow)).toEqual([1, 2, 3, 4]);
    expect(rows[1].cells).toEqual([s('1. 本表第二个工作表“案件明细”为委案数据，请勿修改表头')]); // rich runs flattened
    expect(detectHeader(rows)).toBeNull();
    expect((await readAll(file, '码表'))[0].cells).toEqual([s('账龄'), s('逾期天数下限'), s('逾期天数上限')]);
    expect(await readAll(file)).toEqual(rows); // default sheet: the first visible one
    await file.close();
  });

  it('lets a BOM override the encoding the user chose', async () => {
    const file = await openImportFile(inputOf('utf8-bom-csv'), { encoding: 'gbk', name: '三月委案.csv' });
    expect(file.encoding).toBe('utf-8');
    expect(file.sheets).toEqual([{ name: '三月委案', hidden: false, index: 0 }]);
    expect((await readAll(file))[0].cells[0]).toEqual(s('姓名'));
    await file.close();
  });

  it("uses the user's encoding when there is no BOM", async () => {
    const file = await openImportFile(inputOf('gbk-csv'), { encoding: 'gbk' });
    expect(file.encoding).toBe('gbk');
    expect((await readAll(file))[1].cells[6]).toEqual(s('张喆'));
    await file.close();
  });
});
