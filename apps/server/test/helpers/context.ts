/**
 * A fresh, migrated database and service context per test file, on PGlite by default or on
 * PostgreSQL when DATABASE_URL is set (CI runs the suite both ways).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { fixedClock, type Clock } from '../../src/platform/clock.ts';
import type { Config } from '../../src/platform/config.ts';
import type { AppContext } from '../../src/http/context.ts';
import { PiiCipher, type Keyring } from '../../src/platform/crypto.ts';

/** A fixed key ring for tests (never used outside tests): one key, id `ktest1`. */
export const TEST_KEYRING: Keyring = { current: 'ktest1', keys: { ktest1: Buffer.alloc(32, 7).toString('base64') } };
import { pgAdmin, pgliteTemplateDir, pgTemplateName, withDatabase } from './templates.ts';

/**
 * Where test databases are copied to: RAM-backed /dev/shm when it is there with room to spare (a copied
 * PGlite folder is ~40 MB in ~1,300 files; on a disk with `discard` deleting them alone took seconds per
 * file under load), else the OS temp folder. Each folder is removed by its cleanup().
 */
function testTmpRoot(): string {
  try {
    const s = fs.statfsSync('/dev/shm');
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    if (s.bavail * s.bsize > 2 * 1024 ** 3) return '/dev/shm';
  } catch {
    /* no /dev/shm here */
  }
  return os.tmpdir();
}
const TMP_ROOT = testTmpRoot();

export interface TestContext extends AppContext {
  cleanup(): Promise<void>;
  tmp: string;
}

export async function createTestContext(opts: { clock?: Clock } = {}): Promise<TestContext> {
  const tmp = fs.mkdtempSync(path.join(TMP_ROOT, 'recova-test-'));
  const url = process.env.DATABASE_URL;
  let database;
  let dropDb: (() => Promise<void>) | null = null;
  if (url) {
    const name = `recova_t_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
    await pgAdmin(url, (c) => c.query(`create database ${name} template ${pgTemplateName()}`));
    database = await openDatabase({ databaseUrl: withDatabase(url, name) });
    dropDb = () => pgAdmin(url, (c) => c.query(`drop database if exists ${name} with (force)`)).then(() => {});
  } else {
    const dir = path.join(tmp, 'db');
    fs.cpSync(pgliteTemplateDir(), dir, { recursive: true });
    database = await openDatabase({ dataDir: dir });
  }
  await migrate(database.db); // no-op unless a migration was added after the template was built
  const config: Config = {
    databaseUrl: url, dataDir: tmp, uploadDir: path.join(tmp, 'uploads'), adminUser: 'admin', adminPassword: 'Sesame-Open-2024',
    timezone: 'Asia/Shanghai', logLevel: 'silent', maxUploadBytes: 50 * 1024 * 1024,
  };
  const ctx: AppContext = { db: database.db, database, config, clock: opts.clock ?? fixedClock('2024-06-01T02:00:00Z'), log: createLogger('silent'), pii: new PiiCipher(TEST_KEYRING) };
  return {
    ...ctx,
    tmp,
    async cleanup() {
      await database.close();
      if (dropDb) await dropDb();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

export const SAMPLES = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../../../shared/samples');

/**
 * A fresh migrated database for a child process (CLI tests): PGlite folder args or a DATABASE_URL.
 */
export async function createTestDatabaseLocation(): Promise<{ args: string[]; env: Record<string, string>; tmp: string; cleanup(): Promise<void> }> {
  const tmp = fs.mkdtempSync(path.join(TMP_ROOT, 'recova-cli-'));
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `recova_c_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
    await pgAdmin(url, (c) => c.query(`create database ${name} template ${pgTemplateName()}`));
    return {
      args: [],
      env: { DATABASE_URL: withDatabase(url, name), RECOVA_DATA_DIR: tmp },
      tmp,
      cleanup: async () => {
        await pgAdmin(url, async (c) => {
          // commands run in this process (helpers/cli.ts) have just ended their pool: let those sessions finish
          // closing rather than kill them (a killed session surfaces here as an unhandled 57P01 error); ≤ 5 s
          for (let i = 0; i < 100; i++) {
            if (!(await c.query('select 1 from pg_stat_activity where datname = $1', [name])).rowCount) break;
            await new Promise((r) => setTimeout(r, 50));
          }
          await c.query(`drop database if exists ${name} with (force)`);
        });
        fs.rmSync(tmp, { recursive: true, force: true });
      },
    };
  }
  fs.cpSync(pgliteTemplateDir(), tmp, { recursive: true }); // the template is a data dir: PGlite lives in its pglite/ folder
  return { args: ['--data-dir', tmp], env: {}, tmp, cleanup: async () => fs.rmSync(tmp, { recursive: true, force: true }) };
}
