import { CreateBatchBody, UpdateBatchBody } from '@recova/contracts';
import { z } from 'zod';
import type { AppContext } from '../../http/context.ts';
import type { DefineRoute } from '../../http/route.ts';
import { parseInput } from '../../http/errors.ts';
import { closeBatch, createBatch, deleteBatch, getBatch, listBatches, updateBatch } from './batches.service.ts';

export const IdParam = z.object({ id: z.coerce.number().int().positive() });

export function batchRoutes(route: DefineRoute, ctx: AppContext) {
  route('GET', '/api/batches', 'batches.read', async (req, _reply, actor) => {
    const q = parseInput(z.object({ clientId: z.coerce.number().int().positive().optional() }), req.query);
    return { items: await listBatches(ctx, actor, q.clientId) };
  });
  route('POST', '/api/batches', 'batches.write', async (req, reply, actor) => {
    const body = parseInput(CreateBatchBody, req.body);
    reply.code(201);
    return createBatch(ctx, actor, body);
  });
  route('GET', '/api/batches/:id', 'batches.read', async (req, _reply, actor) => getBatch(ctx, actor, parseInput(IdParam, req.params).id));
  route('PATCH', '/api/batches/:id', 'batches.write', async (req, _reply, actor) =>
    updateBatch(ctx, actor, parseInput(IdParam, req.params).id, parseInput(UpdateBatchBody, req.body)),
  );
  route('DELETE', '/api/batches/:id', 'batches.write', async (req, reply, actor) => {
    await deleteBatch(ctx, actor, parseInput(IdParam, req.params).id);
    reply.code(204);
    return null;
  });
  route('POST', '/api/batches/:id/close', 'batches.write', async (req, _reply, actor) => closeBatch(ctx, actor, parseInput(IdParam, req.params).id));
}
