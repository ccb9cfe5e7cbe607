/**
 * Data scope: which cases — and the clients, batches and imports holding them — a user may see
 * (issue 3 point 2; ADR 0004). Every repository query that returns case data takes a Scope; anything
 * outside it answers 404, never 403 (OWASP ASVS 4.0 §4.2.1, existence is not revealed).
 *
 * A user's scope is their stored `data_scope` or, when unset, the role default (DEFAULT_DATA_SCOPE).
 */
import { DEFAULT_DATA_SCOPE, type DataScope, type Role } from '@recova/contracts';

export type Scope =
  | { kind: 'all' }
  | { kind: 'team'; teamId: number | null; userId: number }
  | { kind: 'own'; userId: number }
  | { kind: 'client'; clientId: number }
  /** cases assigned to any user of the department (team's department, else the user's own) */
  | { kind: 'department'; departmentId: number | null; userId: number }
  /** cases of the clients linked to the user in `user_clients` */
  | { kind: 'clients'; userId: number };

/** What a scope is built from: the user row (department = team's department, else the user's). */
export interface ScopeSource {
  id: number;
  role: Role;
  teamId: number | null;
  clientId: number | null;
  departmentId?: number | null;
  dataScope?: DataScope | null;
}

/** The scope in force for a user (stored data scope, else the role default). */
export function scopeFor(user: ScopeSource): Scope {
  const kind = user.dataScope ?? DEFAULT_DATA_SCOPE[user.role];
  switch (kind) {
    case 'all':
      return { kind: 'all' };
    case 'team':
      return { kind: 'team', teamId: user.teamId, userId: user.id };
    case 'own':
      return { kind: 'own', userId: user.id };
    case 'client':
      return { kind: 'client', clientId: user.clientId ?? -1 };
    case 'department':
      return { kind: 'department', departmentId: user.departmentId ?? null, userId: user.id };
    case 'clients':
      return { kind: 'clients', userId: user.id };
  }
}
