/**
 * Data scope: which cases and batches a user may see (issue 2: scoping must be real from day one).
 * Every repository query that returns case data takes a Scope.
 */
import type { Role } from '@recova/contracts';

export type Scope =
  | { kind: 'all' }
  | { kind: 'team'; teamId: number | null; userId: number }
  | { kind: 'own'; userId: number }
  | { kind: 'client'; clientId: number };

export function scopeFor(user: { id: number; role: Role; teamId: number | null; clientId: number | null }): Scope {
  switch (user.role) {
    case 'admin':
    case 'manager':
      return { kind: 'all' };
    case 'team_lead':
      return { kind: 'team', teamId: user.teamId, userId: user.id };
    case 'collector':
      return { kind: 'own', userId: user.id };
    case 'client_viewer':
      return { kind: 'client', clientId: user.clientId ?? -1 };
  }
}
