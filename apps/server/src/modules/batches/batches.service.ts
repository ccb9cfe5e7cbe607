/**
 * Batches (批次): one delivery of cases from a client. Status: not_imported → imported (first
 * committed case import) → closed. A batch with cases cannot be deleted.
 */
import { sql } from 'kysely';
import type { z } from 'zod';
import type { BatchItem, CreateBatchBody, UpdateBatchBody } from '@recova/contracts';
import type { AppContext, Actor } from '../../http/context.ts';
import { AppError, isUniqueViolation, notFound } from '../../http/errors.ts';
import { audit } from '../audit/audit.ts';
import { requireClient } from '../clients/clients.service.ts';
import { batchScopeSql, scopedCaseCount } from '../access/scope.sql.ts';
import type { Scope } from '../auth/scope.ts';

/** "12.5" (percent) → 1250 basis points, by string arithmetic (no floats). */
export function percentToBp(s: string | null | undefined): number | null {
  if (s === null || s === undefined || s === '') return null;
  const [int, frac = ''] = s.split('.');
  return Number(int) * 100 + Number((frac + '00').slice(0, 2));
}

/** Batches with counts within `scope` (null: unscoped, the command line). */
function batchQuery(ctx: AppContext, scope: Scope | null = null) {
  const s: Scope = scope ?? { kind: 'all' };
  return ctx.db
    .selectFrom('batches as b')
    .innerJoin('clients as c', 'c.id', 'b.client_id')
    .select([
      'b.id', 'b.client_id', 'c.code as client_code', 'c.name as client_name', 'c.currency', 'b.batch_no', 'b.placement_date',
      'b.expected_return_date', 'b.region', 'b.product_type', 'b.commission_rate_bp', 'b.first_contact_days', 'b.remarks', 'b.status', 'b.created_at',
      sql<number>`${scopedCaseCount(s, sql`k.batch_id = b.id`)}::int`.as('case_count'),
      sql<number>`${scopedCaseCount(s, sql`k.batch_id = b.id`, 'placed')}::int8`.as('placed_total'),
    ])
    .where(batchScopeSql(s, 'b'));
}

type Row = Awaited<ReturnType<ReturnType<typeof batchQuery>['executeTakeFirstOrThrow']>>;
const toItem = (r: Row): BatchItem => ({
  id: r.id, clientId: r.client_id, clientCode: r.client_code, clientName: r.client_name, batchNo: r.batch_no,
  placementDate: r.placement_date, expectedReturnDate: r.expected_return_date, region: r.region, productType: r.product_type,
  commissionRateBp: r.commission_rate_bp, firstContactDays: r.first_contact_days, remarks: r.remarks, status: r.status as BatchItem['status'],
  caseCount: r.case_count, placedTotal: Number(r.placed_total), currency: r.currency.trim(), createdAt: new Date(r.created_at).toISOString(),
});

/** Batches in the actor's scope (see access/scope.sql.ts batchScopeSql), counts within the scope. */
export async function listBatches(ctx: AppContext, actor: Actor, clientId?: number): Promise<BatchItem[]> {
  let q = batchQuery(ctx, actor.scope).orderBy('b.id', 'desc');
  if (clientId) q = q.where('b.client_id', '=', clientId);
  return (await q.execute()).map(toItem);
}

/** A batch the actor may see, or NOT_FOUND (never 403: do not reveal what exists). */
export async function getBatch(ctx: AppContext, actor: Actor | null, id: number): Promise<BatchItem> {
  const r = await batchQuery(ctx, actor?.scope ?? null).where('b.id', '=', id).executeTakeFirst();
  if (!r) throw notFound('batch');
  return toItem(r);
}

export async function findBatchByNo(ctx: AppContext, clientId: number, batchNo: string) {
  return ctx.db.selectFrom('batches').selectAll().where('client_id', '=', clientId).where('batch_no', '=', batchNo).executeTakeFirst();
}

export async function createBatch(ctx: AppContext, actor: Actor | null, body: z.infer<typeof CreateBatchBody>): Promise<BatchItem> {
  await requireClient(ctx, actor, body.clientId);
  if (body.expectedReturnDate < body.placementDate) {
    throw new AppError('VALIDATION_FAILED', 'expected return date is before the placement date', [{ field: 'expectedReturnDate', reason: 'must be on or after placementDate' }]);
  }
  try {
    const id = await ctx.db.transaction().execute(async (tx) => {
      const b = await tx
        .insertInto('batches')
        .values({
          client_id: body.clientId, batch_no: body.batchNo, placement_date: body.placementDate, expected_return_date: body.expectedReturnDate,
          region: body.region ?? null, product_type: body.productType ?? null, commission_rate_bp: percentToBp(body.commissionRate), remarks: body.remarks ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(tx, actor?.id ?? null, 'batch.create', 'batch', b.id, { batchNo: body.batchNo });
      return b.id;
    });
    return getBatch(ctx, null, id);
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('BATCH_NO_TAKEN', `batch ${body.batchNo} exists for this client`);
    throw e;
  }
}

export async function updateBatch(ctx: AppContext, actor: Actor, id: number, body: z.infer<typeof UpdateBatchBody>): Promise<BatchItem> {
  const cur = await getBatch(ctx, actor, id);
  const placement = body.placementDate ?? cur.placementDate;
  const ret = body.expectedReturnDate ?? cur.expectedReturnDate;
  if (ret < placement) throw new AppError('VALIDATION_FAILED', 'expected return date is before the placement date', [{ field: 'expectedReturnDate', reason: 'must be on or after placementDate' }]);
  try {
    await ctx.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('batches')
        .set({
          ...(body.batchNo !== undefined && { batch_no: body.batchNo }),
          placement_date: placement,
          expected_return_date: ret,
          ...(body.region !== undefined && { region: body.region }),
          ...(body.productType !== undefined && { product_type: body.productType }),
          ...(body.commissionRate !== undefined && { commission_rate_bp: percentToBp(body.commissionRate) }),
          ...(body.remarks !== undefined && { remarks: body.remarks }),
        })
        .where('id', '=', id)
        .execute();
      await audit(tx, actor.id, 'batch.update', 'batch', id, { fields: Object.keys(body) });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('BATCH_NO_TAKEN', `batch ${body.batchNo} exists for this client`);
    throw e;
  }
  return getBatch(ctx, actor, id);
}

export async function deleteBatch(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  await getBatch(ctx, actor, id); // scope check
  const b = await getBatch(ctx, null, id); // the real case count, not the actor's share
  if (b.caseCount > 0) throw new AppError('BATCH_HAS_CASES', `batch ${b.batchNo} has ${b.caseCount} imported cases and cannot be deleted`);
  await ctx.db.transaction().execute(async (tx) => {
    const imports = tx.selectFrom('imports').select('id').where('batch_id', '=', id);
    await tx.deleteFrom('import_rows').where('import_id', 'in', imports).execute();
    await tx.deleteFrom('imports').where('batch_id', '=', id).execute();
    await tx.deleteFrom('batches').where('id', '=', id).execute();
    await audit(tx, actor.id, 'batch.delete', 'batch', id, { batchNo: b.batchNo });
  });
}

export async function closeBatch(ctx: AppContext, actor: Actor, id: number): Promise<BatchItem> {
  await getBatch(ctx, actor, id);
  await ctx.db.transaction().execute(async (tx) => {
    await tx.selectFrom('batches').select('id').where('id', '=', id).forUpdate().execute(); // waits for a merging import
    await tx.updateTable('batches').set({ status: 'closed' }).where('id', '=', id).execute();
    await audit(tx, actor.id, 'batch.close', 'batch', id);
  });
  return getBatch(ctx, actor, id);
}
