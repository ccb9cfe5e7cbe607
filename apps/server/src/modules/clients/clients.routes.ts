import { CreateClientBody } from '@recova/contracts';
import type { AppContext } from '../../http/context.ts';
import type { DefineRoute } from '../../http/route.ts';
import { parseInput } from '../../http/errors.ts';
import { createClient, listClients } from './clients.service.ts';

export function clientRoutes(route: DefineRoute, ctx: AppContext) {
  route('GET', '/api/clients', 'clients.read', async (_req, _reply, actor) => ({ items: await listClients(ctx, actor) }));
  route('POST', '/api/clients', 'clients.write', async (req, reply, actor) => {
    const body = parseInput(CreateClientBody, req.body);
    reply.code(201);
    return createClient(ctx, actor, body);
  });
}
