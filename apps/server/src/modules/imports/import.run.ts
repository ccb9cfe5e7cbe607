/**
 * Runs one import: stream the file's rows → normalise → stage valid rows and errors in chunks →
 * merge in one transaction. State machine: uploaded → parsed → running → committed | failed.
 */
import { cellText, isBlank, type Cell } from '@recova/domain/imports/cell';
import type { ColumnMapping, RowError } from '@recova/domain/imports/types';
import { normalizeRow } from '@recova/domain/imports/normalize-row';
import { detectHeader } from '@recova/domain/imports/header-detect';
import type { ImportKind, ImportResult, MappingOptions } from '@recova/contracts';
import { sql } from 'kysely';
import type { AppContext } from '../../http/context.ts';
import { audit } from '../audit/audit.ts';
import { openImportFile } from './readers/open-file.ts';
import { stageRow } from './import.staging.ts';
import { sealStagedRow, type SealedRow } from './import.seal.ts';
import { clearStaging, insertErrors, insertStaged } from './import.repository.ts';
import { mergeImport, rejectInFileDuplicates } from './import.merge.ts';
import { progress } from './import.progress.ts';
import { postImportedPayments } from '../payments/payments.import.ts';

const CHUNK = 2000;
/** On PostgreSQL a running import refreshes its heartbeat this often (from another pool connection, also during the merge). */
const HEARTBEAT_MS = 20_000;
const HEARTBEAT_STALE_MS = 2 * 60_000;
const HEADER_SCAN_ROWS = 30;

export interface RunSpec {
  importId: number;
  batchId: number;
  clientId: number;
  clientCode: string;
  clientCurrency: string;
  batchPlacementDate: string;
  kind: ImportKind;
  filePath: string;
  /** the uploaded file's name (a CSV's single sheet is named after it) */
  fileName: string;
  encoding?: string;
  sheet?: string;
  mapping: ColumnMapping[];
  options: MappingOptions;
  allOrNothing: boolean;
  userId: number | null;
}

export class ImportFailed extends Error {}

/** Run to completion; resolves with the result, or rejects after marking the import failed. */
export async function runImport(ctx: AppContext, spec: RunSpec): Promise<ImportResult> {
  const { importId } = spec;
  progress.start(importId);
  const beat =
    ctx.database.kind === 'postgres'
      ? setInterval(() => void ctx.db.updateTable('imports').set({ heartbeat_at: new Date() }).where('id', '=', importId).execute().catch(() => {}), HEARTBEAT_MS)
      : null;
  const started = Date.now();
  try {
    const file = await openImportFile(spec.filePath, { encoding: spec.encoding, name: spec.fileName });
    let rows = 0;
    let errorSeq = 0;
    const rejectedRows = new Set<number>();
    let staged: SealedRow[] = [];
    let errors: RowError[] = [];
    // One chunk is written while the next is read and sealed (on PostgreSQL the database works in
    // its own process meanwhile); at most one write in flight, so memory stays at two chunks.
    let writing: Promise<void> = Promise.resolve();
    const flush = async () => {
      const rowsChunk = staged;
      const errorChunk = errors;
      const seq = errorSeq;
      errorSeq += errorChunk.length;
      staged = [];
      errors = [];
      await writing;
      const read = rows;
      writing = (async () => {
        await insertStaged(ctx.database, importId, rowsChunk);
        await insertErrors(ctx.db, importId, seq, errorChunk);
        progress.update(importId, { rowsRead: read });
        await ctx.db.updateTable('imports').set({ heartbeat_at: new Date() }).where('id', '=', importId).execute();
      })();
      // a failed write is thrown by the next `await writing`
      writing.catch(() => {});
    };
    const stageCtx = { kind: spec.kind, clientCode: spec.clientCode, batchPlacementDate: spec.batchPlacementDate, options: spec.options, defaultCurrency: spec.options.currency ?? spec.clientCurrency };
    const normOpts = { date1904: file.date1904, defaultCurrency: stageCtx.defaultCurrency, required: [] as string[] };
    const width = spec.mapping.length;
    const handle = (sourceRow: number, cells: Cell[]) => {
      rows++;
      const n = normalizeRow(sourceRow, cells, spec.mapping, normOpts);
      let rowErrors = n.errors;
      // A CSV record with more values than the header is a stray delimiter or line break: its values
      // would land in the wrong fields, so the row is rejected rather than guessed at.
      if (file.format === 'csv' && cells.length > width && cells.slice(width).some((c) => !isBlank(c))) {
        rowErrors = [{ row: sourceRow, column: `(column ${width + 1})`, field: '', value: cellText(cells[width]).slice(0, 100), code: 'EXTRA_VALUES', message: `row has ${cells.length} values but the header has ${width} columns (a stray delimiter or line break?)` }, ...rowErrors];
      }
      let s: SealedRow | null = null;
      if (!rowErrors.length) {
        const st = stageRow(n.row, stageCtx);
        rowErrors = st.errors;
        s = st.staged ? sealStagedRow(st.staged, ctx.pii) : null;
      }
      if (rowErrors.length) {
        rejectedRows.add(sourceRow);
        errors.push(...rowErrors);
      } else if (s) staged.push(s);
    };
    try {
      const head: { sourceRow: number; cells: Cell[] }[] = [];
      let dataStart: number | null = null;
      for await (const r of file.rows(spec.sheet)) {
        if (dataStart === null) {
          head.push(r);
          if (head.length < HEADER_SCAN_ROWS) continue;
          dataStart = startOfData(head, spec);
          for (const h of head) if (h.sourceRow >= dataStart) handle(h.sourceRow, h.cells);
          continue;
        }
        handle(r.sourceRow, r.cells);
        if (staged.length + errors.length >= CHUNK) await flush();
      }
      if (dataStart === null) {
        dataStart = startOfData(head, spec);
        for (const h of head) if (h.sourceRow >= dataStart) handle(h.sourceRow, h.cells);
      }
      await flush();
      await writing;
    } finally {
      await writing.catch(() => {});
      await file.close();
    }
    const readMs = Date.now() - started;
    progress.update(importId, { phase: 'merging' });
    // Fresh statistics for the staged rows: without them the planner may pick nested loops for the
    // merge's joins, which turns a 1M-row merge from minutes into hours.
    await sql`analyze import_rows`.execute(ctx.db);
    const mappedColumns = spec.mapping.flatMap((m) => (m.target.kind === 'field' ? [m.target.field] : []));
    const result = await ctx.db.transaction().execute(async (tx) => {
      // Lock the batch: imports of one batch merge one after another (the second sees the first's
      // cases as existing), and a batch closed while the file streamed in takes nothing.
      const batch = await tx.selectFrom('batches').select('status').where('id', '=', spec.batchId).forUpdate().executeTakeFirst();
      if (!batch || batch.status === 'closed') throw new ImportFailed('the batch was closed while the file was being read: nothing imported');
      // one row per case for case and balance files; phones, addresses, comments and records may repeat a case
      const dups = spec.kind === 'cases' || spec.kind === 'balances' ? await rejectInFileDuplicates(tx, importId, errorSeq) : 0;
      errorSeq += dups;
      const rejected = rejectedRows.size + dups;
      if (spec.allOrNothing && rejected > 0) throw new ImportFailed(`${rejected} rows were rejected and all-or-nothing was asked: nothing imported`);
      const m = await mergeImport(tx, { importId, batchId: spec.batchId, clientId: spec.clientId, kind: spec.kind, mappedColumns, firstSeq: errorSeq, now: ctx.clock.now(), userId: spec.userId });
      // rows refused while merging (case not found, repeated installment, another currency…) count for all-or-nothing too
      if (spec.allOrNothing && m.notFound > 0) throw new ImportFailed(`${rejected + m.notFound} rows were rejected and all-or-nothing was asked: nothing imported`);
      if (spec.kind === 'payments') await postImportedPayments(ctx, tx, importId);
      const res: ImportResult = { rows, imported: m.imported, updated: m.updated, unchanged: m.unchanged, rejected: rejected + m.notFound };
      await tx
        .updateTable('imports')
        .set({ status: 'committed', rows: res.rows, imported: res.imported, updated: res.updated, unchanged: res.unchanged, rejected: res.rejected, finished_at: new Date() })
        .where('id', '=', importId)
        .execute();
      await audit(tx, spec.userId, 'import.commit', 'import', importId, { batchId: spec.batchId, kind: spec.kind, ...res });
      return res;
    });
    progress.update(importId, { phase: 'done' });
    ctx.log.info({ importId, rows, readMs, mergeMs: Date.now() - started - readMs }, 'import committed');
    await clearStaging(ctx.db, importId);
    return result;
  } catch (e) {
    const message = e instanceof ImportFailed ? e.message : `import failed: ${(e as Error).message}`;
    ctx.log.error({ importId, err: (e as Error).message }, 'import failed');
    await clearStaging(ctx.db, importId).catch(() => {});
    await ctx.db.updateTable('imports').set({ status: 'failed', failure: message, finished_at: new Date() }).where('id', '=', importId).execute().catch(() => {});
    await audit(ctx.db, spec.userId, 'import.failed', 'import', importId, { batchId: spec.batchId }).catch(() => {});
    progress.update(importId, { phase: 'failed' });
    throw e instanceof ImportFailed ? e : new ImportFailed(message);
  } finally {
    if (beat) clearInterval(beat);
    progress.end(importId);
  }
}

function startOfData(head: { sourceRow: number; cells: Cell[] }[], spec: RunSpec): number {
  // the headers the user mapped count as known, so the same header row is found as in the preview
  const h = detectHeader(head, { kind: spec.kind, known: spec.mapping.map((m) => m.header) });
  if (!h) throw new ImportFailed('no header found on this sheet');
  return h.dataStartRow;
}

/** Imports left "running" by a process that died: nothing was merged (the merge is one transaction), so mark them failed. */
export async function recoverInterruptedImports(ctx: AppContext): Promise<number> {
  // PGlite: one process owns the data folder, so any "running" import is dead. PostgreSQL: other
  // processes may be importing; only a heartbeat older than the longest merge counts as dead.
  const cutoff = new Date(Date.now() - (ctx.database.kind === 'pglite' ? 0 : HEARTBEAT_STALE_MS));
  const stale = await ctx.db
    .selectFrom('imports')
    .select('id')
    .where('status', '=', 'running')
    .where((eb) => eb.or([eb('heartbeat_at', 'is', null), eb('heartbeat_at', '<', cutoff)]))
    .execute();
  for (const s of stale) {
    await clearStaging(ctx.db, s.id);
    await ctx.db.updateTable('imports').set({ status: 'failed', failure: 'interrupted: the server stopped during the import; nothing was merged', finished_at: new Date() }).where('id', '=', s.id).execute();
  }
  return stale.length;
}
