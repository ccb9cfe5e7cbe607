import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BatchStatus } from '@recova/contracts';

const COLORS: Record<BatchStatus, string> = { not_imported: 'default', imported: 'green', closed: 'red' };

export function BatchStatusTag({ status }: { status: BatchStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-testid={`batch-status-${status}`}>
      {t(`batchStatus.${status}`)}
    </Tag>
  );
}
