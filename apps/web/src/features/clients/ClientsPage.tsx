import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Card, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ClientItem } from '@recova/contracts';
import { useClients } from './api';
import { CreateClientModal } from './CreateClientModal';
import { ClientPaymentSettingsModal } from './ClientPaymentSettingsModal';
import { useCan } from '../../app/auth';
import { ApiErrorAlert } from '../../shared/errors';
import { formatInt } from '../../shared/format';

export default function ClientsPage() {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const { data, isPending, error } = useClients();
  const [open, setOpen] = useState(false);
  const [payments, setPayments] = useState<ClientItem | null>(null);
  const locale = i18n.language;

  return (
    <Card
      title={t('clients.title')}
      extra={
        can('clients.write') && (
          <Button data-testid="client-create" type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            {t('clients.create')}
          </Button>
        )
      }
    >
      <ApiErrorAlert error={error} />
      <Table<ClientItem>
        data-testid="clients-table"
        rowKey="id"
        loading={isPending}
        dataSource={data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(r) => ({ 'data-testid': `client-row-${r.code}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('clients.code'), dataIndex: 'code', width: 160 },
          { title: t('clients.name'), dataIndex: 'name' },
          { title: t('clients.currency'), dataIndex: 'currency', width: 100 },
          { title: t('clients.timezone'), dataIndex: 'timezone', width: 160 },
          {
            title: t('clients.batchCount'),
            dataIndex: 'batchCount',
            width: 110,
            align: 'right',
            render: (n: number, r) => (can('batches.read') ? <Link to={`/batches?clientId=${r.id}`}>{formatInt(n, locale)}</Link> : formatInt(n, locale)),
          },
          {
            title: t('clients.caseCount'),
            dataIndex: 'caseCount',
            width: 110,
            align: 'right',
            render: (n: number, r) => (can('cases.read') ? <Link to={`/cases?clientId=${r.id}`}>{formatInt(n, locale)}</Link> : formatInt(n, locale)),
          },
          { title: t('common.remarks'), dataIndex: 'remarks', ellipsis: true },
          ...(can('clients.write')
            ? [{
                title: t('common.actions'),
                key: 'actions',
                width: 140,
                render: (_: unknown, r: ClientItem) => (
                  <Button size="small" data-testid={`client-payments-${r.code}`} onClick={() => setPayments(r)}>
                    {t('clientPayments.open')}
                  </Button>
                ),
              }]
            : []),
        ]}
      />
      <CreateClientModal open={open} onClose={() => setOpen(false)} />
      <ClientPaymentSettingsModal client={payments} onClose={() => setPayments(null)} />
    </Card>
  );
}
