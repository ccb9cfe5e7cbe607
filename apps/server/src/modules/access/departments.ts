/**
 * Departments (部门): teams belong to a department; the 'department' data scope sees the cases
 * assigned to any user of the department's teams (or of the department directly).
 */
import type { DepartmentItem } from '@recova/contracts';
import type { Actor, AppContext } from '../../http/context.ts';
import { AppError, isUniqueViolation, notFound } from '../../http/errors.ts';
import { audit } from '../audit/audit.ts';

/** Every department with the ids of its teams, by name. */
export async function listDepartments(ctx: AppContext): Promise<DepartmentItem[]> {
  const [deps, teams] = await Promise.all([
    ctx.db.selectFrom('departments').select(['id', 'name']).orderBy('name').execute(),
    ctx.db.selectFrom('teams').select(['id', 'department_id']).where('department_id', 'is not', null).orderBy('id').execute(),
  ]);
  return deps.map((d) => ({ id: d.id, name: d.name, teamIds: teams.filter((t) => t.department_id === d.id).map((t) => t.id) }));
}

/** Create a department; CONFLICT when the name exists. Audited. */
export async function createDepartment(ctx: AppContext, actor: Actor, name: string): Promise<DepartmentItem> {
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const d = await tx.insertInto('departments').values({ name }).returning(['id', 'name']).executeTakeFirstOrThrow();
      await audit(tx, actor.id, 'department.create', 'department', d.id);
      return { ...d, teamIds: [] };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('CONFLICT', `department ${name} exists`);
    throw e;
  }
}

/** Put a team into a department (null: none). NOT_FOUND for an unknown team or department. Audited. */
export async function setTeamDepartment(ctx: AppContext, actor: Actor, teamId: number, departmentId: number | null): Promise<{ id: number; name: string; departmentId: number | null }> {
  return ctx.db.transaction().execute(async (tx) => {
    const team = await tx.selectFrom('teams').select(['id', 'name', 'department_id']).where('id', '=', teamId).executeTakeFirst();
    if (!team) throw notFound('team');
    if (departmentId !== null && !(await tx.selectFrom('departments').select('id').where('id', '=', departmentId).executeTakeFirst())) throw notFound('department');
    await tx.updateTable('teams').set({ department_id: departmentId }).where('id', '=', teamId).execute();
    await audit(tx, actor.id, 'team.update', 'team', teamId, { departmentId: { from: team.department_id, to: departmentId } });
    return { id: team.id, name: team.name, departmentId };
  });
}
