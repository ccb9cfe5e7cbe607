/**
 * Memory and speed check of the import readers (not a unit test): generates a 100,000-row .xlsx
 * (exceljs streaming WorkbookWriter) and a 1,000,000-row CSV into /tmp, then streams each through
 * openImportFile in a fresh child process, counting rows, and prints elapsed seconds and peak RSS
 * (process.resourceUsage().maxRSS) per run.
 *
 *   npx tsx apps/server/scripts/reader-memory.ts [--rows-xlsx 100000] [--rows-csv 1000000] [--keep]
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { openImportFile, readFirstRows } from '../src/modules/imports/readers/open-file.ts';

const XLSX_PATH = '/tmp/recova-reader-100k.xlsx';
const CSV_PATH = '/tmp/recova-reader-1m.csv';
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const mb = (kb: number) => Math.round(kb / 1024);

async function generateXlsx(rows: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: XLSX_PATH, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('案件明细');
  ws.addRow(['案件编号', '姓名', '身份证号', '手机', '委案金额', '委案日期', '备注']).commit();
  for (let i = 0; i < rows; i++) {
    const r = ws.addRow([`WA${String(i).padStart(8, '0')}`, `张三${i % 1000}`, '110101199003074514', 13800000000 + i, 1000 + (i % 5000) / 100, new Date(Date.UTC(2024, 2, 1 + (i % 28))), `备注${i % 97}`]);
    r.getCell(5).numFmt = '#,##0.00';
    r.getCell(6).numFmt = 'yyyy-mm-dd';
    r.commit();
  }
  ws.commit();
  await wb.commit();
}

async function generateCsv(rows: number): Promise<void> {
  const out = createWriteStream(CSV_PATH);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write('\ufeff案件编号,姓名,身份证号,手机,委案金额,委案日期,地址\r\n');
  let batch = '';
  for (let i = 0; i < rows; i++) {
    const addr = i % 100 === 0 ? `"北京市东城区\r\n某某胡同${i}号"` : `北京市东城区某某胡同${i}号`;
    batch += `WA${String(i).padStart(8, '0')},张三${i % 1000},110101199003074514,${13800000000 + i},${(1000 + (i % 5000) / 100).toFixed(2)},2024-03-01,${addr}\r\n`;
    if (batch.length > 1 << 20) {
      await write(batch);
      batch = '';
    }
  }
  await write(batch);
  await new Promise<void>((r) => out.end(() => r()));
}

/** Child mode: stream one file and report. */
async function measure(path: string): Promise<void> {
  const base = process.memoryUsage().rss;
  const t0 = performance.now();
  const file = await openImportFile(path);
  const preview = await readFirstRows(file, undefined, 30);
  const tPreview = performance.now() - t0;
  let rows = 0;
  let last = 0;
  let peakHeap = 0;
  for await (const r of file.rows()) {
    rows++;
    last = r.sourceRow;
    if ((rows & 0x3fff) === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  await file.close();
  const elapsed = (performance.now() - t0) / 1000;
  console.log(
    JSON.stringify({
      file: path,
      format: file.format,
      encoding: file.encoding,
      rows,
      lastSourceRow: last,
      previewRows: preview.length,
      previewMs: Math.round(tPreview),
      seconds: Number(elapsed.toFixed(2)),
      rowsPerSecond: Math.round(rows / elapsed),
      baselineRssMB: Math.round(base / 1048576),
      peakRssMB: mb(process.resourceUsage().maxRSS),
      peakHeapMB: Math.round(peakHeap / 1048576),
    }),
  );
}

async function main(): Promise<void> {
  if (process.argv[2] === '--measure') return measure(process.argv[3]);
  const xlsxRows = arg('--rows-xlsx', 100_000);
  const csvRows = arg('--rows-csv', 1_000_000);
  let t = performance.now();
  await generateXlsx(xlsxRows);
  console.log(`generated ${XLSX_PATH} (${xlsxRows} rows) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  await generateCsv(csvRows);
  console.log(`generated ${CSV_PATH} (${csvRows} rows) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const self = fileURLToPath(import.meta.url);
  for (const path of [XLSX_PATH, CSV_PATH]) {
    const r = spawnSync(process.execPath, [...process.execArgv, self, '--measure', path], { stdio: 'inherit' });
    if (r.status !== 0) process.exitCode = 1;
  }
  if (!process.argv.includes('--keep')) for (const p of [XLSX_PATH, CSV_PATH]) if (existsSync(p)) rmSync(p);
}

await main();
