import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseStatus } from '@recova/contracts';

const COLORS: Record<CaseStatus, string> = { active: 'green', paused: 'orange', closed: 'default', returned: 'purple' };

export function CaseStatusTag({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status] ?? 'default'} data-testid={`case-status-${status}`}>
      {t(`caseStatus.${status}`, { defaultValue: status })}
    </Tag>
  );
}
