/**
 * The daily run (issue 6) for one day in the agency's zone: age every active case, write its daily
 * snapshot, evaluate the strategy that applies (the client's active one, else the default), enqueue the
 * actions into the `strategy_actions` outbox, then execute the pending ones.
 *
 * Durability and idempotency: the `daily_runs` row is the job record (one per day). Phase 1 works in
 * chunks of cases (keyset on id); each chunk's snapshots and actions are bulk-inserted with
 * `on conflict do nothing` and the run's cursor moves in the same transaction, so a crash loses at most
 * the chunk in flight and a rerun continues after the cursor. Phase 2 executes the direct actions
 * set-based in one transaction, then the message actions one by one (each marked on its own; messages
 * are idempotent by their key at the gate). Running a
 * day twice inserts nothing twice and sends nothing twice.
 */
import { refreshPromises } from '../payments/promises.service.ts';
import { sql, type Kysely } from 'kysely';
import { DateTime } from 'luxon';
import { evaluateCase, type Strategy } from '@recova/domain/strategy/strategy';
import { actionKey, actionParam } from '@recova/domain/strategy/actions';
import type { DB, CaseSnapshotsTable, StrategyActionsTable } from '../../db/schema.ts';
import type { Insertable } from 'kysely';
import type { AppContext } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { audit } from '../audit/audit.ts';
import { activeStrategies } from '../strategy/strategy.service.ts';
import { allFacts, type CaseRow } from './facts.ts';
import { executeAction, executeDirectActions, type ExecDeps, type PendingAction } from './executors.ts';

/** A run whose heartbeat is older than this is taken as interrupted (its process died). */
export const STALE_AFTER_MS = 10 * 60 * 1000;
type Active = Map<number | null, Strategy & { strategyId: number }>;

export interface RunOptions extends ExecDeps {
  day: string;
  trigger: 'schedule' | 'manual' | 'cli';
  userId?: number | null;
  /** cases per chunk (default 2000) */
  chunk?: number;
  /** test hooks to simulate a crash: called after each chunk is committed / before each action */
  hooks?: { afterChunk?(casesSoFar: number): void | Promise<void>; beforeAction?(n: number): void };
}
export interface RunResult { id: number; day: string; casesAged: number; executed: { done: number; blocked: number; failed: number; pending: number } }

const running = new WeakMap<object, Set<string>>();

/** Whether this process is running the day now. */
export const isRunning = (db: object, day: string) => running.get(db)?.has(day) ?? false;

/** The strategy applying to a client's cases: its own active one, else the default (no client). */
export const strategyFor = (active: Active, clientId: number) => active.get(clientId) ?? active.get(null) ?? null;

/** The instant the day ends in `zone` (flags expiring later still count on the day). */
export const endOfDay = (day: string, zone: string) => DateTime.fromISO(day, { zone }).plus({ days: 1 }).toJSDate();

async function claim(ctx: AppContext, o: RunOptions): Promise<{ id: number; cursor: number }> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(727301)`.execute(tx);
    const row = await tx.selectFrom('daily_runs').selectAll().where('run_day', '=', o.day).executeTakeFirst();
    if (!row) {
      const r = await tx.insertInto('daily_runs').values({ run_day: o.day, status: 'running', trigger: o.trigger, started_by: o.userId ?? null, started_at: now, heartbeat_at: now }).returning('id').executeTakeFirstOrThrow();
      return { id: r.id, cursor: 0 };
    }
    const fresh = row.heartbeat_at && now.getTime() - new Date(row.heartbeat_at).getTime() < STALE_AFTER_MS;
    if (row.status === 'running' && fresh) throw new AppError('RUN_IN_PROGRESS', `the run of ${o.day} is in progress`);
    // failed or interrupted: resume after the cursor; done: start over (new cases get their snapshot, nothing repeats)
    const cursor = row.status === 'done' ? 0 : row.cursor_case_id;
    await tx.updateTable('daily_runs').set({ status: 'running', heartbeat_at: now, error: null, finished_at: null, attempts: row.attempts + 1, cursor_case_id: cursor, ...(cursor === 0 && { cases_aged: 0 }) }).where('id', '=', row.id).execute();
    return { id: row.id, cursor };
  });
}

/** Evaluate one chunk and write its snapshots and actions, moving the cursor in the same transaction. */
async function writeChunk(db: Kysely<DB>, runId: number, day: string, rows: CaseRow[], active: Active, now: Date) {
  const snaps: Insertable<CaseSnapshotsTable>[] = [];
  const actions: Insertable<StrategyActionsTable>[] = [];
  for (const f of rows) {
    const s = strategyFor(active, f.clientId);
    const e = s ? evaluateCase(s, f) : null;
    snaps.push({ day, case_id: f.caseId, client_id: f.clientId, dpd: f.dpd ?? 0, bucket: f.bucket, outstanding: f.outstanding, currency: f.currency, assigned_user_id: f.assignedUserId,
      strategy_id: s?.strategyId ?? null, strategy_version: s?.version ?? null, segment_id: e?.segmentId ?? null, arm: e?.arm ?? null });
    const seen = new Set<string>();
    for (const a of e?.actions ?? []) {
      const key = actionKey(day, f.caseId, a);
      if (seen.has(key)) continue;
      seen.add(key);
      actions.push({ run_day: day, case_id: f.caseId, strategy_id: s!.strategyId, strategy_version: s!.version, segment_id: e!.segmentId!, arm: e!.arm, action_type: a.type,
        action: JSON.stringify({ ...a, param: actionParam(a) }), idempotency_key: key, created_at: now });
    }
  }
  await db.transaction().execute(async (tx) => {
    if (snaps.length) await tx.insertInto('case_snapshots').values(snaps).onConflict((c) => c.columns(['day', 'case_id']).doNothing()).execute();
    for (let i = 0; i < actions.length; i += 1000) await tx.insertInto('strategy_actions').values(actions.slice(i, i + 1000)).onConflict((c) => c.columns(['tenant_id', 'idempotency_key']).doNothing()).execute();
    await tx.updateTable('daily_runs').set({ cursor_case_id: rows[rows.length - 1].caseId, cases_aged: sql`cases_aged + ${rows.length}`, heartbeat_at: now }).where('id', '=', runId).execute();
  });
}

/**
 * Run (or resume) the day. RUN_IN_PROGRESS (409) when a run of that day is going on. On an error the
 * run is marked 'failed' with the message and the error is rethrown; running it again resumes.
 */
export async function runDaily(ctx: AppContext, o: RunOptions): Promise<RunResult> {
  const mine = running.get(ctx.db) ?? new Set<string>();
  running.set(ctx.db, mine);
  if (mine.has(o.day)) throw new AppError('RUN_IN_PROGRESS', `the run of ${o.day} is in progress`);
  mine.add(o.day);
  try {
    const { id, cursor } = await claim(ctx, o);
    try {
      // promises first: time alone turns a pending promise broken, and strategies read the PTP state
      await refreshPromises(ctx.db, ctx.clock.now());
      const active = await activeStrategies(ctx.db);
      const zone = ctx.config.timezone;
      let n = 0;
      // the next chunk's facts are read while this one is written (facts never read what a chunk writes);
      // PostgreSQL runs both at once on two pool connections, PGlite one after the other
      const chunks = allFacts(ctx.db, { day: o.day, zone, endOfDay: endOfDay(o.day, zone), chunk: o.chunk, afterId: cursor });
      let next = chunks.next();
      try {
        for (let r = await next; !r.done; r = await next) {
          next = chunks.next();
          next.catch(() => undefined); // awaited above in the next round; a failure of this chunk must not leave it unhandled
          await writeChunk(ctx.db, id, o.day, r.value, active, ctx.clock.now());
          n += r.value.length;
          await o.hooks?.afterChunk?.(n);
        }
      } finally {
        await chunks.return(undefined).catch(() => undefined);
      }
      const executed = { done: await executeDirectActions(ctx, o.day), blocked: 0, failed: 0, pending: 0 };
      let lastId = 0;
      let k = 0;
      for (;;) {
        const batch = await ctx.db.selectFrom('strategy_actions').select(['id', 'case_id', 'action', 'idempotency_key', 'run_day'])
          .where('run_day', '=', o.day).where('status', '=', 'pending').where('id', '>', lastId).orderBy('id').limit(500).execute();
        if (batch.length === 0) break;
        for (const a of batch) {
          o.hooks?.beforeAction?.(++k);
          executed[await executeAction(ctx, a as unknown as PendingAction, o)]++;
          lastId = a.id;
        }
        await ctx.db.updateTable('daily_runs').set({ heartbeat_at: ctx.clock.now() }).where('id', '=', id).execute();
      }
      const counts = await actionCounts(ctx.db, o.day);
      await ctx.db.transaction().execute(async (tx) => {
        await tx.updateTable('daily_runs').set({ status: 'done', finished_at: ctx.clock.now(), actions_done: counts.done, actions_blocked: counts.blocked, actions_failed: counts.failed }).where('id', '=', id).execute();
        await audit(tx, o.userId ?? null, 'daily_run.done', 'daily_run', id, { day: o.day, trigger: o.trigger, ...counts });
      });
      const aged = await ctx.db.selectFrom('daily_runs').select('cases_aged').where('id', '=', id).executeTakeFirstOrThrow();
      return { id, day: o.day, casesAged: aged.cases_aged, executed };
    } catch (e) {
      await ctx.db.updateTable('daily_runs').set({ status: 'failed', error: (e as Error).message.slice(0, 500), finished_at: ctx.clock.now() }).where('id', '=', id).execute();
      throw e;
    }
  } finally {
    mine.delete(o.day);
  }
}

/** Outbox rows of a day by status. */
export async function actionCounts(db: Kysely<DB>, day: string) {
  const rows = await db.selectFrom('strategy_actions').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('run_day', '=', day).groupBy('status').execute();
  const out = { pending: 0, done: 0, blocked: 0, failed: 0 };
  for (const r of rows) out[r.status as keyof typeof out] = Number(r.n);
  return out;
}
