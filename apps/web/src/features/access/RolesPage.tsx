/** The role × permission matrix: administrators (roles.write) tick permissions per role and save. */
import { useEffect, useState } from 'react';
import { App as AntApp, Button, Card, Checkbox, Space, Table, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { ADMIN_LOCKED_PERMISSIONS, PERMISSIONS, ROLES, type Permission, type Role } from '@recova/contracts';
import { useRoles, useUpdateRole } from './api';
import { ApiErrorAlert } from '../../shared/errors';

export default function RolesPage() {
  const { t } = useTranslation();
  const roles = useRoles();
  const update = useUpdateRole();
  const { message } = AntApp.useApp();
  const [draft, setDraft] = useState<Record<string, Permission[]>>({});
  useEffect(() => {
    if (roles.data) setDraft(Object.fromEntries(roles.data.map((r) => [r.role, r.permissions])));
  }, [roles.data]);

  const stored = (role: Role) => roles.data?.find((r) => r.role === role);
  const dirty = (role: Role) => {
    const a = [...(draft[role] ?? [])].sort().join();
    return a !== [...(stored(role)?.permissions ?? [])].sort().join();
  };
  const toggle = (role: Role, p: Permission, on: boolean) =>
    setDraft((d) => ({ ...d, [role]: on ? [...(d[role] ?? []), p] : (d[role] ?? []).filter((x) => x !== p) }));
  const save = (role: Role) =>
    update.mutate({ role, permissions: draft[role] ?? [] }, { onSuccess: () => void message.success(t('access.roles.saved', { role: t(`roles.${role}`) })) });

  return (
    <Card title={t('access.roles.title')} data-testid="roles-page">
      <ApiErrorAlert error={roles.error ?? update.error} />
      <Table
        data-testid="roles-matrix"
        rowKey="permission"
        size="small"
        loading={roles.isPending}
        pagination={false}
        dataSource={PERMISSIONS.map((p) => ({ permission: p }))}
        columns={[
          {
            title: t('access.roles.permission'),
            dataIndex: 'permission',
            render: (p: Permission) => (
              <Tooltip title={p}>
                <span data-testid={`perm-label-${p}`}>{t(`access.permission.${p}`)}</span>
              </Tooltip>
            ),
          },
          ...ROLES.map((role) => ({
            title: (
              <Space direction="vertical" size={2} align="center">
                <span>{t(`roles.${role}`)}</span>
                {stored(role) && <Tag color={stored(role)!.isDefault ? 'default' : 'orange'}>{stored(role)!.isDefault ? t('access.roles.default') : t('access.roles.custom')}</Tag>}
                <Button size="small" type="primary" data-testid={`role-save-${role}`} disabled={!dirty(role)} loading={update.isPending && update.variables?.role === role} onClick={() => save(role)}>
                  {t('common.save')}
                </Button>
              </Space>
            ),
            key: role,
            align: 'center' as const,
            render: (_: unknown, row: { permission: Permission }) => {
              const locked = role === 'admin' && ADMIN_LOCKED_PERMISSIONS.includes(row.permission);
              return (
                <Tooltip title={locked ? t('access.roles.locked') : undefined}>
                  <Checkbox
                    data-testid={`perm-${role}-${row.permission}`}
                    checked={(draft[role] ?? []).includes(row.permission)}
                    disabled={locked}
                    onChange={(e) => toggle(role, row.permission, e.target.checked)}
                  />
                </Tooltip>
              );
            },
          })),
        ]}
      />
    </Card>
  );
}
