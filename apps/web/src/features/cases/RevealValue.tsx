/**
 * A masked personal value with an eye button for users with `cases.reveal`: one click asks the server
 * for the full value (POST /api/cases/:id/reveal, audited there) and shows it until hidden again. The
 * full value lives only in this component's state — never in the URL, the query cache or storage.
 */
import { useState } from 'react';
import { App as AntApp, Button, Space, Tooltip } from 'antd';
import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { RevealField, RevealResult } from '@recova/contracts';
import { api } from '../../shared/api';
import { useCan } from '../../app/auth';

export function RevealValue(p: { caseId: number; field: RevealField; refId?: number; masked: string | null; testId?: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = AntApp.useApp();
  const [full, setFull] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (p.masked === null || p.masked === '') return <span data-testid={p.testId}>—</span>;
  const shown = full ?? p.masked;
  if (!can('cases.reveal')) return <span data-testid={p.testId}>{shown}</span>;
  const toggle = async () => {
    if (full !== null) return setFull(null);
    setBusy(true);
    try {
      const r = await api.post<RevealResult>(`/cases/${p.caseId}/reveal`, p.refId === undefined ? { field: p.field } : { field: p.field, ref: p.refId });
      setFull(r.value ?? '');
    } catch {
      void message.error(t('pii.revealFailed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space size={4}>
      <span data-testid={p.testId}>{shown}</span>
      <Tooltip title={full === null ? t('pii.reveal') : t('pii.hide')}>
        <Button
          size="small"
          type="text"
          loading={busy}
          aria-label={full === null ? t('pii.reveal') : t('pii.hide')}
          data-testid={p.testId ? `${p.testId}-reveal` : undefined}
          icon={full === null ? <EyeOutlined /> : <EyeInvisibleOutlined />}
          onClick={() => void toggle()}
        />
      </Tooltip>
    </Space>
  );
}
