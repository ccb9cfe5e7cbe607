/** Routes. Every page is a lazy chunk; antd and the shell load once. */
import { lazy, Suspense } from 'react';
import { createBrowserRouter, Navigate } from 'react-router-dom';
import { AppLayout } from './AppLayout';
import { FullPageSpin, RequireAuth, RequirePermission } from './guards';
import { useMe, hasPermission } from './auth';
import { NAV_ITEMS } from './nav';

const LoginPage = lazy(() => import('../features/auth/LoginPage'));
const ClientsPage = lazy(() => import('../features/clients/ClientsPage'));
const BatchesPage = lazy(() => import('../features/batches/BatchesPage'));
const BatchDetailPage = lazy(() => import('../features/batches/BatchDetailPage'));
const ImportWizardPage = lazy(() => import('../features/imports/ImportWizardPage'));
const CasesPage = lazy(() => import('../features/cases/CasesPage'));
const CaseDetailPage = lazy(() => import('../features/cases/CaseDetailPage'));
const UsersPage = lazy(() => import('../features/users/UsersPage'));
const RolesPage = lazy(() => import('../features/access/RolesPage'));
const DepartmentsPage = lazy(() => import('../features/access/DepartmentsPage'));
const ExportRequestsPage = lazy(() => import('../features/exports/ExportRequestsPage'));
const AuditPage = lazy(() => import('../features/audit/AuditPage'));
const AccountPage = lazy(() => import('../features/account/AccountPage'));
const SettingsPage = lazy(() => import('../features/settings/SettingsPage'));
// contacts (issues 4/5)
const ContactCodesPage = lazy(() => import('../features/contacts/ContactCodesPage'));
const ComplianceReportPage = lazy(() => import('../features/contacts/ComplianceReportPage'));
const QueuePage = lazy(() => import('../features/queue/QueuePage'));
const TeamPage = lazy(() => import('../features/queue/TeamPage'));
const TemplatesPage = lazy(() => import('../features/messaging/TemplatesPage'));
const LettersPage = lazy(() => import('../features/messaging/LettersPage'));
const AssistsQueuePage = lazy(() => import('../features/messaging/AssistsQueuePage'));
const AllocationPage = lazy(() => import('../features/allocation/AllocationPage'));
const StrategiesPage = lazy(() => import('../features/strategy/StrategiesPage'));
const DailyRunsPage = lazy(() => import('../features/strategy/DailyRunsPage'));

/** `/` goes to the first menu entry the user may see. */
function Home() {
  const { data: me } = useMe();
  const first = NAV_ITEMS.find((n) => hasPermission(me, n.permission));
  return <Navigate to={first ? first.path : '/cases'} replace />;
}

export const router = createBrowserRouter([
  {
    path: '/login',
    element: (
      <Suspense fallback={<FullPageSpin />}>
        <LoginPage />
      </Suspense>
    ),
  },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <Home /> },
      { path: 'clients', element: <RequirePermission permission="clients.read"><ClientsPage /></RequirePermission> },
      { path: 'batches', element: <RequirePermission permission="batches.read"><BatchesPage /></RequirePermission> },
      { path: 'batches/:batchId', element: <RequirePermission permission="batches.read"><BatchDetailPage /></RequirePermission> },
      { path: 'batches/:batchId/import', element: <RequirePermission permission="imports.run"><ImportWizardPage /></RequirePermission> },
      { path: 'cases', element: <RequirePermission permission="cases.read"><CasesPage /></RequirePermission> },
      { path: 'cases/:caseId', element: <RequirePermission permission="cases.read"><CaseDetailPage /></RequirePermission> },
      { path: 'users', element: <RequirePermission permission="users.read"><UsersPage /></RequirePermission> },
      { path: 'access/roles', element: <RequirePermission permission="roles.write"><RolesPage /></RequirePermission> },
      { path: 'access/departments', element: <RequirePermission permission="users.write"><DepartmentsPage /></RequirePermission> },
      { path: 'export-requests', element: <RequirePermission permission="cases.export"><ExportRequestsPage /></RequirePermission> },
      { path: 'audit', element: <RequirePermission permission="audit.read"><AuditPage /></RequirePermission> },
      { path: 'strategies', element: <RequirePermission permission="strategy.manage"><StrategiesPage /></RequirePermission> },
      { path: 'daily-runs', element: <RequirePermission permission="reports.read"><DailyRunsPage /></RequirePermission> },
      { path: 'account', element: <AccountPage /> },
      { path: 'settings', element: <RequirePermission permission="settings.write"><SettingsPage /></RequirePermission> },
      // contacts (issues 4/5)
      { path: 'contact-codes', element: <RequirePermission permission="codes.manage"><ContactCodesPage /></RequirePermission> },
      { path: 'reports/compliance', element: <RequirePermission permission="reports.read"><ComplianceReportPage /></RequirePermission> },
      { path: 'queue', element: <RequirePermission permission="cases.read"><QueuePage /></RequirePermission> },
      { path: 'team', element: <RequirePermission permission="reports.read"><TeamPage /></RequirePermission> },
      { path: 'templates', element: <RequirePermission permission="codes.manage"><TemplatesPage /></RequirePermission> },
      { path: 'letters', element: <RequirePermission permission="letters.manage"><LettersPage /></RequirePermission> },
      { path: 'assists', element: <RequirePermission permission="assists.work"><AssistsQueuePage /></RequirePermission> },
      { path: 'allocation', element: <RequirePermission permission="allocation.run"><AllocationPage /></RequirePermission> },
      { path: '*', element: <Home /> },
    ],
  },
]);
