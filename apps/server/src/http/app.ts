/**
 * The Fastify application: cookies, multipart uploads (size-limited), security headers, the API
 * routes, the built web UI with SPA fallback, and one error handler mapping codes to statuses.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { ZodError } from 'zod';
import type { AppContext } from './context.ts';
import { AppError, STATUS_BY_CODE, fromZod } from './errors.ts';
import { routeDefiner } from './route.ts';
import { actorFromToken, SESSION_COOKIE } from '../modules/auth/sessions.ts';
import { userRoutes } from '../modules/users/users.routes.ts';
import { clientRoutes } from '../modules/clients/clients.routes.ts';
import { batchRoutes } from '../modules/batches/batches.routes.ts';
import { importRoutes } from '../modules/imports/import.routes.ts';
import { caseRoutes } from '../modules/cases/cases.routes.ts';
import { settingsRoutes } from '../modules/settings/settings.routes.ts';
import { complianceRoutes } from '../modules/compliance/compliance.routes.ts';
import { accessRoutes } from '../modules/access/access.routes.ts';
import { auditRoutes } from '../modules/audit/audit.routes.ts';
import { authRoutes } from '../modules/auth/auth.routes.ts';
import { paymentRoutes } from '../modules/payments/payments.routes.ts';
import { messagingRoutes } from '../modules/messaging/messaging.routes.ts';
import { allocationRoutes } from '../modules/allocation/allocation.routes.ts';
import { strategyRoutes } from '../modules/strategy/strategy.routes.ts';
import { agingRoutes } from '../modules/aging/aging.routes.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { registerRateLimits, type RateLimits } from './rate-limits.ts';
import { contactRoutes } from '../modules/contacts/contacts.routes.ts';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

export async function buildApp(ctx: AppContext, opts: { serveWeb?: boolean; rateLimits?: RateLimits } = {}): Promise<FastifyInstance> {
  // behind a proxy, req.ip comes from X-Forwarded-For only for the proxies named in RECOVA_TRUST_PROXY
  const app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024, ...(ctx.config.trustProxy && { trustProxy: ctx.config.trustProxy }) });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: ctx.config.maxUploadBytes, files: 1, fields: 10 } });

  await registerSecurityHeaders(app);
  await registerRateLimits(app, ctx, opts.rateLimits);

  app.setErrorHandler((err: Error & { code?: string; statusCode?: number }, req, reply) => {
    let e: AppError;
    if (err instanceof AppError) e = err;
    else if (err instanceof ZodError) e = fromZod(err);
    else if (err.code === 'FST_REQ_FILE_TOO_LARGE' || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') e = new AppError('FILE_TOO_LARGE', 'request body is too large');
    else if (/multipart|Unexpected end of/i.test(err.message)) e = new AppError('VALIDATION_FAILED', `malformed upload: ${err.message}`);
    // PostgreSQL refusing the text itself (a NUL byte, an invalid byte sequence): the input is bad, not the server
    else if (err.code === '22021' || err.code === '22P05') e = new AppError('VALIDATION_FAILED', 'text contains characters that cannot be stored (e.g. a NUL byte)');
    else if ((err as { statusCode?: number }).statusCode && (err as { statusCode: number }).statusCode < 500) e = new AppError('VALIDATION_FAILED', err.message);
    else {
      ctx.log.error({ url: req.routeOptions.url, err: err.message, stack: err.stack }, 'unhandled error');
      e = new AppError('INTERNAL', 'internal error');
    }
    reply.code(STATUS_BY_CODE[e.code]).send({ code: e.code, message: e.message, ...(e.details && { details: e.details }) });
  });

  const route = routeDefiner(app, (req) => actorFromToken(ctx, req.cookies[SESSION_COOKIE]));
  authRoutes(route, ctx);
  userRoutes(route, ctx);
  clientRoutes(route, ctx);
  batchRoutes(route, ctx);
  importRoutes(route, ctx);
  caseRoutes(route, ctx);
  settingsRoutes(route, ctx);
  complianceRoutes(route, ctx);
  accessRoutes(route, ctx);
  auditRoutes(route, ctx);
  contactRoutes(route, ctx);
  paymentRoutes(route, ctx);
  messagingRoutes(route, ctx, app);
  allocationRoutes(route, ctx);
  strategyRoutes(route, ctx); // + /api/daily-runs, /api/strategy-report
  agingRoutes(route, ctx); // issue 6: installments, client aging grace
  route('GET', '/api/health', 'public', async () => ({ ok: true, db: ctx.database.kind }));

  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || !opts.serveWeb || !fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
      return reply.code(404).send({ code: 'NOT_FOUND', message: 'not found' });
    }
    return reply.type('text/html').sendFile('index.html');
  });
  if (opts.serveWeb && fs.existsSync(WEB_DIST)) await app.register(fastifyStatic, { root: WEB_DIST, wildcard: true }); // files looked up per request: a rebuilt UI is served without a restart
  return app;
}
