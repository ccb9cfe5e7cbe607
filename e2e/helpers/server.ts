/**
 * Start a real `recova serve` on a free loopback port against a fresh database (PGlite folder, or a
 * PostgreSQL database when DATABASE_URL is set), with a known admin password.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { createTestDatabaseLocation } from '../../apps/server/test/helpers/context.ts';

export const ADMIN_PASSWORD = 'E2e-Sesame-2024';
const BIN = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../apps/server/bin/recova.mjs');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface RunningServer {
  url: string;
  proc: ChildProcess;
  db: Awaited<ReturnType<typeof createTestDatabaseLocation>>;
  stop(): Promise<void>;
}

/** Run a `recova` command against a test database before the server holds it (e.g. an import). */
export function runCli(db: Awaited<ReturnType<typeof createTestDatabaseLocation>>, args: string[]): string {
  return execFileSync(process.execPath, [BIN, ...args, ...db.args], { env: { ...process.env, ...db.env, RECOVA_LOG_LEVEL: 'warn', TZ: 'UTC' }, encoding: 'utf8' });
}

export async function startServer(opts: { prepare?: (db: Awaited<ReturnType<typeof createTestDatabaseLocation>>) => void } = {}): Promise<RunningServer> {
  const db = await createTestDatabaseLocation();
  opts.prepare?.(db);
  const port = await freePort();
  const proc = spawn(process.execPath, [BIN, 'serve', '--port', String(port), ...db.args], {
    env: { ...process.env, ...db.env, RECOVA_ADMIN_PASSWORD: ADMIN_PASSWORD, RECOVA_LOG_LEVEL: 'warn', TZ: 'UTC' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 90 s:\n${output}`)), 90_000);
    const onData = (b: Buffer) => {
      output += b.toString();
      if (output.includes('Recova is running')) {
        clearTimeout(timer);
        resolve();
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
