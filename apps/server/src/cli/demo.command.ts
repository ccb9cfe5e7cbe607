/**
 * `recova demo [--data-dir DIR]` — load the project's demo portfolio: 2 clients, 3 batches, 5,400
 * generated cases (invented people), imported through the normal import pipeline.
 * `recova demo --files-only --out DIR` only writes the demo files (one .xlsx, one GBK CSV, one UTF-8 CSV).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { cliConfig } from './cli-config.ts';
import { createContext } from '../main.ts';
import { writeDemoFiles } from '../demo/portfolio-files.ts';
import { createClient, getClientByCode } from '../modules/clients/clients.service.ts';
import { createBatch, findBatchByNo } from '../modules/batches/batches.service.ts';
import { importFileNow } from '../modules/imports/import.service.ts';

export function demoCommand(program: Command): Command {
  return program
    .command('demo')
    .description('load the demo portfolio (2 clients, 3 batches, 5,400 cases)')
    .option('--data-dir <dir>', 'embedded database folder')
    .option('--files-only', 'only write the demo files')
    .option('--out <dir>', 'where to write the demo files', '')
    .action(async (o: { dataDir?: string; filesOnly?: boolean; out: string }) => {
      const dir = o.out || fs.mkdtempSync(path.join(os.tmpdir(), 'recova-demo-'));
      fs.mkdirSync(dir, { recursive: true });
      const files = await writeDemoFiles(dir);
      if (o.filesOnly) {
        for (const f of files) process.stdout.write(`${f.path}  (${f.client} / ${f.batch}, ${f.count} cases)\n`);
        return;
      }
      const ctx = await createContext(cliConfig(o.dataDir));
      try {
        for (const f of files) {
          const client = (await getClientByCode(ctx, f.client)) ?? (await createClient(ctx, null, { code: f.client, name: f.clientName, currency: f.currency, timezone: 'Asia/Shanghai' }));
          const batch = (await findBatchByNo(ctx, client.id, f.batch)) ?? (await createBatch(ctx, null, { clientId: client.id, batchNo: f.batch, placementDate: f.placementDate, expectedReturnDate: f.returnDate, region: f.region, productType: null, commissionRate: '15', remarks: 'demo' }));
          const { preview, item: r } = await importFileNow(ctx, null, { batchId: batch.id, kind: 'cases', fileName: path.basename(f.path), tempPath: f.path, trusted: true, errorLimit: 0 });
          process.stdout.write(r ? `${f.client}/${f.batch}: ${r.status} ${JSON.stringify(r.result)}${r.failure ? ' ' + r.failure : ''}\n` : `${f.client}/${f.batch}: ${preview.problem}\n`);
        }
      } finally {
        await ctx.database.close();
      }
    });
}
