/**
 * HTTP for payments and promises of a case (issue 5). Case-addressed, so the case scope decides first
 * (outside → 404); bodies are validated after the scope check.
 *
 *   GET  /api/cases/:id/payments                          cases.read        list
 *   POST /api/cases/:id/payments                          payments.write    manual entry (pending_approval)
 *   POST /api/cases/:id/payments/:paymentId/approve       payments.approve  post it (not one's own)
 *   POST /api/cases/:id/payments/:paymentId/reject        payments.approve  { reason }
 *   POST /api/cases/:id/payments/:paymentId/reverse       payments.approve  { reason } (not one's own)
 *   GET  /api/cases/:id/promises                          cases.read        promises with installments
 *   GET  /api/clients/:id/payment-settings                clients.read      allocation order, promise grace
 *   PUT  /api/clients/:id/payment-settings                clients.write
 *   PUT  /api/batches/:id/queue-settings                  batches.write     { firstContactDays }
 */
import { BatchQueueSettingsBody, CasePaymentParams, ClientPaymentSettingsBody, CreatePaymentBody, PaymentReasonBody } from '@recova/contracts';
import { getClientPaymentSettings, setBatchQueueSettings, setClientPaymentSettings } from './payment-settings.service.ts';
import type { AppContext } from '../../http/context.ts';
import type { DefineRoute } from '../../http/route.ts';
import { parseInput } from '../../http/errors.ts';
import { IdParam } from '../batches/batches.routes.ts';
import { caseForActor, createPayment, decidePayment, listPayments } from './payments.service.ts';
import { listPromises, refreshPromisesForCases } from './promises.service.ts';
import { queueRoutes } from '../queue/queue.routes.ts';

/** Registers the payments, promises, queue and team routes (one line in http/app.ts). */
export function paymentRoutes(route: DefineRoute, ctx: AppContext) {
  queueRoutes(route, ctx);
  route('GET', '/api/cases/:id/payments', 'cases.read', async (req, _reply, actor) => ({ items: await listPayments(ctx, actor, parseInput(IdParam, req.params).id) }));
  route('POST', '/api/cases/:id/payments', 'payments.write', async (req, reply, actor) => {
    const { id } = parseInput(IdParam, req.params);
    await caseForActor(ctx.db, actor, id);
    const p = await createPayment(ctx, actor, id, parseInput(CreatePaymentBody, req.body ?? {}));
    return reply.code(201).send(p);
  });
  route('POST', '/api/cases/:id/payments/:paymentId/approve', 'payments.approve', async (req, _reply, actor) => {
    const p = parseInput(CasePaymentParams, req.params);
    return decidePayment(ctx, actor, p.id, p.paymentId, 'approve');
  });
  for (const action of ['reject', 'reverse'] as const) {
    route('POST', `/api/cases/:id/payments/:paymentId/${action}`, 'payments.approve', async (req, _reply, actor) => {
      const p = parseInput(CasePaymentParams, req.params);
      await caseForActor(ctx.db, actor, p.id);
      const body = parseInput(PaymentReasonBody, req.body ?? {});
      return decidePayment(ctx, actor, p.id, p.paymentId, action, body.reason);
    });
  }
  route('GET', '/api/cases/:id/promises', 'cases.read', async (req, _reply, actor) => {
    const { id } = parseInput(IdParam, req.params);
    await caseForActor(ctx.db, actor, id);
    // derived data brought up to date for this case first (time alone breaks a promise; the daily run may not have run yet)
    await refreshPromisesForCases(ctx.db, [id], ctx.clock);
    return { items: await listPromises(ctx.db, id) };
  });
  route('GET', '/api/clients/:id/payment-settings', 'clients.read', async (req, _reply, actor) => getClientPaymentSettings(ctx, actor, parseInput(IdParam, req.params).id));
  route('PUT', '/api/clients/:id/payment-settings', 'clients.write', async (req, _reply, actor) => {
    const { id } = parseInput(IdParam, req.params);
    await getClientPaymentSettings(ctx, actor, id);
    return setClientPaymentSettings(ctx, actor, id, parseInput(ClientPaymentSettingsBody, req.body ?? {}));
  });
  route('PUT', '/api/batches/:id/queue-settings', 'batches.write', async (req, _reply, actor) =>
    setBatchQueueSettings(ctx, actor, parseInput(IdParam, req.params).id, parseInput(BatchQueueSettingsBody, req.body ?? {})),
  );
}
