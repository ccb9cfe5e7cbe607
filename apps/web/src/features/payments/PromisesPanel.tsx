/** Workbench panel: the case's promises to pay with status, installments and what was paid against them. */
import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PromiseItem } from '@recova/contracts';
import type { WorkbenchPanelProps } from '../cases/workbench-panels';
import { ApiErrorAlert } from '../../shared/errors';
import { formatMoney } from '../../shared/money';
import { usePromises } from './api';

export const PROMISE_COLOR: Record<string, string> = { pending: 'blue', kept: 'green', partially_kept: 'orange', broken: 'red', cancelled: 'default' };

export default function PromisesPanel({ caseId }: WorkbenchPanelProps) {
  const { t, i18n } = useTranslation();
  const q = usePromises(caseId);
  const money = (v: number, c: string) => formatMoney(v, c, i18n.language);
  return (
    <div data-testid="promises-panel">
      <ApiErrorAlert error={q.error} />
      <Table<PromiseItem>
        rowKey="id"
        size="small"
        loading={q.isPending}
        dataSource={q.data ?? []}
        pagination={false}
        onRow={(r) => ({ 'data-testid': `promise-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
        expandable={{
          rowExpandable: (r) => r.installments.length > 1,
          expandedRowRender: (r) => (
            <Table
              rowKey="seq"
              size="small"
              pagination={false}
              dataSource={r.installments}
              columns={[
                { title: '#', dataIndex: 'seq' },
                { title: t('payments.promise.dueDate'), dataIndex: 'dueDate' },
                { title: t('payments.amount'), dataIndex: 'amount', render: (v: number) => money(v, r.currency) },
                { title: t('payments.promise.paid'), dataIndex: 'paid', render: (v: number) => money(v, r.currency) },
                { title: t('common.status'), dataIndex: 'status', render: (s: string) => <Tag color={PROMISE_COLOR[s]}>{t(`payments.promise.status.${s}`)}</Tag> },
              ]}
            />
          ),
        }}
        columns={[
          { title: t('payments.promise.promisedOn'), dataIndex: 'promisedOn' },
          { title: t('payments.amount'), dataIndex: 'amount', render: (v: number, r) => money(v, r.currency) },
          { title: t('payments.promise.installments'), key: 'n', render: (_: unknown, r) => r.installments.length },
          { title: t('payments.promise.dueDate'), key: 'due', render: (_: unknown, r) => r.nextDueDate ?? r.installments[r.installments.length - 1]?.dueDate },
          { title: t('payments.promise.paid'), dataIndex: 'paid', render: (v: number, r) => money(v, r.currency) },
          { title: t('payments.promise.breaksOn'), dataIndex: 'breaksOn' },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: string, r) => <Tag data-testid={`promise-status-${r.id}`} color={PROMISE_COLOR[s]}>{t(`payments.promise.status.${s}`)}</Tag>,
          },
        ]}
      />
    </div>
  );
}
