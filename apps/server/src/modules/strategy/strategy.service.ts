/**
 * Strategies as data (issue 6): create, save (every save is a new version; old versions are kept),
 * activate (one active strategy per client, or the default with no client), read. Every change is
 * audited (ids, version, segment count — never case data). Definitions are checked by the domain
 * (`validateStrategy`, `validateActions`); a bad one is refused with STRATEGY_INVALID whose details name
 * the segment and condition or action.
 */
import { sql, type Kysely } from 'kysely';
import type { CreateStrategyBody, SaveStrategyBody, StrategyDetail, StrategySummary } from '@recova/contracts';
import { validateStrategy, type Segment, type Strategy } from '@recova/domain/strategy/strategy';
import { validateActions } from '@recova/domain/strategy/actions';
import type { DB } from '../../db/schema.ts';
import type { Actor, AppContext } from '../../http/context.ts';
import { AppError, isUniqueViolation } from '../../http/errors.ts';
import { audit } from '../audit/audit.ts';

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

/** Refuse a definition the engine cannot run: STRATEGY_INVALID with one detail per problem. */
export async function assertValidStrategy(db: Kysely<DB>, segments: Segment[]): Promise<void> {
  const teams = new Set((await db.selectFrom('teams').select('id').execute()).map((t) => t.id));
  const s: Strategy = { id: 'draft', version: 0, segments };
  const errors = [...validateStrategy(s), ...validateActions(s, teams)];
  if (errors.length) throw new AppError('STRATEGY_INVALID', errors[0], errors.map((reason) => ({ reason })));
}

async function assertClient(db: Kysely<DB>, clientId: number | null) {
  if (clientId === null) return;
  if (!(await db.selectFrom('clients').select('id').where('id', '=', clientId).executeTakeFirst())) throw new AppError('VALIDATION_FAILED', `client ${clientId} does not exist`, [{ field: 'clientId', reason: 'unknown client' }]);
}

/** Create a strategy with its first version (inactive until activated). */
export async function createStrategy(ctx: AppContext, actor: Actor, body: CreateStrategyBody): Promise<StrategyDetail> {
  const segments = body.segments as Segment[];
  await assertValidStrategy(ctx.db, segments);
  await assertClient(ctx.db, body.clientId);
  const id = await ctx.db.transaction().execute(async (tx) => {
    const now = ctx.clock.now();
    const row = await tx.insertInto('strategies').values({ name: body.name, client_id: body.clientId, created_by: actor.id || null, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
    await tx.insertInto('strategy_versions').values({ strategy_id: row.id, version: 1, definition: JSON.stringify({ segments }), note: body.note ?? null, created_by: actor.id || null, created_at: now }).execute();
    await audit(tx, actor.id || null, 'strategy.create', 'strategy', row.id, { version: 1, segments: segments.length, clientId: body.clientId });
    return row.id;
  });
  return getStrategy(ctx, id);
}

/** Save a new version (the previous ones stay readable). NOT_FOUND for an unknown id. */
export async function saveStrategy(ctx: AppContext, actor: Actor, id: number, body: SaveStrategyBody): Promise<StrategyDetail> {
  const segments = body.segments as Segment[];
  await assertValidStrategy(ctx.db, segments);
  await ctx.db.transaction().execute(async (tx) => {
    const s = await tx.selectFrom('strategies').select(['id', 'current_version']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!s) throw new AppError('NOT_FOUND', 'strategy not found');
    const version = s.current_version + 1;
    const now = ctx.clock.now();
    await tx.insertInto('strategy_versions').values({ strategy_id: id, version, definition: JSON.stringify({ segments }), note: body.note ?? null, created_by: actor.id || null, created_at: now }).execute();
    await tx.updateTable('strategies').set({ current_version: version, updated_at: now, ...(body.name && { name: body.name }) }).where('id', '=', id).execute();
    await audit(tx, actor.id || null, 'strategy.save', 'strategy', id, { version, segments: segments.length });
  });
  return getStrategy(ctx, id);
}

/**
 * Make a strategy the active one for its client (or the default): the one active before for the same
 * client is deactivated in the same transaction. `active: false` deactivates it.
 */
export async function setStrategyActive(ctx: AppContext, actor: Actor, id: number, active: boolean): Promise<StrategyDetail> {
  await ctx.db.transaction().execute(async (tx) => {
    const s = await tx.selectFrom('strategies').select(['id', 'client_id', 'active']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!s) throw new AppError('NOT_FOUND', 'strategy not found');
    if (active) {
      await tx.updateTable('strategies').set({ active: false }).where('active', '=', true).where('id', '<>', id)
        .where(sql<boolean>`coalesce(client_id, 0) = ${s.client_id ?? 0}`).execute();
    }
    try {
      await tx.updateTable('strategies').set({ active, updated_at: ctx.clock.now() }).where('id', '=', id).execute();
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('CONFLICT', 'another strategy was activated for this client at the same time');
      throw e;
    }
    await audit(tx, actor.id || null, active ? 'strategy.activate' : 'strategy.deactivate', 'strategy', id, { clientId: s.client_id });
  });
  return getStrategy(ctx, id);
}

function summary(r: { id: number; name: string; client_id: number | null; client_name: string | null; active: boolean; current_version: number; updated_at: Date | string }): StrategySummary {
  return { id: r.id, name: r.name, clientId: r.client_id, clientName: r.client_name, active: r.active, currentVersion: r.current_version, updatedAt: iso(r.updated_at) };
}

const base = (db: Kysely<DB>) => db.selectFrom('strategies as s').leftJoin('clients as c', 'c.id', 's.client_id')
  .select(['s.id', 's.name', 's.client_id', 'c.name as client_name', 's.active', 's.current_version', 's.updated_at']);

/** Every strategy, active first, then by name. */
export async function listStrategies(ctx: AppContext): Promise<StrategySummary[]> {
  return (await base(ctx.db).orderBy('s.active', 'desc').orderBy('s.name').orderBy('s.id').execute()).map(summary);
}

/** A strategy with the segments of `version` (default: current) and its version list, newest first. */
export async function getStrategy(ctx: AppContext, id: number, version?: number): Promise<StrategyDetail> {
  const s = await base(ctx.db).where('s.id', '=', id).executeTakeFirst();
  if (!s) throw new AppError('NOT_FOUND', 'strategy not found');
  const v = await ctx.db.selectFrom('strategy_versions').select('definition').where('strategy_id', '=', id).where('version', '=', version ?? s.current_version).executeTakeFirst();
  if (!v) throw new AppError('NOT_FOUND', `version ${version} not found`);
  const versions = await ctx.db.selectFrom('strategy_versions as v').leftJoin('users as u', 'u.id', 'v.created_by')
    .select(['v.version', 'v.note', 'u.display_name', 'v.created_at']).where('v.strategy_id', '=', id).orderBy('v.version', 'desc').execute();
  return {
    ...summary(s),
    segments: (v.definition as { segments: StrategyDetail['segments'] }).segments,
    versions: versions.map((x) => ({ version: x.version, note: x.note, createdBy: x.display_name, createdAt: iso(x.created_at) })),
  };
}

/** A strategy version as the domain engine takes it; `id` is the strategy row id (stable across versions, so arms stay put). */
export async function loadStrategy(db: Kysely<DB>, id: number, version?: number): Promise<Strategy & { strategyId: number; clientId: number | null }> {
  const s = await db.selectFrom('strategies').select(['id', 'client_id', 'current_version']).where('id', '=', id).executeTakeFirst();
  if (!s) throw new AppError('NOT_FOUND', 'strategy not found');
  const v = await db.selectFrom('strategy_versions').select(['version', 'definition']).where('strategy_id', '=', id).where('version', '=', version ?? s.current_version).executeTakeFirstOrThrow();
  return { id: String(s.id), strategyId: s.id, clientId: s.client_id, version: v.version, segments: (v.definition as { segments: Segment[] }).segments };
}

/** Active strategies: by client id, and the default (key null). */
export async function activeStrategies(db: Kysely<DB>): Promise<Map<number | null, Strategy & { strategyId: number; clientId: number | null }>> {
  const rows = await db.selectFrom('strategies').select('id').where('active', '=', true).execute();
  const out = new Map<number | null, Strategy & { strategyId: number; clientId: number | null }>();
  for (const r of rows) {
    const s = await loadStrategy(db, r.id);
    out.set(s.clientId, s);
  }
  return out;
}
