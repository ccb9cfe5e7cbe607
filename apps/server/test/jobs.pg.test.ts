/**
 * The daily run on pg-boss (PostgreSQL only: this file runs in the PostgreSQL pass and is excluded from
 * the PGlite pass by vitest.config.ts — never skipped). Proves: the tick is scheduled at
 * RECOVA_DAILY_RUN_AT in the agency zone; a job delivered twice for a day runs once (the second sends
 * nothing); a handler crash mid-run is retried by pg-boss and completes without duplicates; a job whose
 * process died expires, is retried and resumes the day; stop() leaves no timer. Clock injected; pg-boss
 * polls every 0.5 s; no sleeps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DateTime } from 'luxon';
import { createTestContext, type TestContext } from './helpers/context.ts';
import { seedSmsPortfolio } from './helpers/daily-run-fixtures.ts';
import { withDatabase } from './helpers/templates.ts';
import { trackTimers } from './helpers/timers.ts';
import { PgBossQueue } from '../src/platform/jobs/pg-boss-queue.ts';
import { DAILY_RUN, DAILY_RUN_POLICY, DAILY_RUN_TICK, registerDailyRunJobs } from '../src/modules/daily-run/scheduler.ts';
import { runDaily } from '../src/modules/daily-run/daily-run.service.ts';
import type { Clock } from '../src/platform/clock.ts';

if (!process.env.DATABASE_URL) throw new Error('jobs.pg.test.ts needs DATABASE_URL (the PostgreSQL pass)');

let now = new Date('2024-06-10T01:29:00Z'); // 09:29 in Asia/Shanghai
const clock: Clock = { now: () => new Date(now), today: (z) => DateTime.fromJSDate(now).setZone(z).toISODate()! };
let ctx: TestContext;
let fx: Awaited<ReturnType<typeof seedSmsPortfolio>>;
let q: PgBossQueue;
let crashAt = 0;
let timers: ReturnType<typeof trackTimers>;
const run = (day: string) => ctx.db.selectFrom('daily_runs').select(['status', 'attempts', 'error']).where('run_day', '=', day).executeTakeFirst();

/** Wait until no job of ours is waiting, retrying or running (polls the table every 50 ms, at most 20 s). */
async function settle() {
  for (let i = 0; i < 400; i++) {
    const r = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name in (${DAILY_RUN}, ${DAILY_RUN_TICK}) and state in ('created', 'retry', 'active')`.execute(ctx.db);
    if (r.rows[0].n === 0) return;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('jobs did not settle in 20 s');
}
const jobsOf = async (day: string) => (await sql<{ state: string; retry_count: number; output: unknown }>`select state, retry_count, output from pgboss.job where name = ${DAILY_RUN} and data->>'day' = ${day} order by created_on`.execute(ctx.db)).rows;

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  fx = await seedSmsPortfolio(ctx, 4, '2024-05-01');
  const name = (await sql<{ d: string }>`select current_database() as d`.execute(ctx.db)).rows[0].d;
  timers = trackTimers(); // from before pg-boss starts
  q = new PgBossQueue(withDatabase(process.env.DATABASE_URL!, name), ctx.log, { pollingIntervalSeconds: 0.5, max: 2 });
  await q.start();
  await registerDailyRunJobs(ctx, q, {
    at: '09:30', policy: { retryLimit: 2, retryDelaySeconds: 0, retryBackoff: false },
    runOptions: () => ({ ...fx.deps(), chunk: 2, hooks: { beforeAction: (n) => { if (n === crashAt) { crashAt = 0; throw new Error(`crash at action ${n}`); } } } }),
  });
  await settle(); // the catch-up tick at start: 09:29, not due
});
afterAll(async () => {
  timers?.disable();
  await q?.stop();
  await ctx?.cleanup();
});

describe('daily run on pg-boss', () => {
  it('registers the tick at RECOVA_DAILY_RUN_AT in the agency zone, and the run queue with retries', async () => {
    expect(await q.schedules()).toEqual([{ name: DAILY_RUN_TICK, cron: '30 9 * * *', tz: 'Asia/Shanghai' }]);
    const queue = await q.boss.getQueue(DAILY_RUN);
    expect([queue?.policy, queue?.retryLimit, queue?.retryDelay, queue?.retryBackoff]).toEqual(['stately', 2, 0, false]);
    expect(DAILY_RUN_POLICY).toEqual({ retryLimit: 5, retryDelaySeconds: 60, retryBackoff: true, expireInSeconds: 1800 }); // production
    expect(await run('2024-06-10')).toBeUndefined(); // the start-up tick at 09:29 started nothing
  });

  it('a tick after the set time runs the day; the same day delivered twice runs once and sends nothing more', async () => {
    now = new Date('2024-06-10T01:30:00Z');
    await q.send(DAILY_RUN_TICK, {}, { singletonKey: 'tick' }); // what the cron sends at 09:30
    await settle();
    expect(await run('2024-06-10')).toEqual({ status: 'done', attempts: 1, error: null });
    expect(fx.sent.length).toBe(4);
    expect(await q.send(DAILY_RUN, { day: '2024-06-10' }, { singletonKey: '2024-06-10' })).not.toBeNull();
    await settle();
    expect(await run('2024-06-10')).toEqual({ status: 'done', attempts: 1, error: null });
    expect(fx.sent.length).toBe(4);
    expect((await jobsOf('2024-06-10')).map((j) => [j.state, (j.output as { skipped?: string }).skipped ?? null])).toEqual([['completed', null], ['completed', 'done']]);
  });

  it('a crash mid-run is retried by pg-boss and finishes without sending anything twice', async () => {
    now = new Date('2024-06-11T01:31:00Z');
    crashAt = 3;
    await q.send(DAILY_RUN, { day: '2024-06-11' }, { singletonKey: '2024-06-11' });
    await settle();
    expect(await run('2024-06-11')).toEqual({ status: 'done', attempts: 2, error: null });
    expect((await jobsOf('2024-06-11')).map((j) => [j.state, j.retry_count])).toEqual([['completed', 1]]);
    expect(fx.sent.length).toBe(8);
    expect(new Set(fx.sent).size).toBe(8);
  });

  it('a job whose process died expires, is retried and resumes the day after its cursor', async () => {
    now = new Date('2024-06-12T01:31:00Z');
    // the process ran the first chunk (2 cases), then died: its run stays 'running', its job 'active'
    await expect(runDaily(ctx, { day: '2024-06-12', trigger: 'schedule', ...fx.deps(), chunk: 2, hooks: { afterChunk: () => { throw new Error('killed'); } } })).rejects.toThrow('killed');
    await ctx.db.updateTable('daily_runs').set({ status: 'running', error: null, finished_at: null }).where('run_day', '=', '2024-06-12').execute();
    const id = await q.boss.send(DAILY_RUN, { day: '2024-06-12' }, { startAfter: 3600 }); // not fetched by our worker
    await sql`update pgboss.job set state = 'active', started_on = now() - interval '2 hours', start_after = now() - interval '2 hours' where id = ${id}`.execute(ctx.db);
    now = new Date('2024-06-12T01:45:00Z'); // its heartbeat is 14 min old: stale
    await q.boss.expire(); // pg-boss maintenance: the active job outlived its expiry
    await settle();
    expect(await run('2024-06-12')).toEqual({ status: 'done', attempts: 2, error: null });
    expect((await jobsOf('2024-06-12')).map((j) => [j.state, j.retry_count])).toEqual([['completed', 1]]);
    const snaps = await ctx.db.selectFrom('case_snapshots').select((eb) => eb.fn.countAll<number>().as('n')).where('day', '=', '2024-06-12').executeTakeFirstOrThrow();
    expect(Number(snaps.n)).toBe(4);
    expect(fx.sent.length).toBe(12);
    expect(new Set(fx.sent).size).toBe(12);
  });

  it('stop() closes pg-boss and leaves no timer', async () => {
    await q.stop();
    expect(await timers.alive(/pg-boss|platform\/jobs/)).toEqual([]); // its intervals, pollers and delays
    const pool = (q.boss.getDb() as unknown as { pool: { ended: boolean; totalCount: number } }).pool; // its own pg pool: closed
    expect([pool.ended, pool.totalCount]).toEqual([true, 0]);
  });
});
