import { LoginBody, CreateUserBody, CreateTeamBody } from '@recova/contracts';
import { z } from 'zod';
import type { AppContext } from '../../http/context.ts';
import type { DefineRoute } from '../../http/route.ts';
import { parseInput } from '../../http/errors.ts';
import { createSession, destroySession, toActor, SESSION_COOKIE } from '../auth/sessions.ts';
import { loadAccess } from '../access/permissions.ts';
import { login, listUsers, createUser, listTeams, createTeam } from './users.service.ts';

const me = ({ scope: _s, ...rest }: ReturnType<typeof toActor>) => rest;

export function userRoutes(route: DefineRoute, ctx: AppContext) {
  route('POST', '/api/auth/login', 'public', async (req, reply) => {
    const body = parseInput(LoginBody, req.body);
    const user = await login(ctx, body.username, body.password);
    const token = await createSession(ctx, user.id);
    reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: req.protocol === 'https' });
    return me(toActor(user, await loadAccess(ctx.db, user.id)));
  });
  route('POST', '/api/auth/logout', 'public', async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await destroySession(ctx, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });
  route('GET', '/api/auth/me', 'authenticated', async (_req, _reply, actor) => me(actor));

  route('GET', '/api/users', 'users.read', async (req, _reply, actor) => {
    const q = parseInput(z.object({ role: z.string().max(32).optional() }), req.query);
    return { items: await listUsers(ctx, actor, q.role) };
  });
  route('POST', '/api/users', 'users.write', async (req, reply, actor) => {
    const body = parseInput(CreateUserBody, req.body);
    reply.code(201);
    return createUser(ctx, actor, body);
  });
  route('GET', '/api/teams', 'users.read', async () => ({ items: await listTeams(ctx) }));
  route('POST', '/api/teams', 'users.write', async (req, reply, actor) => {
    const body = parseInput(CreateTeamBody, req.body);
    reply.code(201);
    return createTeam(ctx, actor, body.name);
  });
}
