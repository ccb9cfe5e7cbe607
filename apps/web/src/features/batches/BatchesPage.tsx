import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Card, Select, Space, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { BatchItem } from '@recova/contracts';
import { useBatches } from './api';
import { BatchFormModal } from './BatchFormModal';
import { BatchStatusTag } from './BatchStatusTag';
import { useBatchActions } from './useBatchActions';
import { useClients } from '../clients/api';
import { useCan } from '../../app/auth';
import { ApiErrorAlert } from '../../shared/errors';
import { bpToPercent, formatMoney } from '../../shared/money';
import { formatInt } from '../../shared/format';

export default function BatchesPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const can = useCan();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const clientId = Number(params.get('clientId')) || undefined;
  const batches = useBatches(clientId);
  const clients = useClients();
  const [editing, setEditing] = useState<BatchItem | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const { confirmDelete, confirmClose } = useBatchActions();
  const canWrite = can('batches.write');

  return (
    <Card
      title={t('batches.title')}
      extra={
        <Space>
          <Select
            data-testid="batch-filter-client"
            allowClear
            placeholder={t('batches.filterClient')}
            style={{ width: 240 }}
            value={clientId}
            showSearch={{ optionFilterProp: 'label' }}
            options={(clients.data ?? []).map((c) => ({ value: c.id, label: `${c.code} · ${c.name}` }))}
            onChange={(v: number | undefined) => {
              const next = new URLSearchParams(params);
              if (v) next.set('clientId', String(v));
              else next.delete('clientId');
              setParams(next, { replace: true });
            }}
          />
          {canWrite && (
            <Button
              data-testid="batch-create"
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                setEditing(null);
                setFormOpen(true);
              }}
            >
              {t('batches.create')}
            </Button>
          )}
        </Space>
      }
    >
      <ApiErrorAlert error={batches.error} />
      <Table<BatchItem>
        data-testid="batches-table"
        rowKey="id"
        loading={batches.isPending}
        dataSource={batches.data ?? []}
        scroll={{ x: 1500 }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(r) => ({ 'data-testid': `batch-row-${r.batchNo}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('batches.batchNo'),
            dataIndex: 'batchNo',
            fixed: 'left',
            width: 160,
            render: (v: string, r) => (
              <Link to={`/batches/${r.id}`} data-testid={`batch-link-${r.batchNo}`}>
                {v}
              </Link>
            ),
          },
          { title: t('batches.client'), dataIndex: 'clientName', width: 220, ellipsis: true, render: (_: unknown, r) => `${r.clientCode} · ${r.clientName}` },
          { title: t('common.status'), dataIndex: 'status', width: 100, render: (s: BatchItem['status']) => <BatchStatusTag status={s} /> },
          { title: t('batches.placementDate'), dataIndex: 'placementDate', width: 120 },
          { title: t('batches.expectedReturnDate'), dataIndex: 'expectedReturnDate', width: 120 },
          { title: t('batches.region'), dataIndex: 'region', width: 110 },
          { title: t('batches.productType'), dataIndex: 'productType', width: 110 },
          {
            title: t('batches.commissionRate'),
            dataIndex: 'commissionRateBp',
            width: 100,
            align: 'right',
            render: (bp: number | null) => (bp === null ? '—' : `${bpToPercent(bp)}%`),
          },
          {
            title: t('batches.caseCount'),
            dataIndex: 'caseCount',
            width: 100,
            align: 'right',
            render: (n: number, r) => (can('cases.read') && n > 0 ? <Link to={`/cases?batchId=${r.id}`}>{formatInt(n, locale)}</Link> : formatInt(n, locale)),
          },
          {
            title: t('batches.placedTotal'),
            dataIndex: 'placedTotal',
            width: 150,
            align: 'right',
            render: (v: number, r) => formatMoney(v, r.currency, locale),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right',
            width: canWrite ? 230 : 80,
            render: (_: unknown, r) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => navigate(`/batches/${r.id}`)}>
                  {t('common.view')}
                </Button>
                {canWrite && (
                  <>
                    <Button
                      type="link"
                      size="small"
                      data-testid={`batch-edit-${r.batchNo}`}
                      onClick={() => {
                        setEditing(r);
                        setFormOpen(true);
                      }}
                    >
                      {t('common.edit')}
                    </Button>
                    {r.status !== 'closed' && (
                      <Button type="link" size="small" data-testid={`batch-close-${r.batchNo}`} onClick={() => confirmClose(r)}>
                        {t('batches.close')}
                      </Button>
                    )}
                    <Button type="link" size="small" danger data-testid={`batch-delete-${r.batchNo}`} onClick={() => confirmDelete(r)}>
                      {t('common.delete')}
                    </Button>
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
      <BatchFormModal open={formOpen} batch={editing} defaultClientId={clientId} onClose={() => setFormOpen(false)} />
    </Card>
  );
}
