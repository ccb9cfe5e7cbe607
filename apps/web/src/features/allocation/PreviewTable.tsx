/** The preview of an allocation: per collector count, amount and share, with the spread. */
import { Descriptions, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AllocationPreview, AllocationPreviewRow } from '@recova/contracts';
import { formatMoney } from '../../shared/money';
import { formatInt } from '../../shared/format';

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

export function PreviewTable({ preview }: { preview: AllocationPreview }) {
  const { t, i18n } = useTranslation();
  const cur = preview.currency ?? 'CNY';
  const lang = i18n.language;
  return (
    <div data-testid="alloc-preview">
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('allocation.total')}>
          <span data-testid="alloc-total-count">{formatInt(preview.total.count, lang)}</span> · {formatMoney(preview.total.amount, cur, lang)}
        </Descriptions.Item>
        <Descriptions.Item label={t('allocation.moves')}><span data-testid="alloc-moves">{formatInt(preview.moves, lang)}</span></Descriptions.Item>
        <Descriptions.Item label={t('allocation.spreadCount')}><span data-testid="alloc-spread-count">{pct(preview.spread.count)}</span></Descriptions.Item>
        <Descriptions.Item label={t('allocation.spreadAmount')}><span data-testid="alloc-spread-amount">{pct(preview.spread.amount)}</span></Descriptions.Item>
        <Descriptions.Item label={t('allocation.keptOutside')}>{formatInt(preview.keptOutside, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('allocation.unassigned')}>
          {preview.unassigned > 0 ? <Tag color="orange" data-testid="alloc-unassigned">{formatInt(preview.unassigned, lang)}</Tag> : 0}
        </Descriptions.Item>
      </Descriptions>
      <Table<AllocationPreviewRow>
        data-testid="alloc-preview-table"
        rowKey="collectorId"
        size="small"
        pagination={false}
        dataSource={preview.perCollector}
        onRow={(r) => ({ 'data-testid': `alloc-row-${r.collectorId}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('allocation.collector'), dataIndex: 'name' },
          { title: t('allocation.capacity'), dataIndex: 'capacity', align: 'right' },
          { title: t('allocation.count'), dataIndex: 'count', align: 'right', render: (n: number) => <span data-testid="alloc-count">{formatInt(n, lang)}</span> },
          { title: t('allocation.amount'), dataIndex: 'amount', align: 'right', render: (n: number) => formatMoney(n, cur, lang) },
          { title: t('allocation.share'), dataIndex: 'share', align: 'right', render: pct },
          { title: t('allocation.retained'), dataIndex: 'retained', align: 'right' },
          { title: t('allocation.incoming'), dataIndex: 'incoming', align: 'right' },
        ]}
      />
    </div>
  );
}
