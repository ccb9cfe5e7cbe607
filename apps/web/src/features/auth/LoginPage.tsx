import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLogin, useMe } from '../../app/auth';
import { LanguageSwitch } from '../../shared/LanguageSwitch';
import { ApiErrorAlert } from '../../shared/errors';
import { ApiError } from '../../shared/api';
import { formatDateTime } from '../../shared/format';

interface LoginForm {
  username: string;
  password: string;
  totp?: string;
}

export default function LoginPage() {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  // TOTP_REQUIRED: the password was right; ask for the authenticator code and sign in again
  const [needTotp, setNeedTotp] = useState(false);
  const login = useLogin();
  const navigate = useNavigate();
  const location = useLocation();
  const [form] = Form.useForm<LoginForm>();
  const [error, setError] = useState<unknown>(null);
  const from = (location.state as { from?: string } | null)?.from || '/';

  if (me && !login.isPending) return <Navigate to={from} replace />;

  const onFinish = (values: LoginForm) => {
    setError(null);
    login.mutate(
      { username: values.username, password: values.password, totp: needTotp && values.totp ? values.totp : undefined },
      {
        onSuccess: () => navigate(from, { replace: true }),
        onError: (e) => {
          if (e instanceof ApiError && e.code === 'TOTP_REQUIRED') {
            setNeedTotp(true);
            return;
          }
          setError(e);
        },
      },
    );
  };

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5' }}>
      <div style={{ position: 'absolute', top: 16, right: 24 }}>
        <LanguageSwitch />
      </div>
      <Card style={{ width: 380 }}>
        <Typography.Title level={3} style={{ textAlign: 'center', marginTop: 0 }}>
          {t('app.name')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          {t('auth.title')}
        </Typography.Paragraph>
        {error instanceof ApiError && error.code === 'ACCOUNT_LOCKED' ? (
          <Alert
            data-testid="login-locked"
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('errors.ACCOUNT_LOCKED')}
            description={t('security.lockedUntil', { time: formatDateTime(error.details[0]?.value, i18n.language) })}
          />
        ) : (
          <ApiErrorAlert error={error} testId="login-error" />
        )}
        <Form<LoginForm> form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, message: t('auth.usernameRequired') }]}>
            <Input data-testid="login-username" prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
            <Input.Password data-testid="login-password" prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          {needTotp && (
            <Form.Item name="totp" label={t('security.totpCode')} extra={t('errors.TOTP_REQUIRED')} rules={[{ required: true, pattern: /^\d{6}$/, message: t('security.totpCodeInvalid') }]}>
              <Input data-testid="login-totp" prefix={<SafetyOutlined />} inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus />
            </Form.Item>
          )}
          <Button data-testid="login-submit" type="primary" htmlType="submit" block loading={login.isPending}>
            {t('auth.login')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
