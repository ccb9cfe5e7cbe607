/**
 * Access administration: the role → permission matrix, departments, team → department, user access
 * (role, team, department, data scope, clients, active); and the export-request routes.
 */
import { z } from 'zod';
import { CreateDepartmentBody, ROLES, UpdateRolePermissionsBody, UpdateTeamBody, UpdateUserAccessBody } from '@recova/contracts';
import type { AppContext } from '../../http/context.ts';
import type { DefineRoute } from '../../http/route.ts';
import { parseInput } from '../../http/errors.ts';
import { IdParam } from '../batches/batches.routes.ts';
import { exportRequestRoutes } from '../exports/export-requests.routes.ts';
import { listRoles, updateRolePermissions } from './permissions.ts';
import { createDepartment, listDepartments, setTeamDepartment } from './departments.ts';
import { listUserAccess, updateUserAccess } from './user-access.ts';

export function accessRoutes(route: DefineRoute, ctx: AppContext) {
  route('GET', '/api/roles', 'users.read', async () => ({ items: await listRoles(ctx.db) }));
  route('PUT', '/api/roles/:role', 'roles.write', async (req, _reply, actor) => {
    const { role } = parseInput(z.object({ role: z.enum(ROLES) }), req.params);
    return updateRolePermissions(ctx, actor, role, parseInput(UpdateRolePermissionsBody, req.body).permissions);
  });
  route('GET', '/api/departments', 'users.read', async () => ({ items: await listDepartments(ctx) }));
  route('POST', '/api/departments', 'users.write', async (req, reply, actor) => {
    const body = parseInput(CreateDepartmentBody, req.body);
    reply.code(201);
    return createDepartment(ctx, actor, body.name);
  });
  route('PATCH', '/api/teams/:id', 'users.write', async (req, _reply, actor) =>
    setTeamDepartment(ctx, actor, parseInput(IdParam, req.params).id, parseInput(UpdateTeamBody, req.body).departmentId),
  );
  route('GET', '/api/user-access', 'users.write', async () => ({ items: await listUserAccess(ctx.db) }));
  route('PATCH', '/api/users/:id', 'users.write', async (req, _reply, actor) =>
    updateUserAccess(ctx, actor, parseInput(IdParam, req.params).id, parseInput(UpdateUserAccessBody, req.body)),
  );
  exportRequestRoutes(route, ctx);
}
