/**
 * Authentication API (issue 3 §1):
 *   POST /api/auth/login         public   {username, password, totp?} → SessionMe + session cookie
 *   POST /api/auth/logout        public   ends this session (CSRF token required when a session is sent)
 *   POST /api/auth/logout-all    authenticated  ends every session of the user
 *   GET  /api/auth/me            authenticated  → SessionMe (with this session's CSRF token)
 *   POST /api/auth/password      authenticated  {currentPassword, newPassword}; ends the user's other sessions
 *   POST /api/auth/totp/setup    authenticated  → {secret, otpauthUri, qrDataUrl}
 *   POST /api/auth/totp/enable   authenticated  {code}
 *   POST /api/auth/totp/disable  authenticated  {password}
 */
import { ChangePasswordBody, LoginRequestBody, TotpDisableBody, TotpEnableBody, type SessionMe } from '@recova/contracts';
import type { AppContext, Actor } from '../../http/context.ts';
import type { DefineRoute } from '../../http/route.ts';
import { parseInput } from '../../http/errors.ts';
import { assertCsrf } from '../../http/csrf.ts';
import { audit } from '../audit/audit.ts';
import { getSettings } from '../settings/settings.service.ts';
import { loadAccess } from '../access/permissions.ts';
import { actorFromToken, createSession, destroySession, destroyUserSessions, toActor, SESSION_COOKIE } from './sessions.ts';
import { login } from './login.service.ts';
import { changeOwnPassword } from './password-change.service.ts';
import { disableTotp, enableTotp, setupTotp } from './totp.ts';

/** The `Me` presenter: the actor without its scope and session internals, plus the CSRF token. */
export function sessionMe({ scope: _s, session: _x, ...rest }: Actor, csrfToken: string): SessionMe {
  return { ...rest, mustChangePassword: rest.mustChangePassword ?? false, totpEnabled: rest.totpEnabled ?? false, mustEnrolTotp: rest.mustEnrolTotp ?? false, csrfToken };
}

export function authRoutes(route: DefineRoute, ctx: AppContext) {
  route('POST', '/api/auth/login', 'public', async (req, reply) => {
    const body = parseInput(LoginRequestBody, req.body);
    const user = await login(ctx, body.username, body.password, body.totp);
    const { token, csrfToken } = await createSession(ctx, user.id);
    reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: req.protocol === 'https' });
    return sessionMe(toActor(user, await getSettings(ctx.db), await loadAccess(ctx.db, user.id)), csrfToken);
  });
  route('POST', '/api/auth/logout', 'public', async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    const actor = await actorFromToken(ctx, token);
    if (actor) {
      assertCsrf(req, actor);
      await destroySession(ctx, token!);
      await audit(ctx.db, actor.id, 'auth.logout', 'user', actor.id);
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });
  route('POST', '/api/auth/logout-all', 'authenticated', async (_req, reply, actor) => {
    const ended = await ctx.db.transaction().execute(async (tx) => {
      const n = await destroyUserSessions(tx, actor.id);
      await audit(tx, actor.id, 'auth.logout_all', 'user', actor.id, { endedSessions: n });
      return n;
    });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true, endedSessions: ended };
  });
  route('GET', '/api/auth/me', 'authenticated', async (_req, _reply, actor) => sessionMe(actor, actor.session?.csrfToken ?? ''));
  route('POST', '/api/auth/password', 'authenticated', async (req, _reply, actor) => {
    const body = parseInput(ChangePasswordBody, req.body);
    return { ok: true, ...(await changeOwnPassword(ctx, actor, body.currentPassword, body.newPassword)) };
  });
  route('POST', '/api/auth/totp/setup', 'authenticated', async (_req, _reply, actor) => setupTotp(ctx, actor));
  route('POST', '/api/auth/totp/enable', 'authenticated', async (req, _reply, actor) => {
    await enableTotp(ctx, actor, parseInput(TotpEnableBody, req.body).code);
    return { ok: true };
  });
  route('POST', '/api/auth/totp/disable', 'authenticated', async (req, _reply, actor) => {
    await disableTotp(ctx, actor, parseInput(TotpDisableBody, req.body).password);
    return { ok: true };
  });
}
