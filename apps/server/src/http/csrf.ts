/**
 * CSRF defences for state-changing requests (OWASP CSRF Prevention Cheat Sheet): a synchronizer token
 * per session sent in the `x-csrf-token` header, and a same-origin check of the `Origin` header
 * ("verifying origin with standard headers"; a request without `Origin` is let through to the token check).
 */
import type { FastifyRequest } from 'fastify';
import { CSRF_HEADER } from '@recova/contracts';
import { AppError } from './errors.ts';
import type { Actor } from './context.ts';
import { csrfMatches } from '../modules/auth/sessions.ts';

/** POST, PUT, PATCH and DELETE change state; GET/HEAD/OPTIONS must not. */
export function isStateChanging(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}

/** Refuse (403 CSRF_FAILED) a request whose `Origin` is not this server's own host. */
export function assertSameOrigin(req: FastifyRequest): void {
  const origin = req.headers.origin;
  if (origin === undefined) return;
  let same = false;
  try {
    const o = new URL(origin);
    // normalise the Host header the same way (default ports dropped, lower case)
    // behind a reverse proxy the Host may be the upstream's; a browser cannot forge X-Forwarded-Host
    // cross-origin without a CORS preflight (which we never grant), so it may match too
    const hosts = [req.headers.host, req.headers['x-forwarded-host']].flatMap((h) => (typeof h === 'string' && h ? [h.split(',')[0].trim()] : []));
    same = o.origin !== 'null' && hosts.some((h) => o.host === new URL(`${o.protocol}//${h}`).host);
  } catch {
    same = false;
  }
  if (!same) throw new AppError('CSRF_FAILED', 'cross-origin request refused');
}

/** Refuse (403 CSRF_FAILED) a state-changing request of a session without its CSRF token. */
export function assertCsrf(req: FastifyRequest, actor: Actor): void {
  if (!actor.session) return; // not a cookie session (never the case over HTTP)
  const presented = req.headers[CSRF_HEADER];
  if (!csrfMatches(typeof presented === 'string' ? presented : undefined, actor.session.csrfHash)) {
    throw new AppError('CSRF_FAILED', 'missing or wrong CSRF token');
  }
}
