/**
 * Full-page steps before the app opens: a forced password change (first sign-in, after an admin
 * reset) and, when the settings require it for the role, TOTP enrolment.
 */
import { Button, Card, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useLogout } from '../../app/auth';
import { LanguageSwitch } from '../../shared/LanguageSwitch';
import { ChangePasswordForm } from '../account/ChangePasswordForm';
import { TotpEnrol } from '../account/TotpEnrol';

export function ForcedStepPage({ step }: { step: 'password' | 'totp' }) {
  const { t } = useTranslation();
  const logout = useLogout();
  const navigate = useNavigate();
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5' }}>
      <div style={{ position: 'absolute', top: 16, right: 24 }}>
        <LanguageSwitch />
      </div>
      <Card style={{ width: 440 }} data-testid={step === 'password' ? 'forced-password-change' : 'forced-totp-enrol'}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {step === 'password' ? t('security.forcedPasswordTitle') : t('security.forcedTotpTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{step === 'password' ? t('security.forcedPasswordHint') : t('security.forcedTotpHint')}</Typography.Paragraph>
        {step === 'password' ? <ChangePasswordForm /> : <TotpEnrol />}
        <div style={{ marginTop: 16, textAlign: 'right' }}>
          <Button type="link" data-testid="forced-logout" onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) })}>
            {t('auth.logout')}
          </Button>
        </div>
      </Card>
    </div>
  );
}
