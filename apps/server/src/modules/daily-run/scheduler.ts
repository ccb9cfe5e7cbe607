/**
 * In-process scheduler of the daily run (ADR 0008): every minute it checks whether today's run (agency
 * zone, `ctx.clock`) is due — local time at or after `at` (default 06:00) and no finished run for the day —
 * and starts it. The durable state is the `daily_runs` row: a run interrupted by a crash or restart is
 * resumed at the next tick (after its heartbeat goes stale); a failed run is retried up to `maxAttempts`.
 */
import { DateTime } from 'luxon';
import type { AppContext } from '../../http/context.ts';
import { runDaily, STALE_AFTER_MS } from './daily-run.service.ts';
import { defaultDeps } from './daily-run.wiring.ts';

export interface SchedulerOptions { at?: string; everyMs?: number; maxAttempts?: number }

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

/** Start the scheduler; returns a stop function. Errors are logged, never thrown. */
export function startDailyScheduler(ctx: AppContext, o: SchedulerOptions = {}): () => void {
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const day = await dueDay(ctx, o.at, o.maxAttempts);
      if (day) {
        const r = await runDaily(ctx, { day, trigger: 'schedule', ...defaultDeps() });
        ctx.log.info({ day, cases: r.casesAged, ...r.executed }, 'daily run finished');
      }
    } catch (e) {
      ctx.log.error({ err: (e as Error).message }, 'daily run failed');
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(tick, o.everyMs ?? 60_000);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
