/**
 * Entry point of one scenario child process: `node --import tsx bench/child.ts <task> '<json args>'`.
 * Runs the task, then prints its result and the process's peak RSS for the parent (lib/common.ts runChild).
 * `worker`: runs tasks read as JSON lines from stdin until stdin ends (the quick run; lib/worker.ts).
 */
import readline from 'node:readline';
import { openBenchContext, peakRssMiB, reportToParent, RESULT_MARK, type DbTarget } from './lib/common.ts';
import { ensureAdmin } from '../apps/server/src/modules/users/users.service.ts';
import { writePortfolio } from './lib/generate.ts';
import { importFile, importFloor, rawCopy, rawCsvParse, rawXlsxParse } from './scenarios/imports.ts';
import { seedHistory } from './scenarios/seed.ts';
import { allocation, compliance } from './scenarios/domain.ts';
import { reports } from './scenarios/reports.ts';
import { apiServer, startApiServer } from './scenarios/api-server.ts';
import { dailyRun } from './scenarios/daily-run.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const TASKS: Record<string, (a: any) => Promise<unknown>> = {
  generate: (a: { dir: string; cases: number; xlsxRows?: number; gbk?: boolean }) => writePortfolio(a.dir, a.cases, a),
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
  importFloor,
  seedHistory,
  allocation,
  compliance,
  reports,
  dailyRun,
  apiServer,
};

/** The worker's API server (apiStart → its READY figures; apiStop → closed). */
let server: Awaited<ReturnType<typeof startApiServer>> | null = null;
TASKS.apiStart = async (a: { target: DbTarget }) => {
  server = await startApiServer(a);
  return server.ready;
};
TASKS.apiStop = async () => {
  await server?.close();
  server = null;
  return { ok: true };
};

async function worker(): Promise<never> {
  const send = (o: object) => process.stdout.write(`\n${RESULT_MARK}${JSON.stringify({ ...o, rssMiB: peakRssMiB() })}\n`);
  for await (const line of readline.createInterface({ input: process.stdin })) {
    if (!line.trim()) continue;
    const { id, task, args } = JSON.parse(line) as { id: number; task: string; args: unknown };
    try {
      if (!TASKS[task]) throw new Error(`unknown bench task ${task}`);
      send({ id, data: (await TASKS[task](args)) ?? null });
    } catch (e) {
      process.stderr.write(`${task}: ${(e as Error).stack ?? e}\n`);
      send({ id, error: (e as Error).message });
    }
  }
  await server?.close();
  process.exit(0);
}

const [task, json] = process.argv.slice(2);
if (task === 'worker') await worker();
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
