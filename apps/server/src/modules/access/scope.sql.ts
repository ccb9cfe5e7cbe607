/**
 * SQL conditions for data scopes (issue 3 point 2): cases, and the batches and clients that hold
 * cases in scope. Raw `sql` fragments on a table alias, so every query builder (Kysely or raw SQL)
 * applies the same rule. Client viewers and the 'clients' scope see whole clients (their batches
 * even before the first case arrives); the other scopes see a batch or client only through a case
 * in scope.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Scope } from '../auth/scope.ts';

const TRUE = () => sql<SqlBool>`true`;

/** Cases table alias `alias` restricted to `scope`. */
export function caseScopeSql(scope: Scope, alias: string): RawBuilder<SqlBool> {
  const assigned = sql.ref(`${alias}.assigned_user_id`);
  const client = sql.ref(`${alias}.client_id`);
  switch (scope.kind) {
    case 'all':
      return TRUE();
    case 'own':
      return sql<SqlBool>`${assigned} = ${scope.userId}`;
    // one `in (select …)` (the user OR'ed inside the subquery, not around it): a semi-join on the
    // assignee index instead of a scan of every case with a hashed subplan
    case 'team':
      return sql<SqlBool>`${assigned} in (select su.id from users su where su.id = ${scope.userId} or su.team_id = ${scope.teamId ?? -1})`;
    case 'department':
      return sql<SqlBool>`${assigned} in (select su.id from users su left join teams st on st.id = su.team_id
        where su.id = ${scope.userId} or coalesce(st.department_id, su.department_id) = ${scope.departmentId ?? -1})`;
    case 'client':
      return sql<SqlBool>`${client} = ${scope.clientId}`;
    case 'clients':
      return sql<SqlBool>`${client} in (select uc.client_id from user_clients uc where uc.user_id = ${scope.userId})`;
  }
}

/** Whether the scope sees whole clients (client viewers, 'clients') rather than single cases. */
const clientWide = (scope: Scope) => scope.kind === 'client' || scope.kind === 'clients';

/** Client-id condition for whole-client scopes (column `col`, e.g. `b.client_id`). */
function clientIdSql(scope: Scope, col: string): RawBuilder<SqlBool> {
  if (scope.kind === 'client') return sql<SqlBool>`${sql.ref(col)} = ${scope.clientId}`;
  if (scope.kind === 'clients') return sql<SqlBool>`${sql.ref(col)} in (select uc.client_id from user_clients uc where uc.user_id = ${scope.userId})`;
  return TRUE();
}

/** Batches table alias `alias` the scope may see: all; the client's; or holding a case in scope. */
export function batchScopeSql(scope: Scope, alias: string): RawBuilder<SqlBool> {
  if (scope.kind === 'all') return TRUE();
  if (clientWide(scope)) return clientIdSql(scope, `${alias}.client_id`);
  return sql<SqlBool>`exists (select 1 from cases sk where sk.batch_id = ${sql.ref(`${alias}.id`)} and ${caseScopeSql(scope, 'sk')})`;
}

/** Clients table alias `alias` the scope may see. */
export function clientScopeSql(scope: Scope, alias: string): RawBuilder<SqlBool> {
  if (scope.kind === 'all') return TRUE();
  if (clientWide(scope)) return clientIdSql(scope, `${alias}.id`);
  return sql<SqlBool>`exists (select 1 from cases sk where sk.client_id = ${sql.ref(`${alias}.id`)} and ${caseScopeSql(scope, 'sk')})`;
}

/** Count of cases in scope matching `where` on alias `k` (for scoped counts in lists). */
export function scopedCaseCount(scope: Scope, where: RawBuilder<SqlBool>, what: 'count' | 'placed' = 'count'): RawBuilder<number> {
  const agg = what === 'count' ? sql`count(*)` : sql`coalesce(sum(k.placed_amount), 0)`;
  return sql<number>`(select ${agg} from cases k where ${where} and ${caseScopeSql(scope, 'k')})`;
}
