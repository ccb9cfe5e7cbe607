/**
 * Rate limits (issue 3 §7; OWASP ASVS V2.2.1 anti-automation, V11.1.4), with @fastify/rate-limit and
 * its in-memory store (one server process):
 * - sign-in: per client IP + username (a slow brute force against one account, without letting one
 *   user lock out others' IPs); the per-user lockout (login.service.ts) is the second layer;
 * - search: per signed-in user (session → user id) on the case list;
 * - exports and secret checks: per user, tighter — an export answering "does this full number match?"
 *   is an oracle for guessing a masked ID (1,861 candidates once the birth date is the only unknown),
 *   and a current-password check is one for a stolen session (adversarial testing found both).
 * A refused request answers 429 RATE_LIMITED in the usual error body, with `retry-after`.
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { AppContext } from './context.ts';
import { AppError } from './errors.ts';
import { SESSION_COOKIE, sha256 } from '../modules/auth/sessions.ts';

export interface RateLimits {
  /** sign-in attempts per IP + username per window */
  login: { max: number; timeWindowMs: number };
  /** searches (case list queries) per user per window */
  search: { max: number; timeWindowMs: number };
  /** exports and current-password / TOTP-disable checks per user per window */
  sensitive?: { max: number; timeWindowMs: number };
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  login: { max: 10, timeWindowMs: 60_000 },
  search: { max: 120, timeWindowMs: 60_000 },
  sensitive: { max: 10, timeWindowMs: 60_000 },
};

/** Exports and checks of the user's own secrets, limited per user (see above). */
export const SENSITIVE_ROUTES = new Set(['GET /api/cases/export.xlsx', 'POST /api/cases/export', 'POST /api/auth/password', 'POST /api/auth/totp/disable', 'GET /api/export-requests/:id/download']);

/** `METHOD url` of the search routes limited per user (add a POST search here when one exists). */
export const SEARCH_ROUTES = new Set(['GET /api/cases', 'POST /api/cases/search']);
const LOGIN_ROUTE = 'POST /api/auth/login';

/** Register the plugin and attach the limits to the routes above; call before the routes are defined. */
export async function registerRateLimits(app: FastifyInstance, ctx: AppContext, limits: RateLimits = DEFAULT_RATE_LIMITS): Promise<void> {
  // runs before the plugin's own onRoute hook, which reads routeOptions.config.rateLimit
  app.addHook('onRoute', (r: RouteOptions) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    for (const m of methods) {
      const key = `${m} ${r.url}`;
      if (key === LOGIN_ROUTE) {
        r.config = { ...(r.config as object), rateLimit: { max: limits.login.max, timeWindow: limits.login.timeWindowMs, hook: 'preHandler', keyGenerator: loginKey } } as RouteOptions['config'];
      } else if (SENSITIVE_ROUTES.has(key)) {
        const l = limits.sensitive ?? DEFAULT_RATE_LIMITS.sensitive!;
        r.config = { ...(r.config as object), rateLimit: { max: l.max, timeWindow: l.timeWindowMs, keyGenerator: (req: FastifyRequest) => userKey(ctx, req).then((k) => `sensitive|${k}`) } } as RouteOptions['config'];
      } else if (SEARCH_ROUTES.has(key)) {
        r.config = { ...(r.config as object), rateLimit: { max: limits.search.max, timeWindow: limits.search.timeWindowMs, keyGenerator: (req: FastifyRequest) => userKey(ctx, req) } } as RouteOptions['config'];
      }
    }
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, c) => new AppError('RATE_LIMITED', `too many requests; try again in ${c.after}`),
  });
}

function loginKey(req: FastifyRequest): string {
  const u = (req.body as { username?: unknown } | undefined)?.username;
  return `login|${req.ip}|${typeof u === 'string' ? u.toLowerCase().slice(0, 64) : ''}`;
}

async function userKey(ctx: AppContext, req: FastifyRequest): Promise<string> {
  const token = req.cookies?.[SESSION_COOKIE];
  if (token) {
    const s = await ctx.db.selectFrom('sessions').select('user_id').where('token_hash', '=', sha256(token)).executeTakeFirst();
    if (s) return `user|${s.user_id}`;
  }
  return `ip|${req.ip}`;
}
