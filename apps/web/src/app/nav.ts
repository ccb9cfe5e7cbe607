import type { Permission } from '@recova/contracts';

/** Side-menu entries; each shows only when the user has its permission. */
export const NAV_ITEMS: { key: string; path: string; labelKey: string; permission: Permission; testId: string }[] = [
  { key: 'cases', path: '/cases', labelKey: 'nav.cases', permission: 'cases.read', testId: 'menu-cases' },
  { key: 'batches', path: '/batches', labelKey: 'nav.batches', permission: 'batches.read', testId: 'menu-batches' },
  { key: 'clients', path: '/clients', labelKey: 'nav.clients', permission: 'clients.read', testId: 'menu-clients' },
  { key: 'users', path: '/users', labelKey: 'nav.users', permission: 'users.read', testId: 'menu-users' },
  // access and export approval
  { key: 'export-requests', path: '/export-requests', labelKey: 'exportRequests.nav', permission: 'cases.export', testId: 'menu-export-requests' },
  { key: 'departments', path: '/access/departments', labelKey: 'access.nav.departments', permission: 'users.write', testId: 'menu-departments' },
  { key: 'roles', path: '/access/roles', labelKey: 'access.nav.roles', permission: 'roles.write', testId: 'menu-roles' },
  { key: 'audit', path: '/audit', labelKey: 'audit.title', permission: 'audit.read', testId: 'menu-audit' },
  // strategy engine (issue 6)
  { key: 'strategies', path: '/strategies', labelKey: 'strategy.nav', permission: 'strategy.manage', testId: 'menu-strategies' },
  { key: 'daily-runs', path: '/daily-runs', labelKey: 'dailyRun.nav', permission: 'reports.read', testId: 'menu-daily-runs' },
  { key: 'settings', path: '/settings', labelKey: 'security.nav.settings', permission: 'settings.write', testId: 'menu-settings' },
];
