/**
 * A throwaway PostgreSQL for the benchmark when `DATABASE_URL` is not given: `initdb` + `pg_ctl` of
 * the Debian package (`/usr/lib/postgresql/<newest>/bin`) in a temporary folder, listening on a free
 * loopback port only (no Unix socket outside the folder), started at `nice 19`, stopped and deleted by
 * `stop()`. As root it runs as the `postgres` system user (initdb refuses root).
 * With `DATABASE_URL`, a fresh database `recova_bench_<pid>` is created on that server and dropped after.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface BenchPostgres {
  url: string;
  /** a second database on the same server (for the .xlsx import), same lifetime */
  scratchUrl: string;
  describe: string;
  /** Replace the scratch database by a copy of the main one (`create database … template`): a migrated
   *  scratch without migrating it again. The main database must have no open connection. */
  cloneScratch(): Promise<void>;
  /**
   * Plans of the slowest statements (auto_explain, ≥ 250 ms, with ANALYZE) logged so far by the
   * throwaway server, longest first, at most `n`; [] with DATABASE_URL (its log is not ours to read).
   */
  slowPlans(n?: number): { ms: number; plan: string }[];
  stop(): Promise<void>;
}

function pgBin(): string {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) throw new Error('PostgreSQL binaries not found (/usr/lib/postgresql): apt-get install postgresql, or set DATABASE_URL');
  const v = fs.readdirSync(base).filter((d) => fs.existsSync(path.join(base, d, 'bin', 'initdb'))).sort((a, b) => Number(a) - Number(b)).pop();
  if (!v) throw new Error('no initdb under /usr/lib/postgresql/*/bin');
  return path.join(base, v, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function createDatabases(adminUrl: string, names: string[]): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    for (const n of names) {
      await c.query(`drop database if exists ${n}`);
      await c.query(`create database ${n}`);
    }
  } finally {
    await c.end();
  }
}
async function dropDatabases(adminUrl: string, names: string[]): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    for (const n of names) await c.query(`drop database if exists ${n} with (force)`);
  } finally {
    await c.end();
  }
}
async function cloneDatabase(adminUrl: string, from: string, to: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(`drop database if exists ${to} with (force)`);
    await c.query(`create database ${to} template ${from}`);
  } finally {
    await c.end();
  }
}
const withDb = (url: string, db: string) => {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
};

/** Start (or attach to) the PostgreSQL the benchmark uses. */
export async function startPostgres(): Promise<BenchPostgres> {
  const names = [`recova_bench_${process.pid}`, `recova_bench_${process.pid}_x`];
  const given = process.env.DATABASE_URL;
  if (given) {
    await createDatabases(given, names);
    return {
      url: withDb(given, names[0]), scratchUrl: withDb(given, names[1]), describe: 'PostgreSQL from DATABASE_URL (fresh databases)', slowPlans: () => [],
      cloneScratch: () => cloneDatabase(given, names[0], names[1]), stop: () => dropDatabases(given, names),
    };
  }
  const bin = pgBin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recova-bench-pg-'));
  const data = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    const full = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]] as const : [path.join(bin, cmd), args] as const;
    const r = spawnSync(full[0], [...full[1]], { encoding: 'utf8', cwd: dir });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  const port = await freePort();
  const log = path.join(dir, 'server.log');
  let started = false;
  const stop = async () => {
    if (started) {
      try { run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']); } catch { /* already down */ }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    // auto_explain logs the plan of every statement slower than 250 ms: the profile of a missed target
    const explain = fs.existsSync(path.join(bin, '..', 'lib', 'auto_explain.so'))
      ? ' -c shared_preload_libraries=auto_explain -c auto_explain.log_min_duration=250 -c auto_explain.log_analyze=on -c auto_explain.log_timing=off -c auto_explain.log_nested_statements=on'
      : '';
    const opts = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c shared_buffers=256MB -c max_wal_size=4GB${explain}`;
    run('pg_ctl', ['-D', data, '-l', log, '-o', opts, '-w', '-t', '60', 'start']);
    started = true;
    // lower the server's priority: it shares the machine with other work
    try {
      const pid = fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0];
      spawnSync('renice', ['-n', '19', '-p', pid]);
    } catch { /* best effort */ }
    const admin = `postgres://postgres@127.0.0.1:${port}/postgres`;
    await createDatabases(admin, names);
    const v = spawnSync(path.join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout.trim();
    const slowPlans = (n = 12) => {
      if (!fs.existsSync(log)) return [];
      const entries = fs.readFileSync(log, 'utf8').split(/\n(?=\S)/).filter((e) => e.includes('LOG:  duration:') && e.includes('plan:'));
      return entries
        .map((e) => ({ ms: Number(/duration: ([\d.]+) ms/.exec(e)?.[1] ?? 0), plan: e.slice(e.indexOf('duration:')).slice(0, 6000) }))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, n);
    };
    return { url: withDb(admin, names[0]), scratchUrl: withDb(admin, names[1]), describe: `${v}, temporary cluster on 127.0.0.1:${port}`, slowPlans, cloneScratch: () => cloneDatabase(admin, names[0], names[1]), stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
