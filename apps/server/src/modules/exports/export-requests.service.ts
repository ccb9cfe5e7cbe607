/**
 * Export approval (issue 3 point 6): an export of more rows than the `exportApprovalThreshold`
 * setting (0 = off) is not produced; a pending export request is stored instead and the caller gets
 * 409 EXPORT_APPROVAL_REQUIRED naming it. Another user with `exports.approve` approves or rejects it
 * (four-eyes: never one's own, and approvers are not exempt from the threshold); the requester then
 * downloads it once within 24 hours of the approval, with their data scope as of the download.
 * The threshold counts a user's direct exports of the last 24 hours together, so splitting a large export
 * into small ones needs approval too. Every step is audited (ids and counts only).
 */
import { sql } from 'kysely';
import type { CaseFilter, ExportRequestItem, ExportRequestStatus } from '@recova/contracts';
import type { Actor, AppContext } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { audit } from '../audit/audit.ts';
import { getSettings } from '../settings/settings.service.ts';
import { scopedCases } from '../cases/cases.repository.ts';
import { scrubMessage } from '@recova/domain/identity/masks';
import { todayFor } from '../cases/cases.service.ts';

/** How long an approved request can be downloaded (from the decision). */
export const EXPORT_APPROVAL_TTL_MS = 24 * 3600_000;

export interface ExportSpec {
  filter: CaseFilter;
  /** 'xlsx' or 'csv' */
  format: string;
  /** full (unmasked) values asked for */
  reveal: boolean;
}

/**
 * The gate the export routes call before producing anything: returns when no approval is needed;
 * else stores a pending request and throws EXPORT_APPROVAL_REQUIRED (409) with the request id in
 * `details[0].value` (field `requestId`) and in the message.
 */
export async function requireExportApproval(ctx: AppContext, actor: Actor, spec: ExportSpec, rows?: number): Promise<void> {
  const { exportApprovalThreshold: limit } = await getSettings(ctx.db);
  if (limit <= 0) return;
  // the caller usually counted already (for its audit row): count only when it did not
  const n = rows ?? (await scopedCases(ctx.db, actor.scope, spec.filter, todayFor(ctx), ctx.pii).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
  // the threshold holds per user per 24 hours, so ten exports of 'threshold' rows each are not a way round it;
  // the window is on the audit log's own clock (wall time, like its `at`)
  const prior = await rowsExportedSince(ctx, actor.id, new Date(Date.now() - EXPORT_WINDOW_MS));
  if (n + prior <= limit) return;
  const id = await ctx.db.transaction().execute(async (tx) => {
    const r = await tx
      .insertInto('export_requests')
      .values({ requested_by: actor.id, filter: JSON.stringify(sealFilter(ctx, spec.filter)), format: spec.format, reveal: spec.reveal, row_count: n, created_at: ctx.clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, actor.id, 'export.request', 'export_request', r.id, { rowCount: n, threshold: limit, format: spec.format, reveal: spec.reveal });
    return r.id;
  });
  const why = prior ? `${prior} rows exported in the last 24 hours + ${n} is more than ${limit}` : `more than ${limit}`;
  throw new AppError('EXPORT_APPROVAL_REQUIRED', `an export of ${n} rows needs approval (${why}); request ${id} is waiting for an approver`, [
    { field: 'requestId', value: String(id), reason: 'export approval required' },
  ]);
}

/** The window in which one user's unapproved exports add up against the threshold. */
export const EXPORT_WINDOW_MS = 24 * 3600_000;

/** Rows a user exported without an approval request since `since` (from the `case.export` audit rows). */
async function rowsExportedSince(ctx: AppContext, userId: number, since: Date): Promise<number> {
  const r = await ctx.db
    .selectFrom('audit_log')
    .select(sql<number>`coalesce(sum((data->>'rows')::int), 0)::int`.as('n'))
    .where('user_id', '=', userId)
    .where('action', '=', 'case.export')
    .where('at', '>=', since)
    .executeTakeFirstOrThrow();
  return r.n;
}

function baseQuery(ctx: AppContext) {
  return ctx.db
    .selectFrom('export_requests as r')
    .innerJoin('users as q', 'q.id', 'r.requested_by')
    .leftJoin('users as d', 'd.id', 'r.decided_by')
    .select([
      'r.id', 'r.filter', 'r.format', 'r.reveal', 'r.row_count', 'r.status', 'r.decided_at', 'r.expires_at', 'r.created_at', 'r.requested_by', 'r.decided_by',
      'q.username as q_username', 'q.display_name as q_name', 'd.username as d_username', 'd.display_name as d_name',
    ]);
}
type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;
const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/**
 * The search text of a stored filter may be a full ID, card or phone number: it is kept encrypted
 * (AAD export_requests.q), shown to requester and approver with digit runs masked, and opened only to
 * run the approved export.
 */
const sealFilter = (ctx: AppContext, f: CaseFilter): CaseFilter => (f.q ? { ...f, q: ctx.pii.encrypt('export_requests.q', f.q)! } : f);
const openFilter = (ctx: AppContext, f: CaseFilter): CaseFilter => (f.q ? { ...f, q: ctx.pii.decrypt('export_requests.q', f.q)! } : f);
const shownFilter = (ctx: AppContext, f: CaseFilter): CaseFilter => (f.q ? { ...f, q: scrubMessage(openFilter(ctx, f).q!, '', '') } : f);

function toItem(ctx: AppContext, r: Row, now: Date): ExportRequestItem {
  return {
    id: r.id,
    requestedBy: { id: r.requested_by, username: r.q_username, displayName: r.q_name },
    filter: shownFilter(ctx, r.filter as CaseFilter),
    format: r.format,
    reveal: r.reveal,
    rowCount: r.row_count,
    status: r.status as ExportRequestStatus,
    decidedBy: r.decided_by ? { id: r.decided_by, username: r.d_username!, displayName: r.d_name! } : null,
    decidedAt: iso(r.decided_at),
    expiresAt: iso(r.expires_at),
    expired: r.status === 'approved' && !!r.expires_at && new Date(r.expires_at).getTime() <= now.getTime(),
    createdAt: iso(r.created_at)!,
  };
}

/** Requests the actor may see: all with `exports.approve`, else their own; newest first (at most 500). */
export async function listExportRequests(ctx: AppContext, actor: Actor, status?: ExportRequestStatus): Promise<ExportRequestItem[]> {
  let q = baseQuery(ctx).orderBy('r.id', 'desc').limit(500);
  if (!actor.permissions.includes('exports.approve')) q = q.where('r.requested_by', '=', actor.id);
  if (status) q = q.where('r.status', '=', status);
  const now = ctx.clock.now();
  return (await q.execute()).map((r) => toItem(ctx, r, now));
}

/**
 * Approve or reject a pending request (exports.approve). FORBIDDEN for one's own request,
 * NOT_FOUND for an unknown id, CONFLICT when it is no longer pending. Approval starts the 24 h window.
 */
export async function decideExportRequest(ctx: AppContext, actor: Actor, id: number, decision: 'approve' | 'reject'): Promise<ExportRequestItem> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const r = await tx.selectFrom('export_requests').select(['requested_by', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!r) throw notFound('export request');
    if (r.requested_by === actor.id) throw new AppError('FORBIDDEN', 'an export request cannot be decided by its requester');
    if (r.status !== 'pending') throw new AppError('CONFLICT', `export request ${id} is ${r.status}`);
    const status = decision === 'approve' ? 'approved' : 'rejected';
    await tx
      .updateTable('export_requests')
      .set({ status, decided_by: actor.id, decided_at: now, expires_at: decision === 'approve' ? new Date(now.getTime() + EXPORT_APPROVAL_TTL_MS) : null })
      .where('id', '=', id)
      .execute();
    await audit(tx, actor.id, `export.${decision}`, 'export_request', id, { requestedBy: r.requested_by });
  });
  return toItem(ctx, await baseQuery(ctx).where('r.id', '=', id).executeTakeFirstOrThrow(), now);
}

/**
 * Claim an approved request for its one download: NOT_FOUND unless the actor requested it; CONFLICT
 * when not approved, already downloaded or expired. Marks it downloaded (atomically) and audits.
 * Returns what to export; the caller runs it with the actor's scope as of now.
 */
export async function claimDownload(ctx: AppContext, actor: Actor, id: number): Promise<ExportSpec & { id: number; approvedBy: string }> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const r = await tx.selectFrom('export_requests as r').leftJoin('users as d', 'd.id', 'r.decided_by')
      .select(['r.requested_by', 'r.status', 'r.expires_at', 'r.filter', 'r.format', 'r.reveal', 'd.username']).where('r.id', '=', id).forUpdate('r').executeTakeFirst();
    if (!r || r.requested_by !== actor.id) throw notFound('export request');
    if (r.status === 'downloaded') throw new AppError('CONFLICT', `export request ${id} was already downloaded`);
    if (r.status !== 'approved') throw new AppError('CONFLICT', `export request ${id} is ${r.status}`);
    if (!r.expires_at || new Date(r.expires_at).getTime() <= now.getTime()) throw new AppError('CONFLICT', `export request ${id} expired`);
    await tx.updateTable('export_requests').set({ status: 'downloaded', downloaded_at: now }).where('id', '=', id).execute();
    await audit(tx, actor.id, 'export.download', 'export_request', id, { format: r.format });
    return { id, filter: openFilter(ctx, r.filter as CaseFilter), format: r.format, reveal: r.reveal, approvedBy: r.username ?? '' };
  });
}
