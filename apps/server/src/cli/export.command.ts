/**
 * `recova export cases [--batch NO] [--client CODE] --format json|csv|xlsx [--out FILE] [--reveal] [--as-of DATE]`
 * JSON: an array of canonical case objects (design.md §5). Personal data masked unless --reveal, which
 * decrypts ID, card and account numbers, names, phones, addresses and contacts (ADR 0007; audited).
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { cliConfig } from './cli-config.ts';
import { createContext } from '../main.ts';
import { getClientByCode } from '../modules/clients/clients.service.ts';
import { countCases, exportCases, writeCsv, writeXlsx } from '../modules/cases/cases.export.ts';
import { audit } from '../modules/audit/audit.ts';
import { UsageError } from './main.ts';

interface Opts {
  batch?: string;
  client?: string;
  format: string;
  out?: string;
  reveal?: boolean;
  asOf?: string;
  dataDir?: string;
}

export function exportCommand(program: Command): Command {
  return program
    .command('export')
    .description('export cases as json, csv or xlsx')
    .argument('<what>', 'what to export: cases')
    .option('--batch <no>', 'only this batch number')
    .option('--client <code>', 'only this client')
    .requiredOption('--format <fmt>', 'json | csv | xlsx')
    .option('--out <file>', 'write to a file (default: standard output; required for xlsx)')
    .option('--reveal', 'full ID, card and phone numbers, names, addresses and contacts instead of masked ones (audited)')
    .option('--as-of <date>', 'compute DPD and bucket as of this day (YYYY-MM-DD; default today)');
}

exportCommand.run = async (what: string, o: Opts): Promise<number> => {
  if (what !== 'cases') throw new UsageError(`cannot export "${what}": only "cases"`);
  if (!['json', 'csv', 'xlsx'].includes(o.format)) throw new UsageError(`unknown --format ${o.format}; use json, csv or xlsx`);
  if (o.format === 'xlsx' && !o.out) throw new UsageError('--out FILE is required for xlsx');
  if (o.asOf && !(/^\d{4}-\d{2}-\d{2}$/.test(o.asOf) && new Date(`${o.asOf}T00:00:00Z`).toISOString().startsWith(o.asOf))) {
    throw new UsageError(`--as-of must be a date YYYY-MM-DD (got ${o.asOf})`);
  }
  const ctx = await createContext(cliConfig(o.dataDir));
  try {
    let clientId: number | undefined;
    let batchId: number | undefined;
    if (o.client) {
      const c = await getClientByCode(ctx, o.client);
      if (!c) throw new UsageError(`no client with code ${o.client}`);
      clientId = c.id;
    }
    if (o.batch) {
      let q = ctx.db.selectFrom('batches').select('id').where('batch_no', '=', o.batch);
      if (clientId) q = q.where('client_id', '=', clientId);
      const b = await q.execute();
      if (!b.length) throw new UsageError(`no batch ${o.batch}`);
      if (b.length > 1) throw new UsageError(`batch number ${o.batch} exists for several clients: add --client`);
      batchId = b[0].id;
    }
    const asOf = o.asOf ?? ctx.clock.today(ctx.config.timezone);
    const count = await countCases(ctx, { kind: 'all' }, { clientId, batchId }, asOf);
    // the audit row says whether full values left the system, and how many cases (never the values)
    await audit(ctx.db, null, 'case.export', 'case', null, { via: 'cli', format: o.format, reveal: !!o.reveal, rows: count, clientId, batchId });
    const rows = exportCases(ctx, { kind: 'all' }, { clientId, batchId }, { asOf, reveal: !!o.reveal });
    const out = o.out ? fs.createWriteStream(o.out) : process.stdout;
    const write = (s: string) => {
      out.write(s);
    };
    if (o.format === 'json') {
      write('[');
      let first = true;
      for await (const r of rows) {
        write((first ? '\n' : ',\n') + JSON.stringify(r));
        first = false;
      }
      write(first ? ']\n' : '\n]\n');
    } else if (o.format === 'csv') await writeCsv(rows, write);
    else await writeXlsx(rows, out, `exported via CLI · ${ctx.clock.now().toISOString()}`);
    if (o.out && o.format !== 'xlsx') await new Promise<void>((res) => (out as fs.WriteStream).end(res));
    return 0;
  } finally {
    await ctx.database.close();
  }
};
