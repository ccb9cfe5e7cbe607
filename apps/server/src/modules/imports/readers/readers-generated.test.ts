/**
 * Files generated here (into a temp dir) for what the shared samples do not cover: UTF-16 and
 * GB18030 CSVs, multi-line quoted fields, delimiters, the 1904 date system, a hand-written .xlsx
 * exercising the odd corners of SpreadsheetML, and content that must be refused.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import XLSX from 'xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import type { Cell } from '@recova/domain/imports/cell';
import { openImportFile, readFirstRows, type SourceRow } from './open-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'recova-readers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const put = (name: string, data: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
};
const s = (v: string): Cell => ({ t: 's', v });
const n = (v: number, fmt?: string): Cell => (fmt ? { t: 'n', v, fmt } : { t: 'n', v });
const d = (v: string): Cell => ({ t: 'd', v });

async function read(path: string, opts?: { encoding?: string }, sheet?: string) {
  const file = await openImportFile(path, opts);
  const rows: SourceRow[] = [];
  for await (const r of file.rows(sheet)) rows.push(r);
  await file.close();
  return { file, rows, cells: rows.map((r) => r.cells) };
}

/** A zip archive (deflated entries unless `stored`). */
function zip(files: Record<string, string | Buffer>, stored = false): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const raw = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    const data = stored ? raw : deflateRawSync(raw);
    const nm = Buffer.from(name, 'utf8');
    const h = Buffer.alloc(46);
    h.writeUInt32LE(0x02014b50, 0);
    h.writeUInt16LE(20, 6);
    h.writeUInt16LE(0x800, 8);
    h.writeUInt16LE(stored ? 0 : 8, 10);
    h.writeUInt32LE(crc32(raw), 16);
    h.writeUInt32LE(data.length, 20);
    h.writeUInt32LE(raw.length, 24);
    h.writeUInt16LE(nm.length, 28);
    h.writeUInt32LE(offset, 42);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    h.copy(local, 4, 6, 30); // version … name length: same layout as the central header
    local.writeUInt16LE(0, 28);
    parts.push(local, nm, data);
    central.push(h, nm);
    offset += 30 + nm.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length / 2, 8);
  end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

describe('CSV encodings', () => {
  const text = '姓名,身份证号\r\n张三,110101199003074514\r\n李堃,32010219881008009X\r\n';
  const expected = [['姓名', '身份证号'], ['张三', '110101199003074514'], ['李堃', '32010219881008009X']].map((r) => r.map(s));

  it('UTF-16LE and UTF-16BE with BOM', async () => {
    const le = await read(put('le.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])));
    expect([le.file.encoding, le.cells]).toEqual(['utf-16le', expected]);
    const be = Buffer.from(text, 'utf16le').swap16();
    const r = await read(put('be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), be])), { encoding: 'gbk' });
    expect([r.file.encoding, r.cells]).toEqual(['utf-16be', expected]);
  });

  it('UTF-16LE without BOM, from the NUL-byte pattern', async () => {
    const r = await read(put('le-nobom.csv', Buffer.from(text, 'utf16le')));
    expect([r.file.encoding, r.cells]).toEqual(['utf-16le', expected]);
  });

  it('GB18030, including characters outside GBK', async () => {
    const r = await read(put('gb.csv', iconv.encode(`${text}王𠀀,镕䶮\r\n`, 'gb18030')));
    expect(r.file.encoding).toBe('gb18030');
    expect(r.cells).toEqual([...expected, [s('王𠀀'), s('镕䶮')]]);
  });

  it('GBK bytes after more than 1 MB of ASCII are still found', async () => {
    const ascii = 'a,b\r\n'.repeat(250_000);
    const r = await read(put('late-gbk.csv', Buffer.concat([Buffer.from(ascii), iconv.encode('张喆,王昇\r\n', 'gbk')])));
    expect(r.file.encoding).toBe('gb18030');
    expect(r.rows.at(-1)).toEqual({ sourceRow: 250_001, cells: [s('张喆'), s('王昇')] });
  });

  it('a Latin-1 file that is not GB18030 falls back to the detected single-byte encoding', async () => {
    const r = await read(put('latin.csv', iconv.encode('Name,City\r\nJosé Peña,São Paulo\r\nMüller,Zürich\r\n', 'windows-1252')));
    expect(r.cells[1]).toEqual([s('José Peña'), s('São Paulo')]);
  });

  it('refuses an unknown encoding', async () => {
    await expect(openImportFile(put('x.csv', 'a,b\n'), { encoding: 'klingon' })).rejects.toMatchObject({ code: 'UNSUPPORTED_ENCODING' });
  });
});

describe('CSV records', () => {
  it('numbers sourceRow by the line a record starts on; keeps values exactly; skips blank records', async () => {
    const csv = '姓名,备注,金额\r\n张三,"第一行\r\n第二行\n第三行",007\r\n\r\n李四,"说""明""",  1.50 \r\n,,\r\n王五,"a\rb",\r\n赵六,x,y';
    const r = await read(put('multi.csv', csv));
    expect(r.rows).toEqual([
      { sourceRow: 1, cells: [s('姓名'), s('备注'), s('金额')] },
      { sourceRow: 2, cells: [s('张三'), s('第一行\r\n第二行\n第三行'), s('007')] },
      { sourceRow: 6, cells: [s('李四'), s('说"明"'), s('  1.50 ')] },
      { sourceRow: 8, cells: [s('王五'), s('a\rb')] },
      { sourceRow: 10, cells: [s('赵六'), s('x'), s('y')] },
    ]);
  });

  it('keeps line numbers right across chunk boundaries', async () => {
    let csv = 'id,note\n';
    const starts: number[] = [1];
    let line = 2;
    for (let i = 0; i < 40_000; i++) {
      starts.push(line);
      if (i % 997 === 0) (csv += `${i},"two\nlines, and ""quotes"""\n`), (line += 2);
      else (csv += `${i},plain text ${'x'.repeat(i % 50)}\n`), line++;
    }
    const r = await read(put('long.csv', csv));
    expect(r.rows.map((x) => x.sourceRow)).toEqual(starts);
    expect(r.rows[1].cells[1]).toEqual(s('two\nlines, and "quotes"'));
  });

  it('sniffs tab and semicolon delimiters', async () => {
    expect((await read(put('t.tsv', '姓名\t金额\r\n张三\t1,234.50\r\n'))).cells[1]).toEqual([s('张三'), s('1,234.50')]);
    expect((await read(put('sc.csv', '姓名;金额\n张三;1.234,50\n'))).cells[1]).toEqual([s('张三'), s('1.234,50')]);
  });

  it('reports an unterminated quoted field with its line', async () => {
    await expect(read(put('bad.csv', 'a,b\n1,"xyz\n2,3\n'))).rejects.toMatchObject({ code: 'CSV_MALFORMED', details: { row: 2 } });
  });

  it('an empty file has one sheet and no rows', async () => {
    const r = await read(put('empty.csv', ''));
    expect([r.file.format, r.file.sheets.length, r.rows]).toEqual(['csv', 1, []]);
  });
});

describe('xlsx', () => {
  it('1904 date system (written by exceljs): dates come out right, not four years early', async () => {
    for (const date1904 of [true, false]) {
      const wb = new ExcelJS.Workbook();
      wb.properties.date1904 = date1904;
      const ws = wb.addWorksheet('案件');
      ws.addRow(['姓名', '委案日期', '时间']);
      ws.addRow(['张三', new Date(Date.UTC(2024, 2, 1)), new Date(Date.UTC(2024, 2, 1, 8, 30))]);
      ws.getCell('B2').numFmt = 'yyyy-mm-dd';
      ws.getCell('C2').numFmt = 'yyyy-mm-dd hh:mm';
      const path = join(dir, `d${date1904}.xlsx`);
      await wb.xlsx.writeFile(path);
      const r = await read(path);
      expect(r.file.date1904).toBe(date1904);
      expect(r.cells[1]).toEqual([s('张三'), d('2024-03-01'), d('2024-03-01T08:30:00')]);
    }
  });

  const rels = (xs: [string, string, string][]) =>
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${xs.map(([id, type, t]) => `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${t}"/>`).join('')}</Relationships>`;
  const NS = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const quirky = () =>
    put(
      'quirky.bin',
      zip({
        '_rels/.rels': rels([['rId1', 'officeDocument', 'xl/workbook.xml']]),
        'xl/workbook.xml': `<x:workbook ${NS}><x:workbookPr date1904="true"/><x:sheets><x:sheet name="Data" sheetId="1" r:id="rId1"/><x:sheet name="Chart" sheetId="2" r:id="rId9"/><x:sheet name="Secret" sheetId="3" state="veryHidden" r:id="rId2"/></x:sheets></x:workbook>`,
        'xl/_rels/workbook.xml.rels': rels([
          ['rId1', 'worksheet', '/xl/worksheets/data.xml'],
          ['rId2', 'worksheet', 'worksheets/sheet2.xml'],
          ['rId3', 'styles', 'styles.xml'],
          ['rId4', 'sharedStrings', 'sharedStrings.xml'],
          ['rId9', 'chartsheet', 'chartsheets/sheet1.xml'],
        ]),
        'xl/styles.xml': `<x:styleSheet ${NS}><x:numFmts><x:numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/><x:numFmt numFmtId="165" formatCode="h:mm"/><x:numFmt numFmtId="166" formatCode="0.00&quot;元&quot;"/></x:numFmts><x:cellStyleXfs><x:xf numFmtId="14"/></x:cellStyleXfs><x:cellXfs><x:xf numFmtId="0"/><x:xf numFmtId="31"/><x:xf numFmtId="164"/><x:xf numFmtId="165"/><x:xf numFmtId="166"/></x:cellXfs></x:styleSheet>`,
        'xl/sharedStrings.xml': `<x:sst ${NS}><x:si><x:t>姓名</x:t></x:si><x:si><x:r><x:t>联系</x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>人1</x:t></x:r></x:si><x:si><x:t>张三</x:t><x:rPh sb="0" eb="1"><x:t>チャン</x:t></x:rPh></x:si><x:si><x:t>line1_x000D_&#10;line2 &amp; _x005F_x0041_</x:t></x:si><x:si><x:t/></x:si></x:sst>`,
        'xl/worksheets/data.xml': `<x:worksheet ${NS}><x:dimension ref="A1:H6"/><x:cols><x:col min="3" max="3" width="9" hidden="1"/></x:cols><x:sheetData>
<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c><x:c r="C1" t="inlineStr"><x:is><x:r><x:t>备</x:t></x:r><x:r><x:t>注</x:t></x:r></x:is></x:c><x:c r="D1" t="str"><x:f>"公"&amp;"式"</x:f><x:v>公式</x:v></x:c></x:row>
<x:row r="2"><x:c r="A2" t="s"><x:v>2</x:v></x:c><x:c r="B2" s="1"><x:v>43890</x:v></x:c><x:c r="C2" t="b"><x:v>1</x:v></x:c><x:c r="D2" t="e"><x:f>NA()</x:f><x:v>#N/A</x:v></x:c><x:c r="E2" s="2"><x:v>43890.5</x:v></x:c><x:c r="F2" s="3"><x:v>0.5</x:v></x:c><x:c r="G2" s="4"><x:v>12.5</x:v></x:c><x:c r="H2" t="d"><x:v>2024-03-05T00:00:00Z</x:v></x:c></x:row>
<x:row r="3"><x:c r="A3" s="1"/><x:c r="B3" t="s"><x:v>4</x:v></x:c></x:row>
<x:row r="5"><x:c r="A5" t="s"><x:v>3</x:v></x:c><x:c t="s"><x:v>4</x:v></x:c><x:c><x:f>3+4</x:f><x:v>7</x:v></x:c></x:row>
<x:row><x:c r="A6" t="inlineStr"><x:is><x:t><![CDATA[末<行>]]></x:t></x:is></x:c></x:row>
</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="C5:D6"/></x:mergeCells></x:worksheet>`,
        'xl/worksheets/sheet2.xml': `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>sec\u0001ret</t></is></c></row></sheetData></worksheet>`,
        'xl/chartsheets/sheet1.xml': '<chartsheet/>',
      }),
    );

  it('reads the odd corners of SpreadsheetML (prefixes, inline rich text, phonetic runs, escapes, errors, types, merges)', async () => {
    const r = await read(quirky());
    expect(r.file.format).toBe('xlsx');
    expect(r.file.date1904).toBe(true);
    expect(r.file.sheets).toEqual([
      { name: 'Data', index: 0, hidden: false, hiddenColumns: [2] },
      { name: 'Secret', index: 1, hidden: true, hiddenColumns: [] },
    ]);
    expect(r.rows).toEqual([
      { sourceRow: 1, cells: [s('姓名'), s('联系人1'), s('备注'), s('公式')] },
      { sourceRow: 2, cells: [s('张三'), d('2024-03-01'), { t: 'b', v: true }, null, d('2024-03-01T12:00:00'), n(0.5, 'h:mm'), n(12.5, '0.00"元"'), d('2024-03-05')] },
      { sourceRow: 5, cells: [s('line1\r\nline2 & _x0041_'), null, n(7), n(7)] },
      { sourceRow: 6, cells: [s('末<行>'), null, n(7), n(7)] },
    ]);
    expect((await read(quirky(), {}, 'Secret')).cells).toEqual([[s('sec\u0001ret')]]); // raw control character tolerated
    await expect(read(quirky(), {}, 'Chart')).rejects.toMatchObject({ code: 'SHEET_NOT_FOUND' });
  });

  it('reports malformed sheet XML as FILE_CORRUPT', async () => {
    const path = put(
      'broken.xlsx',
      zip({
        'xl/workbook.xml': `<workbook ${NS.replace('xmlns:x', 'xmlns')}><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>`,
        'xl/_rels/workbook.xml.rels': rels([['rId1', 'worksheet', 'worksheets/sheet1.xml']]),
        'xl/worksheets/sheet1.xml': '<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></row></sheetData></worksheet>',
      }),
    );
    await expect(read(path)).rejects.toMatchObject({ code: 'FILE_CORRUPT' });
  });

  it('rows() can be read twice, stops cleanly on break, and not after close()', async () => {
    const big = new ExcelJS.Workbook();
    const ws = big.addWorksheet('S');
    for (let i = 1; i <= 3000; i++) ws.addRow([`r${i}`, i]);
    ws.mergeCells('A10:A12');
    const path = join(dir, 'big.xlsx');
    await big.xlsx.writeFile(path);
    const fds = () => (existsSync('/proc/self/fd') ? readdirSync('/proc/self/fd').length : 0);
    const before = fds();
    const file = await openImportFile(path);
    const head = await readFirstRows(file, undefined, 12);
    expect(head.slice(9).map((x) => x.cells)).toEqual([[s('r10'), n(10)], [s('r10'), n(11)], [s('r10'), n(12)]]);
    expect(await readFirstRows(file, 'S', 12)).toEqual(head);
    // no descriptor of ours stays open after an early break (polled: the count is process-wide)
    await expect.poll(fds, { timeout: 3000, interval: 50 }).toBeLessThanOrEqual(before);
    await file.close();
    await expect(readFirstRows(file)).rejects.toThrow(/closed/);
  });
});

describe('xls and refused content', () => {
  it('.xls written by SheetJS: merges copied, hidden sheet flagged, text kept as text', async () => {
    const wb = XLSX.utils.book_new();
    const ws = XLSX.utils.aoa_to_sheet([['委托方', '账号', '委案日期'], ['某某银行', '03100012345678', 45352], [null, '0001', 45356]]);
    ws['!merges'] = [XLSX.utils.decode_range('A2:A3')];
    ws.C2.z = 'yyyy-mm-dd';
    ws.C3.z = 'yyyy"年"m"月"d"日"';
    XLSX.utils.book_append_sheet(wb, ws, '委案');
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['x']]), '码表');
    wb.Workbook = { Sheets: [{ Hidden: 0 }, { Hidden: 1 }] };
    const r = await read(put('t.xls', XLSX.write(wb, { type: 'buffer', bookType: 'biff8' })));
    expect(r.file.format).toBe('xls');
    expect(r.file.sheets.map((x) => [x.name, x.hidden])).toEqual([['委案', false], ['码表', true]]);
    expect(r.cells.slice(1)).toEqual([
      [s('某某银行'), s('03100012345678'), d('2024-03-01')],
      [s('某某银行'), s('0001'), d('2024-03-05')],
    ]);
  });

  it('refuses an .xls over 50 MB', async () => {
    const p = put('huge.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    truncateSync(p, 51 * 1024 * 1024); // sparse
    await expect(openImportFile(p)).rejects.toMatchObject({ code: 'FILE_TOO_LARGE' });
  });

  it.each([
    ['a zip without a workbook', () => zip({ 'word/document.xml': '<w/>' }), 'zip-without-workbook'],
    ['a stored (uncompressed) zip without a workbook', () => zip({ 'a.txt': 'hi' }, true), 'zip-without-workbook'],
    ['a PNG', () => Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'png'],
    ['an HTML table saved as .xls', () => Buffer.from('<html><body><table><tr><td>姓名</td></tr></table>'), 'html'],
    ['binary data', () => Buffer.from([1, 2, 3, 0, 5, 6, 7, 8, 200, 201]), 'binary'],
  ])('refuses %s with UNSUPPORTED_FILE', async (_label, make, reason) => {
    await expect(openImportFile(put('refused.xlsx', make()))).rejects.toMatchObject({ code: 'UNSUPPORTED_FILE', details: { reason } });
  });
});

describe('decompression bombs and XML entity expansion (bounded memory)', () => {
  const bombBook = (sheet: Buffer | string) =>
    zip({
      'xl/workbook.xml': `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>`,
      'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      'xl/worksheets/sheet1.xml': sheet,
    });
  const rssGrowth = async (f: () => Promise<unknown>) => {
    const before = process.memoryUsage().rss;
    let err: unknown;
    await f().catch((e) => (err = e));
    return { err, growth: process.memoryUsage().rss - before };
  };

  it('refuses a sheet that inflates more than 200× its compressed size, having read only ~64 MB', async () => {
    const body = Buffer.alloc(120 * 1024 * 1024, '<row/>');
    const sheet = Buffer.concat([Buffer.from('<worksheet><sheetData>'), body, Buffer.from('</sheetData></worksheet>')]);
    const path = put('bomb.xlsx', bombBook(sheet));
    const { err, growth } = await rssGrowth(() => read(path));
    expect(err).toMatchObject({ code: 'FILE_TOO_LARGE', message: expect.stringContaining('decompression bomb') });
    expect(growth).toBeLessThan(150 * 1024 * 1024);
  });

  it('refuses a cell text longer than any Excel cell before the parser buffers it', async () => {
    const text = 'a'.repeat(3 * 1024 * 1024);
    const path = put('longtext.xlsx', bombBook(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>${text}</t></is></c></row></sheetData></worksheet>`));
    await expect(read(path)).rejects.toMatchObject({ code: 'FILE_TOO_LARGE', message: expect.stringContaining('longer than any cell') });
  });

  it('does not expand DTD entities ("billion laughs"): the file is refused as corrupt', async () => {
    const ents = ['<!ENTITY a "aaaaaaaaaa">'];
    for (let i = 1; i <= 9; i++) ents.push(`<!ENTITY ${String.fromCharCode(97 + i)} "${`&${String.fromCharCode(96 + i)};`.repeat(10)}">`);
    const path = put('laughs.xlsx', bombBook(`<?xml version="1.0"?><!DOCTYPE worksheet [${ents.join('')}]><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&j;</t></is></c></row></sheetData></worksheet>`));
    const { err, growth } = await rssGrowth(() => read(path));
    expect(err).toMatchObject({ code: 'FILE_CORRUPT' });
    expect(growth).toBeLessThan(50 * 1024 * 1024);
  });
});
