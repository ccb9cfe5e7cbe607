/** Departments: create them and place teams in them (the 'department' data scope follows). */
import { useState } from 'react';
import { App as AntApp, Button, Card, Col, Input, Row, Select, Space, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TeamItem } from '@recova/contracts';
import { useCreateDepartment, useDepartments, useSetTeamDepartment } from './api';
import { useTeams } from '../users/api';
import { ApiErrorAlert } from '../../shared/errors';

export default function DepartmentsPage() {
  const { t } = useTranslation();
  const deps = useDepartments();
  const teams = useTeams();
  const create = useCreateDepartment();
  const setDep = useSetTeamDepartment();
  const { message } = AntApp.useApp();
  const [name, setName] = useState('');
  const depOf = (teamId: number) => deps.data?.find((d) => d.teamIds.includes(teamId))?.id ?? null;
  const add = () => {
    if (!name.trim()) return;
    create.mutate(name.trim(), { onSuccess: () => { setName(''); void message.success(t('access.departments.created')); } });
  };

  return (
    <Row gutter={16}>
      <Col xs={24} xl={10}>
        <Card title={t('access.departments.title')}>
          <ApiErrorAlert error={deps.error ?? create.error} />
          <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
            <Input data-testid="department-name" placeholder={t('access.departments.name')} value={name} maxLength={64} onChange={(e) => setName(e.target.value)} onPressEnter={add} />
            <Button data-testid="department-create" type="primary" disabled={!name.trim()} loading={create.isPending} onClick={add}>
              {t('access.departments.create')}
            </Button>
          </Space.Compact>
          <Table
            data-testid="departments-table"
            size="small"
            rowKey="id"
            pagination={false}
            loading={deps.isPending}
            dataSource={deps.data ?? []}
            columns={[
              { title: t('access.departments.name'), dataIndex: 'name' },
              { title: t('access.departments.teams'), key: 'teams', render: (_: unknown, d) => d.teamIds.map((id) => teams.data?.find((x) => x.id === id)?.name ?? `#${id}`).join('、') || '—' },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={14}>
        <Card title={t('access.departments.teamPlacement')}>
          <ApiErrorAlert error={teams.error ?? setDep.error} />
          <Table<TeamItem>
            data-testid="team-departments-table"
            size="small"
            rowKey="id"
            pagination={false}
            loading={teams.isPending}
            dataSource={teams.data ?? []}
            columns={[
              { title: t('users.teamName'), dataIndex: 'name' },
              {
                title: t('access.departments.department'),
                key: 'department',
                render: (_: unknown, tm) => (
                  <Select
                    data-testid={`team-department-${tm.id}`}
                    style={{ width: 220 }}
                    allowClear
                    placeholder={t('access.departments.none')}
                    value={depOf(tm.id) ?? undefined}
                    options={(deps.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
                    onChange={(v: number | undefined) => setDep.mutate({ teamId: tm.id, departmentId: v ?? null })}
                  />
                ),
              },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}
