/** Route guards: RequireAuth sends signed-out users to /login and holds users at a forced password change or TOTP enrolment; RequirePermission shows a 403. */
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Permission } from '@recova/contracts';
import { hasPermission, useMe } from './auth';
import { ApiErrorAlert } from '../shared/errors';
import { ForcedStepPage } from '../features/auth/ForcedStepPage';

export function FullPageSpin() {
  return (
    <div style={{ display: 'flex', justifyContent: 'center', alignItems: 'center', minHeight: 240 }}>
      <Spin size="large" />
    </div>
  );
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const { data: me, isPending, error } = useMe();
  const location = useLocation();
  if (isPending) return <FullPageSpin />;
  if (error) return <ApiErrorAlert error={error} />;
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  // the server refuses everything else until these steps are done (PASSWORD_CHANGE_REQUIRED / TOTP_REQUIRED)
  if (me.mustChangePassword) return <ForcedStepPage step="password" />;
  if (me.mustEnrolTotp) return <ForcedStepPage step="totp" />;
  return <>{children}</>;
}

export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { data: me } = useMe();
  const { t } = useTranslation();
  if (!hasPermission(me, permission)) {
    return <Result status="403" title="403" subTitle={t('common.forbidden')} data-testid="forbidden" />;
  }
  return <>{children}</>;
}
