/**
 * A killed import leaves no half batch: the CLI is SIGKILLed while a 30,000-row file is importing;
 * afterwards the batch holds either none or all of the rows, never some, and (embedded database) the
 * next start marks the import failed and clears its staging rows.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabaseLocation } from './helpers/context.ts';
import { generateCases } from '../src/demo/portfolio.ts';
import { writeCasesCsv } from '../src/demo/portfolio-files.ts';
import { createContext } from '../src/main.ts';
import { loadConfig } from '../src/platform/config.ts';

const BIN = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../bin/recova.mjs');
const N = 30_000;
let loc: Awaited<ReturnType<typeof createTestDatabaseLocation>>;
beforeAll(async () => {
  loc = await createTestDatabaseLocation();
});
afterAll(() => loc.cleanup());

describe('crash mid-import', () => {
  it('leaves the batch as it was and marks the import failed', async () => {
    const file = path.join(loc.tmp, 'big.csv');
    await writeCasesCsv(file, generateCases({ seed: 3, count: N, clientCode: 'CR', batchNo: 'K1', placementDate: '2026-11-01' }), 'utf-8');
    const child = spawn(process.execPath, [BIN, 'import', file, '--client', 'CR', '--batch', 'K1', '--create', '--placement-date', '2026-11-01', ...loc.args], {
      env: { ...process.env, ...loc.env },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    // kill once the import is under way: the upload is stored just before the run starts
    const uploads = path.join(loc.tmp, 'uploads');
    for (let i = 0; i < 600 && !(fs.existsSync(uploads) && fs.readdirSync(uploads).length); i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGKILL');
    await exited;

    const ctx = await createContext(loadConfig({ dataDir: loc.tmp, databaseUrl: loc.env.DATABASE_URL }, { ...process.env, RECOVA_LOG_LEVEL: 'silent' }));
    try {
      const cases = Number((await ctx.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      expect([0, N]).toContain(cases);
      const imp = await ctx.db.selectFrom('imports').select(['status', 'failure']).executeTakeFirst();
      expect(imp).toBeDefined();
      if (cases === 0 && ctx.database.kind === 'pglite') {
        expect(imp.status).toBe('failed');
        expect(imp.failure).toMatch(/interrupted/);
        expect(await ctx.db.selectFrom('import_rows').select('source_row').limit(1).execute()).toEqual([]);
      }
      if (cases === N) expect(imp!.status).toBe('committed');
    } finally {
      await ctx.database.close();
    }
  });
});
