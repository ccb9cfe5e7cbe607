/**
 * Files of generated portfolios: CSV (UTF-8 with BOM, or GBK as zh-CN Excel saves it) and .xlsx with
 * {@link DEMO_HEADERS}, written with bounded memory (backpressure), and the project's demo portfolio
 * ({@link writeDemoFiles}: byte-identical on every run). The cases come from `portfolio.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { generateCases, type DemoCase, type Product } from './portfolio.ts';

// ---------------------------------------------------------------- file layout

type Kind = 'text' | 'id' | 'money' | 'int' | 'date';
type Value = string | number | null;
const COLUMNS: [string, Kind, (c: DemoCase) => Value][] = [
  ['案件编号', 'id', (c) => c.client_case_ref], ['姓名', 'text', (c) => c.debtor_name], ['性别', 'text', (c) => (c.gender === 'male' ? '男' : '女')],
  ['身份证号', 'id', (c) => c.id_number], ['手机', 'id', (c) => c.mobile], ['家庭电话', 'id', (c) => c.home_phone], ['单位电话', 'id', (c) => c.work_phone],
  ['卡号', 'id', (c) => c.card_number], ['产品', 'text', (c) => c.product], ['委案金额', 'money', (c) => c.placed_amount],
  ['逾期本金', 'money', (c) => c.principal], ['逾期利息', 'money', (c) => c.interest], ['逾期罚息', 'money', (c) => c.penalty],
  ['滞纳金', 'money', (c) => c.late_fee], ['逾期日期', 'date', (c) => c.overdue_date], ['逾期天数', 'int', (c) => c.client_dpd],
  ['最近还款日期', 'date', (c) => c.last_payment_date], ['最近还款金额', 'money', (c) => c.last_payment_amount], ['委案日期', 'date', (c) => c.placement_date],
  ['省份', 'text', (c) => c.province], ['城市', 'text', (c) => c.city], ['催收区域', 'text', (c) => c.region], ['家庭地址', 'text', (c) => c.home_address],
  ['单位名称', 'text', (c) => c.employer], ['单位地址', 'text', (c) => c.work_address], ['备注', 'text', (c) => c.comment],
];
/** Contact groups written to files (联系人1…5); contacts beyond the 5th are not written. */
export const DEMO_CONTACT_GROUPS = 5;
for (let i = 0; i < DEMO_CONTACT_GROUPS; i++) {
  COLUMNS.push([`联系人${i + 1}姓名`, 'text', (c) => c.contacts[i]?.name ?? null], [`联系人${i + 1}关系`, 'text', (c) => c.contacts[i]?.relation ?? null],
    [`联系人${i + 1}手机号码`, 'id', (c) => c.contacts[i]?.mobile ?? null]);
}
/** Column headers of demo and bench files, in order (canonical zh-CN labels of design.md §4). */
export const DEMO_HEADERS: readonly string[] = COLUMNS.map(([h]) => h);

/** Non-negative integer fen → decimal yuan by string arithmetic: 1234567 → "12345.67", 5 → "0.05". */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`fenToYuan: ${fen} is not a non-negative integer of fen`);
  const s = fen < 100 ? String(fen + 100).replace(/^1/, '0') : String(fen);
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}
const csvField = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
function csvLine(c: DemoCase): string {
  let line = '';
  for (let i = 0; i < COLUMNS.length; i++) {
    const [, kind, get] = COLUMNS[i];
    const v = get(c);
    if (i) line += ',';
    if (v !== null) line += kind === 'money' ? fenToYuan(v as number) : kind === 'int' || kind === 'date' ? v : csvField(v as string);
  }
  return line + '\r\n';
}

async function closeStream(out: fs.WriteStream): Promise<void> {
  out.end();
  await once(out, 'close');
}

/**
 * Write cases as CSV the way Excel saves it: CRLF, header row, fields quoted only when needed;
 * `utf-8` starts with a BOM, `gbk` is encoded with iconv-lite. Money as decimal yuan ("12345.67").
 * Streams with backpressure; resolves with the number of data rows.
 */
export async function writeCasesCsv(file: string, rows: Iterable<DemoCase>, encoding: 'utf-8' | 'gbk'): Promise<number> {
  const out = fs.createWriteStream(file);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  // encoding line by line is ~2.5× faster than encoding one long string (V8 flattens and re-scans it)
  const encode = (s: string) => (encoding === 'gbk' ? iconv.encode(s, 'gbk') : Buffer.from(s, 'utf8'));
  const write = async (b: Buffer) => {
    if (!out.write(b)) await Promise.race([once(out, 'drain'), failed]);
  };
  let n = 0;
  try {
    await write(encode((encoding === 'utf-8' ? '\ufeff' : '') + DEMO_HEADERS.map(csvField).join(',') + '\r\n'));
    let chunk: Buffer[] = [];
    for (const row of rows) {
      chunk.push(encode(csvLine(row)));
      if (++n % 500 === 0) {
        await write(Buffer.concat(chunk));
        chunk = [];
      }
    }
    if (chunk.length) await write(Buffer.concat(chunk));
    await Promise.race([closeStream(out), failed]);
  } catch (e) {
    out.destroy();
    throw e;
  }
  return n;
}

// exceljs' zip (archiver) stamps every entry with the current time. Entries of workbooks created by
// writeCasesXlsx get a fixed date instead, so the same rows give the same bytes. The patch only
// touches archivers created while `fixedZipDate` is set (synchronously, inside our constructor call).
const ZIP_DATE = Symbol('recovaZipDate');
let fixedZipDate: Date | null = null;
let zipPatched = false;
function patchArchiver(): void {
  if (zipPatched) return;
  const req = createRequire(createRequire(import.meta.url).resolve('exceljs'));
  const proto = req('archiver/lib/core').prototype as { _normalizeEntryData: (d: Record<string, unknown>, s: unknown) => unknown; [ZIP_DATE]?: Date | null };
  const orig = proto._normalizeEntryData;
  proto._normalizeEntryData = function (this: typeof proto, data, stats) {
    if (this[ZIP_DATE] === undefined) this[ZIP_DATE] = fixedZipDate;
    const date = this[ZIP_DATE];
    return orig.call(this, date && data && data.date == null ? { ...data, date } : data, stats);
  };
  zipPatched = true;
}

type Buffered = { writableLength?: number; readableLength?: number; _writableState?: { length: number }; _readableState?: { length: number } };
/**
 * Bytes of the sheet not yet taken by the zip: exceljs' StreamBuf ignores backpressure and feeds
 * archiver's PassThrough (readable-stream, no writableLength), so we look at their buffers. Private
 * fields of exceljs 4.4 / archiver 5; 0 when absent (then only the event loop yields).
 */
function pendingBytes(ws: unknown): number {
  const s = (ws as { _stream?: { buffers?: unknown[]; pipes?: Buffered[] } })._stream;
  if (!s) return 0;
  let n = (s.buffers?.length ?? 0) * 65536;
  for (const p of s.pipes ?? []) n += (p.writableLength ?? p._writableState?.length ?? 0) + (p.readableLength ?? p._readableState?.length ?? 0);
  return n;
}

/**
 * Write cases as a streamed .xlsx (exceljs WorkbookWriter, inline strings): identifiers (ID, phones,
 * card, case ref) as text cells formatted `@`, money as numbers in yuan (`#,##0.00`), DPD as a number,
 * dates as `YYYY-MM-DD` text. Fixed creation date: same rows → same bytes. Resolves with the row count.
 */
export async function writeCasesXlsx(file: string, rows: Iterable<DemoCase>, created = new Date('2026-11-02T01:00:00Z')): Promise<number> {
  patchArchiver();
  const out = fs.createWriteStream(file);
  let wb: ExcelJS.stream.xlsx.WorkbookWriter;
  fixedZipDate = created;
  try {
    wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  } finally {
    fixedZipDate = null;
  }
  Object.assign(wb, { created, modified: created, creator: 'Recova', lastModifiedBy: 'Recova' });
  const ws = wb.addWorksheet('委案明细', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = COLUMNS.map(([h, kind]) => ({
    key: h, width: kind === 'text' ? (h.includes('地址') ? 40 : 14) : kind === 'id' ? 20 : 12,
    style: kind === 'money' ? { numFmt: '#,##0.00' } : {},
  }));
  ws.addRow([...DEMO_HEADERS]).commit();
  let n = 0;
  for (const row of rows) {
    ws.addRow(COLUMNS.map(([, kind, get]) => {
      const v = get(row);
      return v === null ? null : kind === 'money' ? Number(fenToYuan(v as number)) : v;
    })).commit();
    if (++n % 1000 === 0) while (pendingBytes(ws) > 8 << 20) await new Promise((res) => setTimeout(res, 2));
  }
  ws.commit();
  await wb.commit();
  if (!out.closed) await once(out, 'close');
  return n;
}

// ---------------------------------------------------------------- the demo portfolio

/** The demo portfolio's batches (seeds and options included, so tests and docs can regenerate the rows). */
export const DEMO_BATCHES = [
  { client: 'ZSB', clientName: '某某银行信用卡中心', batch: '202610A', placementDate: '2026-10-08', returnDate: '2027-01-08', region: '全国', count: 2400, seed: 20261008,
    format: 'xlsx', products: [['信用卡', 1]], regions: undefined },
  { client: 'ZSB', clientName: '某某银行信用卡中心', batch: '202611A', placementDate: '2026-11-02', returnDate: '2027-02-02', region: '华东', count: 1800, seed: 20261102,
    format: 'gbk', products: [['信用卡', 1]], regions: ['华东'] },
  { client: 'HXF', clientName: '某某消费金融有限公司', batch: '202611A', placementDate: '2026-11-16', returnDate: '2027-02-16', region: '全国', count: 1200, seed: 20261116,
    format: 'utf-8', products: [['现金贷', 5], ['消费分期', 4], ['车贷', 1]], regions: undefined },
] as const;

/**
 * Write the demo portfolio into `outDir`: 2 clients, 3 batches, 5,400 cases — ZSB/202610A as .xlsx
 * (2,400), ZSB/202611A as GBK CSV (1,800, 华东 only), HXF/202611A as UTF-8 CSV (1,200). Same bytes
 * on every run.
 */
export async function writeDemoFiles(outDir: string): Promise<{ client: string; clientName: string; currency: string; batch: string; placementDate: string; returnDate: string; region: string; path: string; count: number }[]> {
  const result = [];
  for (const d of DEMO_BATCHES) {
    const rows = generateCases({ seed: d.seed, count: d.count, clientCode: d.client, batchNo: d.batch, placementDate: d.placementDate, products: d.products, regions: d.regions });
    const file = path.join(outDir, `${d.client}-${d.batch}-委案明细.${d.format === 'xlsx' ? 'xlsx' : 'csv'}`);
    const count = d.format === 'xlsx'
      ? await writeCasesXlsx(file, rows, new Date(`${d.placementDate}T01:00:00Z`))
      : await writeCasesCsv(file, rows, d.format);
    result.push({ client: d.client, clientName: d.clientName, currency: 'CNY', batch: d.batch, placementDate: d.placementDate, returnDate: d.returnDate, region: d.region, path: file, count });
  }
  return result;
}
