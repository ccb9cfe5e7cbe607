import { sql } from 'kysely';
/**
 * Users and teams: first administrator, login, user and team administration.
 */
import crypto from 'node:crypto';
import type { UserItem, TeamItem } from '@recova/contracts';
import type { z } from 'zod';
import type { CreateUserBody } from '@recova/contracts';
import type { AppContext, Actor } from '../../http/context.ts';
import { AppError, isUniqueViolation } from '../../http/errors.ts';
import { hashPassword } from '../auth/password.ts';
import { enforcePasswordPolicy } from '../auth/password-policy.service.ts';
import { destroyUserSessions } from '../auth/sessions.ts';
import { audit } from '../audit/audit.ts';

/**
 * Create the first administrator when there is no user. Password from `RECOVA_ADMIN_PASSWORD`, else a
 * random one returned so the caller prints it once (it is not stored anywhere in clear); a random
 * password must be changed at first sign-in. The policy is not applied to RECOVA_ADMIN_PASSWORD
 * (the operator's choice at installation).
 */
export async function ensureAdmin(ctx: AppContext): Promise<{ username: string; password: string | null } | null> {
  const any = await ctx.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  const password = ctx.config.adminPassword ?? crypto.randomBytes(12).toString('base64url');
  // a given RECOVA_ADMIN_PASSWORD that fails the password policy must be changed at first sign-in
  const weak = ctx.config.adminPassword ? await enforcePasswordPolicy(ctx.db, password, ctx.config.adminUser).then(() => false, () => true) : true;
  await ctx.db
    .insertInto('users')
    .values({ username: ctx.config.adminUser, display_name: 'Administrator', password_hash: await hashPassword(password), role: 'admin', must_change_password: weak })
    .execute();
  if (ctx.config.adminPassword && weak) ctx.log.warn('RECOVA_ADMIN_PASSWORD does not meet the password policy: the administrator must change it at first sign-in');
  return { username: ctx.config.adminUser, password: ctx.config.adminPassword ? null : password };
}

const toItem = (u: { id: number; username: string; display_name: string; role: string; client_id: number | null; team_id: number | null; active: boolean }): UserItem => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  role: u.role as UserItem['role'],
  clientId: u.client_id,
  teamId: u.team_id,
  active: u.active,
});

/** Users visible to the actor: a team lead sees their team; client viewers and collectors see only themselves. */
export async function listUsers(ctx: AppContext, actor: Actor, role?: string): Promise<UserItem[]> {
  let q = ctx.db.selectFrom('users').select(['id', 'username', 'display_name', 'role', 'client_id', 'team_id', 'active']).orderBy('id');
  if (role) q = q.where('role', '=', role);
  if (actor.scope.kind === 'team') q = q.where((eb) => eb.or([eb('team_id', '=', actor.teamId ?? -1), eb('id', '=', actor.id)]));
  else if (actor.scope.kind === 'department') { const d = actor.scope.departmentId ?? -1; q = q.where((eb) => eb.or([eb('department_id', '=', d), eb('team_id', 'in', eb.selectFrom('teams').select('teams.id').where('teams.department_id', '=', d)), eb('id', '=', actor.id)])); }
  else if (actor.scope.kind !== 'all') q = q.where('id', '=', actor.id);
  return (await q.execute()).map(toItem);
}

/**
 * Create a user. The password must meet the policy (PASSWORD_POLICY); the user must change it at first
 * sign-in unless `mustChangePassword` is false.
 */
export async function createUser(ctx: AppContext, actor: Actor, body: z.infer<typeof CreateUserBody>): Promise<UserItem> {
  if (body.role === 'client_viewer' && !body.clientId) throw new AppError('VALIDATION_FAILED', 'a client viewer needs a client', [{ field: 'clientId', reason: 'required for client_viewer' }]);
  await enforcePasswordPolicy(ctx.db, body.password, body.username);
  // usernames differing only in case would impersonate each other in lists and the audit log
  const clash = await ctx.db.selectFrom('users').select('username').where(sql<boolean>`lower(username) = lower(${body.username})`).executeTakeFirst();
  if (clash) throw new AppError('USERNAME_TAKEN', `username ${body.username} is taken (as ${clash.username})`);
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const u = await tx
        .insertInto('users')
        .values({
          username: body.username,
          display_name: body.displayName,
          role: body.role,
          password_hash: await hashPassword(body.password),
          client_id: body.role === 'client_viewer' ? (body.clientId ?? null) : null,
          team_id: body.teamId ?? null,
          must_change_password: body.mustChangePassword ?? true,
        })
        .returning(['id', 'username', 'display_name', 'role', 'client_id', 'team_id', 'active'])
        .executeTakeFirstOrThrow();
      await audit(tx, actor.id, 'user.create', 'user', u.id, { role: u.role });
      return toItem(u);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('USERNAME_TAKEN', `username ${body.username} is taken`);
    throw e;
  }
}

/** Deactivate (ending every session of the user) or reactivate a user; an admin cannot deactivate themselves. */
export async function setUserActive(ctx: AppContext, actor: Actor, userId: number, active: boolean): Promise<UserItem> {
  if (!active && userId === actor.id) throw new AppError('VALIDATION_FAILED', 'you cannot deactivate yourself', [{ field: 'active', reason: 'own account' }]);
  return ctx.db.transaction().execute(async (tx) => {
    const u = await tx.updateTable('users').set({ active }).where('id', '=', userId).returning(['id', 'username', 'display_name', 'role', 'client_id', 'team_id', 'active']).executeTakeFirst();
    if (!u) throw new AppError('NOT_FOUND', 'user not found');
    const ended = active ? 0 : await destroyUserSessions(tx, userId);
    await audit(tx, actor.id, active ? 'user.activate' : 'user.deactivate', 'user', userId, { endedSessions: ended });
    return toItem(u);
  });
}

export async function listTeams(ctx: AppContext): Promise<TeamItem[]> {
  return ctx.db.selectFrom('teams').select(['id', 'name']).orderBy('name').execute();
}

export async function createTeam(ctx: AppContext, actor: Actor, name: string): Promise<TeamItem> {
  try {
    const t = await ctx.db.insertInto('teams').values({ name }).returning(['id', 'name']).executeTakeFirstOrThrow();
    await audit(ctx.db, actor.id, 'team.create', 'team', t.id);
    return t;
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('CONFLICT', `team ${name} exists`);
    throw e;
  }
}
