/**
 * `npm run bench [-- --cases N --db pglite,postgres --api-seconds S --only a,b --no-readme --cpu-prof]`
 * `npm run bench:quick` (= `--quick`: 10k cases, short load, compared with the committed quick results).
 *
 * Generates the portfolio files once, then per database: set up → raw parse / COPY baselines → CSV
 * import → .xlsx import (separate scratch database) → seed history → allocation → compliance → reports
 * → API load. Every scenario runs in its own child at nice 19 (its own peak RSS). Prints the table,
 * writes bench/results/<date>-<db>-<size>[-quick].json, and (full runs) the latest table into README.
 * Exit 1 when a quick run regressed more than 2× against the committed quick results.
 * Everything it starts (PostgreSQL, servers, temp folders) is stopped and deleted on exit.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { runChild, type ChildResult, type DbTarget, type Measurement } from './lib/common.ts';
import { startPostgres, type BenchPostgres } from './lib/postgres.ts';
import { latestQuick, machine, regressions, table, updateReadme, writeRun, type RunFile } from './lib/report.ts';
import { allocationRows, apiRows, complianceRows, csvImportRows, hookRows, reportRows, xlsxImportRow } from './lib/targets.ts';
import { apiLoad } from './scenarios/api.ts';
import type { PortfolioFiles } from './lib/generate.ts';

const program = new Command()
  .option('--cases <n>', 'cases in the portfolio', (v) => Number(v))
  .option('--quick', '10k cases, short API load, compare with the committed quick results')
  .option('--db <list>', 'pglite,postgres', 'pglite,postgres')
  .option('--only <list>', 'scenarios: import,xlsx,allocation,compliance,reports,api')
  .option('--api-seconds <n>', 'seconds of each API load', (v) => Number(v))
  .option('--no-readme', 'do not update bench/README.md')
  .option('--cpu-prof', 'write V8 CPU profiles of the import children into bench/profiles')
  .option('--keep', 'keep the temporary folder (files, PGlite data) for inspection')
  .parse();
const o = program.opts<{ cases?: number; quick?: boolean; db: string; only?: string; apiSeconds?: number; readme: boolean; cpuProf?: boolean; keep?: boolean }>();
const quick = !!o.quick;
const cases = o.cases ?? (quick ? 10_000 : 100_000);
const only = new Set((o.only ?? 'import,xlsx,allocation,compliance,reports,api').split(','));
const apiSeconds = o.apiSeconds ?? (quick ? 5 : 20);
const dbs = o.db.split(',') as ('pglite' | 'postgres')[];
/** child time limit: generous, scaled with the size */
const limit = (perCaseMs: number, floorS = 300) => Math.max(floorS * 1000, cases * perCaseMs);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'recova-bench-'));
const cleanups: (() => Promise<void>)[] = [async () => { if (!o.keep) fs.rmSync(work, { recursive: true, force: true }); }];
let cleaning = false;
async function cleanup() {
  if (cleaning) return;
  cleaning = true;
  for (const c of cleanups.reverse()) await c().catch((e) => console.error('cleanup:', (e as Error).message));
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void cleanup().then(() => process.exit(130)));

const log = (s: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}\n`);
// default profile names (pid + thread): the main thread's and the tsx loader thread's profiles must not overwrite each other
const profArgs = () => (o.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${path.join(path.dirname(new URL(import.meta.url).pathname), 'profiles')}`] : []);
async function step<T>(name: string, task: string, args: unknown, timeoutMs: number, prof = false): Promise<ChildResult<T>> {
  log(`${name} …`);
  const r = await runChild<T>(task, args, { timeoutMs, extraNodeArgs: prof ? profArgs() : [] });
  log(`${name}: ${Math.round(r.wallMs / 1000)} s wall, peak RSS ${r.rssMiB} MiB`);
  return r;
}

async function runDb(kind: 'pglite' | 'postgres', files: PortfolioFiles | null): Promise<RunFile> {
  const started = Date.now();
  let pgs: BenchPostgres | null = null;
  let target: DbTarget, scratch: DbTarget;
  if (kind === 'postgres') {
    pgs = await startPostgres();
    cleanups.push(() => pgs!.stop());
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
    // PGlite: the scratch database is a copy of the freshly migrated one (migrating it again costs a minute)
    if (kind === 'pglite' && only.has('xlsx')) fs.cpSync(target.dataDir, scratch.dataDir, { recursive: true });
    if (files && only.has('import')) {
      const parse = await step<{ ms: number }>('raw CSV parse (UTF-8)', 'rawCsvParse', { file: files.csvUtf8, encoding: 'utf-8' }, limit(1));
      const gbk = await step<{ ms: number }>('raw CSV parse (GBK)', 'rawCsvParse', { file: files.csvGbk, encoding: 'gbk' }, limit(1));
      const copy = await step<{ ms: number }>('raw COPY', 'rawCopy', { target, file: files.csvUtf8 }, limit(2));
      const imp = await step<import('./scenarios/imports.ts').ImportRun>('CSV import (pipeline)', 'importFile', { target, file: files.csvUtf8 }, limit(20, 600), true);
      rows.push(...csvImportRows(kind, imp, parse, copy, gbk));
      details.csvImport = { imp, parse, copy, gbk };
    }
    if (files && only.has('xlsx')) {
      if (kind === 'postgres') await step('set up scratch database', 'setupDb', { target: scratch }, limit(1));
      const parse = await step<{ ms: number; rows: number }>('raw .xlsx parse', 'rawXlsxParse', { file: files.xlsx }, limit(2));
      const imp = await step<import('./scenarios/imports.ts').ImportRun>('.xlsx import (pipeline)', 'importFile', { target: scratch, file: files.xlsx }, limit(20, 600), true);
      rows.push(xlsxImportRow(imp, parse));
      details.xlsxImport = { imp, parse };
      if (kind === 'pglite' && !o.keep) fs.rmSync(scratch.dataDir, { recursive: true, force: true });
    }
    details.seed = (await step('seed users and history', 'seedHistory', { target, history: only.has('reports') }, limit(10))).data;
    if (only.has('allocation')) {
      // without the import the database has no cases: the allocation takes them from the generator
      const a = await step<Parameters<typeof allocationRows>[0]['data']>('allocation', 'allocation', only.has('import') ? { target } : { generated: cases }, limit(5));
      rows.push(...allocationRows(a));
    }
    if (only.has('compliance')) {
      const c = await step<Parameters<typeof complianceRows>[0]['data']>('compliance', 'compliance', { seconds: quick ? 2 : 5 }, 120_000);
      rows.push(...complianceRows(c));
    }
    if (only.has('reports')) {
      const r = await step<import('./scenarios/reports.ts').ReportFigures[]>('reports', 'reports', { target }, limit(10));
      rows.push(...reportRows(r));
      details.reportPlans = Object.fromEntries(r.data.map((q) => [q.name, q.plan]));
    }
    if (only.has('api')) {
      log(`API load (${apiSeconds} s mix + ${apiSeconds} s baseline) …`);
      const a = await apiLoad({ target, cases, seconds: apiSeconds, connections: 200 });
      rows.push(...apiRows(kind, a));
      details.api = a;
    }
    rows.push(...hookRows());
    if (pgs) details.slowStatements = pgs.slowPlans();
  } finally {
    await pgs?.stop(); // idempotent: the cleanup entry may run it again
  }
  return {
    date: new Date().toISOString().slice(0, 10), db: kind, dbDescribe: pgs?.describe ?? 'PGlite (embedded, WASM, one connection)', cases, quick, machine: machine(),
    wallSeconds: Math.round((Date.now() - started) / 1000), rows, details,
  };
}

let exit = 0;
try {
  log(`portfolio: ${cases} cases in ${work}`);
  // files only when an import runs (a 1M allocation alone needs none)
  const files = only.has('import') || only.has('xlsx') ? (await step<PortfolioFiles>('generate files', 'generate', { dir: path.join(work, 'files'), cases }, limit(2))).data : null;
  const runs: RunFile[] = [];
  for (const kind of dbs) {
    const before = quick ? latestQuick(kind, cases) : null;
    const run = await runDb(kind, files);
    runs.push(run);
    console.log(`\n${table(run)}\n`);
    console.log(`written: ${writeRun(run, quick)}`);
    if (before) {
      const bad = regressions(before, run);
      if (bad.length) {
        exit = 1;
        console.log(`REGRESSION against the committed ${before.date} quick results (> 2× worse):\n  ${bad.join('\n  ')}`);
      } else console.log(`no ratio more than 2× worse than the committed ${before.date} quick results`);
    }
  }
  if (!quick && o.readme) updateReadme(runs);
} catch (e) {
  console.error(`bench failed: ${(e as Error).message}`);
  exit = 2;
} finally {
  await cleanup();
}
process.exit(exit);
