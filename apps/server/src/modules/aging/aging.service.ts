/**
 * Aging use cases (issue 6): a case's installment schedule with each installment's FIFO settlement and
 * its DPD and bucket as of today — computed exactly as the daily run does (aging-read.ts, the domain's
 * `ageAccount`/`settleInstallments`) — and a client's aging grace override (clients.aging_grace_days,
 * null = the agency's settings.agingGraceDays). Scoped like the case/client itself (outside → 404);
 * the change is audited with old and new values.
 */
import { ageAccount, settleInstallments } from '@recova/domain/aging/schedule';
import type { CaseInstallments, ClientAgingSettings } from '@recova/contracts';
import type { Actor, AppContext } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { caseScopeSql, clientScopeSql } from '../access/scope.sql.ts';
import { audit } from '../audit/audit.ts';
import { loadAgingInputs } from '../daily-run/aging-read.ts';
import { agingSettings } from '../settings/settings.service.ts';

/** The case's schedule as of today in the agency zone. NOT_FOUND outside the actor's scope. */
export async function caseInstallments(ctx: AppContext, actor: Actor, caseId: number): Promise<CaseInstallments> {
  const c = await ctx.db.selectFrom('cases as c').innerJoin('clients as cl', 'cl.id', 'c.client_id')
    .select(['c.id', 'c.currency', 'c.overdue_date', 'cl.aging_grace_days']).where('c.id', '=', caseId).where(caseScopeSql(actor.scope, 'c')).executeTakeFirst();
  if (!c) throw notFound('case');
  const asOf = ctx.clock.today(ctx.config.timezone);
  const cfg = await agingSettings(ctx.db);
  const inputs = await loadAgingInputs(ctx.db, [caseId], asOf, ctx.config.timezone);
  const rows = await ctx.db.selectFrom('case_installments').select(['seq', 'due_date', 'amount', 'paid_before']).where('case_id', '=', caseId).orderBy('due_date').orderBy('seq').execute();
  const paid = inputs.paidToDate.get(caseId) ?? 0;
  const payments = paid ? [{ date: asOf, amount: paid }] : [];
  const installments = rows.map((r) => ({ dueDate: r.due_date, amount: r.amount, paidBefore: r.paid_before })); // int8: already integer minor units
  const graceDays = c.aging_grace_days ?? cfg.graceDays;
  const pauses = inputs.pauses.get(caseId) ?? [];
  let settled: ReturnType<typeof settleInstallments>;
  let aged: ReturnType<typeof ageAccount>;
  try {
    settled = settleInstallments(asOf, installments, payments);
    aged = ageAccount({ asOf, overdueDate: c.overdue_date, installments, payments, pauses, graceDays, buckets: cfg.buckets });
  } catch (e) {
    if (e instanceof RangeError) throw new AppError('INVALID_STATE', `the case's schedule and payments cannot be aged: ${e.message}`);
    throw e;
  }
  return {
    asOf, currency: c.currency.trim(), dpd: aged.dpd, bucket: aged.bucket, overdueAmount: aged.overdueAmount, unapplied: rows.length ? settled.unapplied : 0, graceDays, pauses,
    items: settled.installments.map((s) => ({ seq: rows[s.index].seq, dueDate: s.dueDate, amount: s.amount, paid: s.paid, remaining: s.remaining, status: s.status, overdue: s.overdue })),
  };
}

/** A client's aging grace override. NOT_FOUND outside the actor's scope. */
export async function getClientAgingSettings(ctx: AppContext, actor: Actor, clientId: number): Promise<ClientAgingSettings> {
  const c = await ctx.db.selectFrom('clients as c').select('c.aging_grace_days').where('c.id', '=', clientId).where(clientScopeSql(actor.scope, 'c')).executeTakeFirst();
  if (!c) throw notFound('client');
  return { agingGraceDays: c.aging_grace_days };
}

/** Set (or clear with null) a client's aging grace days; audited. Applies from the next daily run. */
export async function setClientAgingSettings(ctx: AppContext, actor: Actor, clientId: number, body: ClientAgingSettings): Promise<ClientAgingSettings> {
  const before = await getClientAgingSettings(ctx, actor, clientId);
  await ctx.db.transaction().execute(async (tx) => {
    await tx.updateTable('clients').set({ aging_grace_days: body.agingGraceDays }).where('id', '=', clientId).execute();
    await audit(tx, actor.id, 'client.aging_settings', 'client', clientId, { from: before, to: body });
  });
  return { agingGraceDays: body.agingGraceDays };
}
