import type { Permission } from '@recova/contracts';

/** Side-menu entries; each shows only when the user has its permission. */
export const NAV_ITEMS: { key: string; path: string; labelKey: string; permission: Permission; testId: string }[] = [
  { key: 'queue', path: '/queue', labelKey: 'queue.nav', permission: 'contacts.write', testId: 'menu-queue' },
  { key: 'team', path: '/team', labelKey: 'team.nav', permission: 'reports.read', testId: 'menu-team' },
  { key: 'cases', path: '/cases', labelKey: 'nav.cases', permission: 'cases.read', testId: 'menu-cases' },
  { key: 'batches', path: '/batches', labelKey: 'nav.batches', permission: 'batches.read', testId: 'menu-batches' },
  { key: 'clients', path: '/clients', labelKey: 'nav.clients', permission: 'clients.read', testId: 'menu-clients' },
  { key: 'allocation', path: '/allocation', labelKey: 'allocation.nav', permission: 'allocation.run', testId: 'menu-allocation' },
  { key: 'strategies', path: '/strategies', labelKey: 'strategy.nav', permission: 'strategy.manage', testId: 'menu-strategies' },
  { key: 'daily-runs', path: '/daily-runs', labelKey: 'dailyRun.nav', permission: 'reports.read', testId: 'menu-daily-runs' },
  { key: 'assists', path: '/assists', labelKey: 'assists.nav', permission: 'assists.work', testId: 'menu-assists' },
  { key: 'letters', path: '/letters', labelKey: 'letters.nav', permission: 'letters.manage', testId: 'menu-letters' },
  { key: 'compliance-report', path: '/reports/compliance', labelKey: 'contacts.nav.complianceReport', permission: 'reports.read', testId: 'menu-compliance-report' },
  { key: 'templates', path: '/templates', labelKey: 'messaging.nav', permission: 'codes.manage', testId: 'menu-templates' },
  { key: 'contact-codes', path: '/contact-codes', labelKey: 'contacts.nav.codes', permission: 'codes.manage', testId: 'menu-contact-codes' },
  { key: 'users', path: '/users', labelKey: 'nav.users', permission: 'users.read', testId: 'menu-users' },
  { key: 'export-requests', path: '/export-requests', labelKey: 'exportRequests.nav', permission: 'cases.export', testId: 'menu-export-requests' },
  { key: 'departments', path: '/access/departments', labelKey: 'access.nav.departments', permission: 'users.write', testId: 'menu-departments' },
  { key: 'roles', path: '/access/roles', labelKey: 'access.nav.roles', permission: 'roles.write', testId: 'menu-roles' },
  { key: 'audit', path: '/audit', labelKey: 'audit.title', permission: 'audit.read', testId: 'menu-audit' },
  { key: 'settings', path: '/settings', labelKey: 'security.nav.settings', permission: 'settings.write', testId: 'menu-settings' },
];
