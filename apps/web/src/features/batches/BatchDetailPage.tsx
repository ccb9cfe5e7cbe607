import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Button, Card, Descriptions, Space, Table, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined, ImportOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ImportItem } from '@recova/contracts';
import { useBatch, useBatchImports } from './api';
import { BatchFormModal } from './BatchFormModal';
import { BatchStatusTag } from './BatchStatusTag';
import { FirstContactDaysField } from './FirstContactDaysField';
import { useBatchActions } from './useBatchActions';
import { ImportStatusTag } from '../imports/ImportStatusTag';
import { useCan } from '../../app/auth';
import { FullPageSpin } from '../../app/guards';
import { ApiErrorAlert } from '../../shared/errors';
import { bpToPercent, formatMoney } from '../../shared/money';
import { formatDateTime, formatInt } from '../../shared/format';

export default function BatchDetailPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const id = Number(useParams().batchId);
  const navigate = useNavigate();
  const can = useCan();
  const batch = useBatch(id);
  const imports = useBatchImports(id);
  const [editOpen, setEditOpen] = useState(false);
  const { confirmDelete, confirmClose } = useBatchActions();

  if (batch.isPending) return <FullPageSpin />;
  if (batch.error || !batch.data) return <ApiErrorAlert error={batch.error} />;
  const b = batch.data;
  const canWrite = can('batches.write');

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/batches')} aria-label={t('common.back')} />
            <span>
              {t('batches.detailTitle')}: <span data-testid="batch-detail-batchNo">{b.batchNo}</span>
            </span>
            <BatchStatusTag status={b.status} />
          </Space>
        }
        extra={
          <Space wrap>
            {can('imports.run') && b.status !== 'closed' && (
              <Button data-testid="batch-import" type="primary" icon={<ImportOutlined />} onClick={() => navigate(`/batches/${b.id}/import`)}>
                {t('imports.import')}
              </Button>
            )}
            {can('cases.read') && (
              <Button data-testid="batch-view-cases" icon={<UnorderedListOutlined />} onClick={() => navigate(`/cases?batchId=${b.id}`)}>
                {t('batches.viewCases')}
              </Button>
            )}
            {canWrite && (
              <Button data-testid="batch-edit" icon={<EditOutlined />} onClick={() => setEditOpen(true)}>
                {t('common.edit')}
              </Button>
            )}
            {canWrite && b.status !== 'closed' && (
              <Button data-testid="batch-close" onClick={() => confirmClose(b)}>
                {t('batches.close')}
              </Button>
            )}
            {canWrite && (
              <Button data-testid="batch-delete" danger onClick={() => confirmDelete(b, () => navigate('/batches'))}>
                {t('common.delete')}
              </Button>
            )}
          </Space>
        }
      >
        <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="batch-detail">
          <Descriptions.Item label={t('batches.batchNo')}>{b.batchNo}</Descriptions.Item>
          <Descriptions.Item label={t('batches.client')}>
            {b.clientCode} · {b.clientName}
          </Descriptions.Item>
          <Descriptions.Item label={t('common.status')}>
            <BatchStatusTag status={b.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t('batches.placementDate')}>{b.placementDate}</Descriptions.Item>
          <Descriptions.Item label={t('batches.expectedReturnDate')}>{b.expectedReturnDate}</Descriptions.Item>
          <Descriptions.Item label={t('batches.region')}>{b.region ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('batches.productType')}>{b.productType ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('batches.commissionRate')}>{b.commissionRateBp === null ? '—' : `${bpToPercent(b.commissionRateBp)}%`}</Descriptions.Item>
          <Descriptions.Item label={t('batches.caseCount')}>
            {can('cases.read') ? (
              <Link to={`/cases?batchId=${b.id}`} data-testid="batch-detail-caseCount">
                {formatInt(b.caseCount, locale)}
              </Link>
            ) : (
              <span data-testid="batch-detail-caseCount">{formatInt(b.caseCount, locale)}</span>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('batches.placedTotal')}>
            <span data-testid="batch-detail-placedTotal">{formatMoney(b.placedTotal, b.currency, locale)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('batches.firstContactDays')}>
            <FirstContactDaysField batchId={b.id} value={b.firstContactDays} editable={canWrite} />
          </Descriptions.Item>
          <Descriptions.Item label={t('common.createdAt')}>{formatDateTime(b.createdAt, locale)}</Descriptions.Item>
          <Descriptions.Item label={t('common.remarks')} span={3}>
            <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{b.remarks ?? '—'}</Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card title={t('imports.history')}>
        <ApiErrorAlert error={imports.error} />
        <Table<ImportItem>
          data-testid="import-history"
          rowKey="id"
          size="small"
          loading={imports.isPending}
          dataSource={imports.data ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 900 }}
          columns={[
            { title: '#', dataIndex: 'id', width: 60 },
            { title: t('imports.kind'), dataIndex: 'kind', width: 120, render: (k: string) => t(`importKind.${k}`, { defaultValue: k }) },
            { title: t('imports.file'), dataIndex: 'fileName', ellipsis: true },
            { title: t('common.status'), dataIndex: 'status', width: 100, render: (s: ImportItem['status']) => <ImportStatusTag status={s} /> },
            {
              title: t('imports.resultCounts'),
              key: 'result',
              render: (_: unknown, r) =>
                r.result ? (
                  <Space size={4} wrap>
                    <span>{t('imports.rows')} {formatInt(r.result.rows, locale)}</span>
                    <span>· {t('imports.imported')} {formatInt(r.result.imported, locale)}</span>
                    <span>· {t('imports.updated')} {formatInt(r.result.updated, locale)}</span>
                    <span>· {t('imports.unchanged')} {formatInt(r.result.unchanged, locale)}</span>
                    <Typography.Text type={r.result.rejected ? 'danger' : undefined}>
                      · {t('imports.rejected')} {formatInt(r.result.rejected, locale)}
                    </Typography.Text>
                  </Space>
                ) : r.failure ? (
                  <Typography.Text type="danger">{r.failure}</Typography.Text>
                ) : (
                  '—'
                ),
            },
            { title: t('imports.createdBy'), dataIndex: 'createdBy', width: 110 },
            { title: t('common.time'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v, locale) },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 90,
              render: (_: unknown, r) =>
                can('imports.run') ? (
                  <Link to={`/batches/${b.id}/import?importId=${r.id}`} data-testid={`import-open-${r.id}`}>
                    {t('common.view')}
                  </Link>
                ) : null,
            },
          ]}
        />
      </Card>
      <BatchFormModal open={editOpen} batch={b} onClose={() => setEditOpen(false)} />
    </Space>
  );
}
