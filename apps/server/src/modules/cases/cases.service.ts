/**
 * Case list, detail and state actions (pause / close / resume / assign) on selected or filtered cases.
 */
import { sql } from 'kysely';
import type { z } from 'zod';
import type { CaseActionBody, CaseDetail, CaseFilter, CaseListItem, CaseListQuery } from '@recova/contracts';
import type { AppContext, Actor } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { audit } from '../audit/audit.ts';
import type { Scope } from '../auth/scope.ts';
import { dpdSql, scopedCaseRows, scopedCases } from './cases.repository.ts';
import { presentListItem } from './cases.presenter.ts';
import { listUsers } from '../users/users.service.ts';
import { guardedSearch, nameMatchOf } from './search-guard.ts';

/** At most this many case ids are listed in one bulk-action audit entry (the count is always exact). */
export const AUDIT_CASE_IDS_CAP = 1000;
import { presentDetail } from './cases.detail.ts';

const SORT_COLUMNS = {
  id: 'c.id',
  placedAmount: 'c.placed_amount',
  dpd: 'c.overdue_date',
  debtorName: 'c.debtor_name',
  placementDate: 'c.placement_date',
  clientCaseRef: 'c.client_case_ref',
} as const;

function listSelect(ctx: AppContext, scope: Scope, filter: CaseFilter, today: string) {
  return scopedCases(ctx.db, scope, filter, today, ctx.pii).select([
    'c.id', 'c.client_case_ref', 'c.client_id', 'cl.code as client_code', 'c.batch_id', 'b.batch_no', 'c.debtor_name', 'c.id_number_masked',
    sql<string | null>`(select p.number_masked from case_phones p where p.case_id = c.id and p.owner = 'debtor' order by (p.kind = 'mobile') desc, p.id limit 1)`.as('mobile_masked'),
    'c.currency', 'c.placed_amount', 'c.outstanding_amount', dpdSql(today).as('dpd'), 'c.client_dpd', 'c.region', 'c.province', 'c.status',
    'c.assigned_user_id', 'u.display_name as assigned_user_name', 'c.placement_date',
  ]);
}

export function todayFor(ctx: AppContext): string {
  return ctx.clock.today(ctx.config.timezone);
}

/**
 * The total of a list is counted up to this many cases past the requested page; when more match,
 * the answer says `more: true` and `total` is that bound (counting every case of a 1M portfolio on
 * every page view is what made the list slow — issue 7).
 */
export const LIST_COUNT_AHEAD = 1000;

/**
 * One page of the cases in the actor's scope matching the filter. The page's ids are found first
 * (only the cases table, ordered by an index of migration 0015), then only those rows get their
 * client, batch, assignee and phone. `total` is exact up to `page end + LIST_COUNT_AHEAD`, else that
 * bound with `more: true`. The search text `q` matches names as {@link nameMatchOf} the actor says and
 * runs under the guess budget (search-guard.ts; `via` names the endpoint in its audit row).
 */
export async function listCases(ctx: AppContext, actor: Actor, q: z.infer<typeof CaseListQuery>, via = 'list'): Promise<{ items: CaseListItem[]; total: number; more: boolean }> {
  return guardedSearch(ctx, actor, q.q, via, () => listPage(ctx, actor, q), (r) => r.total > 0);
}

async function listPage(ctx: AppContext, actor: Actor, q: z.infer<typeof CaseListQuery>): Promise<{ items: CaseListItem[]; total: number; more: boolean }> {
  const today = todayFor(ctx);
  const nameMatch = nameMatchOf(actor);
  const { sort, order, page, pageSize, ...filter } = q;
  // DPD grows as overdue_date shrinks, so sorting by DPD reverses the date order
  const dir = sort === 'dpd' ? (order === 'asc' ? 'desc' : 'asc') : order;
  const offset = (page - 1) * pageSize;
  const ids = (
    await scopedCaseRows(ctx.db, actor.scope, filter, today, ctx.pii, nameMatch)
      .select('c.id')
      .orderBy(sql.ref(SORT_COLUMNS[sort]), sql.raw(`${dir} nulls last`))
      .orderBy('c.id', 'asc')
      .limit(pageSize)
      .offset(offset)
      .execute()
  ).map((r) => r.id);
  const rows = ids.length ? await listSelect(ctx, { kind: 'all' }, {}, today).where('c.id', 'in', ids).execute() : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const cap = offset + pageSize + LIST_COUNT_AHEAD;
  const counted = await ctx.db
    .selectFrom(scopedCaseRows(ctx.db, actor.scope, filter, today, ctx.pii, nameMatch).select(sql<number>`1`.as('one')).limit(cap + 1).as('k'))
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return { items: ids.map((id) => presentListItem(byId.get(id)!)), total: Math.min(counted.n, cap), more: counted.n > cap };
}

/** The case if it is in the actor's scope, else NOT_FOUND (also for reveal and every child lookup). */
export async function caseInScope(ctx: AppContext, actor: Actor, id: number) {
  const row = await listSelect(ctx, actor.scope, {}, todayFor(ctx)).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('case');
  return row;
}

export async function getCase(ctx: AppContext, actor: Actor, id: number): Promise<CaseDetail> {
  const row = await caseInScope(ctx, actor, id);
  return presentDetail(ctx, row, id);
}
const NEXT_STATUS = { pause: 'paused', close: 'closed', resume: 'active' } as const;
const ALLOWED_FROM = { pause: ['active'], close: ['active', 'paused'], resume: ['paused', 'closed'] } as const;

/**
 * Pause, close, resume or assign the selected (or all filtered) cases in the actor's scope, with a
 * reason; each affected case gets an event and the whole action one audit row. Cases already in the
 * target state are skipped. Returns how many cases changed.
 */
export async function caseAction(ctx: AppContext, actor: Actor, body: z.infer<typeof CaseActionBody>): Promise<{ affected: number }> {
  if (body.action === 'assign') {
    if (!actor.permissions.includes('cases.assign')) throw new AppError('FORBIDDEN', 'permission cases.assign required');
    if (!body.assigneeId) throw new AppError('VALIDATION_FAILED', 'assignee is required', [{ field: 'assigneeId', reason: 'required for assign' }]);
    const assignee = await ctx.db.selectFrom('users').select(['id', 'role', 'team_id', 'active']).where('id', '=', body.assigneeId).executeTakeFirst();
    if (!assignee || !assignee.active || !['collector', 'team_lead'].includes(assignee.role)) throw new AppError('VALIDATION_FAILED', 'assignee must be an active collector or team lead', [{ field: 'assigneeId', reason: 'not a collector' }]);
    if (actor.scope.kind === 'team' && assignee.team_id !== actor.teamId && assignee.id !== actor.id) throw notFound('assignee');
    if (actor.scope.kind === 'department' && assignee.id !== actor.id && !(await listUsers(ctx, actor)).some((u) => u.id === assignee.id)) throw notFound('assignee');
  } else if (!actor.permissions.includes('cases.state')) throw new AppError('FORBIDDEN', 'permission cases.state required');

  const today = todayFor(ctx);
  const filter = 'filter' in body.selection ? body.selection.filter : {};
  // a selection by search text is a search: its count of affected cases would answer a guess (ADR 0012)
  return guardedSearch(ctx, actor, filter.q, `case.${body.action}`, () => applyAction(ctx, actor, body, filter, today), (r) => r.matched > 0).then((r) => ({ affected: r.affected }));
}

async function applyAction(ctx: AppContext, actor: Actor, body: z.infer<typeof CaseActionBody>, filter: CaseFilter, today: string): Promise<{ affected: number; matched: number }> {
  // On PGlite the transaction holds the only connection: every query inside must go through `tx`.
  return ctx.db.transaction().execute(async (tx) => {
    let q = scopedCases(tx, actor.scope, filter, today, ctx.pii, nameMatchOf(actor)).select(['c.id', 'c.status', 'c.assigned_user_id']);
    if ('caseIds' in body.selection) q = q.where('c.id', 'in', body.selection.caseIds);
    const targets = await q.execute();
    if ('caseIds' in body.selection && targets.length !== new Set(body.selection.caseIds).size) throw notFound('case'); // a named case outside the scope
    let ids: number[];
    // 调案: a returned case (退案) is no longer ours to work — it is never reassigned
    if (body.action === 'assign') ids = targets.filter((t) => t.assigned_user_id !== body.assigneeId && t.status !== 'returned').map((t) => t.id);
    else {
      const from: readonly string[] = ALLOWED_FROM[body.action];
      ids = targets.filter((t) => from.includes(t.status)).map((t) => t.id);
    }
    for (let i = 0; i < ids.length; i += 5000) {
      const chunk = ids.slice(i, i + 5000);
      if (body.action === 'assign') {
        await sql`insert into case_events (case_id, type, reason, user_id, data)
          select c.id, 'assign', ${body.reason}, ${actor.id}, jsonb_build_object('from', c.assigned_user_id, 'to', ${body.assigneeId}::bigint)
          from cases c where c.id = any(${chunk}::bigint[])`.execute(tx);
        await tx.updateTable('cases').set({ assigned_user_id: body.assigneeId!, assigned_at: ctx.clock.now(), updated_at: new Date() }).where('id', 'in', chunk).execute();
      } else {
        const to = NEXT_STATUS[body.action];
        // dated by the injected clock: pause/resume events date the paused periods aging takes off (issue 6)
        await sql`insert into case_events (case_id, type, reason, user_id, data, at)
          select c.id, ${body.action}, ${body.reason}, ${actor.id}, jsonb_build_object('from', c.status, 'to', ${to}::text), ${ctx.clock.now()}
          from cases c where c.id = any(${chunk}::bigint[])`.execute(tx);
        await tx.updateTable('cases').set({ status: to, updated_at: new Date() }).where('id', 'in', chunk).execute();
      }
    }
    // per-case ids (capped) so "who touched case 42" is answerable from the audit log alone
    await audit(tx, actor.id, `case.${body.action}`, 'case', ids.length === 1 ? ids[0] : null, {
      count: ids.length, assigneeId: body.assigneeId ?? undefined, selection: 'caseIds' in body.selection ? 'ids' : 'filter',
      caseIds: ids.slice(0, AUDIT_CASE_IDS_CAP), caseIdsTruncated: ids.length > AUDIT_CASE_IDS_CAP || undefined,
    });
    return { affected: ids.length, matched: targets.length };
  });
}
