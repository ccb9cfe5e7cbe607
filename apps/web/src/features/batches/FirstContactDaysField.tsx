import { useEffect, useState } from 'react';
import { App, Button, InputNumber, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSetFirstContactDays } from './api';
import { errorMessage } from '../../shared/errors';

/**
 * A batch's first-contact deadline in days (My queue lists a new case as "not yet contacted, overdue"
 * after it). Read-only without `batches.write`.
 */
export function FirstContactDaysField({ batchId, value, editable }: { batchId: number; value: number; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [days, setDays] = useState<number | null>(value);
  const save = useSetFirstContactDays(batchId);
  useEffect(() => setDays(value), [value]);
  if (!editable) return <span data-testid="batch-first-contact-days">{t('batches.days', { count: value })}</span>;
  return (
    <Space size={4}>
      <InputNumber data-testid="batch-first-contact-days" min={0} max={365} precision={0} value={days} onChange={(v) => setDays(v)} suffix={t('batches.daysUnit')} style={{ width: 120 }} />
      <Button
        data-testid="batch-first-contact-save"
        size="small"
        disabled={days === null || days === value}
        loading={save.isPending}
        onClick={() =>
          save.mutate(days!, {
            onSuccess: () => void message.success(t('common.saved')),
            onError: (e) => void message.error(errorMessage(t, e)),
          })
        }
      >
        {t('common.save')}
      </Button>
    </Space>
  );
}
