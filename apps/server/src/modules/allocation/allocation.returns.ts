/**
 * Return (退案, issue 6): cases go back to the client at the batch's expected return date or on the
 * client's request. A returned case keeps its last collector (history) but leaves every queue and
 * allocation (they take `active` cases only) and can no longer be resumed or assigned. The returned
 * list is exported with the ordinary case export (filter `status: 'returned'`), approval rules included.
 */
import { sql } from 'kysely';
import type { z } from 'zod';
import type { ReturnCasesBody } from '@recova/contracts';
import type { AppContext, Actor } from '../../http/context.ts';
import { notFound } from '../../http/errors.ts';
import { audit } from '../audit/audit.ts';
import { scopedCases } from '../cases/cases.repository.ts';
import { nameMatchOf } from '../cases/search-guard.ts';
import { todayFor } from '../cases/cases.service.ts';

/** Statuses a case may be returned from. */
const RETURNABLE = ['active', 'paused'];

/**
 * Return the selected cases (in the actor's scope; a named case outside it → 404). `batch_expiry`
 * returns only cases whose batch's expected return date is today or earlier; the others are skipped.
 * Returns the allocation-run id (kind 'return'), how many were returned and how many skipped.
 */
export async function returnCases(ctx: AppContext, actor: Actor, body: z.infer<typeof ReturnCasesBody>): Promise<{ allocationId: number; returned: number; skipped: number }> {
  const today = todayFor(ctx);
  const now = ctx.clock.now();
  const filter = 'filter' in body.selection ? body.selection.filter : {};
  return ctx.db.transaction().execute(async (tx) => {
    let q = scopedCases(tx, actor.scope, filter, today, ctx.pii, nameMatchOf(actor)).select(['c.id', 'c.status', 'b.expected_return_date']);
    if ('caseIds' in body.selection) q = q.where('c.id', 'in', body.selection.caseIds);
    const targets = await q.execute();
    if ('caseIds' in body.selection && targets.length !== new Set(body.selection.caseIds).size) throw notFound('case');
    const due = (d: unknown) => d != null && String(d instanceof Date ? d.toISOString() : d).slice(0, 10) <= today;
    const ids = targets.filter((t) => RETURNABLE.includes(t.status) && (body.reason !== 'batch_expiry' || due(t.expected_return_date))).map((t) => t.id);
    const row = await tx.insertInto('allocations')
      .values({ kind: 'return', params: JSON.stringify({ reason: body.reason, selection: 'caseIds' in body.selection ? 'ids' : 'filter' }), summary: JSON.stringify({ returned: ids.length, skipped: targets.length - ids.length }), moved: ids.length, created_by: actor.id, created_at: now })
      .returning('id').executeTakeFirstOrThrow();
    const allocationId = Number(row.id);
    const why = body.note ? `${body.reason}: ${body.note}` : body.reason;
    for (let i = 0; i < ids.length; i += 5000) {
      const chunk = ids.slice(i, i + 5000);
      await sql`insert into case_events (case_id, type, reason, user_id, data, at)
        select c.id, 'return', ${why}, ${actor.id}, jsonb_build_object('from', c.status, 'to', 'returned', 'returnReason', ${body.reason}::text, 'allocationId', ${allocationId}::bigint), ${now}
        from cases c where c.id = any(${chunk}::bigint[])`.execute(tx);
      await tx.updateTable('cases').set({ status: 'returned', returned_at: now, return_reason: body.reason, updated_at: now }).where('id', 'in', chunk).execute();
    }
    await audit(tx, actor.id, 'allocation.return', 'allocation', allocationId, {
      reason: body.reason, returned: ids.length, skipped: targets.length - ids.length, caseIds: ids.slice(0, 1000), caseIdsTruncated: ids.length > 1000 || undefined,
    });
    return { allocationId, returned: ids.length, skipped: targets.length - ids.length };
  });
}
