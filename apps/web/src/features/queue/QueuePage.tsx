/**
 * My queue (issue 5 point 1): the cases to work now, in the server's order, each with why it is here.
 * Keyboard: j / k move the selection, Enter opens the selected case, n opens the next case after the
 * selection (the first one when nothing is selected). Filters by reason and saved views per user.
 */
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { App as AntApp, Button, Card, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { QUEUE_REASONS, type QueueFilter, type QueueItem } from '@recova/contracts';
import { ApiErrorAlert, errorMessage } from '../../shared/errors';
import { formatMoney } from '../../shared/money';
import { formatDateTime } from '../../shared/format';
import { useDeleteQueueView, useQueue, useQueueViews, useSaveQueueView } from './api';

export const REASON_COLOR: Record<string, string> = { promise_due: 'blue', broken_promise: 'red', follow_up_due: 'purple', first_contact: 'gold', priority: 'default' };

export default function QueuePage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const [filter, setFilter] = useState<QueueFilter>({});
  const [selected, setSelected] = useState(0);
  const [viewName, setViewName] = useState('');
  const q = useQueue(filter);
  const views = useQueueViews();
  const save = useSaveQueueView();
  const del = useDeleteQueueView();
  const items = useMemo(() => q.data?.items ?? [], [q.data]);
  const open = (i: number) => items[i] && navigate(`/cases/${items[i].caseId}`);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement;
      if (e.ctrlKey || e.metaKey || e.altKey || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || el.isContentEditable) return;
      if (e.key === 'j') setSelected((s) => Math.min(s + 1, Math.max(items.length - 1, 0)));
      else if (e.key === 'k') setSelected((s) => Math.max(s - 1, 0));
      else if (e.key === 'Enter') open(selected);
      else if (e.key === 'n') open(Math.min(selected + 1, items.length - 1));
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const saveView = async () => {
    if (!viewName.trim()) return;
    try {
      await save.mutateAsync({ name: viewName.trim(), filter });
      setViewName('');
      void message.success(t('common.saved'));
    } catch (e) {
      void message.error(errorMessage(t, e));
    }
  };

  return (
    <Card title={t('queue.title')} data-testid="queue-page" extra={<Typography.Text type="secondary">{t('queue.keys')}</Typography.Text>}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          mode="multiple"
          allowClear
          style={{ minWidth: 280 }}
          placeholder={t('queue.reasonFilter')}
          data-testid="queue-reason-filter"
          value={filter.reasons ?? []}
          onChange={(v) => { setFilter({ ...filter, reasons: v.length ? v : undefined }); setSelected(0); }}
          options={QUEUE_REASONS.map((r) => ({ value: r, label: t(`queue.reason.${r}`) }))}
        />
        <Select
          allowClear
          style={{ minWidth: 180 }}
          placeholder={t('queue.views')}
          data-testid="queue-views"
          options={(views.data ?? []).map((v) => ({ value: v.id, label: v.name }))}
          onChange={(id) => { setFilter(views.data?.find((v) => v.id === id)?.filter ?? {}); setSelected(0); }}
        />
        <Input style={{ width: 160 }} placeholder={t('queue.viewName')} value={viewName} onChange={(e) => setViewName(e.target.value)} data-testid="queue-view-name" />
        <Button onClick={() => void saveView()} loading={save.isPending} data-testid="queue-view-save">{t('queue.saveView')}</Button>
        {(views.data ?? []).map((v) => (
          <Popconfirm key={v.id} title={t('queue.deleteView', { name: v.name })} onConfirm={() => del.mutate(v.id)}>
            <Tag closable onClose={(e) => e.preventDefault()}>{v.name}</Tag>
          </Popconfirm>
        ))}
      </Space>
      <ApiErrorAlert error={q.error} />
      <Table<QueueItem>
        data-testid="queue-table"
        rowKey="caseId"
        size="small"
        loading={q.isPending}
        dataSource={items}
        pagination={false}
        rowClassName={(_, i) => (i === selected ? 'ant-table-row-selected' : '')}
        onRow={(r, i) => ({ 'data-testid': `queue-row-${r.caseId}`, 'data-selected': i === selected, onClick: () => setSelected(i ?? 0), onDoubleClick: () => open(i ?? 0) }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('queue.why'),
            key: 'why',
            render: (_: unknown, r) => (
              <Space size={2} wrap data-testid={`queue-reasons-${r.caseId}`}>
                {r.reasons.map((x) => <Tag key={x} color={REASON_COLOR[x]} data-reason={x}>{t(`queue.reason.${x}`)}</Tag>)}
                {r.firstContactOverdue && <Tag color="red">{t('queue.overdue')}</Tag>}
              </Space>
            ),
          },
          { title: t('queue.caseRef'), dataIndex: 'caseRef' },
          { title: t('queue.debtor'), dataIndex: 'debtorName' },
          { title: t('queue.client'), key: 'client', render: (_: unknown, r) => `${r.clientCode} / ${r.batchNo}` },
          {
            title: t('queue.detail'),
            key: 'detail',
            render: (_: unknown, r) =>
              r.promise && (r.reasons.includes('promise_due') || r.reasons.includes('broken_promise'))
                ? `${t('queue.promise')} ${formatMoney(r.promise.amount, r.currency, i18n.language)} · ${r.promise.dueDate ?? ''}`
                : r.reasons.includes('follow_up_due') ? `${t('queue.followUp')} ${formatDateTime(r.nextFollowUpAt, i18n.language)}`
                : r.firstContactDue ? `${t('queue.firstContactBy')} ${r.firstContactDue}` : '',
          },
          { title: t('queue.outstanding'), dataIndex: 'outstanding', align: 'right', render: (v: number | null, r) => formatMoney(v, r.currency, i18n.language) },
          { title: t('queue.priority'), dataIndex: 'priority', align: 'right' },
          { title: t('queue.assignee'), dataIndex: 'assignee' },
        ]}
      />
    </Card>
  );
}
