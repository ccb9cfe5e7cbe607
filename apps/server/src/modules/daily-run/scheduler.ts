/**
 * Scheduling of the daily run through the job-queue port (ADR 0008, revised in session 6). Two jobs:
 * - `daily_run_tick` — scheduled at RECOVA_DAILY_RUN_AT (cron `M H * * *` in the agency zone; `off`:
 *   no schedule) and sent once at start (catch-up after downtime). It asks {@link dueDay} whether today's
 *   run (agency zone, `ctx.clock`) is due and, if so, sends `daily_run { day }` keyed by the day.
 *   On pg-boss it fires once a day at the set time; on the in-process queue (PGlite) it is polled every
 *   minute, which is the session-5 scheduler's behaviour.
 * - `daily_run { day }` — runs (or resumes) the day with `runDaily`. The `daily_runs` row is the
 *   idempotency and resume record: a day already done is skipped (a duplicate delivery or a retry after
 *   success sends nothing), a failed or interrupted day resumes after its cursor, and messages are
 *   idempotent at the compliance gate. On pg-boss a failed job is retried with back-off
 *   ({@link DAILY_RUN_POLICY}) and a job whose process died expires and is retried.
 */
import { DateTime } from 'luxon';
import type { AppContext } from '../../http/context.ts';
import type { JobQueue, QueuePolicy } from '../../platform/jobs/job-queue.ts';
import { runDaily, STALE_AFTER_MS, type RunOptions, type RunResult } from './daily-run.service.ts';
import { defaultDeps } from './daily-run.wiring.ts';

export const DAILY_RUN_TICK = 'daily_run_tick';
export const DAILY_RUN = 'daily_run';

/**
 * Retries of a failed `daily_run` job on pg-boss: 5, after 1, 2, 4, 8, 16 min. A job running longer than
 * 30 min is taken as dead (its process died) and retried: the retry resumes after the cursor once the
 * run's heartbeat is stale (10 min), or answers RUN_IN_PROGRESS (retried later) while a live run goes on.
 */
export const DAILY_RUN_POLICY: QueuePolicy = { retryLimit: 5, retryDelaySeconds: 60, retryBackoff: true, expireInSeconds: 30 * 60 };

export interface SchedulerOptions {
  /** agency-time HH:MM or 'off' (RECOVA_DAILY_RUN_AT, default 06:00) */
  at?: string;
  /** attempts after which a failed day is no longer started by the tick (default 3) */
  maxAttempts?: number;
  /** overrides of the `daily_run` policy (tests) */
  policy?: QueuePolicy;
  /** extra run options (tests: a recording dispatcher, crash hooks) */
  runOptions?: () => Partial<RunOptions>;
}

/** The cron of an agency-time HH:MM: minute hour every day ('06:00' → '0 6 * * *'). */
export function dailyCron(at: string): string {
  const [h, m] = at.split(':').map(Number);
  return `${m} ${h} * * *`;
}

/**
 * Whether the run of today should start now: after `at` local time, and the day's run is missing,
 * failed (fewer than `maxAttempts` tries) or interrupted (running with a stale heartbeat).
 */
export async function dueDay(ctx: AppContext, at = '06:00', maxAttempts = 3): Promise<string | null> {
  const zone = ctx.config.timezone;
  const now = DateTime.fromJSDate(ctx.clock.now()).setZone(zone);
  const [h, m] = at.split(':').map(Number);
  if (now < now.set({ hour: h, minute: m, second: 0, millisecond: 0 })) return null;
  const day = now.toISODate()!;
  const row = await ctx.db.selectFrom('daily_runs').select(['status', 'attempts', 'heartbeat_at']).where('run_day', '=', day).executeTakeFirst();
  if (!row) return day;
  if (row.status === 'failed') return row.attempts < maxAttempts ? day : null;
  if (row.status === 'running') return ctx.clock.now().getTime() - new Date(row.heartbeat_at ?? 0).getTime() >= STALE_AFTER_MS ? day : null;
  return null;
}

/**
 * The `daily_run` handler: skip a day already done, else run or resume it. Throws what `runDaily`
 * throws (RUN_IN_PROGRESS while another process runs the day; the run's own error), so the queue retries.
 */
export async function runDailyJob(ctx: AppContext, day: string, extra: Partial<RunOptions> = {}): Promise<{ day: string; skipped?: 'done'; result?: RunResult }> {
  const row = await ctx.db.selectFrom('daily_runs').select('status').where('run_day', '=', day).executeTakeFirst();
  if (row?.status === 'done') return { day, skipped: 'done' };
  const result = await runDaily(ctx, { day, trigger: 'schedule', ...defaultDeps(), ...extra });
  ctx.log.info({ day, cases: result.casesAged, ...result.executed }, 'daily run finished');
  return { day, result };
}

/**
 * Register the daily run's jobs on a started queue: the workers, the schedule (or its removal when
 * `at` is 'off'), and one catch-up tick.
 */
export async function registerDailyRunJobs(ctx: AppContext, queue: JobQueue, o: SchedulerOptions = {}): Promise<void> {
  const at = o.at ?? '06:00';
  await queue.work<{ day: string }>(DAILY_RUN, (job) => runDailyJob(ctx, job.data.day, o.runOptions?.()), { ...DAILY_RUN_POLICY, ...o.policy });
  if (at === 'off') {
    await queue.unschedule(DAILY_RUN_TICK);
    return;
  }
  await queue.work(DAILY_RUN_TICK, async () => {
    const day = await dueDay(ctx, at, o.maxAttempts);
    return { day, sent: day ? await queue.send(DAILY_RUN, { day }, { singletonKey: day }) : null };
  });
  await queue.schedule(DAILY_RUN_TICK, dailyCron(at), ctx.config.timezone);
  await queue.send(DAILY_RUN_TICK, {}, { singletonKey: 'tick' });
}
