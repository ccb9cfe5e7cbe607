/**
 * Dry run of a strategy for a day: per segment (and unmatched), how many cases and how much outstanding
 * fall into it and which actions would fire — reads only (no snapshot, no action, no audit row).
 * The cases are those the strategy would govern in the daily run (its client's active cases; for a
 * default strategy, the cases of clients with no active strategy of their own), within the actor's scope.
 */
import { sql } from 'kysely';
import type { DryRunResult, DryRunSegment } from '@recova/contracts';
import { dryRun } from '@recova/domain/strategy/strategy';
import type { Actor, AppContext } from '../../http/context.ts';
import { caseScopeSql } from '../access/scope.sql.ts';
import { loadStrategy } from '../strategy/strategy.service.ts';
import { allFacts } from './facts.ts';
import { endOfDay } from './daily-run.service.ts';

export async function dryRunStrategy(ctx: AppContext, actor: Actor, id: number, day: string): Promise<DryRunResult> {
  const s = await loadStrategy(ctx.db, id);
  const clients = s.clientId !== null
    ? sql`k.client_id = ${s.clientId}`
    : sql`not exists (select 1 from strategies os where os.active and os.client_id = k.client_id and os.id <> ${s.strategyId})`;
  const zone = ctx.config.timezone;
  const total = new Map<string | null, DryRunSegment>();
  const names = new Map<string | null, string | null>([...s.segments.map((g) => [g.id, g.name] as const), [null, null]]);
  for await (const rows of allFacts(ctx.db, { day, zone, endOfDay: endOfDay(day, zone), where: sql`${caseScopeSql(actor.scope, 'k')} and ${clients}` })) {
    for (const r of dryRun(s, rows)) {
      const t = total.get(r.segmentId) ?? { segmentId: r.segmentId, name: names.get(r.segmentId) ?? null, cases: 0, outstanding: 0, arms: { champion: 0, challenger: 0 }, actions: {} };
      t.cases += r.cases;
      t.outstanding += r.outstanding;
      t.arms.champion += r.arms.champion;
      t.arms.challenger += r.arms.challenger;
      for (const [k, v] of Object.entries(r.actions)) t.actions[k] = (t.actions[k] ?? 0) + v;
      total.set(r.segmentId, t);
    }
  }
  const segments = [...names.keys()].map((k) => total.get(k) ?? { segmentId: k, name: names.get(k) ?? null, cases: 0, outstanding: 0, arms: { champion: 0, challenger: 0 }, actions: {} });
  return { strategyId: s.strategyId, version: s.version, date: day, segments };
}
