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
  'cases.reveal', // see full ID numbers, phones, addresses and names (each reveal is audited)
  'users.read',
  'users.write',
  'roles.write', // edit the role → permission matrix
  'settings.write', // security and system settings
  'audit.read', // the audit log page and API
  'exports.approve', // approve exports above the configured row threshold
  'compliance.manage', // edit saved compliance rule sets and clients' rule-set choice
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ALL: readonly Permission[] = PERMISSIONS;

/** Default permission matrix; admins edit the live one (stored in the database, every change audited). */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: ALL,
  manager: ALL.filter((p) => p !== 'users.write' && p !== 'roles.write' && p !== 'settings.write'),
  team_lead: ['clients.read', 'batches.read', 'cases.read', 'cases.export', 'cases.state', 'cases.assign', 'users.read'],
  collector: ['clients.read', 'batches.read', 'cases.read'],
  client_viewer: ['clients.read', 'batches.read', 'cases.read', 'cases.export'],
};
