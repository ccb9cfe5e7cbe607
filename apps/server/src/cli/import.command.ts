/**
 * `recova import FILE --client CODE --batch NO [--kind …] [--sheet NAME] [--json] [--create] [--all-or-nothing]`
 * Prints `{ batch, kind, rows, imported, updated, unchanged, rejected, errors: [{ row, column, value, code, message }] }` with --json.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { IMPORT_KINDS, type ImportKind } from '@recova/contracts';
import { cliConfig } from './cli-config.ts';
import { createContext } from '../main.ts';
import { getClientByCode, createClient } from '../modules/clients/clients.service.ts';
import { findBatchByNo, createBatch } from '../modules/batches/batches.service.ts';
import { importFileNow } from '../modules/imports/import.service.ts';
import { UsageError } from './main.ts';

interface Opts {
  client: string;
  batch: string;
  kind: string;
  sheet?: string;
  encoding?: string;
  json?: boolean;
  create?: boolean;
  allOrNothing?: boolean;
  placementDate?: string;
  returnDate?: string;
  currency?: string;
  dataDir?: string;
}

export function importCommand(program: Command): Command {
  return program
    .command('import')
    .description('import a client file (.xlsx, .xls, .csv) into a batch')
    .argument('<file>', 'the file to import')
    .requiredOption('--client <code>', 'client code')
    .requiredOption('--batch <no>', 'batch number')
    .option('--kind <kind>', `cases | ${IMPORT_KINDS.slice(1).join(' | ')}`, 'cases')
    .option('--sheet <name>', 'sheet to read (default: the sheet whose header matches)')
    .option('--encoding <enc>', 'text encoding of a CSV when it cannot be detected (utf-8, gb18030, utf-16le)')
    .option('--json', 'print the result as one JSON object')
    .option('--create', 'create the client and batch when missing')
    .option('--placement-date <date>', 'with --create: the batch placement date (default today)')
    .option('--return-date <date>', 'with --create: the expected return date (default placement + 90 days)')
    .option('--currency <code>', 'with --create: the client currency (default CNY)')
    .option('--all-or-nothing', 'import nothing when any row is rejected');
}

importCommand.run = async (file: string, o: Opts): Promise<number> => {
  if (!(IMPORT_KINDS as readonly string[]).includes(o.kind)) throw new UsageError(`unknown --kind ${o.kind}; use one of ${IMPORT_KINDS.join(', ')}`);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`cannot read ${file}: no such file`);
  const ctx = await createContext(cliConfig(o.dataDir));
  try {
    let client = await getClientByCode(ctx, o.client);
    if (!client) {
      if (!o.create) throw new UsageError(`no client with code ${o.client} (use --create to create it)`);
      await createClient(ctx, null, { code: o.client, name: o.client, currency: o.currency ?? 'CNY', timezone: 'Asia/Shanghai' });
      client = (await getClientByCode(ctx, o.client))!;
    }
    let batch = await findBatchByNo(ctx, client.id, o.batch);
    if (!batch) {
      if (!o.create) throw new UsageError(`client ${o.client} has no batch ${o.batch} (use --create to create it)`);
      const placementDate = o.placementDate ?? ctx.clock.today(ctx.config.timezone);
      const ret = new Date(`${placementDate}T00:00:00Z`);
      ret.setUTCDate(ret.getUTCDate() + 90);
      await createBatch(ctx, null, { clientId: client.id, batchNo: o.batch, placementDate, expectedReturnDate: o.returnDate ?? ret.toISOString().slice(0, 10) });
      batch = (await findBatchByNo(ctx, client.id, o.batch))!;
    }
    let run;
    try {
      run = await importFileNow(ctx, null, { batchId: batch.id, kind: o.kind as ImportKind, fileName: path.basename(file), tempPath: file, encoding: o.encoding, sheet: o.sheet, trusted: true, allOrNothing: !!o.allOrNothing });
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const { preview } = run;
    if (!run.item) throw new UsageError(`${path.basename(file)}${preview.sheet ? ` [${preview.sheet}]` : ''}: ${preview.problem}`);
    const item = run.item;
    if (item.status === 'failed') {
      if (o.json) process.stdout.write(JSON.stringify({ batch: o.batch, kind: o.kind, status: 'failed', failure: item.failure, rows: 0, imported: 0, updated: 0, unchanged: 0, rejected: item.errorCount, errors: item.errors.map(({ row, column, value, code, message }) => ({ row, column, value, code, message })) }) + '\n');
      else process.stderr.write(`recova: ${item.failure}\n`);
      return item.failure?.includes('no header found') ? 2 : 1;
    }
    const r = item.result!;
    const out = { batch: o.batch, kind: o.kind, rows: r.rows, imported: r.imported, updated: r.updated, unchanged: r.unchanged, rejected: r.rejected, errors: item.errors.map(({ row, column, value, code, message }) => ({ row, column, value, code, message })) };
    if (o.json) process.stdout.write(JSON.stringify(out) + '\n');
    else {
      process.stdout.write(`${path.basename(file)} → ${o.client}/${o.batch} (${o.kind}): ${r.rows} rows, ${r.imported} imported, ${r.updated} updated, ${r.unchanged} unchanged, ${r.rejected} rejected\n`);
      for (const e of out.errors.slice(0, 50)) process.stdout.write(`  row ${e.row}, ${e.column} = "${e.value}": ${e.message} [${e.code}]\n`);
      if (out.errors.length > 50) process.stdout.write(`  … ${out.errors.length - 50} more\n`);
    }
    return r.rejected > 0 ? 1 : 0;
  } finally {
    await ctx.database.close();
  }
};
