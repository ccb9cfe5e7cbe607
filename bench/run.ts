/**
 * `npm run bench [-- --cases N --db pglite,postgres --api-seconds S --only a,b --timeout S --no-readme --cpu-prof]`
 * `npm run bench:quick [-- --save-reference]` (= `--quick`: 10k cases on PostgreSQL, one worker process,
 * a 2,000-row .xlsx, a short API load with 25 connections; compared with the newest quick results
 * committed at HEAD, lib/report.ts `latestQuick`).
 *
 * Generates the portfolio files once, then per database: set up → raw parse / COPY baselines → CSV
 * import → its no-database floor (once per run) → .xlsx import (scratch database: a copy of the migrated one) → seed history → allocation →
 * compliance → reports → API load → daily run. In a full run every scenario runs in its own child at
 * nice 19 (its own peak RSS); the quick run sends them all to one worker child (lib/worker.ts). Prints
 * the table, writes bench/results/<date>-<db>-<size>.json (quick: bench/results/local/…-quick.json,
 * git-ignored; with --save-reference bench/results/…-quick.json, to commit as the new reference), and
 * (full runs) the latest table into README. Exit 1 when a quick run regressed more than 2× against the committed quick results, 2 when a
 * scenario failed, 3 when the global time limit (`--timeout`) was reached.
 * Everything it starts (PostgreSQL, worker and server children, temp folders) is stopped and deleted on
 * exit, whatever the outcome; it listens and connects on 127.0.0.1 only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { killChildren, runChild, type ChildResult, type DbTarget, type Measurement } from './lib/common.ts';
import { startWorker, type BenchWorker } from './lib/worker.ts';
import { startPostgres, type BenchPostgres } from './lib/postgres.ts';
import { GATE_FACTOR, latestQuick, LOCAL_RESULTS_DIR, machine, regressions, RESULTS_DIR, table, updateReadme, writeRun, type RunFile } from './lib/report.ts';
import { allocationRows, apiRows, complianceRows, csvImportRows, dailyRunRows, hookRows, reportRows, xlsxImportRow } from './lib/targets.ts';
import { apiLoad, type ServerHost } from './scenarios/api.ts';
import type { ServerReady } from './scenarios/api-server.ts';
import type { PortfolioFiles } from './lib/generate.ts';
import type { ImportFloor, ImportRun } from './scenarios/imports.ts';
import type { ReportFigures } from './scenarios/reports.ts';
import type { DailyRunFigures } from './scenarios/daily-run.ts';

const ALL = 'import,xlsx,daily-run,allocation,compliance,reports,api';

const program = new Command()
  .option('--cases <n>', 'cases in the portfolio', (v) => Number(v))
  .option('--quick', '10k cases on PostgreSQL in one worker, short API load, compare with the committed quick results')
  .option('--db <list>', 'pglite,postgres (default: both; quick: postgres)')
  .option('--only <list>', `scenarios: ${ALL}`)
  .option('--api-seconds <n>', 'seconds of each API load', (v) => Number(v))
  .option('--api-connections <n>', 'concurrent API clients (default 200; quick 25)', (v) => Number(v))
  .option('--xlsx-rows <n>', 'rows of the .xlsx (default min(cases, 200k); quick 2,000)', (v) => Number(v))
  .option('--timeout <s>', 'global time limit in seconds (default 6 h; quick 1200): then everything is stopped, exit 3', (v) => Number(v))
  .option('--no-readme', 'do not update bench/README.md')
  .option('--cpu-prof', 'write V8 CPU profiles of the import and daily-run children into bench/profiles')
  .option('--keep', 'keep the temporary folder (files, PGlite data) for inspection')
  .option('--save-reference', 'quick: write the result into bench/results/ (commit it: it becomes the gate\'s reference) instead of bench/results/local/')
  .parse();
const o = program.opts<{ cases?: number; quick?: boolean; db?: string; only?: string; apiSeconds?: number; apiConnections?: number; xlsxRows?: number; timeout?: number; readme: boolean; cpuProf?: boolean; keep?: boolean; saveReference?: boolean }>();
const quick = !!o.quick;
if (o.saveReference && !quick) {
  console.error('bench: --save-reference is for --quick runs (full runs always write into bench/results/)');
  process.exit(2);
}
/** quick runs write into the git-ignored bench/results/local/ unless --save-reference: never over the reference they are compared with */
const outDir = quick && !o.saveReference ? LOCAL_RESULTS_DIR : RESULTS_DIR;
const cases = o.cases ?? (quick ? 10_000 : 100_000);
const only = new Set((o.only ?? ALL).split(','));
const apiSeconds = o.apiSeconds ?? (quick ? 5 : 20);
const apiConnections = o.apiConnections ?? (quick ? 25 : 200);
const dbs = (o.db ?? (quick ? 'postgres' : 'pglite,postgres')).split(',') as ('pglite' | 'postgres')[];
const timeoutS = o.timeout ?? (quick ? 1200 : 6 * 3600);
/** scenarios that need the imported cases in the database (they import without the baselines when `import` is not asked for) */
const needsCases = ['import', 'daily-run', 'reports', 'api'].some((x) => only.has(x));
/** child time limit: generous, scaled with the size */
const limit = (perCaseMs: number, floorS = 300) => Math.max(floorS * 1000, cases * perCaseMs);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'recova-bench-'));
const cleanups: (() => Promise<void>)[] = [async () => {
  if (o.keep) return;
  // a child killed a moment before may still have had a file open: retry until the folder is gone
  for (let i = 0; i < 5 && fs.existsSync(work); i++) {
    fs.rmSync(work, { recursive: true, force: true, maxRetries: 3 });
    if (fs.existsSync(work)) await new Promise((r) => setTimeout(r, 300));
  }
}];
let cleaning: Promise<void> | null = null;
/** Stop and delete everything the run started; every caller waits for the one cleanup. */
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    if (!timedOut) await worker?.stop().catch(() => undefined); // idle: ends at once (SIGKILL after 10 s)
    const killed = killChildren(); // past the time limit a stuck task must not hold the exit
    if (killed) log(`stopped ${killed} child process(es) still running`);
    for (const c of cleanups.reverse()) await c().catch((e) => console.error('cleanup:', (e as Error).message));
  })();
  return cleaning;
}
let timedOut = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void cleanup().then(() => process.exit(130)));
setTimeout(() => {
  timedOut = true;
  console.error(`bench: the global time limit of ${timeoutS} s was reached — stopping everything (exit 3). Raise it with --timeout on a slow machine.`);
  void cleanup().then(() => process.exit(3));
}, timeoutS * 1000);
/** the quick run's one scenario process (null: one child per scenario) */
let worker: BenchWorker | null = null;

const log = (s: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}\n`);
// default profile names (pid + thread): the main thread's and the tsx loader thread's profiles must not overwrite each other
const profArgs = () => (o.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${path.join(path.dirname(new URL(import.meta.url).pathname), 'profiles')}`] : []);
async function step<T>(name: string, task: string, args: unknown, timeoutMs: number, prof = false): Promise<ChildResult<T>> {
  log(`${name} …`);
  const r = worker ? await worker.run<T>(task, args, timeoutMs) : await runChild<T>(task, args, { timeoutMs, extraNodeArgs: prof ? profArgs() : [] });
  log(`${name}: ${Math.round(r.wallMs / 1000)} s wall, peak RSS ${r.rssMiB} MiB`);
  return r;
}

/** The API server inside the quick run's worker (its modules are loaded already: no second start-up). */
const workerHost = (w: BenchWorker): ServerHost => async (target) => {
  const ready = (await w.run<ServerReady>('apiStart', { target }, 300_000)).data;
  return { ready, stop: async () => (await w.run('apiStop', {}, 60_000)).rssMiB };
};

/** the CSV import's floor (scenarios/imports.ts importFloor): the same file for every database, so measured once */
let importFloorRun: ChildResult<ImportFloor> | null = null;

/**
 * What a long run measured so far, written after each scenario to bench/results/local/ (git-ignored):
 * a run stopped by its time limit or by hand keeps the scenarios it finished. Deleted when the run ends.
 */
const partialFile = (kind: string) => path.join('bench/results/local', `partial-${kind}-${cases}.json`);
function checkpoint(kind: string, rows: Measurement[], details: Record<string, unknown>): void {
  if (quick) return;
  fs.mkdirSync(path.dirname(partialFile(kind)), { recursive: true });
  fs.writeFileSync(partialFile(kind), JSON.stringify({ partial: true, db: kind, cases, at: new Date().toISOString(), rows, details }, null, 2) + '\n');
}

async function runDb(kind: 'pglite' | 'postgres', files: PortfolioFiles | null): Promise<RunFile> {
  const started = Date.now();
  let pgs: BenchPostgres | null = null;
  let target: DbTarget, scratch: DbTarget;
  if (kind === 'postgres') {
    // registered before it resolves: a time limit reached while it starts still drops what it created
    const starting = startPostgres();
    cleanups.push(async () => (await starting.catch(() => null))?.stop());
    pgs = await starting;
    target = { kind, url: pgs.url, dataDir: path.join(work, 'pg-uploads') };
    scratch = { kind, url: pgs.scratchUrl, dataDir: path.join(work, 'pg-uploads-x') };
  } else {
    target = { kind, dataDir: path.join(work, 'pglite-main') };
    scratch = { kind, dataDir: path.join(work, 'pglite-xlsx') };
  }
  const rows: Measurement[] = [];
  const details: Record<string, unknown> = { files };
  try {
    await step('set up database', 'setupDb', { target }, limit(1));
    // the scratch database (.xlsx import) is a copy of the freshly migrated one: migrating it again costs a minute
    if (files && only.has('xlsx')) {
      if (pgs) await pgs.cloneScratch();
      else fs.cpSync(target.dataDir, scratch.dataDir, { recursive: true });
    }
    if (files && only.has('import')) {
      const parse = await step<{ ms: number }>('raw CSV parse (UTF-8)', 'rawCsvParse', { file: files.csvUtf8, encoding: 'utf-8' }, limit(1));
      const gbk = files.csvGbk ? await step<{ ms: number }>('raw CSV parse (GBK)', 'rawCsvParse', { file: files.csvGbk, encoding: 'gbk' }, limit(1)) : undefined;
      const copy = await step<{ ms: number }>('raw COPY', 'rawCopy', { target, file: files.csvUtf8 }, limit(2));
      const imp = await step<ImportRun>('CSV import (pipeline)', 'importFile', { target, file: files.csvUtf8 }, limit(20, 600), true);
      // no database in it: measured once per bench run, shown in each database's table
      const floor = (importFloorRun ??= await step<ImportFloor>('CSV import floor (read, normalise, stage, seal; no database)', 'importFloor', { file: files.csvUtf8 }, limit(10)));
      rows.push(...csvImportRows(kind, imp, parse, copy, gbk, floor));
      checkpoint(kind, rows, details);
      details.csvImport = { imp, parse, copy, gbk, floor };
    } else if (files && needsCases) {
      details.csvImport = { imp: (await step<ImportRun>('CSV import (cases for the other scenarios; not a row)', 'importFile', { target, file: files.csvUtf8 }, limit(20, 600))).data };
    }
    if (files && only.has('xlsx')) {
      const parse = await step<{ ms: number; rows: number }>('raw .xlsx parse', 'rawXlsxParse', { file: files.xlsx }, limit(2));
      const imp = await step<ImportRun>('.xlsx import (pipeline)', 'importFile', { target: scratch, file: files.xlsx }, limit(20, 600), true);
      rows.push(xlsxImportRow(imp, parse));
      checkpoint(kind, rows, details);
      details.xlsxImport = { imp, parse };
      if (kind === 'pglite' && !o.keep) fs.rmSync(scratch.dataDir, { recursive: true, force: true });
    }
    details.seed = (await step('seed users and history', 'seedHistory', { target, history: only.has('reports') || only.has('daily-run') }, limit(10))).data;
    if (only.has('allocation')) {
      // without the import the database has no cases: the allocation takes them from the generator
      const a = await step<Parameters<typeof allocationRows>[0]['data']>('allocation', 'allocation', needsCases ? { target } : { generated: cases }, limit(5));
      rows.push(...allocationRows(a));
      checkpoint(kind, rows, details);
    }
    if (only.has('compliance')) {
      const c = await step<Parameters<typeof complianceRows>[0]['data']>('compliance', 'compliance', { seconds: quick ? 2 : 5 }, 120_000);
      rows.push(...complianceRows(c));
      checkpoint(kind, rows, details);
    }
    if (only.has('reports')) {
      const r = await step<ReportFigures[]>('reports', 'reports', { target, repeat: quick ? 7 : 3 }, limit(10));
      rows.push(...reportRows(r));
      checkpoint(kind, rows, details);
      details.reportPlans = Object.fromEntries(r.data.map((q) => [q.name, q.plan]));
    }
    if (only.has('api')) {
      log(`API load (${apiSeconds} s baseline + ${apiSeconds} s mix + ${apiSeconds} s paced + each route alone, ${apiConnections} connections) …`);
      const a = await apiLoad({ target, cases, seconds: apiSeconds, connections: apiConnections, host: worker ? workerHost(worker) : undefined });
      rows.push(...apiRows(kind, a, cases));
      checkpoint(kind, rows, details);
      details.api = a;
    }
    // last: it changes the cases (priority, follow-up, dead tuples) that the reports and the API read
    if (only.has('daily-run')) {
      const d = await step<DailyRunFigures>('daily run (+ its UPDATE baseline)', 'dailyRun', { target }, limit(20, 600), true);
      rows.push(...dailyRunRows(d, cases));
      checkpoint(kind, rows, details);
      details.dailyRun = d.data;
    }
    rows.push(...hookRows());
    if (pgs) details.slowStatements = pgs.slowPlans();
  } finally {
    await pgs?.stop(); // idempotent: the cleanup entry may run it again
  }
  fs.rmSync(partialFile(kind), { force: true });
  return {
    date: new Date().toISOString().slice(0, 10), db: kind, dbDescribe: pgs?.describe ?? 'PGlite (embedded, WASM, one connection)', cases, quick, machine: machine(),
    wallSeconds: Math.round((Date.now() - started) / 1000), rows, details,
  };
}

let exit = 0;
const t0 = Date.now();
try {
  log(`portfolio: ${cases} cases in ${work}${quick ? ' (quick: one worker process)' : ''}`);
  if (quick) worker = startWorker();
  // files only when cases are imported (a 1M allocation alone needs none); the quick run skips the GBK copy and shrinks the .xlsx
  const gen = { dir: path.join(work, 'files'), cases, xlsxRows: only.has('xlsx') ? (o.xlsxRows ?? (quick ? 2000 : undefined)) : 0, gbk: !quick && only.has('import') };
  const files = needsCases || only.has('xlsx') ? (await step<PortfolioFiles>('generate files', 'generate', gen, limit(2))).data : null;
  const runs: RunFile[] = [];
  for (const kind of dbs) {
    // read before this run writes anything: the file as committed at HEAD (git), else the folder's newest
    const ref = quick ? latestQuick(kind, cases) : null;
    if (ref) log(`quick reference: bench/results/${ref.name} (${ref.source === 'git' ? 'as committed at HEAD' : `from the folder: git could not answer (${ref.why})`})`);
    const run = await runDb(kind, files);
    runs.push(run);
    console.log(`\n${table(run)}\n`);
    const written = path.relative(process.cwd(), writeRun(run, outDir));
    console.log(`written: ${written}${outDir === LOCAL_RESULTS_DIR ? ' (git-ignored; --save-reference writes the reference into bench/results/, to commit)' : ''}`);
    if (ref) {
      const bad = regressions(ref.run, run);
      if (bad.length) {
        exit = 1;
        console.log(`REGRESSION against the committed quick results bench/results/${ref.name} (> ${GATE_FACTOR}× worse):\n  ${bad.join('\n  ')}`);
      } else console.log(`no row more than ${GATE_FACTOR}× worse than the committed quick results bench/results/${ref.name}`);
    } else if (quick) console.log(`no committed quick results for ${kind} at this size: nothing to compare (run with --save-reference and commit the file to start)`);
  }
  log(`done in ${Math.round((Date.now() - t0) / 1000)} s`);
  if (!quick && o.readme) updateReadme(runs);
} catch (e) {
  if (!timedOut) console.error(`bench failed: ${(e as Error).message}`);
  exit = 2;
} finally {
  await cleanup();
}
process.exit(timedOut ? 3 : exit);
