/**
 * The regression gate of `bench:quick`: which figure is compared, when a row counts as more than 2×
 * worse than the committed quick results, and which file is that reference.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BENCH_DIR, type Measurement } from './common.ts';
import { committedNames, latestQuick, LOCAL_RESULTS_DIR, regressionFigure, regressions, resultName, RESULTS_DIR, sizeLabel, writeRun, type RunFile } from './report.ts';

const run = (rows: Measurement[]): RunFile => ({ date: '2026-11-29', db: 'pglite', dbDescribe: '', cases: 10_000, quick: true, machine: { cpus: 2, cpuModel: '', memGiB: 8, node: '', platform: '', loadAvg: [] }, wallSeconds: 1, rows, details: {} });
const row = (scenario: string, o: Partial<Measurement>): Measurement => ({ scenario, metric: 'm', value: 1, unit: 's', ...o });

describe('bench regression gate', () => {
  it('compares the ratio where there is a baseline, else the absolute figure, inverted when higher is better', () => {
    expect(regressionFigure(row('a', { value: 9, ratio: 3 }))).toBe(3);
    expect(regressionFigure(row('a', { value: 9, ratio: 0.5, higherIsBetter: true }))).toBe(2);
    expect(regressionFigure(row('a', { value: 0, ratio: 0, higherIsBetter: true }))).toBe(Infinity);
    expect(regressionFigure(row('a', { value: 4 }))).toBe(4);
    expect(regressionFigure(row('a', { value: 200_000, higherIsBetter: true }))).toBe(1 / 200_000);
    expect(regressionFigure(row('a', { value: 0, higherIsBetter: true }))).toBe(Infinity);
    expect(regressionFigure(row('hook', { value: NaN }))).toBeUndefined();
    expect(regressionFigure(row('hook', { value: null as unknown as number, note: 'HOOK: later' }))).toBeUndefined();
  });

  it('divides absolute figures by the CPU yardstick only when asked (both runs measured it)', () => {
    expect(regressionFigure(row('alloc', { value: 1.5, calibrationMs: 50 }), true)).toBe(0.03);
    expect(regressionFigure(row('alloc', { value: 1.5, calibrationMs: 50 }), false)).toBe(1.5);
    expect(regressionFigure(row('checks', { value: 100_000, higherIsBetter: true, calibrationMs: 20 }), true)).toBeCloseTo(1 / 2_000_000, 15);
    // a ratio is never normalised: its baseline already cancels the machine
    expect(regressionFigure(row('import', { ratio: 3, calibrationMs: 50 }), true)).toBe(3);
  });

  it('flags only rows more than 2× worse than before', () => {
    const before = run([row('import', { ratio: 10 }), row('api', { ratio: 0.8, higherIsBetter: true }), row('checks', { value: 100_000, higherIsBetter: true })]);
    const same = run([row('import', { ratio: 19.9 }), row('api', { ratio: 0.41, higherIsBetter: true }), row('checks', { value: 51_000, higherIsBetter: true })]);
    expect(regressions(before, same)).toEqual([]);
    const worse = run([row('import', { value: 2.05, ratio: 20.5 }), row('api', { value: 0.45, ratio: 0.39, higherIsBetter: true }), row('checks', { value: 49_000, higherIsBetter: true }), row('new', { ratio: 99 })]);
    expect(regressions(before, worse)).toEqual([
      'import — m: ratio 20.5 vs ratio 10 committed (2.05× worse)',
      'api — m: ratio 0.39 vs ratio 0.8 committed (2.05× worse)',
      'checks — m: 49000 s vs 100000 s committed (2.04× worse)',
    ]);
  });

  it('does not fail a ratio that doubled only because its baseline got faster (the row\'s own figure did not move)', () => {
    const before = run([row('report recoveryByBatch', { value: 12.9, unit: 'ms', ratio: 3.547 }), row('api', { value: 100, ratio: 0.063, higherIsBetter: true })]);
    // count(*) 3.6 → 1.8 ms: the query took as long as before, its ratio doubled; the PK route got faster, the mix did not slow
    const moved = run([row('report recoveryByBatch', { value: 12.9, unit: 'ms', ratio: 7.148 }), row('api', { value: 95, ratio: 0.03, higherIsBetter: true })]);
    expect(regressions(before, moved)).toEqual([]);
    // the query itself 2.2× slower: ratio and figure both worse — fails
    const slower = run([row('report recoveryByBatch', { value: 28.4, unit: 'ms', ratio: 7.9 }), row('api', { value: 40, ratio: 0.025, higherIsBetter: true })]);
    expect(regressions(before, slower)).toEqual([
      'report recoveryByBatch — m: ratio 7.9 vs ratio 3.547 committed (2.23× worse)',
      'api — m: ratio 0.025 vs ratio 0.063 committed (2.52× worse)',
    ]);
  });

  it('cancels load on absolute rows through the yardstick, and still fails a real 2× slowdown', () => {
    const before = run([row('alloc', { value: 1.0, calibrationMs: 40 }), row('checks', { value: 200_000, higherIsBetter: true, calibrationMs: 40 })]);
    // the machine twice as busy: the yardstick and the figures all take 2.5× as long — no regression
    const loaded = run([row('alloc', { value: 2.5, calibrationMs: 100 }), row('checks', { value: 80_000, higherIsBetter: true, calibrationMs: 100 })]);
    expect(regressions(before, loaded)).toEqual([]);
    // same machine speed, allocation 2.2× slower, checks 2.5× fewer: both fail
    const slower = run([row('alloc', { value: 2.2, calibrationMs: 40 }), row('checks', { value: 80_000, higherIsBetter: true, calibrationMs: 40 })]);
    expect(regressions(before, slower)).toEqual([
      'alloc — m: 2.2 s (yardstick 40 ms) vs 1 s (yardstick 40 ms) committed (2.2× worse)',
      'checks — m: 80000 s (yardstick 40 ms) vs 200000 s (yardstick 40 ms) committed (2.5× worse)',
    ]);
    // a committed file without the yardstick: raw figures (2.5 s vs 1 s fails)
    expect(regressions(run([row('alloc', { value: 1.0 })]), loaded)).toEqual(['alloc — m: 2.5 s vs 1 s committed (2.5× worse)']);
  });

  it('fails a row that disappeared or lost its figure; ignores hook rows and rows new in this run', () => {
    const before = run([row('import', { ratio: 10 }), row('daily', { ratio: 2 }), row('api', { ratio: 0.5, higherIsBetter: true }), row('hook', { value: NaN, note: 'HOOK: x' })]);
    const after = run([row('import', { ratio: 10 }), row('api', { value: 0, ratio: 0, higherIsBetter: true }), row('brand new', { ratio: 50 })]);
    expect(regressions(before, after)).toEqual(['daily — m: missing in this run', 'api — m: ratio 0 vs ratio 0.5 committed (∞× worse)']);
  });

  it('never compares informational rows (gate: false), even when they got much worse or disappeared', () => {
    const before = run([row('route alone', { ratio: 0.2, higherIsBetter: true, gate: false }), row('paced p99', { value: 20, unit: 'ms', gate: false }), row('mix', { ratio: 0.1, higherIsBetter: true })]);
    const after = run([row('paced p99', { value: 90, unit: 'ms', gate: false }), row('mix', { value: 0.4, ratio: 0.04, higherIsBetter: true })]);
    expect(regressions(before, after)).toEqual(['mix — m: ratio 0.04 vs ratio 0.1 committed (2.5× worse)']);
  });

  it('names result files by date, database and size', () => {
    expect(sizeLabel(10_000)).toBe('10k');
    expect(sizeLabel(1_000_000)).toBe('1m');
    expect(resultName('2026-11-29', 'postgres', 100_000, false)).toBe('2026-11-29-postgres-100k.json');
    expect(resultName('2026-11-29', 'pglite', 10_000, true)).toBe('2026-11-29-pglite-10k-quick.json');
  });
});

/**
 * The quick gate's reference is the newest quick file committed at HEAD, read as committed; quick runs
 * write into the git-ignored results/local/, so a second run on the same day does not compare with the
 * first and CI's run leaves the tree clean. Real git repositories in temporary folders.
 */
describe('bench:quick reference (committed at HEAD) and local output', () => {
  const GIT = ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main'];
  const sh = (cwd: string, ...args: string[]) => execFileSync('git', [...GIT, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const tmp: string[] = [];
  const mkTmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'recova-bench-ref-'));
    tmp.push(d);
    return d;
  };
  afterAll(() => tmp.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  const quickRun = (date: string, db: 'postgres' | 'pglite', importRatio: number): RunFile => ({ ...run([row('import CSV (UTF-8)', { ratio: importRatio })]), date, db });
  const put = (dir: string, r: RunFile) => writeRun(r, dir);

  /** a repository with bench/.gitignore (the real one) and one committed quick result per database */
  function repo() {
    const root = mkTmp();
    const results = path.join(root, 'bench', 'results');
    fs.mkdirSync(results, { recursive: true });
    fs.copyFileSync(path.join(BENCH_DIR, '.gitignore'), path.join(root, 'bench', '.gitignore'));
    sh(root, 'init', '-q');
    put(results, quickRun('2026-11-29', 'postgres', 10));
    put(results, quickRun('2026-12-02', 'pglite', 99)); // newer, other database: never the postgres reference
    sh(root, 'add', '-A');
    sh(root, 'commit', '-qm', 'reference');
    return { root, results };
  }

  it('takes the newest file committed at HEAD, as committed: not a newer uncommitted file, not a working copy overwritten since', () => {
    const { root, results } = repo();
    // an uncommitted newer reference, a quick run's own output in local/, and the committed file overwritten on disk
    put(results, quickRun('2026-11-30', 'postgres', 50));
    put(path.join(results, 'local'), quickRun('2026-12-01', 'postgres', 70));
    fs.writeFileSync(path.join(results, '2026-11-29-postgres-10k-quick.json'), JSON.stringify(quickRun('2026-11-29', 'postgres', 33)));
    const ref = latestQuick('postgres', 10_000, { dir: results });
    expect(ref).toMatchObject({ name: '2026-11-29-postgres-10k-quick.json', source: 'git' });
    expect(ref!.run.rows[0].ratio).toBe(10);
    expect(latestQuick('pglite', 10_000, { dir: results })?.run.rows[0].ratio).toBe(99);
    expect(latestQuick('postgres', 100_000, { dir: results })).toBeNull();
    // once committed, the newer file is the reference
    sh(root, 'add', '-A');
    sh(root, 'commit', '-qm', 'new reference');
    expect(latestQuick('postgres', 10_000, { dir: results })).toMatchObject({ name: '2026-11-30-postgres-10k-quick.json', source: 'git', run: { rows: [{ ratio: 50 }] } });
  });

  it('a quick run writes into results/local/: git-ignored, the tree stays clean, and a second run still compares with the committed file', () => {
    const { root, results } = repo();
    const local = path.join(results, 'local');
    for (const ratio of [12, 40]) {
      const before = latestQuick('postgres', 10_000, { dir: results })!;
      expect(before.run.rows[0].ratio).toBe(10);
      const written = writeRun(quickRun('2026-11-29', 'postgres', ratio), local);
      expect(path.dirname(written)).toBe(local);
    }
    expect(JSON.parse(fs.readFileSync(path.join(local, '2026-11-29-postgres-10k-quick.json'), 'utf8')).rows[0].ratio).toBe(40);
    expect(sh(root, 'status', '--porcelain', '--untracked-files=all')).toBe('');
    expect(LOCAL_RESULTS_DIR).toBe(path.join(RESULTS_DIR, 'local'));
  });

  it('without a committed file for the size: no reference, even when an uncommitted one lies in the folder', () => {
    const { results } = repo();
    put(results, { ...quickRun('2026-11-30', 'postgres', 5), cases: 20_000 });
    expect(fs.existsSync(path.join(results, '2026-11-30-postgres-20k-quick.json'))).toBe(true);
    expect(latestQuick('postgres', 20_000, { dir: results })).toBeNull();
  });

  it('falls back to the newest file in the folder (not local/) when git cannot answer: no git binary, or no repository', () => {
    const { results } = repo();
    put(results, quickRun('2026-11-30', 'postgres', 50));
    const noGit = latestQuick('postgres', 10_000, { dir: results, git: path.join(mkTmp(), 'no-such-git') });
    expect(noGit).toMatchObject({ name: '2026-11-30-postgres-10k-quick.json', source: 'folder', run: { rows: [{ ratio: 50 }] } });
    expect(noGit!.why).toMatch(/not found/);
    // an exported tree (no .git): the files lying in the folder are the reference
    const tarball = mkTmp();
    put(tarball, quickRun('2026-11-28', 'postgres', 8));
    put(tarball, quickRun('2026-11-29', 'postgres', 9));
    put(path.join(tarball, 'local'), quickRun('2026-12-01', 'postgres', 70));
    const ref = latestQuick('postgres', 10_000, { dir: tarball });
    expect(ref).toMatchObject({ name: '2026-11-29-postgres-10k-quick.json', source: 'folder', run: { rows: [{ ratio: 9 }] } });
    expect(ref!.why).toMatch(/not a git repository/i);
    expect(committedNames(tarball)).toHaveProperty('error');
    expect(latestQuick('postgres', 10_000, { dir: path.join(tarball, 'missing') })).toBeNull();
  });

  it('the project: bench/results/local/ is ignored by the repository\'s own bench/.gitignore', () => {
    expect(fs.readFileSync(path.join(BENCH_DIR, '.gitignore'), 'utf8').split('\n')).toContain('results/local/');
  });
});
