/**
 * Route registration with a declared permission (design.md §6.6: every route declares a permission
 * or `public`; `ROUTES` lets a test enumerate them all). Pipeline: authenticate → authorise → handler.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Permission } from '@recova/contracts';
import { AppError } from './errors.ts';
import type { Actor } from './context.ts';

export type Access = Permission | 'public' | 'authenticated';

export interface RouteInfo {
  method: string;
  url: string;
  access: Access;
}

/** Every route registered through {@link defineRoute}, for the route-permission test. */
export const ROUTES: RouteInfo[] = [];

export interface Handler<T> {
  (req: FastifyRequest, reply: FastifyReply, actor: Actor): Promise<T> | T;
}

type Authenticate = (req: FastifyRequest) => Promise<Actor | null>;

export function routeDefiner(app: FastifyInstance, authenticate: Authenticate) {
  return function defineRoute<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, access: Access, handler: Handler<T>) {
    if (!ROUTES.some((r) => r.method === method && r.url === url)) ROUTES.push({ method, url, access });
    app.route({
      method,
      url,
      handler: async (req, reply) => {
        let actor: Actor | null = null;
        if (access !== 'public') {
          actor = await authenticate(req);
          if (!actor) throw new AppError('UNAUTHENTICATED', 'please log in');
          if (access !== 'authenticated' && !actor.permissions.includes(access)) {
            throw new AppError('FORBIDDEN', `permission ${access} required`);
          }
        }
        return handler(req, reply, actor as Actor);
      },
    });
  };
}
export type DefineRoute = ReturnType<typeof routeDefiner>;
