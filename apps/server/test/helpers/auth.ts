/**
 * Shared harness for the authentication tests: a controllable clock, a context and app on it, and
 * sign-in / request helpers carrying the session cookie and CSRF token.
 */
import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import { generateSync } from 'otplib';
import { expect } from 'vitest';
import { createTestContext, type TestContext } from './context.ts';
import type { Clock } from '../../src/platform/clock.ts';
import { buildApp } from '../../src/http/app.ts';
import { ensureAdmin } from '../../src/modules/users/users.service.ts';

export const T0 = new Date('2024-06-01T02:00:00Z').getTime();
export const MIN = 60_000;
let nowMs = T0;
/** The test clock: starts at T0 and only moves forward through {@link advance}. */
export const clock: Clock = { now: () => new Date(nowMs), today: (z) => DateTime.fromMillis(nowMs).setZone(z).toISODate()! };
export const advance = (ms: number) => (nowMs += ms);
export const nowMsNow = () => nowMs;

export interface Session { cookie: string; csrf: string; body: Record<string, unknown> }
export const h = {} as { ctx: TestContext; app: FastifyInstance };

/** Fresh context on the test clock with the bootstrap admin; an app with generous rate limits. */
export async function setupAuthHarness() {
  h.ctx = await createTestContext({ clock });
  await ensureAdmin(h.ctx);
  h.app = await buildApp(h.ctx, { rateLimits: { login: { max: 1000, timeWindowMs: 60_000 }, search: { max: 1000, timeWindowMs: 60_000 }, sensitive: { max: 1000, timeWindowMs: 60_000 } } });
}
export async function teardownAuthHarness() {
  await h.app.close();
  await h.ctx.cleanup();
}

export async function loginRaw(username: string, password = 'password-123', extra: Record<string, unknown> = {}, a = h.app) {
  return a.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password, ...extra } });
}
export async function login(username: string, password = 'password-123', extra: Record<string, unknown> = {}): Promise<Session> {
  const r = await loginRaw(username, password, extra);
  expect(r.statusCode, r.body).toBe(200);
  const c = r.cookies.find((x) => x.name === 'recova_session')!;
  return { cookie: `recova_session=${c.value}`, csrf: r.json().csrfToken, body: r.json() };
}
export const get = (s: Session, url: string, a = h.app) => a.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
export const send = (s: Session, method: 'POST' | 'PATCH' | 'DELETE', url: string, payload: object = {}, headers: Record<string, string> = {}) =>
  h.app.inject({ method, url, payload, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...headers } });
export const userId = async (username: string) => (await h.ctx.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
/** Audit rows about a user (entity user, entity_id = their id), oldest first. */
export const auditActions = async (username: string) => {
  const id = await userId(username);
  return h.ctx.db.selectFrom('audit_log').select(['action', 'data']).where('entity', '=', 'user').where('entity_id', '=', String(id)).orderBy('id').execute();
};
/** The RFC 6238 code for `secret` at the test clock's time (or `ms`). */
export const totpAt = (secret: string, ms = nowMs) => generateSync({ secret, epoch: Math.floor(ms / 1000) });
