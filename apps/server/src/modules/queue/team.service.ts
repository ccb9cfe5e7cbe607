/**
 * Team lead view (issue 5 point 8): per collector in the actor's scope, the day's work — attempts
 * (contact records made), right-party contacts (result code with right_party_contact), promises made
 * and amounts promised (by the collector that day), amounts paid (posted payments dated that day on
 * the collector's cases) — plus the open broken promises and the cases not touched for `idleDays`.
 * The day is a calendar date in the deployment's time zone (config.timezone).
 */
import { DateTime } from 'luxon';
import { sql, type SqlBool } from 'kysely';
import type { TeamCollectorRow, TeamOverview } from '@recova/contracts';
import type { Actor, AppContext } from '../../http/context.ts';
import { caseScopeSql } from '../access/scope.sql.ts';
import type { Scope } from '../auth/scope.ts';
import { brokenInstallmentSql } from './queue.service.ts';

/** Which users count as the actor's team: the collectors and team leads whose cases the scope covers. */
function usersSql(scope: Scope) {
  switch (scope.kind) {
    case 'all': return sql<SqlBool>`true`;
    case 'team': return sql<SqlBool>`(u.id = ${scope.userId} or u.team_id = ${scope.teamId ?? -1})`;
    case 'department': return sql<SqlBool>`(u.id = ${scope.userId} or coalesce((select t.department_id from teams t where t.id = u.team_id), u.department_id) = ${scope.departmentId ?? -1})`;
    case 'own': return sql<SqlBool>`u.id = ${scope.userId}`;
    default: return sql<SqlBool>`false`;
  }
}

export async function teamOverview(ctx: AppContext, actor: Actor, q: { date?: string; idleDays: number }): Promise<TeamOverview> {
  const zone = ctx.config.timezone;
  const date = q.date ?? ctx.clock.today(zone);
  const from = DateTime.fromISO(date, { zone }).startOf('day');
  const start = from.toJSDate();
  const end = from.plus({ days: 1 }).toJSDate();
  const idleBefore = from.minus({ days: q.idleDays }).toJSDate();
  const scope = caseScopeSql(actor.scope, 'c');
  // broken as of the day: stored, or an unpaid installment past due + grace (before the daily refresh stores it)
  const BROKEN = sql<SqlBool>`(p.status = 'broken' or (p.status = 'pending' and ${brokenInstallmentSql(sql`p`, sql`${date}::date`)}))`;
  const rows = await sql<TeamCollectorRow>`
    select u.id as "userId", u.display_name as name,
      (select count(*) from contact_records cr where cr.created_by = u.id and cr.status = 'made' and cr.at >= ${start} and cr.at < ${end})::int as attempts,
      (select count(*) from contact_records cr join contact_codes cc on cc.kind = 'result' and cc.code = cr.result_code and cc.tenant_id = cr.tenant_id
        where cr.created_by = u.id and cr.status = 'made' and cc.right_party_contact and cr.at >= ${start} and cr.at < ${end})::int as "rightPartyContacts",
      (select count(*) from promises p where p.created_by = u.id and p.status <> 'cancelled' and p.created_at >= ${start} and p.created_at < ${end})::int as "promisesMade",
      (select coalesce(sum(p.amount), 0) from promises p where p.created_by = u.id and p.status <> 'cancelled' and p.created_at >= ${start} and p.created_at < ${end})::bigint as "amountPromised",
      (select coalesce(sum(pm.amount), 0) from payments pm join cases c on c.id = pm.case_id where c.assigned_user_id = u.id and pm.status = 'posted' and pm.paid_on = ${date}::date)::bigint as "amountPaid",
      (select count(*) from promises p join cases c on c.id = p.case_id where c.assigned_user_id = u.id and ${BROKEN})::int as "brokenPromises",
      (select count(*) from cases c where c.assigned_user_id = u.id and c.status = 'active'
        and coalesce(c.last_contact_at, c.assigned_at, c.created_at) < ${idleBefore})::int as "idleCases",
      (select count(*) from cases c where c.assigned_user_id = u.id and c.status = 'active')::int as "openCases"
    from users u
    where u.active and u.role in ('collector', 'team_lead') and ${usersSql(actor.scope)}
    order by u.display_name, u.id`.execute(ctx.db);
  const idle = await sql<TeamOverview['idleCases'][number] & { last: Date | null }>`
    select c.id as "caseId", c.client_case_ref as "caseRef", u.display_name as assignee, c.last_contact_at as last, c.outstanding_amount as outstanding
    from cases c join users u on u.id = c.assigned_user_id
    where c.status = 'active' and coalesce(c.last_contact_at, c.assigned_at, c.created_at) < ${idleBefore} and ${scope} and ${usersSql(actor.scope)}
    order by c.last_contact_at nulls first, c.outstanding_amount desc nulls last, c.id limit 100`.execute(ctx.db);
  const broken = await sql<TeamOverview['brokenPromises'][number]>`
    select p.id as "promiseId", c.id as "caseId", c.client_case_ref as "caseRef", u.display_name as assignee, p.amount, p.paid_amount as paid,
      p.next_due_date::text as "dueDate", p.breaks_on::text as "breaksOn"
    from promises p join cases c on c.id = p.case_id left join users u on u.id = c.assigned_user_id
    where ${BROKEN} and c.status = 'active' and ${scope}
    order by p.next_due_date desc nulls last, p.id desc limit 100`.execute(ctx.db);
  return {
    date,
    idleDays: q.idleDays,
    collectors: rows.rows, // sums cast to int8 arrive as integer minor units (database.ts type parser)
    idleCases: idle.rows.map(({ last, ...r }) => ({ ...r, lastContactAt: last ? new Date(last).toISOString() : null })),
    brokenPromises: broken.rows,
  };
}
