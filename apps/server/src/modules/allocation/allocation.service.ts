/**
 * Allocation (分案) and rotation (换手) use cases (issue 6): plan → preview with a token → commit.
 *
 * A plan is computed from the database as it is: the selected cases (active, in the actor's scope),
 * the pool, retention; the pure allocator (domain/allocation) places them. The token is a sha-256 of the
 * request and of everything the plan read (case id, holder, version; retained ids; the pool's profiles),
 * so commit re-plans inside one transaction with the rows locked and refuses with ALLOCATION_STALE when
 * the token differs — the allocation is deterministic, so an unchanged input gives the previewed result.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { allocate, type AllocationCase, type AllocationResult } from '@recova/domain/allocation/allocate';
import { AllocationRequest, type AllocationCommitResult, type AllocationPreview } from '@recova/contracts';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { AppContext, Actor } from '../../http/context.ts';
import { AppError, notFound, parseInput } from '../../http/errors.ts';
import { audit } from '../audit/audit.ts';
import { todayFor } from '../cases/cases.service.ts';
import { applyMoves, loadPool, paymentRetentionDays, retainedCaseIds, selectCases, type CaseRow, type PoolRow } from './allocation.repository.ts';

type Request = z.infer<typeof AllocationRequest>;

interface Plan {
  token: string;
  preview: AllocationPreview;
  /** [caseId, toUserId] for every case that changes collector */
  moves: [number, number][];
}

/** More cases than this in one run are refused (VALIDATION_FAILED): narrow the filter. */
export const MAX_CASES_PER_RUN = 1_000_000;

async function plan(db: Kysely<DB>, ctx: AppContext, actor: Actor, req: Request, lock: boolean): Promise<Plan> {
  const pool = await loadPool(db, actor, req.collectorIds, req.teamIds);
  if (!pool) throw notFound('collector or team');
  if (pool.length === 0) throw new AppError('VALIDATION_FAILED', 'no active collector in the chosen teams', [{ field: 'teamIds', reason: 'no active collector' }]);
  const today = todayFor(ctx);
  const now = ctx.clock.now();
  const rows = await selectCases(db, actor, ctx.pii, req.filter, today, { noProgressDays: req.kind === 'rotate' ? req.noProgressDays : undefined, now, lock });
  if (rows.length > MAX_CASES_PER_RUN) throw new AppError('VALIDATION_FAILED', `at most ${MAX_CASES_PER_RUN} cases per run`, [{ field: 'filter', reason: 'too many cases' }]);
  const currencies = new Set(rows.map((r) => r.currency));
  if (currencies.size > 1) throw new AppError('VALIDATION_FAILED', 'the selected cases are in more than one currency: allocate one currency at a time', [{ field: 'filter', reason: 'mixed currencies' }]);
  const paymentDays = req.retainPaymentDays ?? (await paymentRetentionDays(db));
  // 留案 holds for rotation too: a live promise or a recent payment keeps the case with its collector (keepWith wins over avoid)
  const retained = await retainedCaseIds(db, rows.map((r) => r.id), { promises: req.retainPromises, paymentDays, today });

  const inPool = new Set(pool.map((p) => p.id));
  // retained with a collector outside the pool: not touched at all (留案 wins over the new pool)
  const keptOutside = rows.filter((r) => retained.has(r.id) && r.assigned_user_id !== null && !inPool.has(r.assigned_user_id));
  const outside = new Set(keptOutside.map((r) => r.id));
  const input: AllocationCase[] = rows
    .filter((r) => !outside.has(r.id))
    .map((r) => ({
      id: r.id, amount: r.amount, debtorKey: r.debtor_key, region: r.region, product: r.product, language: r.language, skill: r.required_skill,
      keepWith: retained.has(r.id) ? r.assigned_user_id : null,
      avoid: req.kind === 'rotate' ? r.assigned_user_id : null,
    }));
  const result = allocate(input, pool.map((p) => ({
    id: p.id, capacity: req.useCapacity ? p.alloc_capacity : 1, regions: p.alloc_regions, products: p.alloc_products, languages: p.alloc_languages, skill: p.skill_level,
  })), { mode: req.mode, keepDebtorTogether: req.keepDebtorTogether });

  const holder = new Map(rows.map((r) => [r.id, r.assigned_user_id]));
  const moves: [number, number][] = [];
  const incoming = new Map<number, number>();
  for (const a of result.assignments) {
    if (holder.get(a.caseId) === a.collectorId) continue;
    moves.push([a.caseId, a.collectorId]);
    incoming.set(a.collectorId, (incoming.get(a.collectorId) ?? 0) + 1);
  }
  const token = tokenOf(req, rows, retained, pool);
  return { token, moves, preview: present(token, rows, pool, result, incoming, moves.length, keptOutside.length, [...currencies][0] ?? null) };
}

function tokenOf(req: Request, rows: CaseRow[], retained: Set<number>, pool: PoolRow[]): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(req));
  for (const r of rows) h.update(`${r.id}:${r.assigned_user_id ?? ''}:${r.version};`);
  h.update(`|${[...retained].sort((a, b) => a - b).join(',')}|`);
  for (const p of pool) h.update(JSON.stringify([p.id, p.team_id, p.alloc_capacity, p.alloc_regions, p.alloc_products, p.alloc_languages, p.skill_level]));
  return h.digest('hex');
}

function present(token: string, rows: CaseRow[], pool: PoolRow[], r: AllocationResult, incoming: Map<number, number>, moves: number, keptOutside: number, currency: string | null): AllocationPreview {
  const amount = r.perCollector.reduce((a, p) => a + p.amount, 0);
  const byId = new Map(pool.map((p) => [p.id, p]));
  return {
    token,
    currency,
    total: { count: rows.length, amount: rows.reduce((a, c) => a + c.amount, 0) },
    perCollector: r.perCollector.map((p) => {
      const u = byId.get(p.collectorId)!;
      return {
        collectorId: p.collectorId, name: u.display_name, teamId: u.team_id, capacity: u.alloc_capacity, count: p.count, amount: p.amount,
        share: amount > 0 ? p.amount / amount : 0, retained: p.retained, incoming: incoming.get(p.collectorId) ?? 0,
      };
    }),
    spread: r.spread,
    moves,
    keptOutside,
    unassigned: r.unassigned.length,
  };
}

/** `POST /api/allocations/preview`: the plan without side effects. */
export async function previewAllocation(ctx: AppContext, actor: Actor, body: unknown): Promise<AllocationPreview> {
  const req = parseInput(AllocationRequest, body ?? {});
  return (await plan(ctx.db, ctx, actor, req, false)).preview;
}

/**
 * `POST /api/allocations/commit`: re-plan with the cases locked; ALLOCATION_STALE (409) when anything
 * the preview read changed. Writes the allocations row, one case event per move and one audit row.
 */
export async function commitAllocation(ctx: AppContext, actor: Actor, body: { request: unknown; token: string; reason: string }): Promise<AllocationCommitResult> {
  const req = parseInput(AllocationRequest, body.request ?? {});
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const p = await plan(tx, ctx, actor, req, true);
    if (p.token !== body.token) throw new AppError('ALLOCATION_STALE', 'the cases or collectors changed since the preview: preview again');
    const { perCollector, spread, total, moves, keptOutside, unassigned } = p.preview;
    const summary = { total, moves, keptOutside, unassigned, spread, perCollector: perCollector.map((c) => ({ collectorId: c.collectorId, count: c.count, amount: c.amount, incoming: c.incoming, retained: c.retained })) };
    const params = { ...req, filter: { ...req.filter, q: req.filter.q ? true : undefined } };
    const row = await tx.insertInto('allocations')
      .values({ kind: req.kind, params: JSON.stringify(params), summary: JSON.stringify(summary), token: p.token, moved: p.moves.length, created_by: actor.id, created_at: now })
      .returning('id').executeTakeFirstOrThrow();
    const allocationId = Number(row.id);
    await applyMoves(tx, p.moves, { type: req.kind, reason: body.reason, userId: actor.id, allocationId, now });
    await audit(tx, actor.id, `allocation.${req.kind}`, 'allocation', allocationId, {
      mode: req.mode, cases: total.count, moved: p.moves.length, collectors: perCollector.length, keptOutside, unassigned,
      caseIds: p.moves.slice(0, 1000).map((m) => m[0]), caseIdsTruncated: p.moves.length > 1000 || undefined,
    });
    return { allocationId, moved: p.moves.length };
  });
}
