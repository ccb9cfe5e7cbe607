/**
 * Daily run scenario (issue 7 table: "daily run: aging, snapshot, strategy evaluation, action enqueue" vs
 * "one set-based UPDATE of the same rows"), on the seeded bench database:
 * - `dailyRun`: activates {@link BENCH_STRATEGY} (segments by bucket/DPD: priority, follow-up,
 *   a visit request, an SMS reminder through the compliance gate and the messaging module's dispatcher to a local
 *   Twilio-compatible stub on 127.0.0.1 — the test helper `startSmsProvider`), then times the whole
 *   `runDaily` of {@link BENCH_DAY} and splits it, without touching the service, into
 *   (1) aging + snapshot + evaluation + enqueue (until the last chunk is committed: `hooks.afterChunk`),
 *   (2) the set-based direct actions (until the gate's first call), (3) the message actions one by one;
 * - `dailyRunBaseline`: one `UPDATE cases set client_dpd = …, client_bucket = case … end` of the same
 *   (active) rows, DPD and bucket computed in SQL from `overdue_date` as of the same day, in a
 *   transaction rolled back afterwards (the later scenarios see the imported data unchanged).
 * Both run in the same child, the baseline first (it warms the cache for the run).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../apps/server/src/db/schema.ts';
import { runDaily } from '../../apps/server/src/modules/daily-run/daily-run.service.ts';
import { attemptContact } from '../../apps/server/src/modules/contacts/contact-gate.ts';
import { createMessageDispatcher } from '../../apps/server/src/modules/messaging/dispatch.service.ts';
import { saveProvider } from '../../apps/server/src/modules/messaging/messaging-settings.service.ts';
import { createStrategy, setStrategyActive } from '../../apps/server/src/modules/strategy/strategy.service.ts';
import { fixedClock } from '../../apps/server/src/platform/clock.ts';
import type { Actor } from '../../apps/server/src/http/context.ts';
import type { AttemptContact } from '../../apps/server/src/modules/daily-run/ports.ts';
import type { Segment } from '../../packages/domain/src/strategy/strategy.ts';
import { startSmsProvider } from '../../apps/server/test/helpers/messaging-servers.ts';
import { openBenchContext, timed, type DbTarget } from '../lib/common.ts';

/** The day run: after the bench history (contacts until late November), 10:00 in Beijing. */
export const BENCH_DAY = '2026-12-01';
const CLOCK = '2026-12-01T02:00:00Z';
const SID = 'AC00000000000000000000000000bench';
const TOKEN = 'bench-sms-token';

/**
 * A collection strategy as an agency would write it, for the bench portfolio as it stands on
 * {@link BENCH_DAY} (placed 2026-10-08: DPD 31–90 29 %, 91–180 41 %, over 180 30 %): early cases get
 * follow-ups (with a 20 % challenger arm), the small early balances an SMS reminder as well (where a
 * reminder pays; large ones are called) — about 3 % of the cases —, later ones priority, the latest a
 * field visit request.
 */
export const BENCH_STRATEGY: Segment[] = [
  { id: 'early-small', name: 'DPD ≤ 90, under ¥3,000', when: [{ field: 'dpd', op: 'lte', value: 90 }, { field: 'outstanding', op: 'lt', value: 300_000 }],
    actions: [{ type: 'send_sms', template: 'reminder' }, { type: 'schedule_followup', inDays: 3 }, { type: 'set_priority', priority: 20 }] },
  { id: 'early', name: 'DPD ≤ 90', when: [{ field: 'dpd', op: 'lte', value: 90 }], actions: [{ type: 'schedule_followup', inDays: 1 }, { type: 'set_priority', priority: 40 }],
    challenger: { percent: 20, actions: [{ type: 'schedule_followup', inDays: 0 }, { type: 'set_priority', priority: 50 }] } },
  { id: 'mid', name: 'DPD 91–180', when: [{ field: 'dpd', op: 'between', value: [91, 180] }], actions: [{ type: 'set_priority', priority: 60 }, { type: 'schedule_followup', inDays: 2 }] },
  { id: 'late', name: 'DPD over 180', when: [{ field: 'dpd', op: 'gt', value: 180 }], actions: [{ type: 'set_priority', priority: 80 }, { type: 'request_visit' }] },
];

export interface DailyRunFigures {
  cases: number;
  /** whole runDaily, ms */
  ms: number;
  /** phases: aging+snapshot+evaluate+enqueue, direct actions (set-based), message actions (one by one) */
  enqueueMs: number;
  directMs: number;
  messagesMs: number;
  executed: { done: number; blocked: number; failed: number; pending: number };
  actions: Record<string, number>;
  snapshots: number;
  smsSent: number;
  gateCalls: number;
  baseline: { ms: number; rows: number };
}

/** Run the bench strategy's day on the seeded database (baseline first, same child). */
export async function dailyRun(a: { target: DbTarget }): Promise<DailyRunFigures> {
  const ctx = await openBenchContext(a.target, fixedClock(CLOCK));
  const sms = await startSmsProvider(SID, TOKEN);
  try {
    const baseline = await dailyRunBaseline(ctx.db);
    await saveProvider(ctx, null, 'sms', { kind: 'twilio', baseUrl: sms.url, accountSid: SID, from: '+8610690000', authToken: TOKEN });
    const actor = { id: 0 } as Actor; // the system (created_by null)
    const s = await createStrategy(ctx, actor, { name: 'bench strategy', clientId: null, segments: BENCH_STRATEGY } as never);
    await setStrategyActive(ctx, actor, s.id, true);
    let enqueued = 0;
    let firstGate = 0;
    let gateCalls = 0;
    const gate: AttemptContact = (...args) => {
      gateCalls++;
      firstGate ||= performance.now();
      return attemptContact(...args);
    };
    const t0 = performance.now();
    const r = await runDaily(ctx, { day: BENCH_DAY, trigger: 'cli', attemptContact: gate, dispatcher: createMessageDispatcher(ctx), hooks: { afterChunk: () => void (enqueued = performance.now()) } });
    const t3 = performance.now();
    const t1 = enqueued || t0, t2 = firstGate || t3;
    const actions = Object.fromEntries((await sql<{ k: string; n: number }>`select action_type || ':' || status as k, count(*)::int as n from strategy_actions where run_day = ${BENCH_DAY} group by 1 order by 1`.execute(ctx.db)).rows.map((x) => [x.k, x.n]));
    const snapshots = (await sql<{ n: number }>`select count(*)::int as n from case_snapshots where day = ${BENCH_DAY}`.execute(ctx.db)).rows[0].n;
    return { cases: r.casesAged, ms: t3 - t0, enqueueMs: t1 - t0, directMs: t2 - t1, messagesMs: t3 - t2, executed: r.executed, actions, snapshots, smsSent: sms.calls.length, gateCalls, baseline };
  } finally {
    await sms.close();
    await ctx.database.close();
  }
}

/**
 * The baseline: DPD and bucket of every active case as of {@link BENCH_DAY}, computed and written by one
 * set-based UPDATE (same buckets as the domain's default: M0, M1 1–30 … M6 151–180, M7+), rolled back.
 */
export async function dailyRunBaseline(db: Kysely<DB>): Promise<{ ms: number; rows: number }> {
  const day = BENCH_DAY;
  let out = { ms: 0, rows: 0 };
  await db.transaction().execute(async (tx) => {
    const { ms, value } = await timed(() => sql`update cases set
        client_dpd = greatest(0, ${day}::date - overdue_date),
        client_bucket = case when overdue_date is null or ${day}::date - overdue_date <= 0 then 'M0'
          when ${day}::date - overdue_date <= 30 then 'M1' when ${day}::date - overdue_date <= 60 then 'M2' when ${day}::date - overdue_date <= 90 then 'M3'
          when ${day}::date - overdue_date <= 120 then 'M4' when ${day}::date - overdue_date <= 150 then 'M5' when ${day}::date - overdue_date <= 180 then 'M6' else 'M7+' end
      where status = 'active'`.execute(tx));
    out = { ms, rows: Number(value.numAffectedRows ?? 0) };
    throw ROLLBACK;
  }).catch((e) => {
    if (e !== ROLLBACK) throw e;
  });
  return out;
}
const ROLLBACK = new Error('bench baseline: roll back');
