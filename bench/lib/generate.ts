/**
 * The bench portfolio: one batch of `cases` generated cases (seeded, deterministic — the project's
 * generator `apps/server/src/demo/portfolio.ts`: log-normal amounts per product, DPD buckets, regions
 * weighted by city, 1–15 contacts, Chinese names and addresses, ID numbers with a valid GB 11643 check
 * character, Luhn-valid cards), written in the import format (canonical zh-CN headers, design.md §4)
 * as UTF-8 CSV, GBK CSV and .xlsx (exceljs streaming writer). The history (contact records, payments,
 * monthly snapshots) is generated set-based in the database after the import: see `seed.ts`.
 */
import path from 'node:path';
import fs from 'node:fs';
import { generateCases, type GenerateOptions } from '../../apps/server/src/demo/portfolio.ts';
import { writeCasesCsv, writeCasesXlsx } from '../../apps/server/src/demo/portfolio-files.ts';
import { luhnValid, parseIdNumber } from '../../packages/domain/src/identity/id-number.ts';

/** The bench batch: seed, client and batch of every generated portfolio. */
export const BENCH_BATCH = { seed: 20261008, clientCode: 'BNK', batchNo: '2026A', placementDate: '2026-10-08' } as const;
/** Product mix of the bench portfolio (weights). */
export const BENCH_PRODUCTS = [['信用卡', 6], ['现金贷', 2], ['消费分期', 1.5], ['车贷', 0.5]] as const;
/** The issue's .xlsx target is stated for 200k rows: the workbook holds at most this many cases. */
export const XLSX_MAX_ROWS = 200_000;

export function benchCases(count: number, startRef = 1) {
  const opts: GenerateOptions = { ...BENCH_BATCH, count, startRef, products: BENCH_PRODUCTS };
  return generateCases(opts);
}

export interface PortfolioFiles {
  cases: number;
  csvUtf8: string;
  /** null when not written (the quick run: the GBK parse is a note, not a row) */
  csvGbk: string | null;
  xlsx: string;
  xlsxRows: number;
  bytes: { csvUtf8: number; csvGbk: number; xlsx: number };
  ms: { csvUtf8: number; csvGbk: number; xlsx: number };
}

/**
 * Check the generated identifiers with the domain's own validators (the import would reject a bad
 * one and skew the figures): the first `sample` cases must have a valid resident ID and card number.
 * @throws Error naming the first invalid case.
 */
export function assertValidIdentifiers(sample: number): void {
  for (const c of benchCases(sample)) {
    const id = parseIdNumber({ t: 's', v: c.id_number }, { asOf: BENCH_BATCH.placementDate });
    if (!id.ok) throw new Error(`generated case ${c.client_case_ref}: ID ${c.id_number} invalid (${id.code})`);
    if (!luhnValid(c.card_number)) throw new Error(`generated case ${c.client_case_ref}: card fails Luhn`);
  }
}

/** Write the three files into `dir` (same cases in each; the workbook capped at {@link XLSX_MAX_ROWS}). */
export async function writePortfolio(dir: string, cases: number, opts: { xlsxRows?: number; gbk?: boolean } = {}): Promise<PortfolioFiles> {
  assertValidIdentifiers(Math.min(cases, 2000));
  fs.mkdirSync(dir, { recursive: true });
  const csvUtf8 = path.join(dir, `bench-${cases}-utf8.csv`);
  const csvGbk = opts.gbk === false ? null : path.join(dir, `bench-${cases}-gbk.csv`);
  const xlsxRows = Math.min(cases, XLSX_MAX_ROWS, opts.xlsxRows ?? Infinity);
  const xlsx = path.join(dir, `bench-${xlsxRows}.xlsx`);
  const t0 = performance.now();
  await writeCasesCsv(csvUtf8, benchCases(cases), 'utf-8');
  const t1 = performance.now();
  if (csvGbk) await writeCasesCsv(csvGbk, benchCases(cases), 'gbk');
  const t2 = performance.now();
  if (xlsxRows > 0) await writeCasesXlsx(xlsx, benchCases(xlsxRows));
  const t3 = performance.now();
  const size = (f: string | null) => (f && fs.existsSync(f) ? fs.statSync(f).size : 0);
  return {
    cases, csvUtf8, csvGbk, xlsx, xlsxRows,
    bytes: { csvUtf8: size(csvUtf8), csvGbk: size(csvGbk), xlsx: size(xlsx) },
    ms: { csvUtf8: t1 - t0, csvGbk: t2 - t1, xlsx: t3 - t2 },
  };
}
