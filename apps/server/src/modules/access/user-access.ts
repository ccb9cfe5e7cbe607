/**
 * A user's access settings, edited by an administrator (users.write): role, team, department,
 * data scope, the client of a client viewer, the clients of the 'clients' scope, active.
 * Every change is audited with the changed fields (ids only). Guards: a client viewer's scope stays
 * within clients (never the agency's cases); at least one active admin always remains.
 */
import type { z } from 'zod';
import { CLIENT_VIEWER_SCOPES, DATA_SCOPES, DEFAULT_DATA_SCOPE, type DataScope, type Role, type UpdateUserAccessBody, type UserAccessItem } from '@recova/contracts';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor, AppContext } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { audit } from '../audit/audit.ts';

const invalid = (field: string, reason: string) => new AppError('VALIDATION_FAILED', `${field}: ${reason}`, [{ field, reason }]);

/** Users with their access settings (optionally one user), by id. */
export async function listUserAccess(db: Kysely<DB>, userId?: number): Promise<UserAccessItem[]> {
  let q = db.selectFrom('users').select(['id', 'username', 'display_name', 'role', 'client_id', 'team_id', 'active', 'department_id', 'data_scope']).orderBy('id');
  if (userId !== undefined) q = q.where('id', '=', userId);
  const users = await q.execute();
  const links = users.length ? await db.selectFrom('user_clients').select(['user_id', 'client_id']).where('user_id', 'in', users.map((u) => u.id)).orderBy('client_id').execute() : [];
  return users.map((u) => {
    const role = u.role as Role;
    const dataScope = (DATA_SCOPES as readonly string[]).includes(u.data_scope ?? '') ? (u.data_scope as DataScope) : null;
    return {
      id: u.id, username: u.username, displayName: u.display_name, role, clientId: u.client_id, teamId: u.team_id, active: u.active,
      departmentId: u.department_id, dataScope, effectiveScope: dataScope ?? DEFAULT_DATA_SCOPE[role],
      clientIds: links.filter((l) => l.user_id === u.id).map((l) => l.client_id),
    };
  });
}

/**
 * Apply an access change to user `id`; returns the user as stored.
 * @throws NOT_FOUND (user, team, department, client), VALIDATION_FAILED (scope/role rules, last admin)
 */
export async function updateUserAccess(ctx: AppContext, actor: Actor, id: number, body: z.infer<typeof UpdateUserAccessBody>): Promise<UserAccessItem> {
  await ctx.db.transaction().execute(async (tx) => {
    const cur = await tx.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!cur) throw notFound('user');
    const role = body.role ?? (cur.role as Role);
    const active = body.active ?? cur.active;
    if (!active && cur.active && id === actor.id) throw invalid('active', 'you cannot deactivate yourself');
    const teamId = body.teamId !== undefined ? body.teamId : cur.team_id;
    const departmentId = body.departmentId !== undefined ? body.departmentId : cur.department_id;
    const clientId = role === 'client_viewer' ? (body.clientId !== undefined ? body.clientId : cur.client_id) : null;
    const dataScope = body.dataScope !== undefined ? body.dataScope : (cur.data_scope as DataScope | null);
    const effective = dataScope ?? DEFAULT_DATA_SCOPE[role];

    if (role === 'client_viewer' && !clientId) throw invalid('clientId', 'a client viewer needs a client');
    if (role === 'client_viewer' && !CLIENT_VIEWER_SCOPES.includes(effective)) throw invalid('dataScope', 'a client viewer sees clients only');
    if (role !== 'client_viewer' && effective === 'client') throw invalid('dataScope', "'client' is the client viewer's scope");
    if (teamId !== null && teamId !== cur.team_id && !(await tx.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst())) throw notFound('team');
    if (departmentId !== null && departmentId !== cur.department_id && !(await tx.selectFrom('departments').select('id').where('id', '=', departmentId).executeTakeFirst())) throw notFound('department');
    if (clientId !== null && clientId !== cur.client_id && !(await tx.selectFrom('clients').select('id').where('id', '=', clientId).executeTakeFirst())) throw notFound('client');
    if (cur.role === 'admin' && cur.active && (role !== 'admin' || !active)) {
      const others = await tx.selectFrom('users').select('id').where('role', '=', 'admin').where('active', '=', true).where('id', '!=', id).limit(1).execute();
      if (!others.length) throw invalid(body.role ? 'role' : 'active', 'the last active administrator cannot be removed');
    }

    await tx
      .updateTable('users')
      .set({ display_name: body.displayName ?? cur.display_name, role, active, team_id: teamId, department_id: departmentId, client_id: clientId, data_scope: dataScope })
      .where('id', '=', id)
      .execute();
    const changes: Record<string, unknown> = {};
    const track = (k: string, from: unknown, to: unknown) => { if (from !== to) changes[k] = { from, to }; };
    track('role', cur.role, role);
    track('active', cur.active, active);
    track('teamId', cur.team_id, teamId);
    track('departmentId', cur.department_id, departmentId);
    track('clientId', cur.client_id, clientId);
    track('dataScope', cur.data_scope, dataScope);
    if (body.displayName !== undefined && body.displayName !== cur.display_name) changes.displayName = 'changed';
    if (body.clientIds) {
      const before = (await tx.selectFrom('user_clients').select('client_id').where('user_id', '=', id).execute()).map((r) => r.client_id);
      const next = [...new Set(body.clientIds)];
      const known = next.length ? await tx.selectFrom('clients').select('id').where('id', 'in', next).execute() : [];
      if (known.length !== next.length) throw notFound('client');
      await tx.deleteFrom('user_clients').where('user_id', '=', id).execute();
      if (next.length) await tx.insertInto('user_clients').values(next.map((c) => ({ user_id: id, client_id: c }))).execute();
      const added = next.filter((c) => !before.includes(c));
      const removed = before.filter((c) => !next.includes(c));
      if (added.length || removed.length) changes.clientIds = { added, removed };
    }
    const ended = !active && cur.active ? Number((await tx.deleteFrom('sessions').where('user_id', '=', id).executeTakeFirst()).numDeletedRows) : 0;
    if (active !== cur.active) await audit(tx, actor.id || null, active ? 'user.activate' : 'user.deactivate', 'user', id, { endedSessions: ended });
    await audit(tx, actor.id || null, 'user.update', 'user', id, changes);
  });
  return (await listUserAccess(ctx.db, id))[0];
}
