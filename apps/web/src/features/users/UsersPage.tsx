import { useState } from 'react';
import { App as AntApp, Button, Card, Col, Input, Row, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { UserItem } from '@recova/contracts';
import { useCreateTeam, useTeams, useUsers } from './api';
import { CreateUserModal } from './CreateUserModal';
import { EditUserModal } from './EditUserModal';
import { useUserAccess } from '../access/api';
import type { UserAccessItem } from '@recova/contracts';
import { useClients } from '../clients/api';
import { useCan } from '../../app/auth';
import { CollectorProfileButton } from '../allocation/CollectorProfileButton';
import { ApiErrorAlert } from '../../shared/errors';

export default function UsersPage() {
  const { t } = useTranslation();
  const can = useCan();
  const users = useUsers();
  const teams = useTeams();
  const clients = useClients(can('clients.read'));
  const createTeam = useCreateTeam();
  const [open, setOpen] = useState(false);
  const access = useUserAccess(can('users.write'));
  const [editing, setEditing] = useState<UserAccessItem | null>(null);
  const [teamName, setTeamName] = useState('');
  const { message } = AntApp.useApp();
  const canWrite = can('users.write');
  const teamName_ = (id: number | null) => (id === null ? '—' : (teams.data?.find((x) => x.id === id)?.name ?? `#${id}`));
  const clientName = (id: number | null) => {
    if (id === null) return '—';
    const c = clients.data?.find((x) => x.id === id);
    return c ? `${c.code} · ${c.name}` : `#${id}`;
  };

  const addTeam = () => {
    const name = teamName.trim();
    if (!name) return;
    createTeam.mutate(name, {
      onSuccess: () => {
        setTeamName('');
        void message.success(t('users.teamCreated'));
      },
    });
  };

  return (
    <Row gutter={16}>
      <Col xs={24} xl={17}>
        <Card
          title={t('users.title')}
          extra={
            canWrite && (
              <Button data-testid="user-create" type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
                {t('users.create')}
              </Button>
            )
          }
        >
          <ApiErrorAlert error={users.error} />
          <Table<UserItem>
            data-testid="users-table"
            rowKey="id"
            loading={users.isPending}
            dataSource={users.data ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            onRow={(r) => ({ 'data-testid': `user-row-${r.username}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('users.username'), dataIndex: 'username' },
              { title: t('users.displayName'), dataIndex: 'displayName' },
              { title: t('users.role'), dataIndex: 'role', render: (r: string) => <Tag>{t(`roles.${r}`, { defaultValue: r })}</Tag> },
              { title: t('users.team'), dataIndex: 'teamId', render: teamName_ },
              { title: t('users.client'), dataIndex: 'clientId', render: clientName },
              {
                title: t('common.status'),
                dataIndex: 'active',
                render: (a: boolean) => <Tag color={a ? 'green' : 'default'}>{a ? t('users.active') : t('users.inactive')}</Tag>,
              },
              ...(canWrite ? [{
                title: t('access.scope.label'),
                key: 'scope',
                render: (_: unknown, u: UserItem) => { const a = access.data?.find((x) => x.id === u.id); return a ? <Tag data-testid={`user-scope-${u.username}`}>{t(`access.scope.${a.effectiveScope}`)}</Tag> : null; },
              }, {
                title: t('common.actions'),
                key: 'edit',
                render: (_: unknown, u: UserItem) => (
                  <>
                  <Button size="small" data-testid={`user-edit-${u.username}`} disabled={!access.data} onClick={() => setEditing(access.data?.find((x) => x.id === u.id) ?? null)}>
                    {t('common.edit')}
                  </Button>
                  <CollectorProfileButton user={u} />
                  </>
                ),
              }] : []),
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={7}>
        <Card title={t('users.teams')}>
          <ApiErrorAlert error={teams.error ?? createTeam.error} />
          {canWrite && (
            <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
              <Input
                data-testid="team-name"
                placeholder={t('users.teamName')}
                value={teamName}
                maxLength={64}
                onChange={(e) => setTeamName(e.target.value)}
                onPressEnter={addTeam}
              />
              <Button data-testid="team-create" type="primary" loading={createTeam.isPending} disabled={!teamName.trim()} onClick={addTeam}>
                {t('users.createTeam')}
              </Button>
            </Space.Compact>
          )}
          <Table
            data-testid="teams-table"
            size="small"
            rowKey="id"
            loading={teams.isPending}
            dataSource={teams.data ?? []}
            pagination={false}
            onRow={(r) => ({ 'data-testid': `team-row-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('users.teamName'), dataIndex: 'name' },
              {
                title: t('users.members'),
                key: 'members',
                width: 90,
                align: 'right',
                render: (_: unknown, tm) => (users.data ?? []).filter((u) => u.teamId === tm.id).length,
              },
            ]}
          />
        </Card>
      </Col>
      <CreateUserModal open={open} onClose={() => setOpen(false)} />
      <EditUserModal user={editing} onClose={() => setEditing(null)} />
    </Row>
  );
}
