/** Workbench panel 协催 (issue 5 item 7): request help from a team; see each request's status and result. */
import { useState } from 'react';
import { App as AntApp, Button, Card, Input, Select, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ASSIST_REQUEST_TYPES, type AssistItem } from '@recova/contracts';
import type { WorkbenchPanelProps } from '../cases/workbench-panels';
import { useCan } from '../../app/auth';
import { errorMessage } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { useAssistTeams, useCaseAssists, useRequestAssist } from './api';

export function AssistStatus({ a }: { a: AssistItem }) {
  const { t } = useTranslation();
  return (
    <Space size={4}>
      <Tag color={a.status === 'done' ? 'green' : a.status === 'in_progress' ? 'blue' : 'default'}>{t(`assists.status.${a.status}`)}</Tag>
      {a.overdue && <Tag color="red" data-testid="assist-overdue">{t('assists.overdue')}</Tag>}
    </Space>
  );
}

export function AssistsPanel({ caseId }: WorkbenchPanelProps) {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const { message } = AntApp.useApp();
  const list = useCaseAssists(caseId);
  const teams = useAssistTeams(can('contacts.write'));
  const create = useRequestAssist(caseId);
  const [type, setType] = useState<string>('locate');
  const [teamId, setTeamId] = useState<number>();
  const [note, setNote] = useState('');
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="assists-panel">
      {can('contacts.write') && (
        <Card size="small">
          <Space wrap>
            <Select data-testid="assist-type" style={{ width: 160 }} value={type} onChange={setType} options={ASSIST_REQUEST_TYPES.map((x) => ({ value: x, label: t(`assists.type.${x}`) }))} />
            <Select data-testid="assist-team" style={{ width: 180 }} placeholder={t('assists.team')} value={teamId} onChange={setTeamId} options={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))} />
            <Input data-testid="assist-note" style={{ width: 300 }} placeholder={t('assists.note')} value={note} onChange={(e) => setNote(e.target.value)} />
            <Button type="primary" data-testid="assist-request" disabled={!teamId} loading={create.isPending}
              onClick={() => teamId && create.mutate({ type, teamId, note: note || undefined }, {
                onSuccess: () => { setNote(''); void message.success(t('assists.requested')); },
                onError: (e) => void message.error(errorMessage(t, e)),
              })}>
              {t('assists.request')}
            </Button>
          </Space>
        </Card>
      )}
      <Table<AssistItem> size="small" rowKey="id" data-testid="assists-table" loading={list.isLoading} dataSource={list.data ?? []} pagination={false}
        columns={[
          { title: t('assists.typeLabel'), dataIndex: 'type', render: (v: string) => t(`assists.type.${v}`) },
          { title: t('assists.team'), dataIndex: 'teamName' },
          { title: t('assists.requestedAt'), dataIndex: 'requestedAt', render: (v: string) => formatDateTime(v, i18n.language) },
          { title: t('assists.dueAt'), dataIndex: 'dueAt', render: (v: string) => formatDateTime(v, i18n.language) },
          { title: t('common.status'), key: 'status', render: (_: unknown, r) => <AssistStatus a={r} /> },
          { title: t('assists.result'), dataIndex: 'result' },
        ]} />
    </Space>
  );
}
