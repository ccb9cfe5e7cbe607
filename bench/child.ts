/**
 * Entry point of one scenario child process: `node --import tsx bench/child.ts <task> '<json args>'`.
 * Runs the task, then prints its result and the process's peak RSS for the parent (lib/common.ts runChild).
 */
import { openBenchContext, reportToParent, type DbTarget } from './lib/common.ts';
import { ensureAdmin } from '../apps/server/src/modules/users/users.service.ts';
import { writePortfolio } from './lib/generate.ts';
import { importFile, rawCopy, rawCsvParse, rawXlsxParse } from './scenarios/imports.ts';
import { seedHistory } from './scenarios/seed.ts';
import { allocation, compliance } from './scenarios/domain.ts';
import { reports } from './scenarios/reports.ts';
import { apiServer } from './scenarios/api-server.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const TASKS: Record<string, (a: any) => Promise<unknown>> = {
  generate: (a: { dir: string; cases: number }) => writePortfolio(a.dir, a.cases),
  /** create (PGlite) / migrate the database and its administrator */
  setupDb: async (a: { target: DbTarget }) => {
    const ctx = await openBenchContext(a.target);
    await ensureAdmin(ctx);
    await ctx.database.close();
    return { ok: true };
  },
  rawCsvParse,
  rawXlsxParse,
  rawCopy,
  importFile,
  seedHistory,
  allocation,
  compliance,
  reports,
  apiServer,
};

const [task, json] = process.argv.slice(2);
const fn = TASKS[task];
if (!fn) {
  process.stderr.write(`unknown bench task ${task}; one of ${Object.keys(TASKS).join(', ')}\n`);
  process.exit(2);
}
try {
  reportToParent(await fn(JSON.parse(json ?? '{}')));
  process.exit(0);
} catch (e) {
  process.stderr.write(`${task}: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
}
