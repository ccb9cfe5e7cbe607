/**
 * Settings of the payments workstream: per client the allocation order and the promise grace floor;
 * per batch the first-contact deadline (days). Scoped like the client/batch itself (outside → 404);
 * every change audited with old and new values (no personal data).
 */
import type { z } from 'zod';
import type { BatchQueueSettingsBody, ClientPaymentSettings, ClientPaymentSettingsBody } from '@recova/contracts';
import type { Actor, AppContext } from '../../http/context.ts';
import { notFound } from '../../http/errors.ts';
import { batchScopeSql, clientScopeSql } from '../access/scope.sql.ts';
import { audit } from '../audit/audit.ts';
import { orderOf } from './payments.ledger.ts';

export async function getClientPaymentSettings(ctx: AppContext, actor: Actor, clientId: number): Promise<ClientPaymentSettings> {
  const c = await ctx.db.selectFrom('clients as c').select(['c.payment_order', 'c.promise_grace_days']).where('c.id', '=', clientId).where(clientScopeSql(actor.scope, 'c')).executeTakeFirst();
  if (!c) throw notFound('client');
  return { paymentOrder: [...orderOf(c.payment_order)], promiseGraceDays: c.promise_grace_days };
}

/** Change a client's order and/or grace. Posted payments keep their split until the case is next recomputed. */
export async function setClientPaymentSettings(ctx: AppContext, actor: Actor, clientId: number, body: z.infer<typeof ClientPaymentSettingsBody>): Promise<ClientPaymentSettings> {
  const before = await getClientPaymentSettings(ctx, actor, clientId);
  if (!body.paymentOrder && body.promiseGraceDays === undefined) return before; // nothing to change (an empty SET is a syntax error)
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('clients')
      .set({ ...(body.paymentOrder && { payment_order: body.paymentOrder }), ...(body.promiseGraceDays !== undefined && { promise_grace_days: body.promiseGraceDays }) })
      .where('id', '=', clientId)
      .execute();
    await audit(tx, actor.id, 'client.payment_settings', 'client', clientId, { from: before, to: { ...before, ...body } });
  });
  return getClientPaymentSettings(ctx, actor, clientId);
}

export async function setBatchQueueSettings(ctx: AppContext, actor: Actor, batchId: number, body: z.infer<typeof BatchQueueSettingsBody>): Promise<{ firstContactDays: number }> {
  const b = await ctx.db.selectFrom('batches as b').select('b.first_contact_days').where('b.id', '=', batchId).where(batchScopeSql(actor.scope, 'b')).executeTakeFirst();
  if (!b) throw notFound('batch');
  await ctx.db.transaction().execute(async (tx) => {
    await tx.updateTable('batches').set({ first_contact_days: body.firstContactDays }).where('id', '=', batchId).execute();
    await audit(tx, actor.id, 'batch.queue_settings', 'batch', batchId, { firstContactDays: { from: b.first_contact_days, to: body.firstContactDays } });
  });
  return { firstContactDays: body.firstContactDays };
}
