/**
 * `/api/daily-runs`: start a run on demand (strategy.manage; RUN_IN_PROGRESS while that day's run goes on)
 * and list runs (strategy.manage, reports.read or cases.read); `/api/strategy-report` compares
 * champion and challenger arms (reports.read, scoped to the caller's cases).
 */
import { addDays } from '@recova/domain/time/dates';
import { z } from 'zod';
import { RunDayBody, StrategyReportQuery, type DailyRunInfo } from '@recova/contracts';
import type { AppContext } from '../../http/context.ts';
import type { DefineRoute } from '../../http/route.ts';
import { AppError, parseInput } from '../../http/errors.ts';
import { actionCounts, isRunning, runDaily, STALE_AFTER_MS } from './daily-run.service.ts';
import { defaultDeps } from './daily-run.wiring.ts';
import { armReport } from './arm-report.ts';
import { assertStrategyReader } from '../strategy/strategy.routes.ts';

const StartBody = RunDayBody.extend({ wait: z.boolean().optional() });
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** The most recent runs (default 30), newest day first, with outbox counts. */
export async function listRuns(ctx: AppContext, limit = 30): Promise<DailyRunInfo[]> {
  const rows = await ctx.db.selectFrom('daily_runs').selectAll().orderBy('run_day', 'desc').limit(limit).execute();
  return Promise.all(rows.map(async (r) => {
    const snaps = await ctx.db.selectFrom('case_snapshots').select((eb) => eb.fn.countAll<number>().as('n')).where('day', '=', r.run_day).executeTakeFirstOrThrow();
    return { id: r.id, runDay: r.run_day, status: r.status as DailyRunInfo['status'], trigger: r.trigger, startedAt: iso(r.started_at)!, finishedAt: iso(r.finished_at),
      casesAged: r.cases_aged, snapshots: Number(snaps.n), actions: await actionCounts(ctx.db, r.run_day), attempts: r.attempts, error: r.error };
  }));
}

/** How far back a daily run may be started by hand (days). */
const MAX_PAST_DAYS = 31;

/**
 * A run by hand (API or `recova daily-run`) runs real actions now: only a recent day (a re-run or a missed
 * one: today-31 … today+1), never a far past or future one — a run "for 2099" would age cases to projected
 * DPDs and act on them today, one for 2025 would write snapshots of history that never was.
 * VALIDATION_FAILED (field `date`) otherwise. Dry runs take any date.
 */
export function assertManualRunDay(day: string, today: string): void {
  if (day < addDays(today, -MAX_PAST_DAYS) || day > addDays(today, 1)) {
    throw new AppError('VALIDATION_FAILED', `a daily run may be started for ${addDays(today, -MAX_PAST_DAYS)} … ${addDays(today, 1)} only`, [{ field: 'date', value: day, reason: 'out of range' }]);
  }
}

export function dailyRunRoutes(route: DefineRoute, ctx: AppContext) {
  route('GET', '/api/daily-runs', 'authenticated', async (_req, _reply, actor) => {
    assertStrategyReader(actor);
    return { items: await listRuns(ctx) };
  });
  route('POST', '/api/daily-runs', 'strategy.manage', async (req, reply, actor) => {
    const body = parseInput(StartBody, req.body ?? {});
    const today = ctx.clock.today(ctx.config.timezone);
    const day = body.date ?? today;
    assertManualRunDay(day, today);
    const row = await ctx.db.selectFrom('daily_runs').select(['status', 'heartbeat_at']).where('run_day', '=', day).executeTakeFirst();
    const fresh = row?.status === 'running' && ctx.clock.now().getTime() - new Date(row.heartbeat_at ?? 0).getTime() < STALE_AFTER_MS;
    if (isRunning(ctx.db, day) || fresh) throw new AppError('RUN_IN_PROGRESS', `the run of ${day} is in progress`);
    const run = runDaily(ctx, { day, trigger: 'manual', userId: actor.id, ...defaultDeps() });
    if (body.wait) {
      const r = await run;
      return { id: r.id, day, status: 'done', casesAged: r.casesAged, executed: r.executed };
    }
    run.catch((e) => ctx.log.error({ day, err: (e as Error).message }, 'daily run failed'));
    reply.code(202);
    return { day, status: 'running' };
  });
  route('GET', '/api/strategy-report', 'reports.read', async (req, _reply, actor) => ({ items: await armReport(ctx, actor, parseInput(StrategyReportQuery, req.query)) }));
}
