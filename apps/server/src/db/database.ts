/**
 * Opens the database: real PostgreSQL when `databaseUrl` is set, otherwise embedded PGlite
 * (PostgreSQL compiled to WASM) in `<dataDir>/pglite`. Both are driven through node-postgres and
 * Kysely's PostgresDialect, so every query and migration is the same SQL (kept within PostgreSQL 15,
 * Debian's version; PGlite is 18).
 *
 * Facts designed for (design.md §2): PGlite runs queries on Node's main thread and has one
 * connection (pool size 1); two processes must not open one data folder, so we take a lock file.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { DB } from './schema.ts';

/**
 * The one conversion of an int8 (bigint: money in minor units, counts) from its text to a JS number: exact
 * up to 2^53 minor units (90 trillion yuan). Larger values come out as unsafe integers, which the domain's
 * money checks (`Number.isSafeInteger`) refuse. Used by the driver for int8 columns and by readers of int8
 * values sent as text inside JSON (never let JSON.parse read money as a float).
 */
export function int8FromText(v: string): number {
  return Number(v);
}
pg.types.setTypeParser(20, int8FromText);
// date as the plain 'YYYY-MM-DD' string: a calendar date has no time zone and must not become a JS Date.
pg.types.setTypeParser(1082, (v) => v);

export interface Database {
  db: Kysely<DB>;
  kind: 'pglite' | 'postgres';
  /** raw pool, for COPY and other driver-level work */
  pool: pg.Pool;
  /**
   * Bulk load: run `copy <table> (<columns>) from stdin …` with `data` (the COPY text or CSV, UTF-8) as its
   * input, outside any transaction. PostgreSQL: pg-copy-streams on a pool connection; PGlite: its
   * `/dev/blob` COPY (design.md §2: pg-copy-streams crashes PGlite). `statement` must say `from stdin`.
   */
  copyFrom(statement: string, data: string | Buffer): Promise<void>;
  close(): Promise<void>;
}

export class DataDirLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(`data folder ${dir} is in use by process ${pid}; stop it first (two processes must not open one embedded database)`);
  }
}

function takeLock(dir: string): () => void {
  const lockPath = path.join(dir, 'recova.lock');
  try {
    const pid = Number(fs.readFileSync(lockPath, 'utf8'));
    if (pid && pid !== process.pid) {
      try {
        process.kill(pid, 0);
        throw new DataDirLockedError(dir, pid);
      } catch (e) {
        if (e instanceof DataDirLockedError) throw e; // alive
        // ESRCH: stale lock from a dead process — take it over
      }
    }
  } catch (e) {
    if (e instanceof DataDirLockedError) throw e;
  }
  fs.writeFileSync(lockPath, String(process.pid));
  return () => {
    try {
      if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.unlinkSync(lockPath);
    } catch {
      /* already gone */
    }
  };
}

/** Open PGlite (`dataDir` folder, or `memory://` for tests) or PostgreSQL (`databaseUrl`). */
export async function openDatabase(opts: { databaseUrl?: string; dataDir?: string }): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    await sql`select 1`.execute(db);
    const copyFrom = async (statement: string, data: string | Buffer) => {
      const client = await pool.connect();
      try {
        await new Promise<void>((resolve, reject) => {
          const stream = client.query(copyFromStdin(statement));
          stream.on('finish', () => resolve());
          stream.on('error', reject);
          stream.end(data);
        });
        client.release();
      } catch (e) {
        // a connection whose COPY failed is not handed out again
        client.release(e as Error);
        throw e;
      }
    };
    return { db, kind: 'postgres', pool, copyFrom, close: () => db.destroy() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  let release = () => {};
  let pglite;
  if (!opts.dataDir || opts.dataDir === 'memory://') {
    pglite = await PGlite.create();
  } else {
    fs.mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
    fs.chmodSync(opts.dataDir, 0o700); // the database, key file and uploaded client files: owner only
    release = takeLock(opts.dataDir);
    pglite = await PGlite.create(path.join(opts.dataDir, 'pglite'));
  }
  const pool = new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'pglite',
    pool,
    copyFrom: async (statement: string, data: string | Buffer) => {
      const target = statement.replace(/\bfrom\s+stdin\b/i, "from '/dev/blob'");
      if (target === statement) throw new Error('copyFrom: the statement must read from stdin');
      // PGlite has one session: hold the pool's only connection meanwhile, so the COPY never runs
      // inside another caller's open transaction
      const client = await pool.connect();
      try {
        await pglite.query(target, [], { blob: new Blob([typeof data === 'string' ? data : new Uint8Array(data)]) });
      } finally {
        client.release();
      }
    },
    close: async () => {
      await db.destroy();
      await pglite.close();
      release();
    },
  };
}
