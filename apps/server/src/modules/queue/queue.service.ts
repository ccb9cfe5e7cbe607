/**
 * "My queue" (issue 5 point 1): the active cases a collector should work, in this order —
 *   1 promise_due     a pending promise whose next due date is today (or passed, still in grace)
 *   2 broken_promise  the case's latest promise is broken (爽约) — stays until a new promise is made; an
 *                     unpaid installment past due + grace counts before the daily refresh stores it
 *   3 follow_up_due   cases.next_follow_up_at ≤ now
 *   4 first_contact   never contacted (first_contact_at null); the deadline is the assignment date (else
 *                     the placement date) + the batch's first_contact_days; missed deadlines first
 *   5 priority        everything else
 * then by cases.priority desc, outstanding desc, id. "Today" is each client's calendar date. A
 * collector sees only cases assigned to them; other roles see their data scope (optionally one assignee).
 */
import { maskName } from '@recova/domain/identity/id-number';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { QueueFilter, QueueItem, QueuePage, QueueReason, QueueView } from '@recova/contracts';
import type { Actor, AppContext } from '../../http/context.ts';
import { notFound } from '../../http/errors.ts';
import { caseScopeSql } from '../access/scope.sql.ts';
import { audit } from '../audit/audit.ts';

interface Row {
  id: number; client_case_ref: string | null; debtor_name: string | null; client_code: string; batch_no: string; assignee: string | null;
  outstanding_amount: number | null; currency: string; priority: number; next_follow_up_at: Date | null; first_contact_due: string | null;
  first_contact_overdue: boolean; due_id: number | null; due_date: string | null; due_amount: number | null; due_status: string | null; due_breaks: string | null;
  last_id: number | null; last_due: string | null; last_amount: number | null; last_status: string | null;
  is_due: boolean; is_broken: boolean; is_follow: boolean; is_new: boolean; rank: number; total: number;
}

/** The queue page for the actor (filters from {@link QueueFilter}). */
export async function getQueue(ctx: AppContext, actor: Actor, f: QueueFilter & { limit: number; offset: number }): Promise<QueuePage> {
  const now = ctx.clock.now();
  const conds: ReturnType<typeof sql<SqlBool>>[] = [sql<SqlBool>`c.status = 'active'`, caseScopeSql(actor.scope, 'c')];
  if (actor.role === 'collector') conds.push(sql<SqlBool>`c.assigned_user_id = ${actor.id}`);
  if (f.assigneeId) conds.push(sql<SqlBool>`c.assigned_user_id = ${f.assigneeId}`);
  if (f.clientId) conds.push(sql<SqlBool>`c.client_id = ${f.clientId}`);
  if (f.batchId) conds.push(sql<SqlBool>`c.batch_id = ${f.batchId}`);
  if (f.minOutstanding !== undefined) conds.push(sql<SqlBool>`coalesce(c.outstanding_amount, 0) >= ${f.minOutstanding}`);
  const reasons = f.reasons?.length ? f.reasons : null;
  const today = sql`(${now}::timestamptz at time zone cl.timezone)::date`;
  const r = await sql<Row>`
    with q as (
      select c.id, c.client_case_ref, c.debtor_name, cl.code as client_code, b.batch_no, u.display_name as assignee, c.outstanding_amount,
        c.currency, c.priority, c.next_follow_up_at,
        case when c.first_contact_at is null then coalesce((c.assigned_at at time zone cl.timezone)::date, c.placement_date, b.placement_date) + b.first_contact_days end as fc_due,
        ${today} as today,
        pd.id as due_id, pd.next_due_date as due_date, pd.amount as due_amount, pd.status as due_status, pd.breaks_on as due_breaks,
        lp.id as last_id, lp.next_due_date as last_due, lp.amount as last_amount, lp.status as last_status,
        c.first_contact_at
      from cases c
      join clients cl on cl.id = c.client_id
      join batches b on b.id = c.batch_id
      left join users u on u.id = c.assigned_user_id
      -- computed from the installments, so a promise is due or broken on the right day even before the
      -- daily refresh (or a payment) has stored its status: due = an open installment due today or in grace
      left join lateral (select p.id, i.due_date as next_due_date, p.amount, p.status, i.due_date + greatest(p.grace_days, cl.promise_grace_days) + 1 as breaks_on
        from promises p join promise_installments i on i.promise_id = p.id
        where p.case_id = c.id and p.status = 'pending' and i.status <> 'kept' and i.due_date <= ${today}
          and i.due_date + greatest(p.grace_days, cl.promise_grace_days) >= ${today}
        order by i.due_date, p.id limit 1) pd on true
      -- the latest promise; broken = stored, or pending with an unpaid installment past due + grace
      left join lateral (select p.id, coalesce((select min(i.due_date) from promise_installments i where i.promise_id = p.id and i.status <> 'kept'), p.next_due_date) as next_due_date, p.amount,
          case when p.status = 'pending' and ${brokenInstallmentSql(sql`p`, today)} then 'broken' else p.status end as status
        from promises p where p.case_id = c.id and p.status <> 'cancelled' order by p.id desc limit 1) lp on true
      where ${sql.join(conds, sql` and `)}
    ), f as (
      select q.*, fc_due::text as first_contact_due, coalesce(fc_due < today, false) as first_contact_overdue,
        due_id is not null as is_due, coalesce(last_status = 'broken', false) as is_broken,
        coalesce(next_follow_up_at <= ${now}::timestamptz, false) as is_follow, first_contact_at is null as is_new
      from q
    ), g as (
      select f.*, case when is_due then 1 when is_broken then 2 when is_follow then 3 when is_new then 4 else 5 end as rank from f
    )
    select g.*, count(*) over ()::int as total from g
    where ${reasons ? sql`(${sql.join(reasons.map((x) => sql.raw(REASON_COL[x])), sql` or `)})` : sql`true`}
    order by rank, (rank = 4 and first_contact_overdue) desc, priority desc, outstanding_amount desc nulls last, id
    limit ${f.limit} offset ${f.offset}`.execute(ctx.db);
  const items = r.rows.map(present);
  return { items, total: r.rows[0]?.total ?? 0, asOf: ctx.clock.today(ctx.config.timezone) };
}

/**
 * An unpaid installment of promise `p` past its due date + grace on `today` (grace = the larger of the
 * promise's and its client's): the promise is broken even if its stored status still says pending.
 * Needs the case alias `c` in the enclosing query.
 */
export function brokenInstallmentSql(p: RawBuilder<unknown>, today: RawBuilder<unknown>): RawBuilder<SqlBool> {
  return sql<SqlBool>`exists (select 1 from promise_installments bi where bi.promise_id = ${p}.id and bi.status <> 'kept' and bi.paid = 0
    and bi.due_date + greatest(${p}.grace_days, (select bc.promise_grace_days from clients bc where bc.id = c.client_id)) < ${today})`;
}

const REASON_COL: Record<QueueReason, string> = { promise_due: 'is_due', broken_promise: 'is_broken', follow_up_due: 'is_follow', first_contact: 'is_new', priority: 'rank = 5' };

function present(r: Row): QueueItem {
  const reasons: QueueReason[] = [];
  if (r.is_due) reasons.push('promise_due');
  if (r.is_broken) reasons.push('broken_promise');
  if (r.is_follow) reasons.push('follow_up_due');
  if (r.is_new) reasons.push('first_contact');
  if (!reasons.length) reasons.push('priority');
  const promise =
    r.due_id !== null ? { id: r.due_id, dueDate: r.due_date, amount: r.due_amount!, status: r.due_status!, breaksOn: r.due_breaks }
    : r.last_id !== null ? { id: r.last_id, dueDate: r.last_due, amount: r.last_amount!, status: r.last_status!, breaksOn: null }
    : null;
  return {
    caseId: r.id, caseRef: r.client_case_ref, debtorName: r.debtor_name ? maskName(r.debtor_name) : null, clientCode: r.client_code, batchNo: r.batch_no, assignee: r.assignee,
    outstanding: r.outstanding_amount, currency: r.currency.trim(), priority: r.priority, reasons, promise,
    nextFollowUpAt: r.next_follow_up_at ? new Date(r.next_follow_up_at).toISOString() : null,
    firstContactDue: r.first_contact_due, firstContactOverdue: r.first_contact_overdue,
  };
}

/** The actor's saved views. */
export async function listViews(ctx: AppContext, actor: Actor): Promise<QueueView[]> {
  const rows = await ctx.db.selectFrom('queue_views').select(['id', 'name', 'filter']).where('user_id', '=', actor.id).orderBy('name').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, filter: r.filter as QueueFilter }));
}

/** Save (or replace, by name) a view of the actor's own. */
export async function saveView(ctx: AppContext, actor: Actor, name: string, filter: QueueFilter): Promise<QueueView> {
  const row = await ctx.db
    .insertInto('queue_views')
    .values({ user_id: actor.id, name, filter: JSON.stringify(filter) })
    .onConflict((oc) => oc.columns(['user_id', 'name']).doUpdateSet({ filter: JSON.stringify(filter) }))
    .returning(['id', 'name', 'filter'])
    .executeTakeFirstOrThrow();
  await audit(ctx.db, actor.id, 'queue.view_save', 'queue_view', row.id, { fields: Object.keys(filter) });
  return { id: row.id, name: row.name, filter: row.filter as QueueFilter };
}

/** Delete one of the actor's own views (another user's view answers 404). */
export async function deleteView(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  const r = await ctx.db.deleteFrom('queue_views').where('id', '=', id).where('user_id', '=', actor.id).executeTakeFirst();
  if (!Number(r.numDeletedRows)) throw notFound('view');
  await audit(ctx.db, actor.id, 'queue.view_delete', 'queue_view', id);
}
