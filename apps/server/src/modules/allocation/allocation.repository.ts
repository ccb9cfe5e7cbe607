/**
 * Allocation queries: the collector pool an actor may allocate to, the cases a request selects (in the
 * actor's scope, active only), and which of them are retained (留案) with their collector.
 */
import { sql, type Kysely } from 'kysely';
import type { CaseFilter } from '@recova/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../http/context.ts';
import type { PiiCipher } from '../../platform/crypto.ts';
import { minusDays, scopedCases } from '../cases/cases.repository.ts';
import { nameMatchOf } from '../cases/search-guard.ts';

/** A pool member with its allocation profile. */
export interface PoolRow {
  id: number;
  display_name: string;
  role: string;
  team_id: number | null;
  active: boolean;
  alloc_capacity: number;
  alloc_regions: string[] | null;
  alloc_products: string[] | null;
  alloc_languages: string[] | null;
  skill_level: number;
}

/**
 * Users the actor may hand cases to — the same rule as manual assignment (cases.assign): all users for
 * an 'all' scope, their team's or department's users for team leads and department managers, else
 * only themselves.
 */
export function assignableUsers(db: Kysely<DB>, actor: Actor) {
  let q = db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'role', 'team_id', 'active', 'alloc_capacity', 'alloc_regions', 'alloc_products', 'alloc_languages', 'skill_level'])
    .where('role', 'in', ['collector', 'team_lead'])
    .orderBy('id');
  const s = actor.scope;
  if (s.kind === 'team') q = q.where((eb) => eb.or([eb('team_id', '=', actor.teamId ?? -1), eb('id', '=', actor.id)]));
  else if (s.kind === 'department') {
    const d = s.departmentId ?? -1;
    q = q.where((eb) => eb.or([eb('department_id', '=', d), eb('team_id', 'in', eb.selectFrom('teams').select('teams.id').where('teams.department_id', '=', d)), eb('id', '=', actor.id)]));
  } else if (s.kind !== 'all') q = q.where('id', '=', actor.id);
  return q;
}

/**
 * The pool: the named collectors (collectors or team leads) and the active collectors of the named
 * teams, all active and assignable by the actor. Returns null when a named user or team is not
 * assignable (the caller answers 404).
 */
export async function loadPool(db: Kysely<DB>, actor: Actor, collectorIds: number[], teamIds: number[]): Promise<PoolRow[] | null> {
  const named = collectorIds.length ? await assignableUsers(db, actor).where('id', 'in', collectorIds).where('active', '=', true).execute() : [];
  if (named.length !== new Set(collectorIds).size) return null;
  let members: typeof named = [];
  if (teamIds.length) {
    const teams = await db.selectFrom('teams').select('id').where('id', 'in', teamIds).execute();
    if (teams.length !== new Set(teamIds).size) return null;
    members = await assignableUsers(db, actor).where('team_id', 'in', teamIds).where('role', '=', 'collector').where('active', '=', true).execute();
  }
  const byId = new Map([...named, ...members].map((u) => [u.id, u]));
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** One selected case as allocation needs it. `version` changes whenever the case row is updated. */
export interface CaseRow {
  id: number;
  amount: number;
  currency: string;
  debtor_key: string | null;
  region: string | null;
  product: string | null;
  language: string | null;
  required_skill: number;
  assigned_user_id: number | null;
  version: string;
}

/**
 * Active cases of `filter` in the actor's scope, in id order, locked for update when `lock` (commit).
 * Rotation (`noProgressSince`): only assigned cases whose assignment is at least that old with no
 * contact record, promise or payment since.
 */
export async function selectCases(db: Kysely<DB>, actor: Actor, pii: PiiCipher, filter: CaseFilter, today: string, opts: { noProgressDays?: number; now: Date; lock: boolean }): Promise<CaseRow[]> {
  let q = scopedCases(db, actor.scope, filter, today, pii, nameMatchOf(actor))
    .where('c.status', '=', 'active')
    .select([
      'c.id', sql<number>`coalesce(c.outstanding_amount, c.placed_amount, 0)::bigint`.as('amount'), 'c.currency', 'c.id_number_bidx as debtor_key',
      sql<string | null>`coalesce(c.region, c.province)`.as('region'), 'c.product', 'c.language', 'c.required_skill', 'c.assigned_user_id',
      sql<string>`(extract(epoch from c.updated_at) * 1000000)::bigint::text`.as('version'),
    ])
    .orderBy('c.id');
  if (opts.noProgressDays !== undefined) {
    const cutoff = new Date(opts.now.getTime() - opts.noProgressDays * 86_400_000);
    q = q
      .where('c.assigned_user_id', 'is not', null)
      .where(sql<boolean>`coalesce(c.assigned_at, c.created_at) <= ${cutoff}`)
      .where(sql<boolean>`not exists (select 1 from contact_records r where r.case_id = c.id and r.status = 'made' and r.at >= coalesce(c.assigned_at, c.created_at))`)
      .where(sql<boolean>`not exists (select 1 from promises p where p.case_id = c.id and p.created_at >= coalesce(c.assigned_at, c.created_at))`)
      .where(sql<boolean>`(c.last_payment_date is null or c.last_payment_date < (coalesce(c.assigned_at, c.created_at) at time zone 'UTC')::date)`);
  }
  if (opts.lock) q = q.modifyEnd(sql`for update of c`);
  const rows = await q.execute();
  return rows; // int8 amounts already arrive as integer minor units (database.ts type parser)
}

/**
 * 留案: ids of the cases that stay with their current collector — a pending promise (when
 * `promises`), or a payment within the last `paymentDays` days (0 = off). The one place to extend when
 * the payments table lands (today: the case's `last_payment_date`, kept by imports and payments).
 */
export async function retainedCaseIds(db: Kysely<DB>, caseIds: number[], opts: { promises: boolean; paymentDays: number; today: string }): Promise<Set<number>> {
  const out = new Set<number>();
  for (let i = 0; i < caseIds.length; i += 10_000) {
    const chunk = caseIds.slice(i, i + 10_000);
    if (opts.promises) {
      const rows = await db.selectFrom('promises').select('case_id').distinct().where('case_id', 'in', chunk).where('status', '=', 'pending').execute();
      for (const r of rows) out.add(Number(r.case_id));
    }
    if (opts.paymentDays > 0) {
      const since = minusDays(opts.today, opts.paymentDays);
      const rows = await db.selectFrom('cases').select('id').where('id', 'in', chunk).where('last_payment_date', '>=', since).execute();
      for (const r of rows) out.add(Number(r.id));
    }
  }
  return out;
}

/** The `allocation.paymentRetentionDays` setting (a plain settings row; default 0 = off). */
export async function paymentRetentionDays(db: Kysely<DB>): Promise<number> {
  const row = await db.selectFrom('settings').select('value').where('tenant_id', '=', 1).where('key', '=', 'allocation.paymentRetentionDays').executeTakeFirst();
  const v = Number(row?.value);
  return Number.isInteger(v) && v >= 0 && v <= 365 ? v : 0;
}

/**
 * Move cases to new collectors and record each move (case_events 'allocate'/'rotate': from, to, who,
 * why, the allocation id). `moves` = [caseId, toUserId] pairs; chunked to keep statements small.
 */
export async function applyMoves(tx: Kysely<DB>, moves: [number, number][], p: { type: string; reason: string; userId: number; allocationId: number; now: Date }): Promise<void> {
  for (let i = 0; i < moves.length; i += 5000) {
    const ids = moves.slice(i, i + 5000).map((m) => m[0]);
    const tos = moves.slice(i, i + 5000).map((m) => m[1]);
    await sql`insert into case_events (case_id, type, reason, user_id, data, at)
      select c.id, ${p.type}, ${p.reason}, ${p.userId}, jsonb_build_object('from', c.assigned_user_id, 'to', x.to_user, 'allocationId', ${p.allocationId}::bigint), ${p.now}
      from unnest(${ids}::bigint[], ${tos}::bigint[]) as x(case_id, to_user) join cases c on c.id = x.case_id`.execute(tx);
    await sql`update cases c set assigned_user_id = x.to_user, assigned_at = ${p.now}, updated_at = ${p.now}
      from unnest(${ids}::bigint[], ${tos}::bigint[]) as x(case_id, to_user) where c.id = x.case_id`.execute(tx);
  }
}
