/**
 * One long-lived scenario process for the quick run (`bench/child.ts worker`). Starting a child that
 * loads the server's module graph costs ~5 s of CPU (and ~30 s of wall time at nice 19 on a loaded
 * machine); the full run pays it per scenario to give each its own peak RSS, the quick run pays it once.
 * Protocol: the parent writes one JSON line `{ id, task, args }` per task on the worker's stdin; the
 * worker answers `@@BENCH_RESULT { id, data, rssMiB }` or `{ id, error }` on stdout (rssMiB: the
 * worker's peak so far, not the task's own).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { BENCH_DIR, RESULT_MARK, ROOT_DIR, trackChild, type ChildResult } from './common.ts';

export interface BenchWorker {
  /** Run one task; rejects on its error, or after `timeoutMs` (the worker is then killed: later calls fail). */
  run<T>(task: string, args: unknown, timeoutMs: number): Promise<ChildResult<T>>;
  /** End the worker (stdin closed; SIGKILL after 10 s). Idempotent. */
  stop(): Promise<void>;
}

/** Start the worker child at nice 19. */
export function startWorker(): BenchWorker {
  const child = trackChild(spawn('nice', ['-n', '19', process.execPath, '--import', 'tsx', path.join(BENCH_DIR, 'child.ts'), 'worker', '{}'], {
    cwd: ROOT_DIR, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, TZ: 'UTC' },
  }));
  const waiting = new Map<number, { resolve: (r: { data: unknown; rssMiB: number }) => void; reject: (e: Error) => void }>();
  let buf = '';
  let err = '';
  let dead: Error | null = null;
  child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (!line.startsWith(RESULT_MARK)) continue;
      const m = JSON.parse(line.slice(RESULT_MARK.length)) as { id: number; data?: unknown; rssMiB: number; error?: string };
      const w = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.error !== undefined) w?.reject(new Error(m.error));
      else w?.resolve({ data: m.data, rssMiB: m.rssMiB });
    }
  });
  const closed = new Promise<void>((res) => child.once('close', (code) => {
    dead = new Error(`bench worker exited (${code}): ${err.slice(-1500)}`);
    for (const w of waiting.values()) w.reject(dead);
    waiting.clear();
    res();
  }));
  let seq = 0;
  return {
    run<T>(task: string, args: unknown, timeoutMs: number) {
      if (dead) return Promise.reject(dead);
      const id = ++seq;
      const started = Date.now();
      return new Promise<ChildResult<T>>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          child.kill('SIGKILL');
          reject(new Error(`${task}: no result within ${Math.round(timeoutMs / 1000)} s (worker killed)`));
        }, timeoutMs);
        waiting.set(id, {
          resolve: (r) => { clearTimeout(timer); resolve({ data: r.data as T, rssMiB: r.rssMiB, wallMs: Date.now() - started }); },
          reject: (e) => { clearTimeout(timer); reject(new Error(`${task}: ${e.message}`)); },
        });
        child.stdin!.write(`${JSON.stringify({ id, task, args })}\n`);
      });
    },
    async stop() {
      if (!dead) child.stdin!.end();
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await closed;
      clearTimeout(kill);
    },
  };
}
