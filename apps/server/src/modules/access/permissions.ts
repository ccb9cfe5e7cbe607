/**
 * The live role → permission matrix (issue 3 point 2): defaults from ROLE_PERMISSIONS in
 * @recova/contracts, overridden per role by rows in `role_permissions` that an administrator edits.
 *
 * Resolution per request: {@link loadAccess} reads the user's scope fields, their team's department
 * and their role's stored permissions in ONE indexed query on every authenticated request, so a
 * change takes effect on the next request in every server process, with no cache to invalidate.
 * Measured on PGlite (2 shared cores, under load): `select 1` 2.3 ms, a primary-key lookup 1.2 ms,
 * loadAccess 4.9 ms. A per-process matrix cache with a version row would still cost a lookup per
 * request and would not cover the per-user scope fields, so it was not worth its invalidation logic.
 * OWASP ASVS 4.0 §4.1.3 (least privilege), §4.1.5 (access controls fail securely).
 */
import { sql, type Kysely } from 'kysely';
import { ADMIN_LOCKED_PERMISSIONS, DATA_SCOPES, PERMISSIONS, ROLE_PERMISSIONS, ROLES, type DataScope, type Permission, type Role, type RoleMatrixItem } from '@recova/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor, AppContext } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { audit } from '../audit/audit.ts';
import { scopeFor, type Scope } from '../auth/scope.ts';

/** Known permissions of a stored list, in the canonical order of PERMISSIONS. */
function normalise(list: readonly string[]): Permission[] {
  const set = new Set(list);
  return PERMISSIONS.filter((p) => set.has(p));
}

/** A user's permissions and data scope as of now; null when the user does not exist. */
export interface Access {
  permissions: Permission[];
  scope: Scope;
}

/** Permissions and scope of user `userId`, from the stored matrix and the user's access settings. */
export async function loadAccess(db: Kysely<DB>, userId: number): Promise<Access | null> {
  const r = await db
    .selectFrom('users as u')
    .leftJoin('teams as t', 't.id', 'u.team_id')
    .leftJoin('role_permissions as rp', (j) => j.onRef('rp.role', '=', 'u.role').onRef('rp.tenant_id', '=', 'u.tenant_id'))
    .select(['u.id', 'u.role', 'u.team_id', 'u.client_id', 'u.data_scope', sql<number | null>`coalesce(t.department_id, u.department_id)`.as('department_id'), 'rp.permissions'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
  return r ? accessFromRow(r) : null;
}

/** The columns {@link accessFromRow} needs (the user's scope fields, the team's department, the role's stored permissions). */
export interface AccessRow { id: number; role: string; team_id: number | null; client_id: number | null; data_scope: string | null; department_id: number | null; permissions: unknown }

/**
 * Permissions and scope from one row of users ⋈ teams ⋈ role_permissions — so a caller that already
 * reads the user (the session lookup of every request) resolves access in the same query.
 */
export function accessFromRow(r: AccessRow): Access {
  const role = r.role as Role;
  const permissions = r.permissions ? normalise(r.permissions as string[]) : [...ROLE_PERMISSIONS[role]];
  const dataScope = (DATA_SCOPES as readonly string[]).includes(r.data_scope ?? '') ? (r.data_scope as DataScope) : null;
  return { permissions, scope: scopeFor({ id: r.id, role, teamId: r.team_id, clientId: r.client_id, departmentId: r.department_id, dataScope }) };
}

/** The whole matrix: every role with its permissions, its defaults, and whether they are the defaults. */
export async function listRoles(db: Kysely<DB>): Promise<RoleMatrixItem[]> {
  const rows = await db.selectFrom('role_permissions').select(['role', 'permissions']).where('tenant_id', '=', 1).execute();
  const stored = new Map(rows.map((r) => [r.role, normalise(r.permissions as string[])]));
  return ROLES.map((role) => {
    const defaults = [...ROLE_PERMISSIONS[role]];
    const permissions = stored.get(role) ?? defaults;
    return { role, permissions, defaults, isDefault: sameSet(permissions, defaults) };
  });
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * Replace a role's permissions. Refuses to take `roles.write` or `users.write` from admin (an admin
 * must always be able to repair the matrix and the users). Audited with the added and removed names.
 * @throws VALIDATION_FAILED for the lock-out guard (unknown names are refused by the body schema).
 */
export async function updateRolePermissions(ctx: AppContext, actor: Actor, role: Role, permissions: Permission[]): Promise<RoleMatrixItem> {
  const next = normalise(permissions);
  if (role === 'admin') {
    const missing = ADMIN_LOCKED_PERMISSIONS.filter((p) => !next.includes(p));
    if (missing.length) throw new AppError('VALIDATION_FAILED', `admin must keep ${missing.join(', ')}`, missing.map((p) => ({ field: 'permissions', value: p, reason: 'admin lock-out guard' })));
  }
  await ctx.db.transaction().execute(async (tx) => {
    const cur = await tx.selectFrom('role_permissions').select('permissions').where('tenant_id', '=', 1).where('role', '=', role).forUpdate().executeTakeFirst();
    const before = cur ? normalise(cur.permissions as string[]) : [...ROLE_PERMISSIONS[role]];
    await tx
      .insertInto('role_permissions')
      .values({ role, permissions: JSON.stringify(next), updated_by: actor.id || null, updated_at: ctx.clock.now() })
      .onConflict((oc) => oc.columns(['tenant_id', 'role']).doUpdateSet({ permissions: JSON.stringify(next), updated_by: actor.id || null, updated_at: ctx.clock.now() }))
      .execute();
    await audit(tx, actor.id || null, 'role.update', 'role', role, { added: next.filter((p) => !before.includes(p)), removed: before.filter((p) => !next.includes(p)) });
  });
  return (await listRoles(ctx.db)).find((r) => r.role === role)!;
}
