/**
 * Assisted collection (协催, issue 5 item 7): a collector asks a team for help on a case (locate,
 * verify, letter, visit, legal); the request is due after the type's SLA hours (assist_types);
 * assistants (assists.work) of that team see the queue, take a request and complete it with a
 * result that shows on the case and notifies the requester. Overdue is computed from ctx.clock.
 */
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { AssistItem, CreateAssistBody } from '@recova/contracts';
import { assistDueAt, isAssistOverdue } from '@recova/domain/messaging/assist-sla';
import type { DB } from '../../db/schema.ts';
import type { Actor, AppContext } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { audit } from '../audit/audit.ts';
import { caseInScope } from '../cases/cases.service.ts';
import { notify } from './notifications.ts';

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

function select(db: Kysely<DB>) {
  return db.selectFrom('assist_requests as a').innerJoin('cases as c', 'c.id', 'a.case_id').leftJoin('teams as t', 't.id', 'a.team_id')
    .leftJoin('users as rq', 'rq.id', 'a.requested_by').leftJoin('users as asg', 'asg.id', 'a.assignee_id')
    .select(['a.id', 'a.case_id', 'c.client_case_ref', 'a.type', 'a.team_id', 't.name as team_name', 'a.note', 'a.status', 'rq.display_name as requested_by_name',
      'a.requested_at', 'a.due_at', 'asg.display_name as assignee_name', 'a.taken_at', 'a.completed_at', 'a.result', 'a.requested_by', 'a.assignee_id'])
    .where('a.tenant_id', '=', 1);
}
type Row = Awaited<ReturnType<ReturnType<typeof select>['executeTakeFirstOrThrow']>>;

function present(r: Row, now: Date): AssistItem {
  const dueAt = new Date(r.due_at);
  return {
    id: r.id, caseId: r.case_id, caseRef: r.client_case_ref, type: r.type as AssistItem['type'], teamId: r.team_id, teamName: r.team_name, note: r.note,
    status: r.status as AssistItem['status'], requestedBy: r.requested_by_name, requestedAt: iso(r.requested_at)!, dueAt: dueAt.toISOString(),
    overdue: isAssistOverdue({ status: r.status, dueAt, completedAt: r.completed_at ? new Date(r.completed_at) : null }, now),
    assignee: r.assignee_name, takenAt: iso(r.taken_at), completedAt: iso(r.completed_at), result: r.result,
  };
}

/** SLA hours per type. */
export async function assistTypes(db: Kysely<DB>) {
  return db.selectFrom('assist_types').select(['type', 'sla_hours as slaHours']).where('tenant_id', '=', 1).orderBy('type').execute();
}

/** Change one type's SLA (settings.write, audited). */
export async function setAssistSla(ctx: AppContext, actor: Actor, type: string, slaHours: number) {
  const r = await ctx.db.updateTable('assist_types').set({ sla_hours: slaHours }).where('tenant_id', '=', 1).where('type', '=', type).executeTakeFirst();
  if (!r.numUpdatedRows) throw notFound('assist type');
  await audit(ctx.db, actor.id, 'assist.sla', 'assist_type', null, { type, slaHours });
  return assistTypes(ctx.db);
}

/** Request help on a case in the actor's scope. */
export async function createAssist(ctx: AppContext, actor: Actor, caseId: number, b: z.infer<typeof CreateAssistBody>): Promise<AssistItem> {
  await caseInScope(ctx, actor, caseId);
  const team = await ctx.db.selectFrom('teams').select('id').where('id', '=', b.teamId).executeTakeFirst();
  if (!team) throw notFound('team');
  const sla = await ctx.db.selectFrom('assist_types').select('sla_hours').where('tenant_id', '=', 1).where('type', '=', b.type).executeTakeFirstOrThrow();
  const now = ctx.clock.now();
  const id = await ctx.db.transaction().execute(async (tx) => {
    const r = await tx.insertInto('assist_requests').values({
      case_id: caseId, type: b.type, team_id: b.teamId, note: b.note ?? null, requested_by: actor.id, requested_at: now, due_at: assistDueAt(now, sla.sla_hours),
    }).returning('id').executeTakeFirstOrThrow();
    await audit(tx, actor.id, 'assist.create', 'assist_request', r.id, { caseId, type: b.type, teamId: b.teamId });
    return r.id;
  });
  return present(await select(ctx.db).where('a.id', '=', id).executeTakeFirstOrThrow(), now);
}

/** A case's requests (case in scope). */
export async function caseAssists(ctx: AppContext, actor: Actor, caseId: number): Promise<AssistItem[]> {
  await caseInScope(ctx, actor, caseId);
  const rows = await select(ctx.db).where('a.case_id', '=', caseId).orderBy('a.id', 'desc').execute();
  return rows.map((r) => present(r, ctx.clock.now()));
}

/** Whether the actor works this team's queue: their own team, or any team for admins and managers. */
function worksTeam(actor: Actor, teamId: number): boolean {
  return actor.role === 'admin' || actor.role === 'manager' || actor.teamId === teamId;
}

/** The actor's team queue (all teams for admin/manager), open and in progress first by due time. */
export async function assistQueue(ctx: AppContext, actor: Actor, q: { status?: string; overdue?: boolean }): Promise<AssistItem[]> {
  let query = select(ctx.db);
  if (!(actor.role === 'admin' || actor.role === 'manager')) query = query.where('a.team_id', '=', actor.teamId ?? -1);
  if (q.status) query = query.where('a.status', '=', q.status);
  else query = query.where('a.status', 'in', ['open', 'in_progress']);
  const now = ctx.clock.now();
  const items = (await query.orderBy('a.due_at').orderBy('a.id').limit(500).execute()).map((r) => present(r, now));
  return q.overdue ? items.filter((i) => i.overdue) : items;
}

async function loadForWork(ctx: AppContext, actor: Actor, id: number): Promise<Row> {
  const r = await select(ctx.db).where('a.id', '=', id).executeTakeFirst();
  if (!r || !worksTeam(actor, r.team_id)) throw notFound('assist request');
  return r;
}

/** Take an open request (assignee = actor). */
export async function takeAssist(ctx: AppContext, actor: Actor, id: number): Promise<AssistItem> {
  const r = await loadForWork(ctx, actor, id);
  if (r.status !== 'open') throw new AppError('INVALID_STATE', `request is ${r.status}`);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const u = await tx.updateTable('assist_requests').set({ status: 'in_progress', assignee_id: actor.id, taken_at: now }).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
    if (!u.numUpdatedRows) throw new AppError('INVALID_STATE', 'request was taken meanwhile');
    await audit(tx, actor.id, 'assist.take', 'assist_request', id);
  });
  return present(await select(ctx.db).where('a.id', '=', id).executeTakeFirstOrThrow(), now);
}

/** Complete a request with its result: shown on the case; the requester is notified. */
export async function completeAssist(ctx: AppContext, actor: Actor, id: number, result: string): Promise<AssistItem> {
  const r = await loadForWork(ctx, actor, id);
  if (r.status !== 'in_progress' && r.status !== 'open') throw new AppError('INVALID_STATE', `request is ${r.status}`);
  // a taken request is completed by the one who took it: a teammate cannot overwrite their result
  if (r.assignee_id !== null && r.assignee_id !== actor.id) throw new AppError('INVALID_STATE', 'request is taken by another user');
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const u = await tx.updateTable('assist_requests').set({ status: 'done', result, completed_at: now, assignee_id: r.assignee_id ?? actor.id, taken_at: r.taken_at ?? now })
      .where('id', '=', id).where('status', '=', r.status).executeTakeFirst();
    if (!u.numUpdatedRows) throw new AppError('INVALID_STATE', 'request changed meanwhile');
    await notify(tx, r.requested_by, { kind: 'assist.done', entity: 'case', entityId: r.case_id, data: { assistId: id, type: r.type } }, now);
    await audit(tx, actor.id, 'assist.complete', 'assist_request', id, { caseId: r.case_id });
  });
  return present(await select(ctx.db).where('a.id', '=', id).executeTakeFirstOrThrow(), now);
}
