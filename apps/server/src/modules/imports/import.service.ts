/**
 * Import use cases: upload + preview (sheet, header, mapping), commit (run), status, history.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { CommitImportBody, ImportItem, ImportKind, ImportPreview, MappingOptions } from '@recova/contracts';
import { cellText } from '@recova/domain/imports/cell';
import { detectHeader, chooseSheet } from '@recova/domain/imports/header-detect';
import type { AppContext, Actor } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { getBatch } from '../batches/batches.service.ts';
import { openImportFile } from './readers/open-file.ts';
import { buildMapping, loadSavedMapping, mappingProblems, saveMapping } from './import.mapping.ts';
import { runImport, type RunSpec } from './import.run.ts';
import { progress } from './import.progress.ts';
import { audit } from '../audit/audit.ts';
import { maskFieldValue, piiKindOfField, scrubMessage } from '@recova/domain/identity/masks';
import type { ColumnMapping } from '@recova/domain/imports/types';

/**
 * Preview samples are API output too (issue 3 point 4): personal values are masked by the column's
 * target, and any run of 7+ digits in other columns keeps only its last 4 (an unmapped ID column).
 */
function maskSample(m: ColumnMapping, text: string): string {
  if (!text) return text;
  if (m.target.kind === 'field') return piiKindOfField(m.target.field) ? maskFieldValue(m.target.field, text) : scrubMessage(text, '', '');
  if (m.target.kind === 'contact') return maskFieldValue(`contacts[${m.target.index}].${m.target.field}`, text);
  return scrubMessage(text, '', '');
}

const DEFAULT_OPTIONS: MappingOptions = { generateCaseRef: false, debtorNameOptional: false };

async function sha256File(file: string): Promise<string> {
  const h = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Store an uploaded file (moved from `tempPath`) and create the import; returns its preview. */
/**
 * `p.trusted` (the command line, run by an operator on the server) lifts the upload size limit that
 * protects the web endpoint; the file is still streamed, so memory stays bounded.
 */
export async function createImport(ctx: AppContext, actor: Actor | null, p: { batchId: number; kind: ImportKind; fileName: string; tempPath: string; encoding?: string; sheet?: string; trusted?: boolean }): Promise<ImportPreview> {
  const batch = await getBatch(ctx, actor, p.batchId);
  if (batch.status === 'closed') throw new AppError('BATCH_CLOSED', `batch ${batch.batchNo} is closed`);
  // an import updates any case of the batch, so it needs a scope covering whole clients, not a share of cases
  if (actor && !['all', 'client', 'clients'].includes(actor.scope.kind)) throw new AppError('FORBIDDEN', `imports change every case of a batch; a ${actor.scope.kind} data scope cannot run them`);
  const size = fs.statSync(p.tempPath).size;
  if (!p.trusted && size > ctx.config.maxUploadBytes) throw new AppError('FILE_TOO_LARGE', `file is larger than ${ctx.config.maxUploadBytes} bytes`);
  const sha = await sha256File(p.tempPath);
  fs.mkdirSync(ctx.config.uploadDir, { recursive: true, mode: 0o700 });
  const stored = path.join(ctx.config.uploadDir, `${Date.now()}-${sha.slice(0, 16)}${path.extname(p.fileName).toLowerCase().replace(/[^.a-z0-9]/g, '')}`);
  fs.copyFileSync(p.tempPath, stored);
  fs.chmodSync(stored, 0o600); // clients' files hold full ID and phone numbers: owner only
  const row = await ctx.db.transaction().execute(async (tx) => {
    const r = await tx
      .insertInto('imports')
      .values({ batch_id: p.batchId, kind: p.kind, file_name: path.basename(p.fileName).slice(0, 255), file_path: stored, file_sha256: sha, file_size: size, encoding: p.encoding ?? null, created_by: actor?.id ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    // no file name: it can carry a debtor's name; the hash identifies the file
    await audit(tx, actor?.id ?? null, 'import.upload', 'import', r.id, { batchId: p.batchId, kind: p.kind, fileSize: size, sha256: sha });
    return r;
  });
  try {
    return await previewImport(ctx, actor, row.id, { sheet: p.sheet, encoding: p.encoding });
  } catch (e) {
    await ctx.db.transaction().execute(async (tx) => {
      await tx.updateTable('imports').set({ status: 'failed', failure: (e as Error).message }).where('id', '=', row.id).execute();
      await audit(tx, actor?.id ?? null, 'import.failed', 'import', row.id, { batchId: p.batchId, stage: 'preview', code: (e as { code?: string }).code ?? null });
    });
    throw e;
  }
}

async function loadImport(ctx: AppContext, actor: Actor | null, id: number) {
  const imp = await ctx.db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!imp) throw notFound('import');
  const batch = await batchInScope(ctx, actor, imp.batch_id);
  return { imp, batch };
}

/** The import's batch when in the actor's scope; else NOT_FOUND naming the import (an import outside is never revealed). */
async function batchInScope(ctx: AppContext, actor: Actor | null, batchId: number) {
  try {
    return await getBatch(ctx, actor, batchId);
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') throw notFound('import');
    throw e;
  }
}

/** Read the file's sheets and header, map columns (client's saved template first), sample values. */
export async function previewImport(ctx: AppContext, actor: Actor | null, id: number, p: { sheet?: string; encoding?: string }): Promise<ImportPreview> {
  const { imp, batch } = await loadImport(ctx, actor, id);
  if (imp.status === 'running' || imp.status === 'committed') throw new AppError('IMPORT_ALREADY_RUNNING', 'this import has already run');
  const encoding = p.encoding ?? imp.encoding ?? undefined;
  let file;
  try {
    file = await openImportFile(imp.file_path, { encoding, name: imp.file_name });
  } catch (e) {
    throw readerToAppError(e);
  }
  try {
    const heads = new Map<string, { sourceRow: number; cells: import('@recova/domain/imports/cell').Cell[] }[]>();
    const firstRows = async (name: string) => {
      if (!heads.has(name)) {
        const out: { sourceRow: number; cells: import('@recova/domain/imports/cell').Cell[] }[] = [];
        for await (const r of file.rows(name)) {
          out.push(r);
          if (out.length >= 40) break;
        }
        heads.set(name, out);
      }
      return heads.get(name)!;
    };
    const saved = await loadSavedMapping(ctx, batch.clientId, imp.kind);
    const headerOpts = { kind: imp.kind, known: saved?.columns.map((c) => c.header) };
    let sheet = p.sheet ?? null;
    if (sheet && !file.sheets.some((s) => s.name === sheet)) throw new AppError('VALIDATION_FAILED', `no sheet named ${sheet}`, [{ field: 'sheet', reason: 'unknown sheet' }]);
    if (!sheet) {
      const candidates = [];
      for (const s of file.sheets) if (!s.hidden) candidates.push({ name: s.name, hidden: s.hidden, firstRows: await firstRows(s.name) });
      sheet = chooseSheet(candidates, headerOpts) ?? file.sheets.find((s) => !s.hidden)?.name ?? file.sheets[0]?.name ?? null;
    }
    const rows = sheet ? await firstRows(sheet) : [];
    const header = detectHeader(rows, headerOpts);
    const { mapping, fromSaved } = header ? buildMapping(header.headers, imp.kind, saved) : { mapping: [], fromSaved: false };
    const dataRows = header ? rows.filter((r) => r.sourceRow >= header.dataStartRow).slice(0, 5) : [];
    await ctx.db.transaction().execute(async (tx) => {
      await tx.updateTable('imports').set({ status: 'parsed', sheet, encoding: file.encoding ?? null }).where('id', '=', id).execute();
      await audit(tx, actor?.id ?? null, 'import.preview', 'import', id, { batchId: imp.batch_id, headerFound: !!header, columns: mapping.length, mappingSource: fromSaved ? 'saved' : 'auto' });
    });
    return {
      importId: id,
      batchId: imp.batch_id,
      kind: imp.kind as ImportKind,
      fileName: imp.file_name,
      format: file.format,
      encoding: file.encoding ?? null,
      sheets: file.sheets.map((s) => ({ name: s.name, hidden: s.hidden })),
      sheet,
      headerRows: header?.headerRows ?? [],
      columns: mapping.map((m) => ({ ...m, samples: dataRows.map((r) => maskSample(m, cellText(r.cells[m.column] ?? null))) })),
      mappingSource: fromSaved ? 'saved' : 'auto',
      options: saved?.options ?? DEFAULT_OPTIONS,
      problem: header ? null : 'no header found on this sheet: choose the sheet that holds the cases',
    };
  } catch (e) {
    throw readerToAppError(e);
  } finally {
    await file.close();
  }
}

/** File-level read failures (ReaderError codes) as API errors; anything else passes through. */
function readerToAppError(e: unknown): unknown {
  if (e instanceof AppError) return e;
  const code = (e as { code?: string }).code;
  if (code === 'FILE_TOO_LARGE') return new AppError('FILE_TOO_LARGE', (e as Error).message);
  if (code && ['UNSUPPORTED_FILE', 'FILE_ENCRYPTED', 'FILE_CORRUPT', 'SHEET_NOT_FOUND', 'UNSUPPORTED_ENCODING', 'CSV_MALFORMED'].includes(code)) {
    return new AppError('UNSUPPORTED_FILE', `the file could not be read: ${(e as Error).message}`, [{ reason: code }]);
  }
  return e;
}

/**
 * Start the import with the user's mapping. `wait` runs it to completion (CLI); otherwise it runs in
 * the background and the caller polls {@link getImport}.
 */
export async function commitImport(ctx: AppContext, actor: Actor | null, id: number, body: z.infer<typeof CommitImportBody>, wait = false): Promise<ImportItem> {
  const { imp, batch } = await loadImport(ctx, actor, id);
  if (imp.status !== 'parsed') throw new AppError(imp.status === 'uploaded' ? 'IMPORT_NOT_READY' : 'IMPORT_ALREADY_RUNNING', `import is ${imp.status}`);
  if (batch.status === 'closed') throw new AppError('BATCH_CLOSED', `batch ${batch.batchNo} is closed`);
  const problems = mappingProblems(body.mapping);
  if (problems.length) throw new AppError('MAPPING_INVALID', problems[0], problems.map((r) => ({ reason: r })));
  const claimed = await ctx.db.updateTable('imports').set({ status: 'running', sheet: body.sheet ?? imp.sheet, mapping: JSON.stringify(body.mapping), options: JSON.stringify(body.options), heartbeat_at: new Date() }).where('id', '=', id).where('status', '=', 'parsed').executeTakeFirst();
  if (!claimed.numUpdatedRows) throw new AppError('IMPORT_ALREADY_RUNNING', 'import already started');
  if (body.saveAsTemplate) {
    await saveMapping(ctx, batch.clientId, imp.kind, { columns: body.mapping.map((m) => ({ header: m.header, target: m.target })), options: body.options }, actor?.id ?? null);
  }
  const client = await ctx.db.selectFrom('clients').select(['code', 'currency']).where('id', '=', batch.clientId).executeTakeFirstOrThrow();
  const spec: RunSpec = {
    importId: id, batchId: batch.id, clientId: batch.clientId, clientCode: client.code, clientCurrency: client.currency.trim(), batchPlacementDate: batch.placementDate,
    kind: imp.kind as ImportKind, filePath: imp.file_path, fileName: imp.file_name, encoding: imp.encoding ?? undefined, sheet: body.sheet ?? imp.sheet ?? undefined,
    mapping: body.mapping, options: body.options, allOrNothing: body.allOrNothing, userId: actor?.id ?? null,
  };
  const run = runImport(ctx, spec);
  if (wait) await run.catch(() => {});
  else run.catch(() => {}); // failure is recorded on the import row
  return getImport(ctx, actor, id);
}

export async function getImport(ctx: AppContext, actor: Actor | null, id: number, errorLimit = 1000): Promise<ImportItem> {
  const live = progress.get(id);
  const cached = running.get(id);
  if (live && cached) {
    // Running: answer from memory (never wait on a database busy with the import), same scope rule as getBatch.
    if (actor?.scope.kind === 'client' && actor.scope.clientId !== cached.clientId) throw notFound('import');
    if (actor && actor.scope.kind !== 'client' && actor.scope.kind !== 'all') await batchInScope(ctx, actor, cached.item.batchId);
    return { ...cached.item, status: 'running', progress: { rowsRead: live.rowsRead, phase: live.phase } };
  }
  running.delete(id);
  const { imp: i, batch } = await loadImport(ctx, actor, id);
  const errors = await ctx.db.selectFrom('import_errors').selectAll().where('import_id', '=', id).orderBy('seq').limit(errorLimit).execute();
  const count = errorLimit > errors.length ? errors.length : Number((await ctx.db.selectFrom('import_errors').select((eb) => eb.fn.countAll<number>().as('n')).where('import_id', '=', id).executeTakeFirstOrThrow()).n);
  const user = i.created_by ? await ctx.db.selectFrom('users').select('display_name').where('id', '=', i.created_by).executeTakeFirst() : undefined;
  const item: ImportItem = {
    id: i.id, batchId: i.batch_id, kind: i.kind as ImportKind, fileName: i.file_name, status: i.status as ImportItem['status'],
    progress: { rowsRead: i.rows ?? 0, phase: i.status },
    result: i.status === 'committed' ? { rows: i.rows ?? 0, imported: i.imported ?? 0, updated: i.updated ?? 0, unchanged: i.unchanged ?? 0, rejected: i.rejected ?? 0 } : null,
    errors: errors.map((e) => ({ row: e.row_no, column: e.column_name, field: e.field, value: e.value, code: e.code, message: e.message })),
    errorCount: count, failure: i.failure, createdBy: user?.display_name ?? 'system', createdAt: new Date(i.created_at).toISOString(),
    finishedAt: i.finished_at ? new Date(i.finished_at).toISOString() : null,
  };
  if (i.status === 'running' && progress.get(id)) running.set(id, { item, clientId: batch.clientId });
  return item;
}

const running = new Map<number, { item: ImportItem; clientId: number }>();

export async function listBatchImports(ctx: AppContext, actor: Actor, batchId: number): Promise<ImportItem[]> {
  await getBatch(ctx, actor, batchId);
  const ids = await ctx.db.selectFrom('imports').select('id').where('batch_id', '=', batchId).orderBy('id', 'desc').execute();
  return Promise.all(ids.map((r) => getImport(ctx, actor, r.id, 0)));
}

/**
 * Upload, preview and run an import to completion with the previewed mapping (the command line, the
 * demo loader and tests). `item` is null when the preview found a problem (e.g. no header).
 */
export async function importFileNow(
  ctx: AppContext,
  actor: Actor | null,
  p: Parameters<typeof createImport>[2] & { options?: Partial<MappingOptions>; allOrNothing?: boolean; saveAsTemplate?: boolean; errorLimit?: number },
): Promise<{ preview: ImportPreview; item: ImportItem | null }> {
  const preview = await createImport(ctx, actor, p);
  if (preview.problem) return { preview, item: null };
  const mapping = preview.columns.map(({ column, header, target }) => ({ column, header, target }));
  await commitImport(ctx, actor, preview.importId, { sheet: preview.sheet ?? undefined, mapping, options: { ...preview.options, ...p.options }, saveAsTemplate: !!p.saveAsTemplate, allOrNothing: !!p.allOrNothing }, true);
  return { preview, item: await getImport(ctx, actor, preview.importId, p.errorLimit ?? 100_000) };
}
