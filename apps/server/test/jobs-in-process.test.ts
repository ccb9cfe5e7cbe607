/**
 * The daily run on the in-process job queue (the embedded default, ADR 0008): the tick is polled, starts
 * the day once after RECOVA_DAILY_RUN_AT in the agency zone, retries a crashed run without sending twice,
 * skips a duplicate delivery, and stop() leaves no timer behind. The clock is injected; no sleeps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers/context.ts';
import { seedSmsPortfolio } from './helpers/daily-run-fixtures.ts';
import { trackTimers } from './helpers/timers.ts';
import { InProcessQueue } from '../src/platform/jobs/in-process-queue.ts';
import { DAILY_RUN, DAILY_RUN_TICK, registerDailyRunJobs } from '../src/modules/daily-run/scheduler.ts';
import type { Clock } from '../src/platform/clock.ts';
import { DateTime } from 'luxon';

let now = new Date('2024-06-10T01:29:00Z'); // 09:29 in Asia/Shanghai
const clock: Clock = { now: () => new Date(now), today: (z) => DateTime.fromJSDate(now).setZone(z).toISODate()! };
let ctx: TestContext;
let fx: Awaited<ReturnType<typeof seedSmsPortfolio>>;
let crashAt = 0;
const run = (day: string) => ctx.db.selectFrom('daily_runs').select(['status', 'attempts', 'error']).where('run_day', '=', day).executeTakeFirst();

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  fx = await seedSmsPortfolio(ctx, 4, '2024-05-01');
});
afterAll(async () => ctx.cleanup());

describe('in-process job queue', () => {
  it('schedules the tick, runs the day once after the set agency time, retries a crash and skips duplicates; stop leaves no timer', async () => {
    const timers = trackTimers();
    const q = new InProcessQueue(ctx.log, { everyMs: 3_600_000 });
    await q.start();
    await registerDailyRunJobs(ctx, q, { at: '09:30', runOptions: () => ({ ...fx.deps(), hooks: { beforeAction: (n) => { if (n === crashAt) throw new Error(`crash at action ${n}`); } } }) });
    expect(await q.schedules()).toEqual([{ name: DAILY_RUN_TICK, cron: '30 9 * * *', tz: 'Asia/Shanghai' }]);
    await q.idle(); // the catch-up tick at start: 09:29, not due
    expect(await run('2024-06-10')).toBeUndefined();

    now = new Date('2024-06-10T01:30:00Z'); // 09:30 Shanghai
    await q.poll();
    await q.idle();
    expect(await run('2024-06-10')).toEqual({ status: 'done', attempts: 1, error: null });
    expect(fx.sent.length).toBe(4);
    await q.poll(); // due no more
    await q.send(DAILY_RUN, { day: '2024-06-10' }, { singletonKey: '2024-06-10' }); // a duplicate delivery
    await q.idle();
    expect((await run('2024-06-10'))!.attempts).toBe(1);
    expect(fx.sent.length).toBe(4);

    // next day: the run crashes after its 2nd message; the next poll resumes it and sends the rest once
    now = new Date('2024-06-11T01:31:00Z');
    crashAt = 3;
    await q.poll();
    await q.idle();
    expect(await run('2024-06-11')).toEqual({ status: 'failed', attempts: 1, error: 'crash at action 3' });
    expect(fx.sent.length).toBe(6);
    crashAt = 0;
    await q.poll();
    await q.idle();
    expect(await run('2024-06-11')).toEqual({ status: 'done', attempts: 2, error: null });
    expect(fx.sent.length).toBe(8);
    expect(new Set(fx.sent).size).toBe(8); // every contact record dispatched once

    await q.stop();
    expect(await timers.alive(/platform\/jobs/)).toEqual([]);
    timers.disable();
  });

  it("'off' registers no schedule", async () => {
    const q = new InProcessQueue(ctx.log);
    await q.start();
    await registerDailyRunJobs(ctx, q, { at: 'off' });
    expect(await q.schedules()).toEqual([]);
    await q.stop();
  });
});
