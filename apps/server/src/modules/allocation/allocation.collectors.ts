/**
 * Collectors' allocation profiles (capacity, regions, products, languages, skill level) and the list
 * of past allocation runs.
 */
import { sql } from 'kysely';
import type { z } from 'zod';
import type { AllocationRunItem, CollectorProfile, CollectorProfileBody } from '@recova/contracts';
import type { AppContext, Actor } from '../../http/context.ts';
import { notFound } from '../../http/errors.ts';
import { audit } from '../audit/audit.ts';
import { assignableUsers } from './allocation.repository.ts';

/** Collectors and team leads the actor may allocate to, with their profile and active case count. */
export async function listCollectors(ctx: AppContext, actor: Actor): Promise<CollectorProfile[]> {
  const rows = await assignableUsers(ctx.db, actor)
    .select(sql<number>`(select count(*)::int from cases k where k.assigned_user_id = users.id and k.status = 'active')`.as('case_count'))
    .execute();
  return rows.map((u) => ({
    id: u.id, username: u.username, displayName: u.display_name, role: u.role, teamId: u.team_id, active: u.active, capacity: u.alloc_capacity,
    regions: u.alloc_regions, products: u.alloc_products, languages: u.alloc_languages, skill: u.skill_level, caseCount: u.case_count,
  }));
}

/** Set a collector's profile (users.write; a user outside the actor's reach → 404). Audited with the field names. */
export async function setCollectorProfile(ctx: AppContext, actor: Actor, userId: number, body: z.infer<typeof CollectorProfileBody>): Promise<CollectorProfile> {
  const found = await assignableUsers(ctx.db, actor).where('id', '=', userId).executeTakeFirst();
  if (!found) throw notFound('collector');
  await ctx.db.updateTable('users').set({
    alloc_capacity: body.capacity, alloc_regions: body.regions, alloc_products: body.products, alloc_languages: body.languages, skill_level: body.skill,
  }).where('id', '=', userId).execute();
  await audit(ctx.db, actor.id, 'user.allocation_profile', 'user', userId, { fields: ['capacity', 'regions', 'products', 'languages', 'skill'], capacity: body.capacity, skill: body.skill });
  return (await listCollectors(ctx, actor)).find((c) => c.id === userId)!;
}

/** The latest allocation runs (allocate, rotate, return), newest first. Global: parameters and counts only. */
export async function listRuns(ctx: AppContext, limit = 50): Promise<AllocationRunItem[]> {
  const rows = await ctx.db.selectFrom('allocations').select(['id', 'kind', 'moved', 'created_by', 'created_at', 'summary']).orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id, kind: r.kind as AllocationRunItem['kind'], moved: r.moved, createdBy: r.created_by,
    createdAt: new Date(r.created_at as Date).toISOString(), summary: { total: (r.summary as Record<string, unknown>).total, moves: (r.summary as Record<string, unknown>).moves, returned: (r.summary as Record<string, unknown>).returned },
  }));
}
