/**
 * Start a real `recova serve` on a loopback port the OS picks (`--port 0`; the server prints the bound one) against a fresh database (PGlite folder, or a
 * PostgreSQL database when DATABASE_URL is set), with a known admin password.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabaseLocation } from '../../apps/server/test/helpers/context.ts';

export const ADMIN_PASSWORD = 'E2e-Sesame-2024';
const BIN = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../apps/server/bin/recova.mjs');

export interface RunningServer {
  url: string;
  proc: ChildProcess;
  db: Awaited<ReturnType<typeof createTestDatabaseLocation>>;
  stop(): Promise<void>;
  /** Move the server's "now" (only when started with `clock`): writes the RECOVA_CLOCK_FILE it reads. */
  setNow(iso: string): void;
}

/** A child process's stdout; rejects (like execFileSync throws) when it exits non-zero. Never blocks the event loop. */
export const execFileText = async (file: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> =>
  (await promisify(execFile)(file, args, { env, encoding: 'utf8' })).stdout;

/**
 * Run a `recova` command against a test database before the server holds it (e.g. an import); resolves with its
 * stdout. Asynchronous on purpose: a synchronous child would stall this file's connection to the shared browser.
 */
export function runCli(db: Awaited<ReturnType<typeof createTestDatabaseLocation>>, args: string[]): Promise<string> {
  return execFileText(process.execPath, [BIN, ...args, ...db.args], { ...process.env, ...db.env, RECOVA_LOG_LEVEL: 'warn', TZ: 'UTC' });
}

/**
 * `clock`: start the server on a test clock at that ISO instant (RECOVA_CLOCK_FILE); `setNow` moves it.
 */
export async function startServer(opts: { prepare?: (db: Awaited<ReturnType<typeof createTestDatabaseLocation>>) => void | Promise<void>; clock?: string; env?: Record<string, string> } = {}): Promise<RunningServer> {
  const db = await createTestDatabaseLocation();
  await opts.prepare?.(db);
  const clockFile = opts.clock ? path.join(mkdtempSync(path.join(tmpdir(), 'recova-clock-')), 'now') : undefined;
  if (clockFile) writeFileSync(clockFile, opts.clock!);
  const proc = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...db.args], {
    env: { ...process.env, ...db.env, RECOVA_ADMIN_PASSWORD: ADMIN_PASSWORD, RECOVA_LOG_LEVEL: 'warn', TZ: 'UTC', RECOVA_DAILY_RUN_AT: 'off', ...(clockFile ? { RECOVA_CLOCK_FILE: clockFile } : {}), ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 90 s:\n${output}`)), 90_000);
    const onData = (b: Buffer) => {
      output += b.toString();
      const m = /Recova is running on http:\/\/localhost:(\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (b: Buffer) => (output += b.toString()));
    proc.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    proc,
    db,
    setNow(iso: string) {
      if (!clockFile) throw new Error('startServer({ clock }) was not used');
      writeFileSync(clockFile, iso);
      // the server re-reads the file when its mtime changes; make sure it does even within one mtime tick
      const t = new Date(Date.now() + Math.floor(Math.random() * 1000) + 1000);
      utimesSync(clockFile, t, t);
    },
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (proc.exitCode === null) proc.kill('SIGKILL');
      }
      await db.cleanup();
    },
  };
}
