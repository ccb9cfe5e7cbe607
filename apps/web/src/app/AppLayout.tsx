/** Authenticated shell: side menu filtered by permission; header with user, role, language, logout. */
import { Suspense } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Button, Layout, Menu, Space, Tag, Typography, App as AntApp } from 'antd';
import { AuditOutlined, BankOutlined, FolderOpenOutlined, LogoutOutlined, SettingOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { useLogout, useMe, hasPermission } from './auth';
import { NAV_ITEMS } from './nav';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { FullPageSpin } from './guards';
import { LanguageSwitch } from '../shared/LanguageSwitch';
import { errorMessage } from '../shared/errors';
import { ScreenWatermark } from './ScreenWatermark';
import { useSettings } from '../features/settings/api';
import { NotificationBell } from '../features/messaging/NotificationBell';

const ICONS: Record<string, React.ReactNode> = {
  cases: <AuditOutlined />,
  batches: <FolderOpenOutlined />,
  clients: <BankOutlined />,
  users: <TeamOutlined />,
  audit: <SafetyCertificateOutlined />,
  settings: <SettingOutlined />,
};

export function AppLayout() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const { message } = AntApp.useApp();
  const settings = useSettings(!!me);

  const items = NAV_ITEMS.filter((n) => hasPermission(me, n.permission)).map((n) => ({
    key: n.key,
    icon: ICONS[n.key],
    label: <span data-testid={n.testId}>{t(n.labelKey)}</span>,
  }));
  const selected = NAV_ITEMS.find((n) => location.pathname.startsWith(n.path))?.key;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {me && settings.data?.screenWatermark && <ScreenWatermark me={me} date={dayjs().format('YYYY-MM-DD')} />}
      <Layout.Sider breakpoint="lg" collapsedWidth={56} theme="dark" width={200}>
        <div
          style={{ height: 56, display: 'flex', alignItems: 'center', justifyContent: 'center', color: '#fff', fontWeight: 600, fontSize: 16 }}
          data-testid="app-title"
        >
          {t('app.shortName')}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          data-testid="side-menu"
          selectedKeys={selected ? [selected] : []}
          items={items}
          onClick={({ key }) => {
            const n = NAV_ITEMS.find((i) => i.key === key);
            if (n) navigate(n.path);
          }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{ background: '#fff', padding: '0 24px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', borderBottom: '1px solid #f0f0f0' }}
        >
          <Typography.Text strong style={{ fontSize: 16 }}>
            {t('app.name')}
          </Typography.Text>
          <Space size="middle">
            <LanguageSwitch />
            {me && <NotificationBell />}
            {me && (
              <Space size={4} style={{ cursor: 'pointer' }} data-testid="header-account" onClick={() => navigate('/account')} title={t('security.account')}>
                <UserOutlined />
                <span data-testid="header-user">{me.displayName}</span>
                <Tag data-testid="header-role">{t(`roles.${me.role}`)}</Tag>
              </Space>
            )}
            <Button
              data-testid="logout-button"
              icon={<LogoutOutlined />}
              size="small"
              loading={logout.isPending}
              onClick={() =>
                logout.mutate(undefined, {
                  onSuccess: () => navigate('/login', { replace: true }),
                  onError: (e) => {
                    void message.error(errorMessage(t, e));
                    navigate('/login', { replace: true });
                  },
                })
              }
            >
              {t('auth.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 16 }}>
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
