/** Team lead view (issue 5 point 8): today's activity per collector, broken promises, cases not touched for N days. */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Card, DatePicker, InputNumber, Space, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { TeamCollectorRow, TeamOverview } from '@recova/contracts';
import { ApiErrorAlert } from '../../shared/errors';
import { formatMoney } from '../../shared/money';
import { formatDateTime } from '../../shared/format';
import { useTeamOverview } from './api';

export default function TeamPage() {
  const { t, i18n } = useTranslation();
  const [date, setDate] = useState<Dayjs | null>(null);
  const [idleDays, setIdleDays] = useState(7);
  const q = useTeamOverview(date?.format('YYYY-MM-DD'), idleDays);
  const money = (v: number | null) => formatMoney(v, 'CNY', i18n.language);
  const caseLink = (id: number, ref: string | null) => <Link to={`/cases/${id}`}>{ref ?? `#${id}`}</Link>;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="team-page">
      <Card
        title={`${t('team.title')} ${q.data?.date ?? ''}`}
        extra={
          <Space>
            <DatePicker value={date} onChange={setDate} data-testid="team-date" />
            <span>{t('team.idleDays')}</span>
            <InputNumber min={1} max={365} value={idleDays} onChange={(v) => setIdleDays(v ?? 7)} />
          </Space>
        }
      >
        <ApiErrorAlert error={q.error} />
        <Table<TeamCollectorRow>
          data-testid="team-collectors"
          rowKey="userId"
          size="small"
          loading={q.isPending}
          dataSource={q.data?.collectors ?? []}
          pagination={false}
          onRow={(r) => ({ 'data-testid': `team-row-${r.userId}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('team.collector'), dataIndex: 'name' },
            { title: t('team.attempts'), dataIndex: 'attempts', align: 'right' },
            { title: t('team.rpc'), dataIndex: 'rightPartyContacts', align: 'right' },
            { title: t('team.promises'), dataIndex: 'promisesMade', align: 'right' },
            { title: t('team.promised'), dataIndex: 'amountPromised', align: 'right', render: money },
            { title: t('team.paid'), dataIndex: 'amountPaid', align: 'right', render: money },
            { title: t('team.broken'), dataIndex: 'brokenPromises', align: 'right' },
            { title: t('team.idle'), dataIndex: 'idleCases', align: 'right' },
            { title: t('team.open'), dataIndex: 'openCases', align: 'right' },
          ]}
        />
      </Card>
      <Card title={t('team.brokenList')}>
        <Table<TeamOverview['brokenPromises'][number]>
          rowKey="promiseId"
          size="small"
          dataSource={q.data?.brokenPromises ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('queue.caseRef'), key: 'case', render: (_: unknown, r) => caseLink(r.caseId, r.caseRef) },
            { title: t('queue.assignee'), dataIndex: 'assignee' },
            { title: t('payments.amount'), dataIndex: 'amount', render: money },
            { title: t('payments.promise.paid'), dataIndex: 'paid', render: money },
            { title: t('payments.promise.dueDate'), dataIndex: 'dueDate' },
          ]}
        />
      </Card>
      <Card title={t('team.idleList', { n: q.data?.idleDays ?? idleDays })}>
        <Table<TeamOverview['idleCases'][number]>
          rowKey="caseId"
          size="small"
          dataSource={q.data?.idleCases ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('queue.caseRef'), key: 'case', render: (_: unknown, r) => caseLink(r.caseId, r.caseRef) },
            { title: t('queue.assignee'), dataIndex: 'assignee' },
            { title: t('team.lastContact'), dataIndex: 'lastContactAt', render: (v: string | null) => formatDateTime(v, i18n.language) },
            { title: t('queue.outstanding'), dataIndex: 'outstanding', align: 'right', render: money },
          ]}
        />
      </Card>
    </Space>
  );
}
