import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportStatus } from '@recova/contracts';

const COLORS: Record<ImportStatus, string> = { uploaded: 'default', parsed: 'blue', running: 'processing', committed: 'green', failed: 'red' };

export function ImportStatusTag({ status }: { status: ImportStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status] ?? 'default'} data-testid={`import-status-${status}`}>
      {t(`importStatus.${status}`, { defaultValue: status })}
    </Tag>
  );
}
