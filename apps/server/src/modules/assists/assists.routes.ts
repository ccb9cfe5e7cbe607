/** Assisted collection (协催) and notification routes (issue 5 item 7). */
import { z } from 'zod';
import { AssistTypeBody, ASSIST_REQUEST_TYPES, CompleteAssistBody, CreateAssistBody } from '@recova/contracts';
import type { AppContext } from '../../http/context.ts';
import type { DefineRoute } from '../../http/route.ts';
import { parseInput } from '../../http/errors.ts';
import { assistQueue, assistTypes, caseAssists, completeAssist, createAssist, setAssistSla, takeAssist } from './assists.service.ts';
import { listNotifications, markRead } from './notifications.ts';

const IdParam = z.object({ id: z.coerce.number().int().positive() });
const TypeParam = z.object({ type: z.enum(ASSIST_REQUEST_TYPES) });
const QueueQuery = z.object({ status: z.enum(['open', 'in_progress', 'done', 'cancelled']).optional(), overdue: z.enum(['0', '1']).optional() });
const ReadBody = z.object({ ids: z.array(z.number().int().positive()).max(500).optional() });

export function assistRoutes(route: DefineRoute, ctx: AppContext) {
  route('GET', '/api/assists/types', 'authenticated', async () => ({ items: await assistTypes(ctx.db) }));
  // teams a request can go to (collectors cannot list users/teams otherwise): names only
  route('GET', '/api/assists/teams', 'contacts.write', async () => ({ items: await ctx.db.selectFrom('teams').select(['id', 'name']).where('tenant_id', '=', 1).orderBy('name').execute() }));
  route('PUT', '/api/assists/types/:type', 'settings.write', async (req, _reply, actor) =>
    ({ items: await setAssistSla(ctx, actor, parseInput(TypeParam, req.params).type, parseInput(AssistTypeBody, req.body).slaHours) }));
  route('POST', '/api/cases/:id/assists', 'contacts.write', async (req, reply, actor) => {
    const r = await createAssist(ctx, actor, parseInput(IdParam, req.params).id, parseInput(CreateAssistBody, req.body));
    reply.code(201);
    return r;
  });
  route('GET', '/api/cases/:id/assists', 'cases.read', async (req, _reply, actor) => ({ items: await caseAssists(ctx, actor, parseInput(IdParam, req.params).id) }));
  route('GET', '/api/assists/queue', 'assists.work', async (req, _reply, actor) => {
    const q = parseInput(QueueQuery, req.query);
    return { items: await assistQueue(ctx, actor, { status: q.status, overdue: q.overdue === '1' }) };
  });
  route('POST', '/api/assists/:id/take', 'assists.work', async (req, _reply, actor) => takeAssist(ctx, actor, parseInput(IdParam, req.params).id));
  route('POST', '/api/assists/:id/complete', 'assists.work', async (req, _reply, actor) =>
    completeAssist(ctx, actor, parseInput(IdParam, req.params).id, parseInput(CompleteAssistBody, req.body).result));
  route('GET', '/api/notifications', 'authenticated', async (_req, _reply, actor) => listNotifications(ctx.db, actor.id));
  route('POST', '/api/notifications/read', 'authenticated', async (req, _reply, actor) => {
    await markRead(ctx.db, actor.id, parseInput(ReadBody, req.body ?? {}).ids, ctx.clock.now());
    return { ok: true };
  });
}
