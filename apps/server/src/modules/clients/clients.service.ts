/**
 * Clients (委托方): the banks and lenders that place cases. Client viewers see only their own client.
 */
import { sql } from 'kysely';
import type { z } from 'zod';
import type { ClientItem, CreateClientBody } from '@recova/contracts';
import type { AppContext, Actor } from '../../http/context.ts';
import { AppError, isUniqueViolation, notFound } from '../../http/errors.ts';
import { audit } from '../audit/audit.ts';
import { batchScopeSql, clientScopeSql, scopedCaseCount } from '../access/scope.sql.ts';

/**
 * Clients the actor's data scope reaches (all; the viewer's client(s); else those holding a case in
 * scope), with batch and case counts within the scope (a collector does not learn portfolio sizes).
 */
export async function listClients(ctx: AppContext, actor: Actor): Promise<ClientItem[]> {
  const scope = actor.scope;
  const q = ctx.db
    .selectFrom('clients as c')
    .select([
      'c.id', 'c.code', 'c.name', 'c.currency', 'c.timezone', 'c.remarks', 'c.created_at',
      sql<number>`(select count(*) from batches b where b.client_id = c.id and ${batchScopeSql(scope, 'b')})::int`.as('batch_count'),
      sql<number>`${scopedCaseCount(scope, sql`k.client_id = c.id`)}::int`.as('case_count'),
    ])
    .where(clientScopeSql(scope, 'c'))
    .orderBy('c.code');
  return (await q.execute()).map((r) => ({
    id: r.id, code: r.code, name: r.name, currency: r.currency.trim(), timezone: r.timezone, remarks: r.remarks,
    batchCount: r.batch_count, caseCount: r.case_count, createdAt: new Date(r.created_at).toISOString(),
  }));
}

export async function getClientByCode(ctx: AppContext, code: string) {
  return ctx.db.selectFrom('clients').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function createClient(ctx: AppContext, actor: Actor | null, body: z.infer<typeof CreateClientBody>): Promise<ClientItem> {
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const c = await tx
        .insertInto('clients')
        .values({ code: body.code, name: body.name, currency: body.currency, timezone: body.timezone, remarks: body.remarks ?? null })
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(tx, actor?.id ?? null, 'client.create', 'client', c.id, { code: c.code });
      return { id: c.id, code: c.code, name: c.name, currency: c.currency.trim(), timezone: c.timezone, remarks: c.remarks, batchCount: 0, caseCount: 0, createdAt: new Date(c.created_at).toISOString() };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('CLIENT_CODE_TAKEN', `client code ${body.code} is taken`);
    throw e;
  }
}

/** A client in the actor's scope (null actor: the command line, unscoped), else NOT_FOUND. */
export async function requireClient(ctx: AppContext, actor: Actor | null, id: number) {
  let q = ctx.db.selectFrom('clients as c').selectAll('c').where('c.id', '=', id);
  if (actor) q = q.where(clientScopeSql(actor.scope, 'c'));
  const c = await q.executeTakeFirst();
  if (!c) throw notFound('client');
  return c;
}
