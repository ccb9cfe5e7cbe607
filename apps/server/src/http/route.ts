/**
 * Route registration with a declared permission (design.md §6.6: every route declares a permission
 * or `public`; `ROUTES` lets a test enumerate them all). Pipeline: origin check → authenticate →
 * CSRF token → account gates (forced password change, TOTP enrolment) → authorise → handler.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Permission } from '@recova/contracts';
import { AppError } from './errors.ts';
import type { Actor } from './context.ts';
import { assertCsrf, assertSameOrigin, isStateChanging } from './csrf.ts';

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

/** Routes a user who must change their password can still reach. */
export const PASSWORD_CHANGE_ROUTES = new Set(['GET /api/auth/me', 'POST /api/auth/logout', 'POST /api/auth/password']);
/** Routes an admin/manager who must enrol TOTP (`totpRequiredForPrivileged`) can still reach. */
export const TOTP_ENROL_ROUTES = new Set([...PASSWORD_CHANGE_ROUTES, 'POST /api/auth/totp/setup', 'POST /api/auth/totp/enable']);

/**
 * The account gates, in order: PASSWORD_CHANGE_REQUIRED while `mustChangePassword`, then
 * TOTP_REQUIRED while `mustEnrolTotp` (both 403).
 */
export function assertAccountGates(actor: Actor, method: string, url: string): void {
  const key = `${method} ${url}`;
  if (actor.mustChangePassword && !PASSWORD_CHANGE_ROUTES.has(key)) throw new AppError('PASSWORD_CHANGE_REQUIRED', 'change your password first');
  if (actor.mustEnrolTotp && !TOTP_ENROL_ROUTES.has(key)) throw new AppError('TOTP_REQUIRED', 'set up two-factor sign-in first');
}

export function routeDefiner(app: FastifyInstance, authenticate: Authenticate) {
  return function defineRoute<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, access: Access, handler: Handler<T>) {
    if (!ROUTES.some((r) => r.method === method && r.url === url)) ROUTES.push({ method, url, access });
    app.route({
      method,
      url,
      handler: async (req, reply) => {
        if (isStateChanging(method)) assertSameOrigin(req);
        let actor: Actor | null = null;
        if (access !== 'public') {
          actor = await authenticate(req);
          if (!actor) throw new AppError('UNAUTHENTICATED', 'please log in');
          if (isStateChanging(method)) assertCsrf(req, actor);
          assertAccountGates(actor, method, url);
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
