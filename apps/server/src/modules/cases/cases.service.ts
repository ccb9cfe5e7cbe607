/**
 * Case list, detail and state actions (pause / close / resume / assign) on selected or filtered cases.
 */
import { sql } from 'kysely';
import type { z } from 'zod';
import type { CaseActionBody, CaseDetail, CaseFilter, CaseListItem, CaseListQuery } from '@recova/contracts';
import { CASE_FIELDS } from '@recova/domain/imports/fields';
import { maskIdNumber, maskPhone } from '@recova/domain/identity/id-number';
import type { AppContext, Actor } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { audit } from '../audit/audit.ts';
import type { Scope } from '../auth/scope.ts';
import { dpdSql, scopedCases } from './cases.repository.ts';
import { presentListItem } from './cases.presenter.ts';
import { listUsers } from '../users/users.service.ts';

/** At most this many case ids are listed in one bulk-action audit entry (the count is always exact). */
export const AUDIT_CASE_IDS_CAP = 1000;

const SORT_COLUMNS = {
  id: 'c.id',
  placedAmount: 'c.placed_amount',
  dpd: 'c.overdue_date',
  debtorName: 'c.debtor_name',
  placementDate: 'c.placement_date',
  clientCaseRef: 'c.client_case_ref',
} as const;

function listSelect(ctx: AppContext, scope: Scope, filter: CaseFilter, today: string) {
  return scopedCases(ctx.db, scope, filter, today).select([
    'c.id', 'c.client_case_ref', 'c.client_id', 'cl.code as client_code', 'c.batch_id', 'b.batch_no', 'c.debtor_name', 'c.id_number',
    sql<string | null>`(select p.number from case_phones p where p.case_id = c.id and p.owner = 'debtor' order by (p.kind = 'mobile') desc, p.id limit 1)`.as('mobile'),
    'c.currency', 'c.placed_amount', 'c.outstanding_amount', dpdSql(today).as('dpd'), 'c.client_dpd', 'c.region', 'c.province', 'c.status',
    'c.assigned_user_id', 'u.display_name as assigned_user_name', 'c.placement_date',
  ]);
}

export function todayFor(ctx: AppContext): string {
  return ctx.clock.today(ctx.config.timezone);
}

export async function listCases(ctx: AppContext, actor: Actor, q: z.infer<typeof CaseListQuery>): Promise<{ items: CaseListItem[]; total: number }> {
  const today = todayFor(ctx);
  const { sort, order, page, pageSize, ...filter } = q;
  // DPD grows as overdue_date shrinks, so sorting by DPD reverses the date order
  const dir = sort === 'dpd' ? (order === 'asc' ? 'desc' : 'asc') : order;
  const rows = await listSelect(ctx, actor.scope, filter, today)
    .orderBy(sql.ref(SORT_COLUMNS[sort]), sql.raw(`${dir} nulls last`))
    .orderBy('c.id', 'asc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  const total = await scopedCases(ctx.db, actor.scope, filter, today).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return { items: rows.map(presentListItem), total: total.n };
}

const DETAIL_FIELDS = CASE_FIELDS.map((f) => f.key).filter((k) => !['mobile', 'home_phone', 'work_phone', 'home_address', 'work_address', 'registered_address', 'mailing_address', 'comment', 'commission_rate'].includes(k));

export async function getCase(ctx: AppContext, actor: Actor, id: number): Promise<CaseDetail> {
  const today = todayFor(ctx);
  const row = await listSelect(ctx, actor.scope, {}, today).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('case');
  const full = await ctx.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const maskPhones = actor.role === 'client_viewer';
  const fields: Record<string, string | number | null> = {};
  for (const k of DETAIL_FIELDS) {
    const v = (full as unknown as Record<string, unknown>)[k];
    fields[k] = v === undefined ? null : (v as string | number | null);
  }
  fields.id_number = full.id_number ? maskIdNumber(full.id_number) : null;
  fields.commission_rate_bp = full.commission_rate_bp;
  const [phones, addresses, contacts, comments, records, events, imports] = await Promise.all([
    ctx.db.selectFrom('case_phones').selectAll().where('case_id', '=', id).orderBy('owner', 'desc').orderBy('id').execute(),
    ctx.db.selectFrom('case_addresses').selectAll().where('case_id', '=', id).orderBy('id').execute(),
    ctx.db.selectFrom('case_contacts').selectAll().where('case_id', '=', id).orderBy('seq').execute(),
    ctx.db.selectFrom('case_comments as m').leftJoin('users as u', 'u.id', 'm.author_user_id').select(['m.id', 'm.body', 'u.display_name', 'm.created_at', 'm.import_id']).where('m.case_id', '=', id).orderBy('m.id').execute(),
    ctx.db.selectFrom('case_records').selectAll().where('case_id', '=', id).orderBy('at', 'desc').execute(),
    ctx.db.selectFrom('case_events as e').leftJoin('users as u', 'u.id', 'e.user_id').select(['e.id', 'e.type', 'e.reason', 'u.display_name', 'e.at', 'e.data']).where('e.case_id', '=', id).orderBy('e.id', 'desc').execute(),
    ctx.db.selectFrom('case_events as e').innerJoin('imports as i', 'i.id', 'e.import_id').select(['i.id', 'i.kind', 'i.file_name', 'e.type', 'e.at']).where('e.case_id', '=', id).orderBy('e.id').execute(),
  ]);
  const ph = (n: string | null) => (n && maskPhones ? maskPhone(n) : n);
  return {
    ...presentListItem(row),
    fields,
    custom: full.custom as unknown as Record<string, string>,
    phones: phones.map((p) => ({ id: p.id, owner: p.owner, kind: p.kind, number: ph(p.number)!, status: p.status, contactName: p.contact_name, relation: p.relation })),
    addresses: addresses.map((a) => ({ id: a.id, kind: a.kind, address: a.address, contactName: a.contact_name })),
    contacts: contacts.map((c) => ({ id: c.id, seq: c.seq, name: c.name, relation: c.relation, mobile: ph(c.mobile), workPhone: ph(c.work_phone), homePhone: ph(c.home_phone), employer: c.employer, address: c.address })),
    comments: comments.map((m) => ({ id: m.id, body: m.body, author: m.display_name, createdAt: new Date(m.created_at).toISOString(), importId: m.import_id })),
    records: records.map((r) => ({ id: r.id, at: r.at ? new Date(r.at).toISOString() : null, channel: r.channel, target: ph(r.target), result: r.result, note: r.note, collector: r.collector })),
    events: events.filter((e) => !e.type.startsWith('import.')).map((e) => ({ id: e.id, type: e.type, reason: e.reason, user: e.display_name, at: new Date(e.at).toISOString(), data: e.data })),
    imports: imports.map((i) => ({ importId: i.id, kind: i.kind, fileName: i.file_name, outcome: i.type.replace('import.', ''), at: new Date(i.at).toISOString() })),
  };
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
  // On PGlite the transaction holds the only connection: every query inside must go through `tx`.
  return ctx.db.transaction().execute(async (tx) => {
    let q = scopedCases(tx, actor.scope, filter, today).select(['c.id', 'c.status', 'c.assigned_user_id']);
    if ('caseIds' in body.selection) q = q.where('c.id', 'in', body.selection.caseIds);
    const targets = await q.execute();
    if ('caseIds' in body.selection && targets.length !== new Set(body.selection.caseIds).size) throw notFound('case'); // a named case outside the scope
    let ids: number[];
    if (body.action === 'assign') ids = targets.filter((t) => t.assigned_user_id !== body.assigneeId).map((t) => t.id);
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
        await tx.updateTable('cases').set({ assigned_user_id: body.assigneeId!, updated_at: new Date() }).where('id', 'in', chunk).execute();
      } else {
        const to = NEXT_STATUS[body.action];
        await sql`insert into case_events (case_id, type, reason, user_id, data)
          select c.id, ${body.action}, ${body.reason}, ${actor.id}, jsonb_build_object('from', c.status, 'to', ${to}::text)
          from cases c where c.id = any(${chunk}::bigint[])`.execute(tx);
        await tx.updateTable('cases').set({ status: to, updated_at: new Date() }).where('id', 'in', chunk).execute();
      }
    }
    // per-case ids (capped) so "who touched case 42" is answerable from the audit log alone
    await audit(tx, actor.id, `case.${body.action}`, 'case', ids.length === 1 ? ids[0] : null, {
      count: ids.length, assigneeId: body.assigneeId ?? undefined, selection: 'caseIds' in body.selection ? 'ids' : 'filter',
      caseIds: ids.slice(0, AUDIT_CASE_IDS_CAP), caseIdsTruncated: ids.length > AUDIT_CASE_IDS_CAP || undefined,
    });
    return { affected: ids.length };
  });
}
