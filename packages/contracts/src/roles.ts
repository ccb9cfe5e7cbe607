/**
 * Roles and permissions. Data scope per role (what rows a user may see):
 * - admin, manager: all cases of the tenant
 * - team_lead: cases assigned to members of their team (and themselves)
 * - collector: cases assigned to themselves
 * - client_viewer: cases and batches of their own client only (read-only)
 */
export const ROLES = ['admin', 'manager', 'team_lead', 'collector', 'client_viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'clients.read',
  'clients.write',
  'batches.read',
  'batches.write',
  'imports.run',
  'cases.read',
  'cases.export',
  'cases.state', // pause / close / resume
  'cases.assign',
  'users.read',
  'users.write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ALL: readonly Permission[] = PERMISSIONS;

/** Default permission matrix (issue 3 makes it configurable). */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: ALL,
  manager: ALL.filter((p) => p !== 'users.write'),
  team_lead: ['clients.read', 'batches.read', 'cases.read', 'cases.export', 'cases.state', 'cases.assign', 'users.read'],
  collector: ['clients.read', 'batches.read', 'cases.read'],
  client_viewer: ['clients.read', 'batches.read', 'cases.read', 'cases.export'],
};
