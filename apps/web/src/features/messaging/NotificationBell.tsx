/** Header badge: unread notifications (e.g. an assist request completed); open → list, mark read. */
import { Badge, Button, Dropdown } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useMarkRead, useNotifications } from './api';

export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const q = useNotifications();
  const read = useMarkRead();
  const items = (q.data?.items ?? []).slice(0, 10).map((n) => ({
    key: String(n.id),
    label: <span style={{ fontWeight: n.read ? 400 : 600 }}>{t(`notifications.${n.kind.replace('.', '_')}`, { defaultValue: n.kind, type: t(`assists.type.${String(n.data.type)}`, { defaultValue: String(n.data.type ?? '') }) })}</span>,
    onClick: () => { if (n.entity === 'case' && n.entityId) navigate(`/cases/${n.entityId}`); },
  }));
  return (
    <Dropdown trigger={['click']} menu={{ items: items.length ? items : [{ key: 'none', label: t('notifications.none'), disabled: true }] }}
      onOpenChange={(open) => { if (!open && q.data?.unread) read.mutate(); }}>
      <Badge count={q.data?.unread ?? 0} size="small" data-testid="notification-badge">
        <Button type="text" icon={<BellOutlined />} data-testid="notification-bell" aria-label={t('notifications.title')} />
      </Badge>
    </Dropdown>
  );
}
