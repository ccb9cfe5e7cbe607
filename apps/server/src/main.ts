/**
 * Composition root: config → database (+ migrations) → context → first admin → HTTP.
 */
import { setMessageDispatcher } from './modules/daily-run/daily-run.wiring.ts';
import { createMessageDispatcher } from './modules/messaging/dispatch.service.ts';
import type { Config } from './platform/config.ts';
import { createLogger } from './platform/logger.ts';
import { fileClock, systemClock, type Clock } from './platform/clock.ts';
import { openDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import type { AppContext } from './http/context.ts';
import { buildApp } from './http/app.ts';
import { ensureAdmin } from './modules/users/users.service.ts';
import { recoverInterruptedImports } from './modules/imports/import.run.ts';
import { sealLegacyAuditRows, setAuditLogger } from './modules/audit/audit.ts';
import { PiiCipher } from './platform/crypto.ts';
import { loadKeyring } from './platform/keyring.ts';
import { assertKeyringReadsData, encryptLegacyPlaintext } from './modules/security/pii-legacy.ts';
import { registerDailyRunJobs } from './modules/daily-run/scheduler.ts';
import { createJobQueue } from './platform/jobs/index.ts';

/** Open the database, run migrations and build the service context (used by `serve` and every CLI command). */
export async function createContext(config: Config, clock: Clock = systemClock): Promise<AppContext> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await startContext(config, clock, database);
  } catch (e) {
    await database.close(); // e.g. a key ring that cannot read the data: do not leave the pool (or PGlite) open
    throw e;
  }
}

async function startContext(config: Config, clock: Clock, database: Awaited<ReturnType<typeof openDatabase>>): Promise<AppContext> {
  await migrate(database.db);
  const log = createLogger(config.logLevel);
  const { ring, source } = loadKeyring(config);
  // the path only, never a key
  if (source.kind === 'file' && source.created) log.warn({ keyFile: source.path }, 'created a new data-encryption key file: back it up apart from the database; without it encrypted data cannot be read');
  if (config.clockFile && clock === systemClock) {
    clock = fileClock(config.clockFile);
    log.warn({ clockFile: config.clockFile, now: clock.now().toISOString() }, 'RECOVA_CLOCK_FILE is set: the server runs on a test clock (never in production)');
  }
  const ctx: AppContext = { db: database.db, database, config, clock, log, pii: new PiiCipher(ring) };
  setAuditLogger(ctx.log);
  setMessageDispatcher(createMessageDispatcher(ctx)); // the daily run's strategy messages (daily-run.wiring.ts)
  await sealLegacyAuditRows(ctx.db); // rows written before the audit chain existed (0004_audit.sql)
  await assertKeyringReadsData(ctx.db, ctx.pii);
  await recoverInterruptedImports(ctx);
  const converted = await encryptLegacyPlaintext(ctx);
  if (converted) log.info({ values: converted }, 'encrypted personal data stored before encryption at rest');
  return ctx;
}

export async function serve(config: Config, port: number, host = '127.0.0.1') {
  const ctx = await createContext(config);
  const admin = await ensureAdmin(ctx);
  if (admin) {
    if (admin.password) process.stdout.write(`\nAdministrator created — username: ${admin.username}  password: ${admin.password}\n(shown once; change it after logging in)\n\n`);
    else process.stdout.write(`\nAdministrator created — username: ${admin.username} (password from RECOVA_ADMIN_PASSWORD)\n\n`);
  }
  const app = await buildApp(ctx, { serveWeb: true });
  await app.listen({ port, host });
  // background jobs (ADR 0008): pg-boss on PostgreSQL, the in-process queue on PGlite; started when a job
  // kind is enabled — today the scheduled daily strategy run (RECOVA_DAILY_RUN_AT, 'off' disables it)
  const jobs = config.dailyRunAt === 'off' ? null : await createJobQueue(config.databaseUrl, ctx.log);
  if (jobs) {
    await jobs.start();
    await registerDailyRunJobs(ctx, jobs, { at: config.dailyRunAt });
  }
  // the port actually bound: `--port 0` lets the OS pick a free one (the browser tests start several servers at once)
  const bound = app.server.address();
  const listening = bound && typeof bound === 'object' ? bound.port : port;
  process.stdout.write(`Recova is running on http://localhost:${listening} (database: ${ctx.database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'})\n`);
  const stop = async () => {
    // never hang on shutdown: in-flight requests get 5 s
    setTimeout(() => process.exit(1), 5000).unref();
    await app.close();
    await jobs?.stop().catch((e) => ctx.log.error({ err: (e as Error).message }, 'job queue stop failed'));
    await ctx.database.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return { app, ctx };
}
