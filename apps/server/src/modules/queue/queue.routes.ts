/**
 * HTTP for My queue and the team lead view (issue 5 points 1 and 8).
 *
 *   GET    /api/queue                 contacts.write   the actor's queue (filters: QueueQuery)
 *   GET    /api/queue/views           contacts.write   the actor's saved views
 *   POST   /api/queue/views           contacts.write   save a view { name, filter }
 *   DELETE /api/queue/views/:id       contacts.write   delete one of the actor's views
 *   GET    /api/team/overview         reports.read     ?date=YYYY-MM-DD&idleDays=N
 *
 * The queue routes declare cases.read (every role with contacts.write has it, and a supervisor without
 * contact rights may still look at a queue); the data scope decides which cases appear.
 */
import { QueueQuery, SaveQueueViewBody, TeamOverviewQuery } from '@recova/contracts';
import type { AppContext } from '../../http/context.ts';
import type { DefineRoute } from '../../http/route.ts';
import { parseInput } from '../../http/errors.ts';
import { IdParam } from '../batches/batches.routes.ts';
import { deleteView, getQueue, listViews, saveView } from './queue.service.ts';
import { teamOverview } from './team.service.ts';

export function queueRoutes(route: DefineRoute, ctx: AppContext) {
  route('GET', '/api/queue', 'cases.read', async (req, _reply, actor) => getQueue(ctx, actor, parseInput(QueueQuery, req.query)));
  route('GET', '/api/queue/views', 'cases.read', async (_req, _reply, actor) => ({ items: await listViews(ctx, actor) }));
  route('POST', '/api/queue/views', 'cases.read', async (req, reply, actor) => {
    const b = parseInput(SaveQueueViewBody, req.body ?? {});
    return reply.code(201).send(await saveView(ctx, actor, b.name, b.filter));
  });
  route('DELETE', '/api/queue/views/:id', 'cases.read', async (req, reply, actor) => {
    await deleteView(ctx, actor, parseInput(IdParam, req.params).id);
    return reply.code(204).send();
  });
  route('GET', '/api/team/overview', 'reports.read', async (req, _reply, actor) => teamOverview(ctx, actor, parseInput(TeamOverviewQuery, req.query)));
}
