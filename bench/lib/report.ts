/**
 * Results: the printed table, the JSON file `bench/results/<date>-<db>-<size>.json` (quick runs:
 * `bench/results/local/…-quick.json`, git-ignored, unless `--save-reference`), the comparison of a quick
 * run against the newest committed quick results (a ratio more than 2× worse fails), and the latest
 * table kept in bench/README.md between its markers.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH_DIR, round, type Measurement } from './common.ts';

export const RESULTS_DIR = path.join(BENCH_DIR, 'results');

export interface RunFile {
  date: string;
  db: 'pglite' | 'postgres';
  dbDescribe: string;
  cases: number;
  quick: boolean;
  machine: { cpus: number; cpuModel: string; memGiB: number; node: string; platform: string; loadAvg: number[] };
  wallSeconds: number;
  rows: Measurement[];
  details: Record<string, unknown>;
}

export const sizeLabel = (cases: number) => (cases >= 1_000_000 && cases % 1_000_000 === 0 ? `${cases / 1_000_000}m` : cases >= 1000 && cases % 1000 === 0 ? `${cases / 1000}k` : String(cases));
export const resultName = (date: string, db: string, cases: number, quick: boolean) => `${date}-${db}-${sizeLabel(cases)}${quick ? '-quick' : ''}.json`;

export function machine(): RunFile['machine'] {
  return { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '?', memGiB: round(os.totalmem() / 2 ** 30, 1), node: process.version, platform: `${os.platform()} ${os.release()}`, loadAvg: os.loadavg().map((x) => round(x, 2)) };
}

const fmt = (x: number | undefined, unit = '') => (x === undefined || Number.isNaN(x) ? '—' : `${x >= 100 ? Math.round(x).toLocaleString('en-US') : round(x, x >= 10 ? 1 : 3)}${unit}`);

/** Markdown table of one run's rows (also printed to stdout). */
export function table(run: RunFile): string {
  const head = `**${run.db}** (${run.dbDescribe}), ${run.cases.toLocaleString('en-US')} cases, ${run.date}, ${run.machine.cpus} CPUs, load ${run.machine.loadAvg.join(' ')}`;
  const lines = ['| scenario | measured | baseline | ratio | p50 / p99 ms | throughput /s | peak RSS MiB | target | result |', '|---|---|---|---|---|---|---|---|---|'];
  for (const r of run.rows) {
    const rss = r.rssMiB === undefined ? '—' : r.baselineRssMiB === undefined ? fmt(r.rssMiB) : `${fmt(r.rssMiB)} (baseline ${fmt(r.baselineRssMiB)})`;
    const pass = r.pass === true ? 'PASS' : r.pass === false ? '**FAIL**' : r.scaleNote ? `n/a: ${r.scaleNote}` : r.note?.startsWith('HOOK') ? 'not on main' : '—';
    lines.push(`| ${r.scenario} — ${r.metric} | ${fmt(r.value, ' ' + r.unit)} | ${fmt(r.baseline, ' ' + r.unit)} | ${r.ratio === undefined ? '—' : fmt(r.ratio) + '×'} | ${r.p50Ms === undefined ? '—' : `${fmt(r.p50Ms)} / ${fmt(r.p99Ms)}`} | ${fmt(r.throughput)} | ${rss} | ${r.target ?? '—'} | ${pass} |`);
  }
  const notes = run.rows.filter((r) => r.note).map((r) => `- ${r.scenario}: ${r.note}`);
  return [head, '', ...lines, '', ...notes].join('\n');
}

/**
 * Git-ignored folder (bench/.gitignore) where quick runs write their own result unless `--save-reference`:
 * a run must not overwrite, or dirty, the committed reference it is compared with.
 */
export const LOCAL_RESULTS_DIR = path.join(RESULTS_DIR, 'local');

/** Write the run's JSON into `dir` (default bench/results) under {@link resultName}; returns the path. */
export function writeRun(run: RunFile, dir = RESULTS_DIR): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, resultName(run.date, run.db, run.cases, run.quick));
  fs.writeFileSync(file, JSON.stringify(run, null, 2) + '\n');
  return file;
}

/** The reference a quick run is compared with, and where it was read from. */
export interface QuickReference {
  run: RunFile;
  /** file name inside the results folder */
  name: string;
  /** 'git': the file's content at HEAD (committed); 'folder': the file on disk, git could not answer (`why`) */
  source: 'git' | 'folder';
  why?: string;
}

/** Where {@link latestQuick} looks: the results folder and the git executable (tests point both elsewhere). */
export interface ReferenceLookup {
  dir?: string;
  git?: string;
}

const git = (exe: string, dir: string, args: string[]) =>
  execFileSync(exe, ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 2 ** 20, timeout: 30_000 });

/**
 * Names of the files directly in `dir` that are committed at HEAD (`git ls-tree HEAD -- .`), or an
 * error message when git cannot answer (no git, not a repository, no commit, an unsafe repository owner).
 */
export function committedNames(dir: string, exe = 'git'): { names: string[] } | { error: string } {
  try {
    const out = git(exe, dir, ['ls-tree', '-z', '--name-only', 'HEAD', '--', '.']);
    return { names: out.split('\0').filter(Boolean) };
  } catch (e) {
    const err = e as Error & { stderr?: string; code?: string };
    return { error: (err.code === 'ENOENT' ? `${exe} not found` : (err.stderr || err.message).trim().split('\n')[0]).slice(0, 200) };
  }
}

/**
 * The reference of the quick gate: the newest `*-<db>-<size>-quick.json` (by the date its name starts
 * with) **committed at HEAD** in bench/results, read as committed (a working copy overwritten by a
 * `--save-reference` run, or a newer file not committed yet, is not the reference). When git cannot
 * answer (no git binary, no repository: e.g. an exported tarball) it falls back to the newest such file
 * directly in the folder — in a clean checkout the same files. Quick runs write into
 * {@link LOCAL_RESULTS_DIR} (a subfolder, never listed), so a run never becomes its own reference.
 * Null when there is none (nothing to compare).
 */
export function latestQuick(db: string, cases: number, where: ReferenceLookup = {}): QuickReference | null {
  const dir = where.dir ?? RESULTS_DIR;
  if (!fs.existsSync(dir)) return null;
  const suffix = `-${db}-${sizeLabel(cases)}-quick.json`;
  const newest = (names: string[]) => names.filter((n) => n.endsWith(suffix) && !n.includes('/')).sort().pop();
  const listed = committedNames(dir, where.git);
  if ('names' in listed) {
    const name = newest(listed.names);
    return name ? { run: JSON.parse(git(where.git ?? 'git', dir, ['show', `HEAD:./${name}`])) as RunFile, name, source: 'git' } : null;
  }
  const name = newest(fs.readdirSync(dir).filter((n) => fs.statSync(path.join(dir, n)).isFile()));
  return name ? { run: JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as RunFile, name, source: 'folder', why: listed.error } : null;
}

/** A quick run fails when a row's figure is more than this many times worse than the committed one. */
export const GATE_FACTOR = 2;

const isHook = (r: Measurement) => r.note?.startsWith('HOOK') || r.value === null || Number.isNaN(r.value);

/**
 * The figure the quick gate compares between runs, lower = better:
 * - a row with a baseline: its ratio (inverted when higher is better) — the baseline was measured in
 *   the same run, so the machine's speed and load cancel out;
 * - a row without one (allocation seconds, compliance checks/s): the absolute figure (inverted when
 *   higher is better), divided by `calibrationMs` when `normalise` (both runs measured the CPU
 *   yardstick): seconds per yardstick, which a loaded or slower machine does not move.
 * A throughput of 0 gives Infinity (nothing got through: worse than anything); undefined when there is
 * nothing to compare (a hook row, a missing value).
 */
export function regressionFigure(r: Measurement, normalise = false): number | undefined {
  if (isHook(r)) return undefined;
  const inv = (x: number) => (x > 0 ? 1 / x : Infinity);
  if (r.ratio !== undefined && r.ratio !== null) return r.higherIsBetter ? inv(r.ratio) : r.ratio;
  const f = valueFigure(r);
  return f !== undefined && normalise && r.calibrationMs ? f / r.calibrationMs : f;
}

/** The row's own figure (not its ratio), inverted when higher is better; undefined when it has none. */
function valueFigure(r: Measurement): number | undefined {
  if (isHook(r) || !Number.isFinite(r.value) || r.value < 0) return undefined;
  return r.higherIsBetter ? (r.value > 0 ? 1 / r.value : Infinity) : r.value;
}

const shown = (r: Measurement, normalise: boolean) =>
  r.ratio !== undefined && r.ratio !== null ? `ratio ${r.ratio}` : `${r.value} ${r.unit}${normalise ? ` (yardstick ${r.calibrationMs} ms)` : ''}`;

/**
 * Rows of `after` more than `factor` times worse than in `before` (the committed quick results), and
 * rows of `before` that `after` lacks (a scenario that stopped running is not a pass). A row with a
 * baseline fails only when its ratio AND its own figure are both more than `factor` worse (a baseline
 * that got faster by chance doubles a ratio without any change to the code; a real slowdown moves both). Rows marked
 * `gate: false` (informational sub-measurements) are never compared. A row new in
 * `after`, or whose committed figure is not a positive finite number, has nothing to be compared with.
 */
export function regressions(before: RunFile, after: RunFile, factor = GATE_FACTOR): string[] {
  const out: string[] = [];
  for (const old of before.rows) {
    if (isHook(old) || old.gate === false) continue;
    const r = after.rows.find((x) => x.scenario === old.scenario && x.metric === old.metric);
    if (!r) {
      out.push(`${old.scenario} — ${old.metric}: missing in this run`);
      continue;
    }
    const normalise = !!(old.calibrationMs && r.calibrationMs);
    const b = regressionFigure(old, normalise), a = regressionFigure(r, normalise);
    if (b === undefined || !Number.isFinite(b) || b <= 0) continue;
    if (a === undefined) out.push(`${r.scenario} — ${r.metric}: no figure in this run`);
    else if (a > b * factor) {
      // A ratio more than 2× worse whose own figure is not: the baseline moved, not the row (a 3 ms
      // count(*) twice as fast, or a 0.4 s raw parse on a quiet core while the import shares the machine).
      // A real slowdown of the code moves both.
      const vb = old.ratio != null ? valueFigure(old) : undefined, va = r.ratio != null ? valueFigure(r) : undefined;
      if (vb !== undefined && va !== undefined && Number.isFinite(vb) && vb > 0 && va <= vb * factor) continue;
      out.push(`${r.scenario} — ${r.metric}: ${shown(r, normalise)} vs ${shown(old, normalise)} committed (${Number.isFinite(a) ? round(a / b, 2) : '∞'}× worse)`);
    }
  }
  return out;
}

const START = '<!-- bench:latest:start -->';
const END = '<!-- bench:latest:end -->';
/** Replace the latest-results section of bench/README.md with these runs' tables. */
export function updateReadme(runs: RunFile[]): void {
  const file = path.join(BENCH_DIR, 'README.md');
  if (!fs.existsSync(file)) return;
  const text = fs.readFileSync(file, 'utf8');
  const i = text.indexOf(START), j = text.indexOf(END);
  if (i < 0 || j < i) return;
  const body = runs.map((r) => `${table(r)}\n\nFile: \`bench/results/${resultName(r.date, r.db, r.cases, r.quick)}\``).join('\n\n');
  fs.writeFileSync(file, `${text.slice(0, i + START.length)}\n${body}\n${text.slice(j)}`);
}
