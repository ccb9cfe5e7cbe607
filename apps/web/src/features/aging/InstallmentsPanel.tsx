/**
 * Workbench panel (issue 6): the case's installment schedule — each installment's due date, amount,
 * what is paid (settled oldest first by the server's domain) and its status — with the DPD and bucket
 * of today, the grace days and the paused periods taken off. Read-only; schedules come from imports.
 */
import { Alert, Descriptions, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { InstallmentItem } from '@recova/contracts';
import type { WorkbenchPanelProps } from '../cases/workbench-panels';
import { ApiErrorAlert } from '../../shared/errors';
import { formatMoney } from '../../shared/money';
import { useInstallments } from './api';

const COLOR: Record<InstallmentItem['status'], string> = { paid: 'green', partial: 'gold', unpaid: 'default' };

export default function InstallmentsPanel({ caseId }: WorkbenchPanelProps) {
  const { t, i18n } = useTranslation();
  const q = useInstallments(caseId);
  const d = q.data;
  const money = (v: number) => formatMoney(v, d?.currency ?? 'CNY', i18n.language);
  return (
    <div data-testid="installments-panel">
      <ApiErrorAlert error={q.error} />
      {d && (
        <Descriptions size="small" column={4} style={{ marginBottom: 12 }}>
          <Descriptions.Item label={t('aging.dpd')}><span data-testid="installments-dpd">{d.dpd}</span></Descriptions.Item>
          <Descriptions.Item label={t('aging.bucket')}><span data-testid="installments-bucket">{d.bucket ?? '—'}</span></Descriptions.Item>
          <Descriptions.Item label={t('aging.overdueAmount')}>{d.overdueAmount === null ? '—' : money(d.overdueAmount)}</Descriptions.Item>
          <Descriptions.Item label={t('aging.graceDays')}>{d.graceDays}</Descriptions.Item>
          {d.pauses.length > 0 && (
            <Descriptions.Item label={t('aging.pauses')} span={4}>{d.pauses.map((p) => `${p.from} – ${p.to}`).join(', ')}</Descriptions.Item>
          )}
        </Descriptions>
      )}
      {d && d.items.length === 0 && <Alert type="info" showIcon title={t('aging.noSchedule')} data-testid="installments-empty" />}
      {d && d.items.length > 0 && (
        <Table<InstallmentItem>
          size="small"
          rowKey="seq"
          pagination={false}
          dataSource={d.items}
          columns={[
            { title: t('aging.seq'), dataIndex: 'seq', width: 70 },
            { title: t('aging.dueDate'), dataIndex: 'dueDate', width: 120 },
            { title: t('aging.amount'), dataIndex: 'amount', align: 'right', render: money },
            { title: t('aging.paid'), dataIndex: 'paid', align: 'right', render: money },
            { title: t('aging.remaining'), dataIndex: 'remaining', align: 'right', render: money },
            {
              title: t('aging.status'),
              dataIndex: 'status',
              render: (s: InstallmentItem['status'], r) => (
                <>
                  <Tag color={COLOR[s]}>{t(`aging.statuses.${s}`)}</Tag>
                  {r.overdue && <Tag color="red">{t('aging.overdue')}</Tag>}
                </>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}
