/** The user's own account: change password, two-factor sign-in (enrol with QR code, turn off), sign out everywhere. */
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { App as AntApp, Button, Card, Col, Input, Popconfirm, Row, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/auth';
import { ApiErrorAlert } from '../../shared/errors';
import { ChangePasswordForm } from './ChangePasswordForm';
import { TotpEnrol } from './TotpEnrol';
import { useLogoutAll, useTotpDisable } from './api';

export default function AccountPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const disable = useTotpDisable();
  const logoutAll = useLogoutAll();
  const [password, setPassword] = useState('');
  if (!me) return null;
  return (
    <Row gutter={16}>
      <Col xs={24} xl={12}>
        <Card title={t('security.changePassword')} style={{ marginBottom: 16 }}>
          <ChangePasswordForm onDone={() => void message.success(t('security.passwordChanged'))} />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card
          title={t('security.totpTitle')}
          extra={<Tag data-testid="totp-status" color={me.totpEnabled ? 'green' : 'default'}>{me.totpEnabled ? t('security.totpOn') : t('security.totpOff')}</Tag>}
          style={{ marginBottom: 16 }}
        >
          {me.totpEnabled ? (
            <Space orientation="vertical">
              <Typography.Text>{t('security.totpDisableHint')}</Typography.Text>
              <ApiErrorAlert error={disable.error} />
              <Space.Compact>
                <Input.Password data-testid="totp-disable-password" placeholder={t('auth.password')} value={password} onChange={(e) => setPassword(e.target.value)} />
                <Button data-testid="totp-disable" danger disabled={!password} loading={disable.isPending} onClick={() => disable.mutate(password, { onSuccess: () => setPassword('') })}>
                  {t('security.totpDisable')}
                </Button>
              </Space.Compact>
            </Space>
          ) : (
            <TotpEnrol onDone={() => void message.success(t('security.totpEnabled'))} />
          )}
        </Card>
        <Card title={t('security.sessions')}>
          <Typography.Paragraph>{t('security.logoutAllHint')}</Typography.Paragraph>
          <ApiErrorAlert error={logoutAll.error} />
          <Popconfirm title={t('security.logoutAllConfirm')} onConfirm={() => logoutAll.mutate(undefined, { onSuccess: () => navigate('/login', { replace: true }) })}>
            <Button data-testid="logout-all" danger loading={logoutAll.isPending}>
              {t('security.logoutAll')}
            </Button>
          </Popconfirm>
        </Card>
      </Col>
    </Row>
  );
}
