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
  // issues 4-6
  'contacts.write', // record contact attempts (催记), promises, assistance requests; send messages to own cases
  'compliance.override', // make a contact the compliance engine blocked, with a reason (audited)
  'cases.flags', // set and clear contact flags (cease, dispute, do-not-call, …) by hand
  'codes.manage', // edit action/result code tables and message/letter templates
  'payments.write', // enter payments by hand (they wait for approval) and import repayment files
  'payments.approve', // approve manual payments and reverse payments (never one's own)
  'letters.manage', // print letter batches and register sent/returned letters
  'assists.work', // work assisted-collection (协催) requests in a team's queue
  'allocation.run', // allocate, rotate and return cases
  'strategy.manage', // edit strategies, dry-run and start the daily run
  'reports.read', // team and compliance reports
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ALL: readonly Permission[] = PERMISSIONS;

/** Default permission matrix; admins edit the live one (stored in the database, every change audited). */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: ALL,
  manager: ALL.filter((p) => p !== 'users.write' && p !== 'roles.write' && p !== 'settings.write'),
  team_lead: [
    'clients.read', 'batches.read', 'cases.read', 'cases.export', 'cases.state', 'cases.assign', 'users.read',
    'contacts.write', 'cases.flags', 'payments.write', 'assists.work', 'reports.read',
  ],
  collector: ['clients.read', 'batches.read', 'cases.read', 'contacts.write'],
  client_viewer: ['clients.read', 'batches.read', 'cases.read', 'cases.export'],
};
