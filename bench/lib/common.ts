/**
 * Shared pieces of the benchmark: the shape of a measurement, the per-database target, the context
 * opener for scenario children, and the child-process runner that gives each scenario its own peak RSS.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppContext } from '../../apps/server/src/http/context.ts';
import type { Clock } from '../../apps/server/src/platform/clock.ts';

export const BENCH_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const ROOT_DIR = path.dirname(BENCH_DIR);

/** A fixed data-encryption key (base64, 32 bytes): bench databases are throwaway and hold invented people only. */
export const BENCH_DATA_KEY = Buffer.alloc(32, 7).toString('base64');

/** Where a scenario runs: PGlite in `dataDir`, or PostgreSQL at `url`. */
export interface DbTarget {
  kind: 'pglite' | 'postgres';
  /** PGlite data folder (kind pglite); the uploads folder for both kinds */
  dataDir: string;
  /** connection string (kind postgres) */
  url?: string;
}

/**
 * One row of the result table. `value` is the measured figure in `unit`; `baseline` the figure of the
 * baseline measured in the same run (same unit), `ratio` = value / baseline (lower is better, except
 * for throughput rows where `higherIsBetter`). `target` states the target and `pass` whether it
 * was met (null = no target, or not applicable at this size: then `scaleNote` says so).
 */
export interface Measurement {
  scenario: string;
  metric: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
  higherIsBetter?: boolean;
  p50Ms?: number;
  p99Ms?: number;
  throughput?: number;
  rssMiB?: number;
  baselineRssMiB?: number;
  /** rows without a baseline: ms of the CPU yardstick ({@link calibrateMs}) measured right before (the quick gate's normaliser) */
  calibrationMs?: number;
  target?: string;
  pass?: boolean | null;
  /**
   * Set when the target is stated for a larger size than this run (issue 7: "CSV import … (1M rows)"),
   * e.g. "target at 1M; this run 10k": `pass` is then null — the ratio is shown, not judged.
   */
  scaleNote?: string;
  note?: string;
  /** false: informational, never compared by the quick gate (short, noisy sub-measurements such as a route alone) */
  gate?: boolean;
}

/** Open the application context (migrations included) for a bench target, logging silenced; `clock` default: the system's. */
export async function openBenchContext(t: DbTarget, clock?: Clock): Promise<AppContext> {
  const env = { RECOVA_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent', RECOVA_DATA_KEY: BENCH_DATA_KEY, RECOVA_ADMIN_PASSWORD: BENCH_PASSWORD };
  // loaded on first use: the parent process (run.ts) imports this file too and must start light
  const [{ loadConfig }, { createContext }] = await Promise.all([import('../../apps/server/src/platform/config.ts'), import('../../apps/server/src/main.ts')]);
  const config = loadConfig({ dataDir: t.dataDir, databaseUrl: t.kind === 'postgres' ? t.url : undefined }, env);
  return createContext(config, clock);
}
/** Password of the bench administrator (policy-compliant; never a real account). */
export const BENCH_PASSWORD = 'Bench-Portfolio-2026!';

export const mib = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
/** Peak resident set size of this process so far, MiB (getrusage ru_maxrss). */
export const peakRssMiB = () => mib(process.resourceUsage().maxRSS * 1024);

export interface ChildResult<T> {
  data: T;
  /** peak RSS of the child process, MiB */
  rssMiB: number;
  wallMs: number;
}

export const RESULT_MARK = '@@BENCH_RESULT ';
/** Line the API server prints when it listens (scenarios/api-server.ts), followed by its ServerReady JSON. */
export const READY_MARK = '@@BENCH_READY ';

/** Every child process the bench started and that has not exited yet (killed by {@link killChildren} on exit). */
const live = new Set<ChildProcess>();
/** Register a child so that a failed or timed-out bench never leaves it running. */
export function trackChild<C extends ChildProcess>(c: C): C {
  live.add(c);
  c.once('exit', () => live.delete(c));
  return c;
}
/** SIGKILL every tracked child still running (its whole `nice` + node pair: the child is `nice`, which execs node). */
export function killChildren(): number {
  const n = live.size;
  for (const c of live) c.kill('SIGKILL');
  live.clear();
  return n;
}

/** In a scenario child: print the result for the parent (last line of stdout), with the peak RSS. */
export function reportToParent(data: unknown): void {
  process.stdout.write(`\n${RESULT_MARK}${JSON.stringify({ data, rssMiB: peakRssMiB() })}\n`);
}

/**
 * Run `bench/child.ts <task> <json args>` in its own Node process at `nice 19` and return what it reported.
 * Rejects when the child fails or exceeds `timeoutMs` (then it is killed). `extraNodeArgs` e.g. `--cpu-prof`.
 */
export function runChild<T>(task: string, args: unknown, opts: { timeoutMs: number; extraNodeArgs?: string[] }): Promise<ChildResult<T>> {
  const started = Date.now();
  const node = [...(opts.extraNodeArgs ?? []), '--import', 'tsx', path.join(BENCH_DIR, 'child.ts'), task, JSON.stringify(args)];
  const child = trackChild(spawn('nice', ['-n', '19', process.execPath, ...node], { cwd: ROOT_DIR, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TZ: 'UTC' } }));
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${task}: no result within ${Math.round(opts.timeoutMs / 1000)} s (killed)`));
    }, opts.timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith(RESULT_MARK));
      if (code !== 0 || !line) return reject(new Error(`${task} failed (exit ${code}): ${err.slice(-2000) || out.slice(-2000)}`));
      const r = JSON.parse(line.slice(RESULT_MARK.length)) as { data: T; rssMiB: number };
      resolve({ data: r.data, rssMiB: r.rssMiB, wallMs: Date.now() - started });
    });
  });
}

/** Milliseconds of `fn`, with its result. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Percentile (0–100) of a list of numbers (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Milliseconds of a fixed CPU-bound workload (sort 100k seeded numbers, JSON round trip of 5k objects,
 * string hashing), median of 5: the yardstick for rows without a baseline (allocation seconds,
 * compliance checks/s). Measured in the same process right before them, it slows down with the machine's
 * load as they do, so the quick gate compares `value / calibrationMs` between runs (lib/report.ts).
 */
export function calibrateMs(): number {
  const once = () => {
    const t = performance.now();
    let x = 12345;
    const a = Array.from({ length: 100_000 }, () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0));
    a.sort((p, q) => p - q);
    const objs = Array.from({ length: 5000 }, (_, i) => ({ id: i, name: `债务人${i}`, amount: a[i * 20], tags: ['M1', 'sms'] }));
    const back = JSON.parse(JSON.stringify(objs)) as typeof objs;
    let h = 0;
    for (const o of back) for (let k = 0; k < o.name.length; k++) h = (Math.imul(h, 31) + o.name.charCodeAt(k)) | 0;
    if (h === 42) a.push(h); // keep the work observable
    return performance.now() - t;
  };
  const times = Array.from({ length: 5 }, once).sort((p, q) => p - q);
  return round(times[2], 2);
}
