/**
 * Import scenarios and their baselines (issue 7 table), each run in its own child process so its peak
 * RSS is its own:
 * - `rawCsvParse`: the same file decoded (iconv-lite) and parsed (papaparse) as a stream, rows counted;
 * - `rawCopy`: the same file `COPY … FROM` into an unindexed all-text table (PostgreSQL through
 *   pg-copy-streams; PGlite through its `/dev/blob` COPY, the only COPY path it has);
 * - `rawXlsxParse`: the same workbook read by the import's own streaming reader, rows counted;
 * - `importFile`: the real pipeline (`importFileNow`: store, sniff, header detection, mapping,
 *   normalise, stage, seal personal data, merge) into the bench batch;
 * - `importFloor`: the import's Node-side floor — the same file through the product's own reader,
 *   header detection, mapping, `normalizeRow`, `stageRow`, `sealStagedRow` (a real `PiiCipher` key ring)
 *   and COPY text, in one process, nothing written: the import cannot be faster than this.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openXlsx } from '../../apps/server/src/modules/imports/readers/xlsx-reader.ts';
import { importFileNow } from '../../apps/server/src/modules/imports/import.service.ts';
import { createClient, getClientByCode } from '../../apps/server/src/modules/clients/clients.service.ts';
import { createBatch, findBatchByNo } from '../../apps/server/src/modules/batches/batches.service.ts';
import { openImportFile } from '../../apps/server/src/modules/imports/readers/open-file.ts';
import { buildMapping } from '../../apps/server/src/modules/imports/import.mapping.ts';
import { stageRow } from '../../apps/server/src/modules/imports/import.staging.ts';
import { sealStagedRow, type SealedRow } from '../../apps/server/src/modules/imports/import.seal.ts';
import { stagedCopyText } from '../../apps/server/src/modules/imports/import.repository.ts';
import { PiiCipher } from '../../apps/server/src/platform/crypto.ts';
import { loadKeyring } from '../../apps/server/src/platform/keyring.ts';
import { loadConfig } from '../../apps/server/src/platform/config.ts';
import { normalizeRow } from '@recova/domain/imports/normalize-row';
import { detectHeader, HEADER_SCAN_ROWS } from '@recova/domain/imports/header-detect';
import { isBlank, type Cell } from '@recova/domain/imports/cell';
import { BENCH_DATA_KEY, openBenchContext, timed, type DbTarget } from '../lib/common.ts';
import { BENCH_BATCH } from '../lib/generate.ts';

/** CPU seconds (user + system) this process spent in `fn`, ms: on a shared machine at nice 19 the wall time moves with the load, CPU much less. */
async function withCpu<T>(fn: () => Promise<T>): Promise<T & { cpuMs: number }> {
  const c = process.cpuUsage();
  const v = await fn();
  const d = process.cpuUsage(c);
  return { ...v, cpuMs: Math.round((d.user + d.system) / 1000) };
}

/** Decode + parse the whole CSV as a stream; resolves with the row count (header included) and ms. */
export async function rawCsvParse(a: { file: string; encoding: 'utf-8' | 'gbk' }): Promise<{ rows: number; ms: number; cpuMs: number }> {
  return withCpu(() => rawCsvParseTimed(a));
}

async function rawCsvParseTimed(a: { file: string; encoding: 'utf-8' | 'gbk' }): Promise<{ rows: number; ms: number }> {
  const { ms, value } = await timed(
    () =>
      new Promise<number>((resolve, reject) => {
        let rows = 0;
        const text = fs.createReadStream(a.file).pipe(iconv.decodeStream(a.encoding === 'gbk' ? 'gb18030' : 'utf8'));
        Papa.parse(text as unknown as File, { step: () => void rows++, complete: () => resolve(rows), error: (e: Error) => reject(e) });
      }),
  );
  return { rows: value, ms };
}

/** Read every row of the workbook's first sheet with the import's reader (no normalisation). */
export async function rawXlsxParse(a: { file: string }): Promise<{ rows: number; ms: number; cpuMs: number }> {
  return withCpu(async () => rawXlsxParseTimed(a));
}

async function rawXlsxParseTimed(a: { file: string }): Promise<{ rows: number; ms: number }> {
  const { ms, value } = await timed(async () => {
    const wb = await openXlsx(a.file);
    let rows = 0;
    for await (const r of wb.rows(wb.sheets[0].name)) if (r.cells.length) rows++;
    wb.close();
    return rows;
  });
  return { rows: value, ms };
}

function headerCount(file: string): number {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(8192);
  fs.readSync(fd, buf, 0, buf.length, 0);
  fs.closeSync(fd);
  return buf.toString('utf8').split(/\r?\n/)[0].split(',').length;
}

/** COPY the UTF-8 CSV into a fresh unindexed table of text columns; resolves with rows and ms (the COPY only). */
export async function rawCopy(a: { target: DbTarget; file: string }): Promise<{ rows: number; ms: number }> {
  const cols = Array.from({ length: headerCount(a.file) }, (_, i) => `c${i} text`).join(', ');
  const ddl = `drop table if exists bench_raw_copy; create table bench_raw_copy (${cols})`;
  const copySql = `copy bench_raw_copy from STDIN with (format csv, header true)`;
  if (a.target.kind === 'postgres') {
    const client = new pg.Client({ connectionString: a.target.url });
    await client.connect();
    try {
      await client.query(ddl);
      const { ms } = await timed(() => pipeline(fs.createReadStream(a.file), client.query(copyFrom(copySql))));
      const rows = Number((await client.query('select count(*)::int as n from bench_raw_copy')).rows[0].n);
      await client.query('drop table bench_raw_copy');
      return { rows, ms };
    } finally {
      await client.end();
    }
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(path.join(a.target.dataDir, 'pglite'));
  try {
    await db.exec(ddl);
    const { ms } = await timed(async () => {
      const blob = new Blob([fs.readFileSync(a.file)]);
      await db.query(copySql.replace('STDIN', `'/dev/blob'`), [], { blob });
    });
    const rows = Number(((await db.query<{ n: number }>('select count(*)::int as n from bench_raw_copy')).rows[0]).n);
    await db.exec('drop table bench_raw_copy');
    return { rows, ms };
  } finally {
    await db.close();
  }
}

export interface ImportRun {
  ms: number;
  rows: number;
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
  status: string;
  failure: string | null;
  firstErrors: { row: number; column: string; code: string }[];
  /** the pipeline's own split (its 'import committed' log line): read+normalise+stage, and merge */
  readMs: number | null;
  mergeMs: number | null;
  /** CPU of this Node process during the import, ms (PostgreSQL's own CPU not included) */
  cpuMs?: number;
}

/** Import `file` through the real pipeline into client BNK / batch `batchNo` (created when missing). */
export async function importFile(a: { target: DbTarget; file: string; batchNo?: string }): Promise<ImportRun> {
  const ctx = await openBenchContext(a.target);
  let split: { readMs?: number; mergeMs?: number } = {};
  const info = ctx.log.info.bind(ctx.log);
  ctx.log.info = ((obj: unknown, ...rest: unknown[]) => {
    if (obj && typeof obj === 'object' && 'readMs' in obj) split = obj as typeof split;
    return (info as (...x: unknown[]) => void)(obj, ...rest);
  }) as typeof ctx.log.info;
  try {
    const client = (await getClientByCode(ctx, BENCH_BATCH.clientCode)) ?? (await createClient(ctx, null, { code: BENCH_BATCH.clientCode, name: '某某银行(基准测试)', currency: 'CNY', timezone: 'Asia/Shanghai' }));
    const batchNo = a.batchNo ?? BENCH_BATCH.batchNo;
    const batch = (await findBatchByNo(ctx, client.id, batchNo)) ?? (await createBatch(ctx, null, { clientId: client.id, batchNo, placementDate: BENCH_BATCH.placementDate, expectedReturnDate: '2027-01-08', region: '全国', productType: null, commissionRate: '15', remarks: 'bench' }));
    const cpu0 = process.cpuUsage();
    const { ms, value } = await timed(() => importFileNow(ctx, null, { batchId: batch.id, kind: 'cases', fileName: path.basename(a.file), tempPath: a.file, trusted: true, errorLimit: 20 }));
    const item = value.item;
    if (!item) throw new Error(`import refused: ${value.preview.problem}`);
    const r = item.result;
    return {
      ms, rows: r?.rows ?? 0, imported: r?.imported ?? 0, updated: r?.updated ?? 0, unchanged: r?.unchanged ?? 0, rejected: r?.rejected ?? item.errorCount,
      status: item.status, failure: item.failure ?? null, firstErrors: item.errors.slice(0, 5).map(({ row, column, code }) => ({ row, column, code })),
      readMs: split.readMs ?? null, mergeMs: split.mergeMs ?? null,
      cpuMs: Math.round(((d) => d.user + d.system)(process.cpuUsage(cpu0)) / 1000),
    };
  } finally {
    // the stored upload copy is not needed after the import
    fs.rmSync(path.join(a.target.dataDir, 'uploads'), { recursive: true, force: true });
    await ctx.database.close();
  }
}

/** What {@link importFloor} measured. */
export interface ImportFloor {
  /** wall time of read → normalise → stage → seal → COPY text over the whole file, ms */
  ms: number;
  /** CPU of this process meanwhile, ms */
  cpuMs: number;
  /** data rows read (after the header) */
  rows: number;
  sealed: number;
  rejected: number;
  /** non-empty values encrypted (AES-256-GCM) */
  encrypted: number;
}

/**
 * The CSV import's floor without a database: the work `runImport` (import.run.ts) does in Node for every
 * row before a byte is written — the same reader (`openImportFile`), header detection and automatic
 * mapping as the preview, `normalizeRow`, the extra-values check, `stageRow`, `sealStagedRow` with the
 * key ring the product builds from the bench's data key, and the COPY text of each 2,000-row chunk
 * (`stagedCopyText`) — timed over the whole file, nothing stored. Mirrors the import's defaults
 * (client BNK, batch placement date, no saved mapping); throws when no header is found.
 */
export async function importFloor(a: { file: string }): Promise<ImportFloor> {
  const pii = new PiiCipher(loadKeyring(loadConfig({ dataDir: path.dirname(a.file) }, { RECOVA_DATA_KEY: BENCH_DATA_KEY })).ring);
  let encrypted = 0;
  const encrypt = pii.encrypt.bind(pii);
  pii.encrypt = (aad, plain) => (plain ? (encrypted++, encrypt(aad, plain)) : encrypt(aad, plain));
  return withCpu(async () => {
    const t0 = performance.now();
    const file = await openImportFile(a.file, { name: path.basename(a.file) });
    let rows = 0, sealed = 0, rejected = 0, copyBytes = 0;
    try {
      const head: { sourceRow: number; cells: Cell[] }[] = [];
      for await (const r of file.rows()) {
        head.push(r);
        if (head.length >= HEADER_SCAN_ROWS) break;
      }
      const header = detectHeader(head, { kind: 'cases' });
      if (!header) throw new Error(`importFloor: no header found in ${a.file}`);
      const { mapping } = buildMapping(header.headers, 'cases', null);
      const options = { generateCaseRef: false, debtorNameOptional: false };
      const stageCtx = { kind: 'cases' as const, clientCode: BENCH_BATCH.clientCode, batchPlacementDate: BENCH_BATCH.placementDate, options, defaultCurrency: 'CNY' };
      const normOpts = { date1904: file.date1904, defaultCurrency: 'CNY', required: [] as string[] };
      const width = mapping.length;
      let chunk: SealedRow[] = [];
      const flush = () => {
        copyBytes += stagedCopyText(1, chunk).length;
        chunk = [];
      };
      for await (const r of file.rows()) {
        if (r.sourceRow < header.dataStartRow) continue;
        rows++;
        const n = normalizeRow(r.sourceRow, r.cells, mapping, normOpts);
        const extra = r.cells.length > width && r.cells.slice(width).some((c) => !isBlank(c));
        const st = n.errors.length || extra ? null : stageRow(n.row, stageCtx);
        if (!st?.staged || st.errors.length) {
          rejected++;
          continue;
        }
        chunk.push(sealStagedRow(st.staged, pii));
        sealed++;
        if (chunk.length >= 2000) flush();
      }
      flush();
    } finally {
      await file.close();
    }
    if (!copyBytes && sealed) throw new Error('importFloor: no COPY text built');
    return { ms: performance.now() - t0, rows, sealed, rejected, encrypted };
  });
}
