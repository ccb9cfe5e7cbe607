/**
 * Export requests: requesters see their requests' status and download an approved one (once,
 * within 24 h); approvers (exports.approve) see every request and approve or reject others'.
 */
import { App as AntApp, Button, Card, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ExportRequestItem } from '@recova/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useDecideExport, useExportRequests, downloadOrRequest } from './api';
import { useCan, useMe } from '../../app/auth';
import { ApiErrorAlert, errorMessage } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';

const COLOR = { pending: 'gold', approved: 'green', rejected: 'red', downloaded: 'default' } as const;

export default function ExportRequestsPage() {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const { data: me } = useMe();
  const list = useExportRequests();
  const decide = useDecideExport();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const approver = can('exports.approve');

  const download = async (r: ExportRequestItem) => {
    try {
      await downloadOrRequest(`/export-requests/${r.id}/download`, undefined, `cases-${r.id}.${r.format}`);
    } catch (e) {
      void message.error(errorMessage(t, e));
    } finally {
      void qc.invalidateQueries({ queryKey: ['export-requests'] });
    }
  };
  const filterText = (f: Record<string, unknown>) => Object.entries(f).map(([k, v]) => `${k}=${String(v)}`).join(' · ') || t('exportRequests.allCases');

  return (
    <Card title={t('exportRequests.title')} data-testid="export-requests-page">
      <ApiErrorAlert error={list.error ?? decide.error} />
      <Table<ExportRequestItem>
        data-testid="export-requests-table"
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(r) => ({ 'data-testid': `export-request-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: '#', dataIndex: 'id', width: 70 },
          { title: t('exportRequests.requestedBy'), key: 'by', render: (_: unknown, r) => r.requestedBy.displayName },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v, i18n.language) },
          { title: t('exportRequests.filter'), dataIndex: 'filter', render: (f: Record<string, unknown>) => filterText(f) },
          { title: t('exportRequests.rows'), dataIndex: 'rowCount', align: 'right' },
          {
            title: t('common.status'),
            key: 'status',
            render: (_: unknown, r) => (
              <Space size={4}>
                <Tag data-testid={`export-status-${r.id}`} color={r.expired ? 'default' : COLOR[r.status]}>{r.expired ? t('exportRequests.expired') : t(`exportRequests.status.${r.status}`)}</Tag>
                {r.decidedBy && <span>{r.decidedBy.displayName}</span>}
              </Space>
            ),
          },
          { title: t('exportRequests.expiresAt'), dataIndex: 'expiresAt', render: (v: string | null) => formatDateTime(v, i18n.language) },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, r) => (
              <Space>
                {r.requestedBy.id === me?.id && r.status === 'approved' && !r.expired && (
                  <Button size="small" type="primary" data-testid={`export-download-${r.id}`} onClick={() => void download(r)}>
                    {t('exportRequests.download')}
                  </Button>
                )}
                {approver && r.status === 'pending' && r.requestedBy.id !== me?.id && (
                  <>
                    <Button size="small" type="primary" data-testid={`export-approve-${r.id}`} loading={decide.isPending} onClick={() => decide.mutate({ id: r.id, decision: 'approve' })}>
                      {t('exportRequests.approve')}
                    </Button>
                    <Button size="small" danger data-testid={`export-reject-${r.id}`} loading={decide.isPending} onClick={() => decide.mutate({ id: r.id, decision: 'reject' })}>
                      {t('exportRequests.reject')}
                    </Button>
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
