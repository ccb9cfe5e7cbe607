import { CreateUserBody, CreateTeamBody, ResetPasswordBody, UpdateUserBody } from '@recova/contracts';
import { z } from 'zod';
import type { AppContext } from '../../http/context.ts';
import type { DefineRoute } from '../../http/route.ts';
import { parseInput } from '../../http/errors.ts';
import { listUsers, createUser, listTeams, createTeam, setUserActive } from './users.service.ts';
import { resetUserPassword } from '../auth/password-change.service.ts';
import { resetTotp } from '../auth/totp.ts';

const idParam = z.object({ id: z.coerce.number().int().positive() });

export function userRoutes(route: DefineRoute, ctx: AppContext) {
  route('GET', '/api/users', 'users.read', async (req, _reply, actor) => {
    const q = parseInput(z.object({ role: z.string().max(32).optional() }), req.query);
    return { items: await listUsers(ctx, actor, q.role) };
  });
  route('POST', '/api/users', 'users.write', async (req, reply, actor) => {
    const body = parseInput(CreateUserBody, req.body);
    reply.code(201);
    return createUser(ctx, actor, body);
  });
  // deactivating ends the user's sessions
  // PATCH /api/users/:id (role, team, scope, active …) lives in access/access.routes.ts
  // admin reset: forces a change at next sign-in (unless mustChangePassword: false) and ends the user's sessions
  route('POST', '/api/users/:id/password', 'users.write', async (req, _reply, actor) => {
    const { id } = parseInput(idParam, req.params);
    const body = parseInput(ResetPasswordBody, req.body);
    return { ok: true, ...(await resetUserPassword(ctx, actor, id, body.password, body.mustChangePassword ?? true)) };
  });
  route('POST', '/api/users/:id/totp/reset', 'users.write', async (req, _reply, actor) => {
    await resetTotp(ctx, actor, parseInput(idParam, req.params).id);
    return { ok: true };
  });
  route('GET', '/api/teams', 'users.read', async () => ({ items: await listTeams(ctx) }));
  route('POST', '/api/teams', 'users.write', async (req, reply, actor) => {
    const body = parseInput(CreateTeamBody, req.body);
    reply.code(201);
    return createTeam(ctx, actor, body.name);
  });
}
